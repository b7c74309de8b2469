"""Cue phrases (reference/cues.toml) and where they occur in a text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geodata.records import CATEGORIES, Cue

CUES_FILE = Path(__file__).resolve().parent / "reference" / "cues.toml"
# A cue right after a negation ("not an ally", "no longer a partner") says nothing.
_NEGATION = re.compile(r"\b(?:not|no|never|nor|without|n't|no\s+longer)\W+(?:\w+\W+){0,2}\Z", re.I)


@dataclass(frozen=True)
class CueRule:
    category: str
    name: str
    pattern: re.Pattern[str]
    weight: float
    example: str


def parse_rules(table: dict) -> tuple[CueRule, ...]:
    rules = []
    for c in table["cue"]:
        if c["category"] not in CATEGORIES:
            raise ValueError(f"cue {c['name']!r} has unknown category {c['category']!r}")
        pattern = re.compile(r"\b(?:" + c["pattern"] + r")\b", re.IGNORECASE)
        rules.append(CueRule(c["category"], c["name"], pattern, float(c["weight"]), c["example"]))
    return tuple(rules)


@cache
def load_rules() -> tuple[CueRule, ...]:
    with CUES_FILE.open("rb") as f:
        return parse_rules(tomllib.load(f))


def find_cues(text: str, start: int, end: int, rules: tuple[CueRule, ...]) -> list[Cue]:
    """Non-negated cues inside text[start:end], in text order."""
    found = []
    for rule in rules:
        for m in rule.pattern.finditer(text, start, end):
            if _NEGATION.search(text, max(start, m.start() - 30), m.start()):
                continue
            found.append(Cue(rule.category, rule.name, m.start(), m.end(), rule.weight))
    return sorted(found, key=lambda c: (c.start, c.end, c.category))
