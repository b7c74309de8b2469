"""Build time and peak memory of the pipeline, on the seed and on larger synthetic documents,
and on adversarial documents at the size limit.

Run: `python benchmarks/bench_pipeline.py` (writes both results tables into
benchmarks/README.md; `--worst-only` runs only the adversarial table). Each measurement
runs in a fresh subprocess, so peak memory is the whole process's and no cache carries
over; the gazetteer load is timed separately.
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
from geodata.errors import InputError
text = Path(sys.argv[1]).read_text(encoding="utf-8")
t2 = time.perf_counter()
try:
    dataset = build_dataset(text, "bench.txt")
    countries_csv(dataset); passages_csv(dataset); meta_json(dataset)
    passages, refused = len(dataset.passages), ""
except InputError as e:
    passages, refused = 0, str(e)
t3 = time.perf_counter()
print(json.dumps({"startup_s": t1 - t0, "build_s": t3 - t2,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "words": len(text.split()), "bytes": len(text.encode()),
                  "passages": passages, "refused": refused}))
"""


def synthetic(scale: int, into: Path) -> Path:
    """The seed's body repeated `scale` times under one title: same density of names."""
    text = SEED.read_text(encoding="utf-8")
    title, body = text.split("\n", 1)
    path = into / f"seed-x{scale}.txt"
    path.write_text(title + "\n" + body * scale, encoding="utf-8")
    return path


def measure(path: Path, repeats: int = REPEATS) -> dict:
    runs = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    result = dict(runs[0])
    result["build_s"] = statistics.median(r["build_s"] for r in runs)
    result["startup_s"] = statistics.median(r["startup_s"] for r in runs)
    result["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return result


TITLE = "Foreign relations of Israel\n\n"
# Shapes that once cost time growing with the square of their size, or that stress one
# stage: each is filled to just under the size limit, and to a tenth of it for the ratio.
WORST = {
    "one-line paragraphs": "x\n\n",
    "tiny sentences": "A. ",
    "one run of dots": ".",
    "one run of letters": "a",
    "capitalised words": "Egypt ",
    "name, cue, name…": "Egypt treaty Jordan ally ",
    "run-on list of a group": "European Union, ",
    "sparse names": "Egypt is an ally of Israel. " + "Some words here and there. " * 3,
}


def worst_cases(into: Path) -> str:
    from geodata.source import MAX_BYTES

    lines = [
        f"Measured {date.today().isoformat()} on {describe_machine()}. Each shape filled to "
        f"just under the size limit ({MAX_BYTES:,} bytes) and to a tenth of it, one fresh "
        "process each; a document must name a country, so each ends with one sentence that "
        "does.",
        "",
        "| shape | bytes | build (s) | peak RSS (MB) | time ÷ time at a tenth | result |",
        "|---|---|---|---|---|---|",
    ]
    for name, unit in WORST.items():
        results = []
        for size in (MAX_BYTES // 10, MAX_BYTES):
            room = size - len(TITLE.encode()) - 40
            body = unit * (room // len(unit.encode()))
            path = into / "worst.txt"
            path.write_text(TITLE + body + " Egypt and Israel are allies.", encoding="utf-8")
            results.append(measure(path, repeats=1))
        small, big = results
        outcome = (
            f"refused: {big['refused']}" if big["refused"] else f"{big['passages']:,} passages"
        )
        lines.append(
            f"| {name} | {big['bytes']:,} | {big['build_s']:.1f} | {big['peak_rss_mb']:.0f} "
            f"| {big['build_s'] / small['build_s']:.1f}× | {outcome} |"
        )
    return "\n".join(lines)


def main() -> None:
    import tempfile

    if "--worst-only" not in sys.argv:
        scaling()
    with tempfile.TemporaryDirectory() as tmp:
        table = worst_cases(Path(tmp))
    print(table)
    write_section(README, "worst", table)


def scaling() -> None:
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
