"""Fit the model's weights (reference/model.json) on labelled articles, and measure it on
articles it was not fitted on.

    python -m geodata.fit CORPUS_DIR [--labels benchmarks/fidelity] [--out FILE]

CORPUS_DIR holds the article texts (`<slug>.txt`); the labels folder holds `gold/<slug>.json`
answer keys (key countries, countries named in passing) and `audits/<slug>.json` map audits
(a reader's category for every country an earlier pipeline coloured). `final/` beside them
is never read: those articles score the finished method once.

Needs scikit-learn (`pip install -e '.[fit]'`); building a dataset does not.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from geodata.dataset import read_document
from geodata.records import CATEGORIES

CLASSES = tuple(c for c in CATEGORIES if c != "focal")  # the focal country is never fitted
# Settings of the fit, chosen by cross-validation on the development set (docs/
# classification.md, section 8); the weights file records them. C: inverse strength of
# the L2 penalty. A word (or word pair) is a feature
# only if it occurs in the passages of at least MIN_ARTICLES of the training articles, so
# that no word particular to one article is learned.
C = 0.3
MIN_ARTICLES = 4
KEY_WEIGHT = 1.0  # a key country of an answer key
AUDIT_WEIGHT = 0.5  # a country judged by a map audit (many per article)
# Intercepts are penalised too: a class prior learned from list-like encyclopedia articles
# ("most countries named once are neutral") should not outweigh a plain sentence.
INTERCEPT_PENALTY = 100.0
# The model's choice stands where its probability is at least this; below, the rules' answer
# (chosen by cross-validation: 0.5 costs 3 of 755 key countries against no gate, and keeps
# the plain sentences of short texts read as the rules read them).
OVERRIDE_AT = 0.5
TRUST = "trust:"  # features whose one weight counts for the category the rules chose
# Features that say how much the text says of a country, not what: they may weigh for or
# against `neutral` only, the same against every other category. Otherwise a rare category
# whose few labelled countries happen to be much discussed (peace-treaty) learns that a
# country named in one sentence of a short text cannot be it.
NEUTRAL_ONLY = "salience:"
ROUND = 4  # digits kept in the weights file


@dataclass(frozen=True)
class Row:
    article: str
    iso3: str
    features: Mapping[str, float]
    rules: str  # the reading rules' own answer
    accepted: tuple[str, ...] = ()  # the categories a reader accepts; () if unlabelled
    weight: float = 0.0
    key: bool = False  # a key country (scored for category accuracy)
    passing: bool = False  # named only in passing (its right answer is neutral)


def labels_for(gold: Mapping | None, audit: Mapping | None) -> dict[str, tuple]:
    """iso3 -> (accepted categories, weight, key, passing). Keys come first, then countries
    named in passing, then audit verdicts."""
    out: dict[str, tuple] = {}
    for iso3, verdict in (audit or {}).items():
        if iso3.startswith("_"):
            continue  # a note on the audit, not a country
        accepted = {verdict["right"]} | (
            {verdict["got"]} if verdict["verdict"] == "accept" else set()
        )
        out[iso3] = (tuple(sorted(accepted)), AUDIT_WEIGHT, False, False)
    for iso3 in (gold or {}).get("passing", []):
        out[iso3] = (("neutral",), KEY_WEIGHT, False, True)
    for iso3, value in (gold or {}).get("required", {}).items():
        accepted = (value,) if isinstance(value, str) else tuple(value)
        out[iso3] = (accepted, KEY_WEIGHT, True, False)
    return out


def article_rows(slug: str, text: str, gold: Mapping | None, audit: Mapping | None) -> list[Row]:
    """One row per country the article names (the focal one aside), labelled where the
    answer key or the audit says."""
    reading = read_document(text, f"{slug}.txt")
    labels = labels_for(gold, audit)
    rows = []
    for iso3, features in sorted(reading.features.items()):
        accepted, weight, key, passing = labels.get(iso3, ((), 0.0, False, False))
        rows.append(
            Row(slug, iso3, features, reading.decisions[iso3][0], accepted, weight, key, passing)
        )
    return rows


def load_rows(corpus: Path, labels: Path) -> list[Row]:
    rows: list[Row] = []
    for gold_path in sorted((labels / "gold").glob("*.json")):
        slug = gold_path.stem
        doc = corpus / f"{slug}.txt"
        if not doc.exists():
            sys.exit(f"error: {doc.name} is not in the corpus folder (build it first)")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        audit_path = labels / "audits" / f"{slug}.json"
        audit = json.loads(audit_path.read_text(encoding="utf-8")) if audit_path.exists() else None
        rows += article_rows(slug, doc.read_text(encoding="utf-8"), gold, audit)
    return rows


def target(row: Row) -> str:
    """The one category a row is fitted to: the rules' answer where a reader accepts it
    (so that a key listing two categories does not teach against the rules), else the
    first accepted."""
    return row.rules if row.rules in row.accepted else row.accepted[0]


def vocabulary(rows: Iterable[Row]) -> set[str]:
    articles: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for name in row.features:
            articles[name].add(row.article)
    return {
        name
        for name, seen in articles.items()
        if not name.startswith("word:") or len(seen) >= MIN_ARTICLES
    }


def _minimise(x, t, rule, y, weights, c, fixed=None):
    """Multinomial logistic regression in which the trust features `t` share one weight
    vector and count only for the class the rules chose (`rule`, an index per row):
    minimise c · Σ wᵢ · (−log pᵢ[yᵢ]) + ½ (‖W‖² + ‖β‖²), intercepts unpenalised, by L-BFGS
    from zero (deterministic). `fixed`, a boolean mask of the shape of W, holds the masked
    weights at zero."""
    import numpy as np
    from scipy.optimize import minimize

    n, d = x.shape
    k = len(CLASSES)
    dt = t.shape[1]
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    chosen = np.zeros((n, k))
    chosen[np.arange(n), rule] = 1.0
    w = np.asarray(weights, dtype=float)[:, None]

    def unpack(theta):
        coef = theta[: d * k].reshape(d, k)
        beta = theta[d * k : d * k + dt]
        return coef, beta, theta[d * k + dt :]

    def loss(theta):
        coef, beta, intercept = unpack(theta)
        z = x @ coef + intercept + (t @ beta)[:, None] * chosen
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        value = -c * float((w * onehot * np.log(np.clip(p, 1e-300, None))).sum())
        value += 0.5 * (float((coef**2).sum()) + float((beta**2).sum()))
        value += 0.5 * INTERCEPT_PENALTY * float((intercept**2).sum())
        residual = c * w * (p - onehot)
        grad_beta = t.T @ (residual * chosen).sum(axis=1) + beta
        grad_intercept = residual.sum(axis=0) + INTERCEPT_PENALTY * intercept
        grad_coef = x.T @ residual + coef
        if fixed is not None:
            grad_coef = np.where(fixed, 0.0, grad_coef)
        grad = np.concatenate([grad_coef.ravel(), grad_beta, grad_intercept])
        return value, grad

    theta = np.zeros(d * k + dt + k)
    found = minimize(
        loss, theta, jac=True, method="L-BFGS-B", options={"maxiter": 5000, "gtol": 1e-7}
    )
    return unpack(found.x)


def fit(rows: Sequence[Row], c: float = C) -> dict:
    """The weights file's contents, fitted on the labelled rows."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    labelled = [r for r in rows if r.accepted]
    keep = vocabulary(labelled)
    per_class = DictVectorizer(sort=True)
    x = per_class.fit_transform(
        [
            {k: v for k, v in r.features.items() if k in keep and not k.startswith(TRUST)}
            for r in labelled
        ]
    ).tocsr()
    shared = DictVectorizer(sort=True)
    t = shared.fit_transform(
        [{k: v for k, v in r.features.items() if k.startswith(TRUST)} for r in labelled]
    ).tocsr()
    y = [CLASSES.index(target(r)) for r in labelled]
    rule = [CLASSES.index(r.rules) for r in labelled]
    names = per_class.get_feature_names_out()
    fixed = np.zeros((len(names), len(CLASSES)), dtype=bool)
    fixed[[str(n).startswith(NEUTRAL_ONLY) for n in names]] = True
    fixed[:, CLASSES.index("neutral")] = False
    coef, beta, intercept = _minimise(
        x, t, np.array(rule), np.array(y), [r.weight for r in labelled], c, fixed
    )
    weights = {}
    for j, name in enumerate(names):
        row = {k: round(float(coef[j, i]), ROUND) for i, k in enumerate(CLASSES)}
        if any(abs(w) >= 10**-ROUND for w in row.values()):
            weights[str(name)] = row
    trust = {
        str(name): round(float(beta[j]), ROUND)
        for j, name in enumerate(shared.get_feature_names_out())
    }
    labels = [CLASSES[i] for i in y]
    return {
        "about": (
            "Multinomial logistic regression over the features of geodata/features.py; the "
            "trust weights count for the category the reading rules chose. "
            "Refit with: python -m geodata.fit CORPUS_DIR (see docs/classification.md)."
        ),
        "settings": {
            "C": c,
            "override_at": OVERRIDE_AT,
            "intercept_penalty": INTERCEPT_PENALTY,
            "min_articles": MIN_ARTICLES,
            "key_weight": KEY_WEIGHT,
            "audit_weight": AUDIT_WEIGHT,
        },
        "fitted_on": {
            "articles": sorted({r.article for r in labelled}),
            "rows": len(labelled),
            "per_class": {k: labels.count(k) for k in CLASSES},
        },
        "classes": list(CLASSES),
        "intercept": {k: round(float(intercept[i]), ROUND) for i, k in enumerate(CLASSES)},
        "trust": trust,
        "weights": dict(sorted(weights.items())),
    }


