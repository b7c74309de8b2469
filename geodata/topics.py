"""Which country each block of a document is about, read from the document's structure.

Foreign-relations articles give a country its own place: a section ("=== China ==="), a
table row ("Cyprus | 1960 | …", "[56] | See Armenia–Georgia relations"), the bullets under
it, or a paragraph that opens with its name. What is said there, even without naming the
country again ("Both countries established relations in 1993"), is about the focal
country's relation with that country: classify.py counts it as the country's primary
evidence.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from geodata.records import Document, Mention

# A table row as flattened text: cells joined by " | ", or a row whose only cell left is a
# reference ("[17]") or a cross-reference ("See Cuba–Mexico relations").
_ROW = re.compile(r"[^\n]* \| |(?:\[\d+\]\s*)+\Z|See\s", re.IGNORECASE)
_REFS_ONLY = re.compile(r"(?:\s*\[\d+\]|\s*[—–-])+\s*\Z")
_SEE_LINE = re.compile(r"(?:[^\n|]*\|\s*)*See\s[^\n]*\Z", re.IGNORECASE)
# A paragraph about one country usually names it in its first words ("Relations with Chad
# were restored…", "In 2009, Panama…"): the subject is named before this many characters.
_OPENING_CHARS = 60
_BULLET_OPENING_CHARS = 3  # a bullet is a country's own when it starts with the name


@dataclass(frozen=True)
class Topic:
    """The country a block is about, and the words that made it so."""

    iso3: str
    start: int  # span of the heading, row or opening words that name the country
    end: int
    how: str  # "section" | "row" | "paragraph" | "bullet"


def _countries(mentions: Sequence[Mention], focal: str) -> list[str]:
    """Distinct directly named countries other than the focal one, in order."""
    return list(dict.fromkeys(m.iso3 for m in mentions if not m.indirect and m.iso3 != focal))


def _one(mentions: Sequence[Mention], focal: str) -> str | None:
    named = _countries(mentions, focal)
    return named[0] if len(named) == 1 else None


def block_topics(document: Document, mentions: Sequence[Mention], focal: str) -> list[Topic | None]:
    """For each block, the country it is about, or None."""
    text = document.text
    starts = [b.start for b in document.blocks]
    in_block: list[list[Mention]] = [[] for _ in document.blocks]
    for m in mentions:
        index = bisect.bisect_right(starts, m.start) - 1
        if index >= 0:
            in_block[index].append(m)
    first_sentence_end: dict[int, int] = {}
    for sentence in reversed(document.sentences):
        first_sentence_end[sentence.block] = sentence.end
    topics: list[Topic | None] = []
    current: Topic | None = None  # the topic that bullets and prose paragraphs inherit
    in_table = False
    bare_opener = False  # the previous block was a row with no sentence of its own
    for index, block in enumerate(document.blocks):
        body = text[block.start : block.end]
        first_line = body.split("\n", 1)[0]
        named = in_block[index]
        own: Topic | None = None
        if block.kind == "title":
            current, in_table, bare_opener = None, False, False
            topics.append(None)
            continue
        row = bool(_ROW.match(first_line))
        if block.kind == "heading" and not row:
            iso3 = _one(named, focal)
            current = Topic(iso3, block.start, block.end, "section") if iso3 else None
            in_table = " | " in body
            bare_opener = False
            topics.append(current)
            continue
        if block.kind == "bullet":  # "• Egypt: …" is Egypt's; other bullets are the row's
            own = _opening_topic(named, focal, block.start, first_sentence_end, index, "bullet")
            if own is not None and own.start - block.start > _BULLET_OPENING_CHARS:
                own = None
            others = _countries(named, focal)
            if in_table and current and others and current.iso3 not in others:
                current = None  # a row whose country cell was lost: not the last row's
            topics.append(own or current)
            continue
        # A paragraph, or a row parsed as a short heading.
        if row or block.kind == "heading":
            in_table = in_table or " | " in body
            line_end = block.start + len(first_line)
            iso3 = _one([m for m in named if m.start < line_end], focal)
            current = Topic(iso3, block.start, line_end, "row") if iso3 else None
            bare_opener = bool(_SEE_LINE.match(first_line) or _REFS_ONLY.match(first_line))
            bare_opener = bare_opener and "\n" not in body.strip()
            topics.append(current)
            continue
        others = [c for c in _countries(named, focal) if current is None or c != current.iso3]
        if bare_opener and current is not None and not others:
            pass  # the rest of a row cell that opened with "See X–Y relations"
        elif in_table and current is not None and _keeps(named, focal, current.iso3):
            pass  # a later paragraph of the same row, naming its country as much as any other
        elif in_table:
            current = _opening_topic(named, focal, block.start, first_sentence_end, index, "row")
        elif current is None or current.how != "section":
            current = _opening_topic(
                named, focal, block.start, first_sentence_end, index, "paragraph"
            )
        bare_opener = False
        topics.append(current)
    return topics


def _keeps(named: Sequence[Mention], focal: str, iso3: str) -> bool:
    counts = Counter(m.iso3 for m in named if not m.indirect and m.iso3 != focal)
    return counts[iso3] > 0 and counts[iso3] == max(counts.values())


def _opening_topic(
    named: Sequence[Mention],
    focal: str,
    start: int,
    first_sentence_end: dict[int, int],
    index: int,
    how: str,
) -> Topic | None:
    """The country a block opens with: the non-focal country named in the first words of
    its first sentence, unless the block names another one more often."""
    end = first_sentence_end.get(index, start)
    direct = [m for m in named if not m.indirect and m.iso3 != focal]
    if not direct or direct[0].start >= end or direct[0].start - start > _OPENING_CHARS:
        return None
    first = direct[0]
    iso3 = first.iso3
    counts = Counter(m.iso3 for m in direct)
    if any(n > counts[iso3] for n in counts.values()):
        return None  # another country is the block's subject more than the first one
    return Topic(iso3, first.start, first.end, how)
