"""How well the pipeline reads real articles it was not fitted on.

Run: `python benchmarks/bench_fidelity.py CORPUS_DIR [--final FINAL_DIR] [--write]`.
CORPUS_DIR holds the development articles as plain text, `<slug>.txt` for each
`benchmarks/fidelity/gold/<slug>.json` (English Wikipedia, CC BY-SA: never committed;
benchmarks/README.md says how to build them).

- **Cross-validated, by article**: each development article is scored with a model fitted
  (geodata/fit.py) on all the other development articles, never on itself: category of the
  key countries, countries named in passing that come out neutral, and, where the article
  has a map audit, map precision (coloured countries a reader accepts / coloured countries
  the audit judged; coloured countries it never saw are counted as unjudged).
- **Confidence**: on the same cross-validated predictions, the share right at or above the
  hatch threshold and below it, the share of wrong answers hatched and of right ones.
- **Final batch** (`--final`): the articles of `benchmarks/fidelity/final/`, built by the
  committed model (fitted on the development set only), scored like a first look.
- **Speed**: the longest articles joined to at least 27,000 words.

`--write` rewrites the tables in benchmarks/README.md.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.report import describe_machine, write_section  # noqa: E402
from geodata import fit  # noqa: E402
from geodata.dataset import build_dataset  # noqa: E402
from geodata.explain import UNSURE  # noqa: E402
from geodata.model import from_dict  # noqa: E402

LABELS = Path(__file__).resolve().parent / "fidelity"
README = Path(__file__).resolve().parent / "README.md"
REPEATS = 5
TARGET_WORDS = 27_000


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({right / total:.2f})" if total else "–"


def _audit(slug: str) -> dict | None:
    path = LABELS / "audits" / f"{slug}.json"
    if not path.exists():
        return None
    return {k: v for k, v in json.loads(path.read_text()).items() if not k.startswith("_")}


def _map_precision(predicted: dict[str, str], audit: dict) -> tuple[int, int, int]:
    """(accepted, judged, unjudged) over the coloured countries, as score.py counts them."""
    ok = judged = unjudged = 0
    for iso3, category in predicted.items():
        if category in ("neutral", "focal"):
            continue
        verdict = audit.get(iso3)
        if verdict is None:
            unjudged += 1
            continue
        judged += 1
        ok += category == verdict["right"] or (
            verdict["verdict"] == "accept" and category == verdict["got"]
        )
    return ok, judged, unjudged


def cross_validated(corpus: Path) -> tuple[list[dict], list[tuple[float, bool]]]:
    """Leave one article out: one row per development article, and (confidence, right) for
    every key country."""
    rows = fit.load_rows(corpus, LABELS)
    articles = sorted({r.article for r in rows})
    table, calibration = [], []
    for article in articles:
        model = from_dict(fit.fit([r for r in rows if r.article != article]))
        mine = [r for r in rows if r.article == article]
        predicted, confidence = {}, {}
        for r in mine:
            predicted[r.iso3], confidence[r.iso3] = model.choose(r.features, r.rules)
        gold = json.loads((LABELS / "gold" / f"{article}.json").read_text(encoding="utf-8"))
        keys = [r for r in mine if r.key]
        right = 0
        for r in keys:
            ok = predicted[r.iso3] in r.accepted
            right += ok
            calibration.append((confidence[r.iso3], ok))
        passing = [r for r in mine if r.passing]
        audit = _audit(article)
        table.append(
            {
                "article": article,
                "recall": (len(keys), len(gold["required"])),
                "category": (right, len(gold["required"])),
                "passing": (
                    sum(predicted[r.iso3] == "neutral" for r in passing),
                    len(gold.get("passing", [])),
                ),
                "map": _map_precision(predicted, audit) if audit else None,
            }
        )
    return table, calibration


def final_batch(final: Path) -> list[dict]:
    """The committed model on the final articles: once, as a reader would meet them."""
    table = []
    for gold_path in sorted((LABELS / "final").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (final / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        dataset = build_dataset(text, f"{gold_path.stem}.txt")
        found = {c.iso3: c for c in dataset.countries}
        required = {k: v if isinstance(v, list) else [v] for k, v in gold["required"].items()}
        passing = gold.get("passing", [])
        audit = _audit(gold_path.stem)
        table.append(
            {
                "article": gold_path.stem,
                "recall": (sum(c in found for c in required), len(required)),
                "category": (
                    sum(c in found and found[c].category in v for c, v in required.items()),
                    len(required),
                ),
                "passing": (
                    sum(found[c].category == "neutral" for c in passing if c in found),
                    len(passing),
                ),
                "traps": sum(
                    c in found and not found[c].indirect for c in gold.get("must_not", [])
                ),
                "quotes": sum(text[p.start : p.end] != p.text for p in dataset.passages),
                "map": _map_precision({k: c.category for k, c in found.items()}, audit)
                if audit
                else None,
                "calibration": [
                    (found[c].confidence, found[c].category in v)
                    for c, v in required.items()
                    if c in found
                ],
            }
        )
    return table


def timing(corpus: Path) -> tuple[str, int, float]:
    """Median build time of the longest articles joined to at least TARGET_WORDS words."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))}
    longest = sorted(texts, key=lambda k: -len(texts[k].split()))
    joined, parts = "", []
    for stem in longest:
        if len(joined.split()) >= TARGET_WORDS:
            break
        joined += ("\n\n" if joined else "") + texts[stem]
        parts.append(stem.removeprefix("foreign-relations-of-"))
    build_dataset(texts[longest[-1]], "warm-up.txt")  # gazetteer, cues and model load once
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        build_dataset(joined, "bench.txt")
        times.append(time.perf_counter() - t0)
    return f"joined: {', '.join(parts)}", len(joined.split()), statistics.median(times)


