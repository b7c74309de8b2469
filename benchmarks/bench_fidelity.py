"""How well the pipeline reads real articles: category accuracy against hand-made answer
keys, the calibration of its confidence, and its speed on real text.

Run: `python benchmarks/bench_fidelity.py CORPUS_DIR [--write]`. CORPUS_DIR holds the
articles as plain text, `<slug>.txt` for each `benchmarks/fidelity/gold/<slug>.json`
(English Wikipedia, CC BY-SA: never committed; benchmarks/README.md says how to build
them). Prints the per-article table; `--write` also rewrites it in benchmarks/README.md.
The scoring follows the development set's own scorer (../shared/fidelity/score.py): a key
country is right when its category is one the answer key accepts; countries named only in
passing should be neutral; trap names (a river, an order) should not be found directly.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.report import describe_machine, write_section  # noqa: E402
from geodata.dataset import build_dataset  # noqa: E402

GOLD = Path(__file__).resolve().parent / "fidelity" / "gold"
README = Path(__file__).resolve().parent / "README.md"
THRESHOLD = 0.5  # the confidence below which a category is reported as weakly supported
REPEATS = 5
TARGET_WORDS = 27_000


def score(corpus: Path) -> tuple[list[dict], list[tuple[float, bool]]]:
    """One row per article, and (confidence, right) for every key country found."""
    rows, calibration = [], []
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (corpus / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        dataset = build_dataset(text, f"{gold_path.stem}.txt")
        found = {c.iso3: c for c in dataset.countries}
        required = {k: v if isinstance(v, list) else [v] for k, v in gold["required"].items()}
        right = 0
        for iso3, accepted in required.items():
            if iso3 in found:
                ok = found[iso3].category in accepted
                right += ok
                calibration.append((found[iso3].confidence, ok))
        passing = gold.get("passing", [])
        neutral = sum(found[c].category == "neutral" for c in passing if c in found)
        traps = [c for c in gold.get("must_not", []) if c in found and not found[c].indirect]
        quotes = sum(text[p.start : p.end] != p.text for p in dataset.passages)
        rows.append(
            {
                "article": gold_path.stem,
                "words": len(text.split()),
                "recall": (sum(c in found for c in required), len(required)),
                "category": (right, len(required)),
                "passing": (neutral, len(passing)),
                "traps": len(traps),
                "quotes": quotes,
            }
        )
    return rows, calibration


def timing(corpus: Path) -> list[tuple[str, int, float]]:
    """Median build time of each article, and of the longest ones joined to at least
    TARGET_WORDS words (real structure at the size the issue names)."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))}
    longest = sorted(texts, key=lambda k: -len(texts[k].split()))
    joined, parts = "", []
    for stem in longest:
        if len(joined.split()) >= TARGET_WORDS:
            break
        joined += ("\n\n" if joined else "") + texts[stem]
        parts.append(stem.removeprefix("foreign-relations-of-"))
    # One document about the first article's country, as long as the issue asks.
    cases = list(texts.items())
    cases.append((f"joined: {', '.join(parts)}", joined))
    build_dataset(cases[0][1], "warm-up.txt")  # gazetteer and cue tables load once
    results = []
    for name, text in cases:
        times = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            build_dataset(text, "bench.txt")
            times.append(time.perf_counter() - t0)
        results.append((name, len(text.split()), statistics.median(times)))
    return results


def report(rows: list[dict], calibration: list[tuple[float, bool]], times) -> str:
    fraction = lambda pair: f"{pair[0]}/{pair[1]}"  # noqa: E731
    lines = [
        f"Measured {date.today().isoformat()} on {describe_machine()}. "
        f"Build times: median of {REPEATS} in one process, after one warm-up build.",
        "",
        "| article | words | recall | category | passing → neutral | traps | non-verbatim "
        "quotes | build (ms) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    by_name = {name: (words, seconds) for name, words, seconds in times}
    total = {"recall": [0, 0], "category": [0, 0], "passing": [0, 0], "traps": 0, "quotes": 0}
    for row in rows:
        name = row["article"].removeprefix("foreign-relations-of-")
        _, seconds = by_name[row["article"]]
        lines.append(
            f"| {name} | {row['words']:,} | {fraction(row['recall'])} | "
            f"{fraction(row['category'])} ({row['category'][0] / row['category'][1]:.2f}) | "
            f"{fraction(row['passing'])} | {row['traps']} | {row['quotes']} | "
            f"{seconds * 1000:.0f} |"
        )
        for key in ("recall", "category", "passing"):
            total[key][0] += row[key][0]
            total[key][1] += row[key][1]
        total["traps"] += row["traps"]
        total["quotes"] += row["quotes"]
    lines.append(
        f"| **total** | | {fraction(total['recall'])} | {fraction(total['category'])} "
        f"({total['category'][0] / total['category'][1]:.2f}) | {fraction(total['passing'])} "
        f"({total['passing'][0] / total['passing'][1]:.2f}) | {total['traps']} | "
        f"{total['quotes']} | |"
    )
    above = [ok for confidence, ok in calibration if confidence >= THRESHOLD]
    below = [ok for confidence, ok in calibration if confidence < THRESHOLD]
    share = lambda xs: f"{sum(xs)}/{len(xs)} ({sum(xs) / len(xs):.2f})" if xs else "none"  # noqa: E731
    lines += [
        "",
        f"Confidence (key countries found): at or above {THRESHOLD}, {share(above)} right; "
        f"below it, {share(below)} right.",
        "",
        "| document | words | build (ms) | ms per 1,000 words |",
        "|---|---|---|---|",
    ]
    joined = times[-1]
    lines.append(
        f"| {joined[0]} | {joined[1]:,} | {joined[2] * 1000:.0f} | "
        f"{joined[2] * 1000 / joined[1] * 1000:.1f} |"
    )
    return "\n".join(lines)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    corpus = Path(args[0])
    missing = [g.stem for g in GOLD.glob("*.json") if not (corpus / f"{g.stem}.txt").exists()]
    if missing:
        sys.exit(f"missing texts in {corpus}: {', '.join(missing)} (see benchmarks/README.md)")
    rows, calibration = score(corpus)
    table = report(rows, calibration, timing(corpus))
    print(table)
    if "--write" in sys.argv:
        write_section(README, "fidelity", table)


if __name__ == "__main__":
    main()
