"""The view as it lives in the URL: `?doc=<stem>&country=<ISO3>&categories=<keys>`, and
a reader's corrections as `&fix=` values (dashboard/corrections.py parses those).

Parsing never raises: a value that is unknown, malformed or oversized is dropped with a
short notice, and the default takes its place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboard.corrections import Correction, fix_value
from dashboard.link_values import MAX_VALUE_CHARS
from dashboard.link_values import shown as _shown
from geodata.records import CATEGORIES

_ISO3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class View:
    doc: str
    country: str | None
    categories: tuple[str, ...]
    fixes: tuple[Correction, ...] = ()


def _one(params: Mapping[str, str | list[str]], key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value


def parse_view(
    params: Mapping[str, str | list[str]],
    docs: Sequence[str],
    countries_of: Mapping[str, Sequence[str]],
) -> tuple[View, list[str]]:
    """The view a URL asks for, and a notice for each part that had to fall back."""
    notices: list[str] = []
    doc = _one(params, "doc")
    if doc is None or doc == "":
        doc = docs[0]
    elif len(doc) > MAX_VALUE_CHARS or doc not in docs:
        notices.append(f"Unknown document “{_shown(doc)}”; showing “{docs[0]}”.")
        doc = docs[0]

    categories: tuple[str, ...] = tuple(CATEGORIES)
    raw = _one(params, "categories")
    if raw is not None:
        if len(raw) > MAX_VALUE_CHARS:
            notices.append("The categories in the link are too long; showing all categories.")
        else:
            asked = [c.strip() for c in raw.split(",") if c.strip()]
            unknown = [c for c in asked if c not in CATEGORIES]
            if unknown:
                notices.append(
                    "Unknown categories ignored: " + ", ".join(f"“{_shown(u)}”" for u in unknown)
                )
            known = tuple(c for c in CATEGORIES if c in asked)
            if known:
                categories = known
            elif raw.strip():
                notices.append("No known category in the link; showing all categories.")
            else:
                categories = ()

    country = _one(params, "country")
    if country == "":
        country = None
    if country is not None:
        code = country.strip().upper()
        if len(country) > MAX_VALUE_CHARS or not _ISO3.fullmatch(code):
            notices.append(f"“{_shown(country)}” is not a country code; nothing is selected.")
            country = None
        elif code not in countries_of.get(doc, ()):
            notices.append(f"{code} is not in this document; nothing is selected.")
            country = None
        else:
            country = code
    return View(doc, country, categories), notices


def view_params(view: View) -> dict[str, str | list[str]]:
    """The query string of a view (categories omitted when all are shown)."""
    params: dict[str, str | list[str]] = {"doc": view.doc}
    if view.country:
        params["country"] = view.country
    if set(view.categories) != set(CATEGORIES):
        params["categories"] = ",".join(view.categories)
    if view.fixes:
        params["fix"] = [fix_value(f) for f in view.fixes]
    return params