def cross_validate(rows: Sequence[Row], c: float = C) -> dict[str, dict[str, str]]:
    """Leave one article out: each article's countries predicted by a model fitted on the
    other articles only. article -> iso3 -> predicted category."""
    from geodata.model import from_dict

    out: dict[str, dict[str, str]] = {}
    for article in sorted({r.article for r in rows}):
        model = from_dict(fit([r for r in rows if r.article != article], c))
        out[article] = {r.iso3: predict(model, r) for r in rows if r.article == article}
    return out


def predict(model, row: Row) -> str:
    return model.choose(row.features, row.rules)[0]


def score(rows: Sequence[Row], predicted: Mapping[str, Mapping[str, str]]) -> dict[str, dict]:
    """Per article: key countries right, passing countries neutral, and (where audited)
    coloured countries a reader accepts / coloured countries judged."""
    out: dict[str, dict] = {}
    for row in rows:
        s = out.setdefault(
            row.article,
            {"key": 0, "key_right": 0, "passing": 0, "passing_right": 0, "map": 0, "map_right": 0},
        )
        got = predicted[row.article][row.iso3]
        if row.key:
            s["key"] += 1
            s["key_right"] += got in row.accepted
        if row.passing:
            s["passing"] += 1
            s["passing_right"] += got == "neutral"
        if got != "neutral" and row.accepted and not row.key and not row.passing:
            s["map"] += 1
            s["map_right"] += got in row.accepted
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geodata.fit", description=__doc__.split("\n")[0]
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--labels", type=Path, default=Path("benchmarks/fidelity"))
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "reference" / "model.json"
    )
    args = parser.parse_args(argv)
    rows = load_rows(args.corpus, args.labels)
    data = fit(rows)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out.name}: {len(data['weights'])} weights, {data['fitted_on']['rows']} rows"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
