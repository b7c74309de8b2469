"""Cue phrases (reference/cues.toml) and where they occur in a text."""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geodata.addresses import Addresses
from geodata.records import CATEGORIES, Cue, State

CUES_FILE = Path(__file__).resolve().parent / "reference" / "cues.toml"
# A cue right after a negation ("not an ally", "no longer a partner") says nothing, unless
# the negation is of giving something up ("has never abandoned its claim to").
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|without|n't|no\s+longer)\W+"
    r"(?!(?:abandon|renounc|relinquish|dropp|waiv|given\s+up|gave\s+up)\w*)"
    r"(?:\w+\W+){0,2}\Z",
    re.I,
)
STATES: tuple[str, ...] = State.__args__  # type: ignore[attr-defined]
_UNTIL = re.compile(r"[^.;]{0,25}?\buntil\s+(?:\w+\s+)?\d{4}\b", re.IGNORECASE)
NO_CATEGORY = "none"  # a phrase listed so that it masks a shorter cue inside it


@dataclass(frozen=True)
class CueRule:
    category: str
    name: str
    pattern: re.Pattern[str]
    weight: float
    example: str
    state: str = ""
    directed: bool = False


def parse_rules(table: dict) -> tuple[CueRule, ...]:
    rules = []
    for c in table["cue"]:
        if c["category"] not in (*CATEGORIES, NO_CATEGORY):
            raise ValueError(f"cue {c['name']!r} has unknown category {c['category']!r}")
        if c.get("state", "") not in STATES:
            raise ValueError(f"cue {c['name']!r} has unknown state {c['state']!r}")
        pattern = re.compile(r"\b(?:" + c["pattern"] + r")\b", re.IGNORECASE)
        rules.append(
            CueRule(
                c["category"],
                c["name"],
                pattern,
                float(c["weight"]),
                c["example"],
                c.get("state", ""),
                bool(c.get("directed", False)),
            )
        )
    return tuple(rules)


@cache
def load_rules() -> tuple[CueRule, ...]:
    with CUES_FILE.open("rb") as f:
        return parse_rules(tomllib.load(f))


def find_cues(text: str, start: int, end: int, rules: tuple[CueRule, ...]) -> list[Cue]:
    """Non-negated cues inside text[start:end], in text order; of overlapping cues only the
    longest counts, and masks ("none") count for nothing."""
    addresses = Addresses(text, start, end)
    found = [
        Cue(rule.category, rule.name, m.start(), m.end(), rule.weight, rule.state, rule.directed)  # type: ignore[arg-type]
        for rule in rules
        for m in rule.pattern.finditer(text, start, end)
        if not addresses.overlap(m.start(), m.end())
    ]
    kept: list[Cue] = []
    starts: list[int] = []  # of `kept`, sorted, which never overlap one another
    for cue in sorted(found, key=lambda c: (-(c.end - c.start), c.start, c.category)):
        i = bisect.bisect_right(starts, cue.start)
        if (i == 0 or kept[i - 1].end <= cue.start) and (i == len(kept) or cue.end <= starts[i]):
            kept.insert(i, cue)
            starts.insert(i, cue.start)
    return sorted(
        (
            c
            for c in kept
            if c.category != NO_CATEGORY
            and not (
                _NEGATION.search(text, max(start, c.start - 30), c.start)
                # "never signed a peace treaty until 2006": a negation that ended
                and not _UNTIL.match(text, c.end, min(end, c.end + 40))
            )
        ),
        key=lambda c: (c.start, c.end, c.category),
    )


# Words that put a cue in the past ("a former ally", "allied until 1990", "in the Middle
# Ages") or in the present ("continues to", "currently"). The latest state the text
# describes is the relation; history is not.
_PAST = re.compile(
    r"\b(?:former(?:ly)?|once|previously|historically|erstwhile|ex-|used\s+to|"
    r"(?:until|till|before)\s+(?:the\s+)?(?:\d{4}|\w+\s+\d{4})|"
    r"(?:in|during)\s+the\s+(?:Middle\s+Ages|Cold\s+War|\d{2}(?:th|st|nd|rd)\s+century)"
    r")\b[^.;]{0,120}\Z",
    re.IGNORECASE,
)
# What follows a cue can date it too: "were allies during the Abyssinian–Adal conflict".
_PAST_AFTER = re.compile(
    r"[^.;]{0,40}?\b(?:during|in)\s+the\s+(?:(?:[\w–-]+\s+){0,3}(?:war|conflict|era|"
    r"empire|period|revolution)|Middle\s+Ages|\d{2}(?:th|st|nd|rd)\s+century)\b",
    re.IGNORECASE,
)
# Words that make a cue a plan, an offer or a wish rather than an event.
_INTENT = re.compile(
    r"\b(?:ready|willing|plan(?:s|ned|ning)?|intend(?:s|ed)?|seek(?:s|ing)?|sought|"
    r"hope(?:s|d)?|offer(?:s|ed)?|propos(?:e|ed|es|al)|aim(?:s|ed)?|"
    r"wish(?:es|ed)?|want(?:s|ed)?|talks?\s+on|dialogue\s+on|negotiations?\s+on)"
    r"\b(?:\s+to)?(?:\s+\S+){0,6}\s*\Z"
    r"|\b(?:on|towards?|about)\s+\Z",  # "talks with Turkey on establishing relations"
    re.IGNORECASE,
)
_NOW = re.compile(
    r"\b(?:there\s+(?:are|is)|has|have|does|do|still)(?:\s+not)?(?:\s+(?:yet|still))?\s+\Z",
    re.IGNORECASE,
)
_PRESENT = re.compile(
    r"\b(?:continu(?:e|es|ed)\s+to|currently|presently|nowadays|today|still|remains?|now"
    r")\b[^.;]{0,40}\Z",
    re.IGNORECASE,
)


def tense(
    text: str,
    lo: int,
    start: int,
    end: int | None = None,
    hi: int | None = None,
    state: bool = False,
) -> str:
    """The tense of a cue at [start, end) inside [lo, hi): "past", "intent" or "present"
    when the words around it say so, else "". A state cue ("no diplomatic relations") is
    also present right after "there are", "has", "does not" or "still"."""
    if _PAST.search(text, max(lo, start - 160), start):
        return "past"
    if end is not None and _PAST_AFTER.match(text, end, min(hi or end + 120, end + 120)):
        return "past"
    if _INTENT.search(text, max(lo, start - 60), start):
        return "intent"
    if state and _NOW.search(text, max(lo, start - 30), start):
        return "present"
    return "present" if _PRESENT.search(text, max(lo, start - 60), start) else ""
