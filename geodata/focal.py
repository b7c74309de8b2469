"""Which country a document is about."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from geodata.errors import InputError
from geodata.records import Document, Mention


def detect_focal(document: Document, mentions: Sequence[Mention]) -> tuple[str, str]:
    """(iso3, rule): the first country named in the title, else the most-mentioned one."""
    direct = [m for m in mentions if not m.indirect]
    if document.title_span:
        start, end = document.title_span
        in_title = [m for m in direct if start <= m.start < end]
        if in_title:
            return in_title[0].iso3, f"named in the title (“{in_title[0].surface}”)"
    if not direct:
        raise InputError(
            "no country is named directly, so the focal country is unknown; pass --focal"
        )
    counts = Counter(m.iso3 for m in direct)
    first_seen = {m.iso3: i for i, m in reversed(list(enumerate(direct)))}
    iso3 = min(counts, key=lambda c: (-counts[c], first_seen[c]))
    return iso3, f"most mentioned country ({counts[iso3]} mentions)"
