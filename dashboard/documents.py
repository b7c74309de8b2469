"""Which documents the app serves, and reading them safely.

Documents are the `*.txt` files directly inside the seeds folder (`seeds/`, or the folder
named by `ATLAS_SEEDS`). A URL names a document only by its stem, matched against this
list, so no path from a URL ever reaches the file system.
"""

from __future__ import annotations

import os
from pathlib import Path

from geodata.dataset import build_dataset
from geodata.errors import InputError
from geodata.overrides import overrides_path, parse_overrides
from geodata.records import Dataset
from geodata.source import read_document

DEFAULT_SEEDS = Path(__file__).resolve().parents[1] / "seeds"


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
        raise InputError(f"{extra.name}: cannot be read ({e})") from None
    return text, overrides


def derive(text: str, overrides_text: str, name: str) -> Dataset:
    """The dataset of one document: a pure function of its text and overrides."""
    overrides = parse_overrides(overrides_text, f"{Path(name).stem}.overrides.toml")
    return build_dataset(text, name, None, overrides)
