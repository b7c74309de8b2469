"""How long the map image download takes: the seed's PNG and SVG, drawn as the dashboard
draws them (dashboard/mapimage.py), first in a fresh process (shapes projected to Equal
Earth) and then warm. Target (issue 11): under 2 s for the seed.

Run: `python benchmarks/bench_image.py [--write]` (`--write` puts the table into
benchmarks/README.md).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.report import describe_machine, write_section  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
REPEATS = 5
CHILD = r"""
import json, sys, time
from pathlib import Path
from geodata.dataset import build_dataset
from geodata.geometry import load_world
from geodata.records import CATEGORIES
seed = Path(sys.argv[1])
dataset = build_dataset(seed.read_text(encoding="utf-8"), seed.name)
world = load_world()
t0 = time.perf_counter()
from dashboard.mapimage import map_image  # the app imports it on the first click
imported = time.perf_counter() - t0
times = []
for fmt in ("png", "svg", "png", "svg", "png", "svg"):
    t0 = time.perf_counter()
    size = len(map_image(dataset, world, CATEGORIES, fmt))
    times.append((fmt, time.perf_counter() - t0 + (imported if not times else 0), size))
print(json.dumps(times))
"""


def main() -> None:
    seed = ROOT / "seeds" / "foreign-relations-of-israel.txt"
    runs = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(seed)], capture_output=True, text=True, check=True
        )
        runs.append((time.perf_counter() - t0, json.loads(out.stdout)))
    first = {
        fmt: statistics.median(r[1][i][1] for r in runs) for i, fmt in enumerate(["png", "svg"])
    }
    warm = {
        fmt: statistics.median(t for r in runs for f, t, _ in r[1][2:] if f == fmt)
        for fmt in ("png", "svg")
    }
    sizes = {f: s for f, _, s in runs[0][1]}
    lines = [
        f"Measured {date.today().isoformat()} on {describe_machine()}. Median of {REPEATS} "
        "fresh processes; the first image of a process also imports matplotlib and projects the "
        "shapes (the app does both on the first click).",
        "",
        "| image of the seed | first in a process (ms) | warm (ms) | size |",
        "|---|---|---|---|",
    ]
    for fmt in ("png", "svg"):
        lines.append(
            f"| {fmt.upper()} | {first[fmt] * 1000:,.0f} | {warm[fmt] * 1000:,.0f} | "
            f"{sizes[fmt] / 1024:,.0f} kB |"
        )
    table = "\n".join(lines)
    print(table)
    if "--write" in sys.argv:
        write_section(README, "image", table)


if __name__ == "__main__":
    main()
