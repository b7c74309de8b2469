"""Write a dataset as countries.csv, passages.csv and meta.json, deterministically and
atomically: the files are written into a hidden folder beside the target, which then swaps
places with the target in one atomic step, so a failed or killed build leaves the previous
dataset whole (tests/test_atomic_write.py kills a build at every step to prove it).
"""

from __future__ import annotations

import csv
import ctypes
import errno
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from geodata import __version__
from geodata.records import LEGEND, Dataset

COUNTRY_COLUMNS = (
    "iso3",
    "name",
    "category",
    "indirect",
    "mentions",
    "passages",
    "confidence",
    "rationale",
    "decided_by",
    "cues",
    "via",
    "override_reason",
)
PASSAGE_COLUMNS = (
    "iso3",
    "section",
    "start",
    "end",
    "mention",
    "text",
    "mention_spans",
    "kind",
    "rule",
    "indirect",
    "via",
)


def _csv(header: tuple[str, ...], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def countries_csv(dataset: Dataset) -> str:
    rows = [
        {
            "iso3": c.iso3,
            "name": c.name,
            "category": c.category,
            "indirect": str(c.indirect).lower(),
            "mentions": c.mentions,
            "passages": c.passages,
            "confidence": f"{c.confidence:.2f}",
            "rationale": c.rationale,
            "decided_by": c.decided_by,
            "cues": "; ".join(f"{e.category}:{e.surface}@{e.start}" for e in c.evidence),
            "via": "; ".join(c.via),
            "override_reason": c.override_reason,
        }
        for c in dataset.countries
    ]
    return _csv(COUNTRY_COLUMNS, rows)


def passages_csv(dataset: Dataset) -> str:
    rows = []
    for p in dataset.passages:
        first = p.mentions[0]
        rows.append(
            {
                "iso3": p.iso3,
                "section": p.section,
                "start": p.start,
                "end": p.end,
                "mention": first.surface,
                "text": p.text,
                "mention_spans": ";".join(f"{m.start}-{m.end}" for m in p.mentions),
                "kind": first.kind,
                "rule": first.rule,
                "indirect": str(p.indirect).lower(),
                "via": "; ".join(sorted({m.via for m in p.mentions if m.via})),
            }
        )
    return _csv(PASSAGE_COLUMNS, rows)


def meta_json(dataset: Dataset) -> str:
    counts = dict.fromkeys(LEGEND, 0)
    for c in dataset.countries:
        counts[c.category] += 1
    meta = {
        "title": dataset.title,
        "focal": dataset.focal,
        "focal_rule": dataset.focal_rule,
        "source": {"file": dataset.source_name, "sha256": dataset.source_sha256},
        "pipeline_version": __version__,
        "countries": len(dataset.countries),
        "passages": len(dataset.passages),
        "categories": counts,
        "legend": LEGEND,
    }
    return json.dumps(meta, indent=2, ensure_ascii=False) + "\n"


def write_dataset(dataset: Dataset, out: Path) -> None:
    """Replace `out` with the dataset's three files, all or nothing."""
    files = {
        "countries.csv": countries_csv(dataset),
        "passages.csv": passages_csv(dataset),
        "meta.json": meta_json(dataset),
    }
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(out)
    # The writer's pid in the name tells a later build whether this folder is abandoned.
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a dataset folder is ordinary
    try:
        for name, content in files.items():
            with (staging / name).open("w", encoding="utf-8", newline="") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
        if not out.exists():
            os.replace(staging, out)
        elif not exchange(staging, out):
            # No atomic swap here: two renames, with a short window in which `out` is
            # missing; the next build puts the retired copy back if a kill hits it.
            os.replace(out, staging.with_name(staging.name + ".old"))
            os.replace(staging, out)
    finally:
        # After a swap `staging` holds the previous dataset; after an error, a partial one.
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(staging.with_name(staging.name + ".old"), ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (AttributeError, OSError, TypeError):  # not glibc, or not Linux
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # file system cannot swap
        return False
    raise OSError(error, os.strerror(error), str(b))


def _clear_leftovers(out: Path) -> None:
    """Remove what killed builds left beside `out`, restoring `out` if it went missing."""
    for path in sorted(out.parent.glob(f".{out.name}.*.*")):
        pid = path.name[len(out.name) + 2 :].split(".")[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue  # not ours, or a build still running
        if not out.exists() and path.name.endswith(".old") and (path / "meta.json").is_file():
            os.replace(path, out)  # the fallback's window: the previous dataset comes back
        else:
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True
