"""Web addresses and e-mail addresses in a text: names inside them are not mentions.

"https://example.org/wiki/Egypt–Israel_relations" or "embassy@Israel.example" names no
country in the prose; neither does a cue word in a URL path.
"""

from __future__ import annotations

import bisect
import re

# Each alternative may start only where its run of characters starts (the lookbehinds),
# and runs are matched possessively: a long run of dots or letters costs one pass, not one
# pass per position (which made 400 kB of "." take 3 minutes).
_ADDRESS = re.compile(
    r"(?:(?<![\w+.-])[a-z][a-z0-9+.-]*+://|\b(?:javascript|mailto|data|tel|file):|\bwww\.)"
    r"""[^\s<>"`]++"""
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++",
    re.IGNORECASE,
)


class Addresses:
    """The address spans inside text[start:end], for quick overlap tests."""

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        end = len(text) if end is None else end
        spans = [(m.start(), m.end()) for m in _ADDRESS.finditer(text, start, end)]
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]

    def overlap(self, start: int, end: int) -> bool:
        """Whether text[start:end] touches an address."""
        i = bisect.bisect_left(self._starts, end)  # spans starting before `end`
        return i > 0 and self._ends[i - 1] > start
