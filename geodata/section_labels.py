"""What a passage's section is called on screen: its heading in plain words, and a table
row by its country and year rather than by its raw cells.

Flattened tables (`a | b | c` lines) are where raw headings read worst: a row
"4 June 1886 | See France–South Korea relations" becomes a heading of its own, and rows
such as "1962-07-03[13] | -   Algeria has an embassy in Berlin" sit under a header row
("Country | Formal relations began | Notes"). Labels are for reading only; the
classification reads the structure itself (structure.py), never these labels.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cache

from geodata.records import Document, Mention
from geodata.structure import INTRODUCTION

_CELL = " | "
_REFERENCES = re.compile(r"\s*\[(?:\d{1,4}|[a-z]|note\s*\d{1,3})\]")
_EMPHASIS = re.compile(r"(?<!\w)[_*]+|[_*]+(?!\w)")
_HATNOTE = re.compile(r"\A(?:see|se)\s+(?=\S)", re.IGNORECASE)  # "See France–Serbia relations"
_LINE_END = re.compile(r"\r\n|\r|\n")
_BREAK = r"(?:\r\n|\r(?!\n)|\n)"
_BLANK_LINE = re.compile(_BREAK + r"[ \t]*" + _BREAK)
_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")


def plain_heading(heading: str) -> str:
    """A heading without reference marks, emphasis marks or a leading "See"."""
    text = _EMPHASIS.sub("", _REFERENCES.sub("", heading)).strip()
    return _HATNOTE.sub("", text) or heading


def section_labels(
    document: Document, mentions: Sequence[Mention], focal: str, name_of: Callable[[str], str]
) -> list[str]:
    """The label of every block of the document, by block index."""
    ordered = sorted((m for m in mentions if not m.indirect and m.iso3 != focal), key=_start)
    starts = [m.start for m in ordered]

    def row_label(start: int, end: int) -> str | None:
        """ "Algeria, 1962" for a row line naming a country other than the focal one: the
        first named is the row's (later ones are in its notes), the first year its date."""
        line = document.text[start:end]
        first = bisect_left(starts, start)
        if _CELL not in line or first == len(starts) or starts[first] >= end:
            return None
        year = _YEAR.search(_REFERENCES.sub("", line))
        return name_of(ordered[first].iso3) + (f", {year.group()}" if year else "")

    @cache  # a run of rows used as headings is walked once, not once per block
    def heading_label(index: int) -> str:
        """A section's heading; for a header row or a row naming no country, the nearest
        real heading before it."""
        found = row_label(document.sections[index].start, document.sections[index].end)
        if found:
            return found
        while index > 0 and _CELL in document.sections[index].heading:
            index -= 1  # other rows are not this one's heading
        return plain_heading(document.sections[index].heading) if index else INTRODUCTION

    labels: list[str] = []
    row: str | None = None  # the row the current run of blocks belongs to
    previous_end = -1
    for block in document.blocks:
        if block.kind in ("title", "heading"):
            row = None
        else:
            contiguous = not _BLANK_LINE.search(document.text, previous_end, block.start)
            if block.kind == "paragraph" or not contiguous:
                line = _LINE_END.search(document.text, block.start, block.end)
                row = row_label(block.start, line.start() if line else block.end)
        previous_end = block.end
        labels.append(row or heading_label(block.section))
    return labels


def _start(mention: Mention) -> int:
    return mention.start
