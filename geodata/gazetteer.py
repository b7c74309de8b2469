"""Country names, codes and the forms that refer to them.

The bulk comes from `reference/gazetteer.json` (derived from the world-countries package);
the few hand-written additions, exclusions, homonym rules and groups live in
`reference/names.toml`. Policy for forms that name two countries: if exactly one of them is
independent it wins ("American" is the United States, not the Northern Mariana Islands);
otherwise the form is dropped as ambiguous ("Congolese", "Dominican").
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "reference"
NOT_A_COUNTRY = ""  # iso3 of a form that is matched only to be dropped ("New Mexico")


@dataclass(frozen=True)
class Form:
    text: str
    iso3: str  # NOT_A_COUNTRY for exclusions; a group key for kind == "group"
    kind: str  # name | demonym | capital | territory | metonym | group | exclusion
    rule: str  # provenance, shown to users: which list the form comes from


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Homonym:
    before: re.Pattern[str]
    after: re.Pattern[str]


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, str]  # iso3 -> display name
    forms: dict[str, Form]  # surface text -> form
    groups: dict[str, Group]
    homonyms: dict[str, Homonym]
    pattern: re.Pattern[str]

    def name(self, iso3: str) -> str:
        return self.names.get(iso3, iso3)

    def form(self, surface: str) -> Form:
        """The form a matched surface text stands for."""
        return self.forms[normalize(surface)]


def normalize(surface: str) -> str:
    """Collapse line breaks and curly apostrophes, as the pattern allows them."""
    return " ".join(surface.split()).replace("’", "'")


def _plural(demonym: str) -> str | None:
    # "Iranian" -> "Iranians", "Israeli" -> "Israelis"; "French", "Swiss", "Chinese" have none.
    return demonym + "s" if demonym[-1] in "niao" and " " not in demonym else None


def _split_demonyms(value: str) -> list[str]:
    return [d.strip() for d in re.split(r",| or ", value) if d.strip()]


def _form_regex(text: str) -> str:
    # Names may wrap across a line break; apostrophes come straight or curly.
    parts = [re.sub(r"['’]", "['’]", re.escape(word)) for word in text.split()]
    return r"\s+".join(parts)


def _candidates(entries: list[dict], drawn_as: dict[str, str], ignored: set[str]):
    """(text, iso3, kind, rule, independent) for every gazetteer form we may use."""
    for e in entries:
        iso3 = drawn_as.get(e["iso3"], e["iso3"])
        rule = "gazetteer" if iso3 == e["iso3"] else f"gazetteer, drawn as {iso3}"
        names = [e["name"], e["official"], *e["alt_spellings"]]
        for text in names:
            # The entry's own two-letter code ("IL", "IN") is noise in prose; "UK" is not.
            if text != e["iso2"] and text not in ignored:
                yield text, iso3, "name", f"{rule}: name", e["independent"]
        for value in e["demonyms"]:
            for demonym in _split_demonyms(value):
                for text in (demonym, _plural(demonym)):
                    if text and text not in ignored:
                        yield text, iso3, "demonym", f"{rule}: demonym", e["independent"]
        if e["independent"]:
            for text in e["capitals"]:
                if text not in ignored:
                    yield text, iso3, "capital", f"{rule}: capital", True


def _resolve(candidates) -> dict[str, Form]:
    by_text: dict[str, dict[str, tuple[str, str, bool]]] = defaultdict(dict)
    for text, iso3, kind, rule, independent in candidates:
        by_text[text].setdefault(iso3, (kind, rule, independent))
    forms = {}
    for text, options in by_text.items():
        if len(options) > 1:
            independent = [iso3 for iso3, (_, _, ind) in options.items() if ind]
            if len(independent) != 1:
                continue  # ambiguous: "Congolese", "Dominican"
            options = {independent[0]: options[independent[0]]}
        ((iso3, (kind, rule, _)),) = options.items()
        forms[text] = Form(text, iso3, kind, rule)
    return forms


def build(entries: list[dict], names_toml: dict) -> Gazetteer:
    """Combine the derived gazetteer with the hand-written additions."""
    drawn_as = names_toml["drawn_as"]
    ignored = set(names_toml["ignored_forms"])
    forms = _resolve(_candidates(entries, drawn_as, ignored))
    names = {e["iso3"]: e["name"] for e in entries if e["iso3"] not in drawn_as}
    for a in names_toml["addition"]:
        if a["form"] in forms:
            raise ValueError(f"names.toml adds {a['form']!r}, which the gazetteer already has")
        forms[a["form"]] = Form(a["form"], a["iso3"], a["kind"], f"names.toml: {a['kind']}")
    groups = {}
    for key, g in names_toml["group"].items():
        groups[key] = Group(key, g["name"], tuple(g["members"]))
        for text in g["forms"]:
            forms[text] = Form(text, key, "group", f"names.toml: group {g['name']}")
    for text, why in names_toml["not_countries"].items():
        forms[text] = Form(text, NOT_A_COUNTRY, "exclusion", f"names.toml: not a country ({why})")
    homonyms = {
        text: Homonym(re.compile(h["before"]), re.compile(h["after"]))
        for text, h in names_toml["homonym"].items()
    }
    # Longest first, so "South Sudan" wins over "Sudan" and "Papua New Guinea" over "Guinea".
    ordered = sorted(forms, key=lambda t: (-len(t), t))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(_form_regex(t) for t in ordered) + r")(?!\w)")
    names.update(names_toml["extra_codes"])
    return Gazetteer(names, {normalize(t): f for t, f in forms.items()}, groups, homonyms, pattern)


@cache
def load() -> Gazetteer:
    """The gazetteer shipped in geodata/reference/ (parsed once per process)."""
    entries = json.loads((REFERENCE / "gazetteer.json").read_text(encoding="utf-8"))
    with (REFERENCE / "names.toml").open("rb") as f:
        names_toml = tomllib.load(f)
    return build(entries, names_toml)
