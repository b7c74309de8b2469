"""The fitted weights (reference/model.json) that turn a country's features into a
category and a probability: a multinomial logistic regression, read without scikit-learn
(a dot product and a softmax), so that building a dataset needs nothing fitted at run time.

`python -m geodata.fit CORPUS_DIR` refits the file from the labelled articles; the file
itself says what it was fitted on, with which settings, and what cross-validation found.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).resolve().parent / "reference" / "model.json"
# Features that come from the words of the text near the country's name. A country with
# no such feature the weights know is named only through a group (or amid names alone): by
# 10-fold cross-validation, every such country the model coloured against the rules'
# neutral was one a reader calls neutral.
WORDS = ("cue:", "state:", "phrase:", "word:")


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]  # feature -> one weight per class
    # trust feature -> its weight, added to the score of the class the reading rules chose
    # (the one with a "rule:<class>" feature): how far to believe the rules
    trust: Mapping[str, float] = field(default_factory=dict)
    # Below this probability the model's own choice gives way to the rules' answer: on a
    # text unlike the labelled articles (a short essay, a list of bullets) the rules'
    # reading of a plain sentence is the safer one.
    override_at: float = 0.0

    def scores(self, features: Mapping[str, float]) -> list[float]:
        totals = list(self.intercept)
        trust = 0.0
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    totals[k] += w * value
            elif name in self.trust:
                trust += self.trust[name] * value
        for k, c in enumerate(self.classes):
            if features.get(f"rule:{c}"):
                totals[k] += trust
        return totals

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        scores = self.scores(features)
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    def choose(self, features: Mapping[str, float], ruled: str) -> tuple[str, float]:
        """The category and its probability: the most probable one (a tie goes to the
        rules' answer `ruled`), unless it is less probable than `override_at`, or no words
        near the country's name weigh in it (WORDS), when the rules' answer stands."""
        probabilities = self.probabilities(features)
        category = max(self.classes, key=lambda c: (probabilities[c], c == ruled))
        if probabilities[category] < self.override_at:
            category = ruled  # the model departs from the rules only where it is surer
        elif not any(name.startswith(WORDS) and name in self.weights for name in features):
            category = ruled  # a colour needs words of the text behind it
        return category, probabilities[category]

    def contributions(
        self, features: Mapping[str, float], category: str
    ) -> list[tuple[str, float]]:
        """The features that pushed toward `category` more than toward the others, largest
        first: what the explanation quotes."""
        k = self.classes.index(category)
        out = []
        for name, value in features.items():
            row = self.weights.get(name)
            if row is None:
                continue
            mean = sum(row) / len(row)
            push = (row[k] - mean) * value
            if push > 0:
                out.append((name, push))
        return sorted(out, key=lambda nv: (-nv[1], nv[0]))


def from_dict(data: Mapping) -> Model:
    classes = tuple(data["classes"])
    weights = {
        name: tuple(float(row.get(c, 0.0)) for c in classes)
        for name, row in data["weights"].items()
    }
    intercept = tuple(float(data["intercept"][c]) for c in classes)
    trust = {name: float(w) for name, w in data.get("trust", {}).items()}
    override_at = float(data.get("settings", {}).get("override_at", 0.0))
    return Model(classes, intercept, weights, trust, override_at)


@cache
def load(path: Path = MODEL_FILE) -> Model:
    return from_dict(json.loads(path.read_text(encoding="utf-8")))
