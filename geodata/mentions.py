"""Find country mentions in a document.

A form matches only as a whole word, longest first, case-sensitively ("Niger" never inside
"Nigeria", "Guinea" never inside "Papua New Guinea"). Forms that are also people, rivers or
other places ("Jordan", "Chad", "Georgia", "Washington") must pass two tests: the homonym's
own before/after patterns from names.toml, and the neighbour rule below.
"""

from __future__ import annotations

import re

from geodata.addresses import Addresses
from geodata.errors import InputError
from geodata.gazetteer import NOT_A_COUNTRY, Gazetteer
from geodata.records import Document, Mention

# Capitalised words that may stand next to a country name without making it part of a
# person's or place's name: title-case headings ("Relations With Jordan") and set phrases.
_NEUTRAL_NEIGHBOURS = frozenset(
    """A About Accord Accords After Against Agreement Also Although An And Armed Army As At
    Before Between Border Both But By Central Conflict Eastern Embassy Even For Foreign From
    Government Historically If In Into Its Later Like Meanwhile Minister Ministry Modern
    Neighbouring Neighboring Nor Northern Of On Only Or Over Peace Policy Relations
    Relationship Since Southern The Their Then To Today Toward Towards Treaty Under Unlike
    Versus Vs War Western When Where Whereas While With""".split()
)
_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*)[ \t]+\Z")
_WORD_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*)")
_WINDOW = 40
# A country's name inside the name of an organisation or a natural feature is not the
# country: "the Order of Malta", "the Gambia River", "the Sea of Japan", "Lake Chad".
_INSIDE_A_NAME_BEFORE = re.compile(
    r"\b(?:(?:Order|Knights|Gulf|Sea|Bay|Strait|Straits|Lake|Mount|Isthmus)\s+of\s+"
    r"(?:the\s+)?|(?:Lake|Mount|River|Rio)\s+)\Z"
)
_INSIDE_A_NAME_AFTER = re.compile(
    r"\s+(?:River|Sea|Gulf|Strait|Valley|Lake|Mountains|Basin|Desert|Peninsula|Canal|"
    r"Delta|Ocean|Bay)\b"
)
# The seed names countries 96 times in 11.5 kB; at that density a document at the size
# limit (2 MB) has about 17,000 mentions. Three times that is a flood of names, not an
# article, and would cost memory in proportion (each group mention counts once per member).
MAX_MENTIONS = 50_000


def _names_another_thing(gaz: Gazetteer, neighbour: re.Match[str] | None) -> bool:
    """A matched context makes a homonym something else, unless the neighbouring word it
    captured (group 1, if any) is a country itself ("Armenia, Georgia") or a word that
    often stands beside country names ("Relations With Jordan")."""
    if neighbour is None:
        return False
    word = neighbour.group(1) if neighbour.re.groups and neighbour.group(1) else None
    return word is None or (word not in _NEUTRAL_NEIGHBOURS and not gaz.pattern.fullmatch(word))


def _is_homonym_use(gaz: Gazetteer, text: str, start: int, end: int, lo: int) -> bool:
    rules = gaz.homonyms.get(text[start:end])
    if rules is None:
        return False
    before = text[max(lo, start - _WINDOW) : start]
    after = text[end : end + _WINDOW]
    return (
        _names_another_thing(gaz, rules.before.search(before))
        or _names_another_thing(gaz, rules.after.search(after))
        # The general rule: a capitalised neighbour ("Michael Jordan", "Jordan Valley").
        or _names_another_thing(gaz, _WORD_BEFORE.search(before))
        or _names_another_thing(gaz, _WORD_AFTER.match(after))
    )


def find_in_span(
    gaz: Gazetteer, text: str, start: int, end: int, limit: int = MAX_MENTIONS
) -> list[Mention]:
    """All mentions inside text[start:end], groups expanded to their members. Raises
    InputError past `limit`, before the mentions take the memory they would."""
    found: list[Mention] = []
    addresses = Addresses(text, start, end)
    for m in gaz.pattern.finditer(text, start, end):
        surface = m.group()
        if "\n\n" in surface.replace("\r", ""):
            continue  # a name never spans a blank line
        if addresses.overlap(m.start(), m.end()):
            continue
        form = gaz.form(surface)
        if form.iso3 == NOT_A_COUNTRY or _is_homonym_use(gaz, text, m.start(), m.end(), start):
            continue
        if _INSIDE_A_NAME_BEFORE.search(text, max(start, m.start() - _WINDOW), m.start()):
            continue
        if text[max(start, m.start() - 4) : m.start()].lower() == "non-":
            continue  # "a major non-NATO ally": anything but the group
        if _INSIDE_A_NAME_AFTER.match(text, m.end(), min(end, m.end() + _WINDOW)):
            continue
        if form.kind == "group":
            group = gaz.groups[form.iso3]
            found.extend(
                Mention(iso3, m.start(), m.end(), surface, "group", form.rule, True, group.name)
                for iso3 in group.members
            )
        else:
            found.append(Mention(form.iso3, m.start(), m.end(), surface, form.kind, form.rule))  # type: ignore[arg-type]
        if len(found) > limit:
            raise InputError(
                f"the document names countries more than {MAX_MENTIONS:,} times (already by "
                f"character {m.end():,}): a flood of names, not an article"
            )
    return found


def find_mentions(document: Document, gaz: Gazetteer) -> list[Mention]:
    """Every mention in the document, in text order, searched block by block."""
    mentions: list[Mention] = []
    for block in document.blocks:
        room = MAX_MENTIONS - len(mentions)
        mentions.extend(find_in_span(gaz, document.text, block.start, block.end, room))
    return mentions
