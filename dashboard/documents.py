"""Which documents the app serves, and reading them safely.

Documents are the `*.txt` files directly inside the seeds folder (`seeds/`, or the folder
named by `ATLAS_SEEDS`). A URL names a document only by its stem, matched against this
list, so no path from a URL ever reaches the file system.

A reader's own text (pasted or uploaded) is no file: it lives in the reader's session and
is named in the URL by its content hash, `text-<12 hex digits>` (`text_id`), so that a
link to a text the server no longer holds is recognised as such.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from geodata.dataset import build_dataset
from geodata.errors import InputError
from geodata.overrides import overrides_path, parse_overrides
from geodata.records import Dataset
from geodata.source import MAX_BYTES, read_document

DEFAULT_SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TEXT_ID = re.compile(r"text-[0-9a-f]{12}")
READER_FOCAL = "chosen by the reader"


@dataclass(frozen=True)
class ReaderText:
    """A text a reader brought: kept in that reader's session only, never on disk."""

    text: str  # the document: for a file, the text extracted from it
    name: str  # the file's name as the browser sent it, or "pasted text"
    focal: str | None = None  # the reader's choice; None: the detected one


def text_id(text: str) -> str:
    """A reader's text's name in the URL: its content hash, shortened."""
    return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def seeds_folder() -> Path:
    return Path(os.environ.get("ATLAS_SEEDS") or DEFAULT_SEEDS)


def list_documents(folder: Path) -> dict[str, Path]:
    """Stem -> path of each document, sorted by stem."""
    if not folder.is_dir():
        return {}
    found = {p.stem: p for p in folder.glob("*.txt") if p.is_file() and not p.name.startswith(".")}
    return dict(sorted(found.items()))


def read_inputs(path: Path) -> tuple[str, str]:
    """(document text, overrides text or "") — what a dataset is derived from."""
    text = read_document(path)
    extra = overrides_path(path)
    try:
        overrides = extra.read_text(encoding="utf-8") if extra.is_file() else ""
    except (OSError, UnicodeDecodeError) as e:
        why = getattr(e, "strerror", None) or getattr(e, "reason", None) or "unreadable"
        raise InputError(f"{extra.name}: cannot be read ({why})") from None  # no server path
    return text, overrides


def fingerprint(folder: Path, path: Path) -> tuple:
    """What a view on screen depends on: the folder's list of documents and the bytes of
    the document and of its overrides. Compared on every interaction, so an edit, a new
    file or a deleted one is noticed before a stale dataset is shown as current."""
    return (tuple(list_documents(folder)), _digest(path), _digest(overrides_path(path)))


def _digest(path: Path) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return f"{size} bytes"  # too large to be shown; not worth reading to know it changed
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def download_stem(doc: str) -> str:
    """A document's stem as a download file name: letters, digits, `_-` only, so a hostile
    file name cannot reach the browser's save dialog or a header."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", doc).strip("_")[:80] or "document"


def derive(text: str, overrides_text: str, name: str, focal: str | None = None) -> Dataset:
    """The dataset of one document: a pure function of its text, overrides and focal
    country (None: the one the pipeline detects)."""
    overrides = parse_overrides(overrides_text, f"{Path(name).stem}.overrides.toml")
    dataset = build_dataset(text, name, focal, overrides)
    if focal is None:
        return dataset
    # The pipeline words a given focal country for its command line; here a reader chose.
    countries = tuple(
        replace(c, rationale=f"focal: {READER_FOCAL}") if c.iso3 == dataset.focal else c
        for c in dataset.countries
    )
    return replace(dataset, focal_rule=READER_FOCAL, countries=countries)
