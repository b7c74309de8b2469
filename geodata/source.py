"""Read a document from disk, refusing what cannot be a text document."""

from __future__ import annotations

import re
from pathlib import Path

from geodata.errors import InputError

# Real encyclopedia articles run to about 200 kB; ten times that is still a document. At
# this size the pipeline's worst case (a flood of one-line paragraphs) takes about 20 s and
# 400 MB, a real article a few seconds (benchmarks/README.md). Larger input is refused.
MAX_BYTES = 2_000_000
_INVISIBLE = re.compile("[\ufeff\u200b-\u200f\u2060\u00ad]")  # BOM, zero-width, soft hyphen


def read_document(path: Path) -> str:
    """The file's text, exactly as stored (a BOM, if any, is kept as U+FEFF). Errors name
    the file, never the folder it is in: a hosted dashboard shows them to readers."""
    name = path.name
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if not path.is_file():
        raise InputError(f"{name}: not a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"{name}: {size:,} bytes is over the limit of {MAX_BYTES:,} bytes")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"{name}: cannot be read ({e.strerror})") from None
    return decode_text(raw, name)


def decode_text(raw: bytes, name: str) -> str:
    """Bytes as a document's text, or an InputError naming `name`: over the size limit,
    binary, not UTF-8 or empty. The same checks for a file and for a reader's text."""
    if len(raw) > MAX_BYTES:
        raise InputError(f"{name}: {len(raw):,} bytes is over the limit of {MAX_BYTES:,} bytes")
    if b"\x00" in raw:
        raise InputError(f"{name}: binary data (NUL bytes), not a text document")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {e.start})") from None
    if not _INVISIBLE.sub("", text).strip():
        raise InputError(f"{name}: the document is empty")
    return text
