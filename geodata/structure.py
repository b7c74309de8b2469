"""Split a document into title, sections, blocks (headings, paragraphs, bullets) and
sentences, each a span of character offsets into the exact source text."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator

from syntok import segmenter

from geodata.records import Block, Document, Section, Sentence

INTRODUCTION = "(introduction)"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_BULLET = re.compile(r"[ \t]*(?:[•·▪◦‣*\-–—]|\d{1,3}[.)])[ \t]+(?=\S)")
_MARKDOWN_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+(?P<text>.*?)[ \t#]*\Z")
_WIKI_HEADING = re.compile(r"[ \t]*(?P<bar>={2,6})[ \t]*(?P<text>.*?)[ \t]*(?P=bar)[ \t]*\Z")
# Copies of wiki pages glue the edit link to headings: "Foreign Relations Of IsraelEdit".
_EDIT_SUFFIX = re.compile(r"(?:[ \t]*\[edit\]|(?<=[^\sA-Z])Edit)\Z")
_MAX_HEADING_CHARS = 120
_REFERENCES = re.compile(r"(?:\s*\[(?:\d{1,4}|[a-z]|note\s*\d{1,3})\])+\Z")
_MAX_HEADING_WORDS = 16


class _Line:
    __slots__ = ("end", "raw", "start")

    def __init__(self, start: int, raw: str) -> None:
        self.raw = raw.rstrip("\r\n")
        self.start = start
        self.end = start + len(self.raw)

    @property
    def blank(self) -> bool:
        return not self.raw.strip().strip(_INVISIBLE)


def _lines(text: str) -> list[_Line]:
    return [_Line(m.start(), m.group()) for m in _LINE.finditer(text) if m.group()]


_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"  # BOM and zero-width characters


def _blank(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow [start, end) to exclude surrounding whitespace, BOMs and zero-width marks."""
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return start, end


def _heading_span(line: _Line, text: str) -> tuple[int, int] | None:
    """The span of the heading text if this line is a heading, else None."""
    for marked in (_MARKDOWN_HEADING, _WIKI_HEADING):
        m = marked.match(line.raw)
        if m and m.group("text").strip():
            return _strip(text, line.start + m.start("text"), line.start + m.end("text"))
    start, end = _strip(text, line.start, line.end)
    edit = _EDIT_SUFFIX.search(text, start, end)
    if edit:
        end = _strip(text, start, edit.start())[1]
    body = text[start:end]
    if not body or len(body) > _MAX_HEADING_CHARS or len(body.split()) > _MAX_HEADING_WORDS:
        return None
    # A sentence keeps its reference marks after the full stop: "… in 2018.[65]".
    last = _REFERENCES.sub("", body) or body
    if last[-1] in ".!?;:," or not (body[0].isupper() or body[0].isdigit()):
        return None
    return start, end


def _blocks(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (kind, start, end) for each block, in order."""
    lines = _lines(text)
    i = 0
    first_content = True
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        prev_blank = i == 0 or lines[i - 1].blank
        next_blank = i + 1 >= len(lines) or lines[i + 1].blank
        bullet = _BULLET.match(line.raw)
        heading = None if bullet else _heading_span(line, text)
        marked = bool(_MARKDOWN_HEADING.match(line.raw) or _WIKI_HEADING.match(line.raw))
        if heading and (marked or (prev_blank and next_blank)):
            yield ("title" if first_content else "heading", *heading)
            first_content = False
            i += 1
            continue
        first_content = False
        # A bullet or paragraph runs until a blank line, a new bullet or a marked heading.
        start = line.start + (bullet.end() if bullet else 0)
        end = line.end
        i += 1
        while i < len(lines) and not lines[i].blank and not _BULLET.match(lines[i].raw):
            if _MARKDOWN_HEADING.match(lines[i].raw) or _WIKI_HEADING.match(lines[i].raw):
                break
            end = lines[i].end
            i += 1
        span = _strip(text, start, end)
        if span[0] < span[1]:
            yield ("bullet" if bullet else "paragraph", *span)


# Encyclopedia copies keep their reference marks after the full stop ("…Bahrain.[1] Syria
# was…"), where syntok sees no sentence end: the next sentence starts after the marks.
_AFTER_REFERENCE = re.compile(r"(?<=[.!?])[\"”’)]?(?:\[[\w ]{1,12}\])+[ \t]*(?=[A-Z\"“])")


def _sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets where syntok starts a sentence inside [start, end), and after the
    reference marks that follow a full stop."""
    starts = [m.end() for m in _AFTER_REFERENCE.finditer(text, start, end)]
    for paragraph in segmenter.analyze(text[start:end]):
        for sentence in paragraph:
            if sentence:
                starts.append(start + sentence[0].offset)
    return starts


def parse(text: str, name: str) -> Document:
    """Parse `text` (the exact file contents) into a Document."""
    sections = [Section(INTRODUCTION, 0, 0)]
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    title, title_span = "", None
    for kind, start, end in _blocks(text):
        if kind == "title":
            title, title_span = text[start:end], (start, end)
        elif kind == "heading":
            sections.append(Section(text[start:end], start, end))
        blocks.append(Block(kind, start, end, len(sections) - 1))  # type: ignore[arg-type]
        index = len(blocks) - 1
        if kind in ("title", "heading"):
            sentences.append(Sentence(start, end, index))
            continue
        # Sentences tile the block: each runs to the next one's start, so no character
        # (and no country name) of the block falls between two sentences.
        starts = sorted(
            {start, *(s for s in _sentence_starts(text, start, end) if start < s < end)}
        )
        for s, e in zip(starts, [*starts[1:], end], strict=False):
            s, e = _strip(text, s, e)
            if s < e:
                sentences.append(Sentence(s, e, index))
    return Document(
        name=name,
        text=text,
        title=title,
        title_span=title_span,
        sections=tuple(sections),
        blocks=tuple(blocks),
        sentences=tuple(sentences),
    )


def sentence_locator(document: Document) -> Callable[[int], int]:
    """A function from an offset to the index of the sentence holding it (sentences are
    sorted and disjoint); the start offsets are gathered once."""
    starts = [s.start for s in document.sentences]
    return lambda offset: bisect_right(starts, offset) - 1
