"""Per-document corrections: `NAME.overrides.toml` beside the document.

    [[override]]
    iso3 = "FRA"
    category = "ally"
    reason = "The text calls France an ally in a footnote the rules do not read."

Each override must name a country the document mentions, a legend category and a reason;
anything else is an InputError, so a typo cannot silently do nothing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from geodata.errors import InputError
from geodata.records import CATEGORIES, Override


def overrides_path(document: Path) -> Path:
    return document.with_name(document.stem + ".overrides.toml")


def load_overrides(path: Path) -> tuple[Override, ...]:
    return parse_overrides(path.read_text(encoding="utf-8"), path.name)


def parse_overrides(text: str, name: str) -> tuple[Override, ...]:
    """The overrides in `text` (the contents of the file called `name`)."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{name}: not valid TOML ({e})") from None
    found = []
    for i, o in enumerate(table.get("override", []), 1):
        where = f"{name}: override {i}"
        if not isinstance(o, dict) or set(o) != {"iso3", "category", "reason"}:
            raise InputError(f"{where}: needs exactly iso3, category and reason")
        if o["category"] not in CATEGORIES or o["category"] == "focal":
            raise InputError(f"{where}: unknown category {o['category']!r}")
        if not str(o["reason"]).strip():
            raise InputError(f"{where}: the reason is empty")
        found.append(Override(str(o["iso3"]).upper(), o["category"], str(o["reason"]).strip()))
    return tuple(found)
