"""Find country mentions in a document.

A form matches only as a whole word, longest first, case-sensitively ("Niger" never inside
"Nigeria", "Guinea" never inside "Papua New Guinea"). Forms that are also people, rivers or
other places ("Jordan", "Chad", "Georgia", "Washington") must pass two tests: the homonym's
own before/after patterns from names.toml, and the neighbour rule below.
"""

from __future__ import annotations

import re

from geodata.gazetteer import NOT_A_COUNTRY, Gazetteer
from geodata.records import Document, Mention

# Capitalised words that may stand next to a country name without making it part of a
# person's or place's name: title-case headings ("Relations With Jordan") and set phrases.
_NEUTRAL_NEIGHBOURS = frozenset(
    """A About Accord Accords After Against Agreement An And Armed Army As At Before Between
    Border Both But By Conflict Embassy For Foreign From Government In Into Its Minister
    Ministry Nor Of On Or Over Peace Policy Relations Relationship The Their To Toward
    Towards Treaty Under Versus Vs War With""".split()
)
_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*)[ \t]+\Z")
_WORD_AFTER = re.compile(r"\A[ \t]+([A-Z][\w'’-]*)")
_WINDOW = 40


def _capitalised_neighbour(text: str, start: int, end: int, lo: int) -> bool:
    """True if a capitalised word (not sentence-initial, not a neutral word) touches the span."""
    before = _WORD_BEFORE.search(text, max(lo, start - _WINDOW), start)
    if before and before.group(1) not in _NEUTRAL_NEIGHBOURS:
        head = text[max(lo, before.start() - 3) : before.start()].rstrip()
        if head and head[-1] not in '.!?:;"“(—–\n':
            return True
    after = _WORD_AFTER.match(text, end, end + _WINDOW)
    return bool(after and after.group(1) not in _NEUTRAL_NEIGHBOURS)


def _is_homonym_use(gaz: Gazetteer, text: str, start: int, end: int, lo: int) -> bool:
    rules = gaz.homonyms.get(text[start:end])
    if rules is None:
        return False
    if rules.before.search(text[max(lo, start - _WINDOW) : start]):
        return True
    if rules.after.search(text[end : end + _WINDOW]):
        return True
    return _capitalised_neighbour(text, start, end, lo)


def find_in_span(gaz: Gazetteer, text: str, start: int, end: int) -> list[Mention]:
    """All mentions inside text[start:end], groups expanded to their members."""
    found: list[Mention] = []
    for m in gaz.pattern.finditer(text, start, end):
        surface = m.group()
        if "\n\n" in surface.replace("\r", ""):
            continue  # a name never spans a blank line
        form = gaz.form(surface)
        if form.iso3 == NOT_A_COUNTRY or _is_homonym_use(gaz, text, m.start(), m.end(), start):
            continue
        if form.kind == "group":
            group = gaz.groups[form.iso3]
            found.extend(
                Mention(iso3, m.start(), m.end(), surface, "group", form.rule, True, group.name)
                for iso3 in group.members
            )
        else:
            found.append(Mention(form.iso3, m.start(), m.end(), surface, form.kind, form.rule))  # type: ignore[arg-type]
    return found


def find_mentions(document: Document, gaz: Gazetteer) -> list[Mention]:
    """Every mention in the document, in text order, searched block by block."""
    mentions: list[Mention] = []
    for block in document.blocks:
        mentions.extend(find_in_span(gaz, document.text, block.start, block.end))
    return mentions
