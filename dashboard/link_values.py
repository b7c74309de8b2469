"""What a link's values may be, for every part of the URL that reads them (state.py,
corrections.py): one size limit, and one way to quote a refused value in a notice."""

from __future__ import annotations

MAX_VALUE_CHARS = 200  # longer than any legitimate value; a 10 kB value is refused whole


def shown(value: str) -> str:
    """A user-supplied value, shortened for a notice (the panel shows notices as text)."""
    return value if len(value) <= 40 else value[:37] + "…"
