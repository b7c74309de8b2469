"""Build time and peak memory of the pipeline, on the seed and on larger synthetic documents.

Run: `python benchmarks/bench_pipeline.py` (writes the results table into
benchmarks/README.md). Each measurement runs in a fresh subprocess, so peak memory is the
whole process's and no cache carries over; the gazetteer load is timed separately.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from datetime import date
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.report import describe_machine, write_section  # noqa: E402

SEED = ROOT / "seeds" / "foreign-relations-of-israel.txt"
README = Path(__file__).resolve().parent / "README.md"
SCALES = (1, 10, 100)
REPEATS = 5

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from geodata import gazetteer
from geodata.cues import load_rules
gazetteer.load(); load_rules()
t1 = time.perf_counter()
from geodata.dataset import build_dataset
from geodata.output import countries_csv, meta_json, passages_csv
text = Path(sys.argv[1]).read_text(encoding="utf-8")
t2 = time.perf_counter()
dataset = build_dataset(text, "bench.txt")
countries_csv(dataset); passages_csv(dataset); meta_json(dataset)
t3 = time.perf_counter()
print(json.dumps({"startup_s": t1 - t0, "build_s": t3 - t2,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "words": len(text.split()), "bytes": len(text.encode()),
                  "passages": len(dataset.passages)}))
"""


def synthetic(scale: int, into: Path) -> Path:
    """The seed's body repeated `scale` times under one title: same density of names."""
    text = SEED.read_text(encoding="utf-8")
    title, body = text.split("\n", 1)
    path = into / f"seed-x{scale}.txt"
    path.write_text(title + "\n" + body * scale, encoding="utf-8")
    return path


def measure(path: Path) -> dict:
    runs = []
    for _ in range(REPEATS):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    result = dict(runs[0])
    result["build_s"] = statistics.median(r["build_s"] for r in runs)
    result["startup_s"] = statistics.median(r["startup_s"] for r in runs)
    result["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return result


def main() -> None:
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in SCALES:
            r = measure(synthetic(scale, Path(tmp)))
            r["scale"] = scale
            rows.append(r)
    base = rows[0]
    lines = [
        f"Measured {date.today().isoformat()} on {describe_machine()}; "
        f"geopandas {version('geopandas')}, syntok {version('syntok')}. "
        f"Median of {REPEATS} fresh processes each.",
        "",
        "| document | bytes | words | passages | build (ms) | ms per 1,000 words "
        "| time vs seed | size vs seed | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ms = r["build_s"] * 1000
        lines.append(
            f"| seed ×{r['scale']} | {r['bytes']:,} | {r['words']:,} | {r['passages']:,} "
            f"| {ms:,.0f} | {ms / r['words'] * 1000:.1f} "
            f"| {r['build_s'] / base['build_s']:.1f}× | {r['bytes'] / base['bytes']:.0f}× "
            f"| {r['peak_rss_mb']:.0f} |"
        )
    lines += [
        "",
        f"Start-up (importing the pipeline, loading gazetteer and cues): "
        f"{base['startup_s'] * 1000:,.0f} ms, not included above.",
    ]
    table = "\n".join(lines)
    print(table)
    write_section(README, "pipeline", table)


if __name__ == "__main__":
    main()