def _calibration_lines(calibration: list[tuple[float, bool]]) -> list[str]:
    above = [ok for c, ok in calibration if c >= UNSURE]
    below = [ok for c, ok in calibration if c < UNSURE]
    wrong = [c < UNSURE for c, ok in calibration if not ok]
    right = [c < UNSURE for c, ok in calibration if ok]
    return [
        f"Confidence of the key countries: at or above {UNSURE} (drawn solid), "
        f"{_share(sum(above), len(above))} right; below it (hatched, 'uncertain'), "
        f"{_share(sum(below), len(below))} right. Wrong answers hatched: "
        f"{_share(sum(wrong), len(wrong))}; right answers hatched: "
        f"{_share(sum(right), len(right))}.",
    ]


def _table(rows: list[dict], with_traps: bool) -> list[str]:
    head = "| article | recall | category | passing → neutral |"
    rule = "|---|---|---|---|"
    if with_traps:
        head += " traps | non-verbatim quotes |"
        rule += "---|---|"
    lines = [head + " map precision |", rule + "---|"]
    total: dict = defaultdict(int)
    for row in rows:
        cells = [
            row["article"].removeprefix("foreign-relations-of-"),
            f"{row['recall'][0]}/{row['recall'][1]}",
            _share(*row["category"]),
            f"{row['passing'][0]}/{row['passing'][1]}",
        ]
        if with_traps:
            cells += [str(row["traps"]), str(row["quotes"])]
            total["traps"] += row["traps"]
            total["quotes"] += row["quotes"]
        if row["map"]:
            ok, judged, unjudged = row["map"]
            cells.append(f"{_share(ok, judged)}" + (f" + {unjudged} unjudged" if unjudged else ""))
            total["map_ok"] += ok
            total["map_judged"] += judged
            total["map_unjudged"] += unjudged
        else:
            cells.append("")
        for key in ("recall", "category", "passing"):
            total[key + "0"] += row[key][0]
            total[key + "1"] += row[key][1]
        lines.append("| " + " | ".join(cells) + " |")
    worst = min(rows, key=lambda r: r["category"][0] / r["category"][1])
    cells = [
        "**total**",
        _share(total["recall0"], total["recall1"]),
        _share(total["category0"], total["category1"]),
        _share(total["passing0"], total["passing1"]),
    ]
    if with_traps:
        cells += [str(total["traps"]), str(total["quotes"])]
    cells.append(
        _share(total["map_ok"], total["map_judged"])
        + (f" + {total['map_unjudged']} unjudged" if total["map_unjudged"] else "")
    )
    lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Lowest article: {worst['article'].removeprefix('foreign-relations-of-')} "
        f"({_share(*worst['category'])}).",
    ]
    return lines


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    corpus = Path(args[0])
    stamp = f"Measured {date.today().isoformat()} on {describe_machine()}."
    cv, calibration = cross_validated(corpus)
    lines = [
        stamp,
        f"Leave one article out over the {len(cv)} development articles: each scored by a "
        "model fitted on the others only.",
        "",
        *_table(cv, with_traps=False),
        "",
        *_calibration_lines(calibration),
    ]
    name, words, seconds = timing(corpus)
    lines += [
        "",
        "| document | words | build (ms) | ms per 1,000 words |",
        "|---|---|---|---|",
        f"| {name} | {words:,} | {seconds * 1000:.0f} | {seconds * 1e6 / words:.1f} |",
    ]
    print("\n".join(lines))
    if "--write" in sys.argv:
        write_section(README, "fidelity", "\n".join(lines))
    if "--final" in sys.argv:
        final = final_batch(Path(sys.argv[sys.argv.index("--final") + 1]))
        final_lines = [
            stamp,
            f"The {len(final)} final articles, built by the committed model (fitted on the "
            "development set only). Their first look, and what changed after it, is in the "
            "first-look table above.",
            "",
            *_table(final, with_traps=True),
            "",
            *_calibration_lines([c for row in final for c in row["calibration"]]),
        ]
        print("\n" + "\n".join(final_lines))
        if "--write" in sys.argv:
            write_section(README, "final", "\n".join(final_lines))


if __name__ == "__main__":
    main()
