"""Write a dataset as countries.csv, passages.csv and meta.json, deterministically and
atomically: the files are written into a temporary folder beside the target, which then
replaces the target in one rename, so a failed or killed build leaves the old dataset whole.
"""

from __future__ import annotations

import csv
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
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a dataset folder is ordinary
    try:
        for name, content in files.items():
            with (staging / name).open("w", encoding="utf-8", newline="") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, retired / "dataset")
            os.replace(staging, out)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
