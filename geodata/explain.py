"""The category of one country: the fitted model's choice, and why, in a reader's words.

The model (model.py) weighs what the reading rules found (features.py). Its answer comes
with the probability it gives that answer (the `confidence` column) and one line saying
which words of the text decided it, when they were said and how sure the reading is: no
internal scores, which stay in the CSV's `cues` column and in docs/classification.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from geodata.classify import Decision
from geodata.model import Model
from geodata.records import Evidence

# At or above SURE: "sure"; below UNSURE: "uncertain", and the map hatches it. UNSURE is
# where, leaving one of the 121 development articles out at a time, the answers drawn solid
# are right nine times in ten and the hatch catches more than 60% of the wrong ones, at the
# cost of hatching 20% of the right ones (docs/classification.md, section 8).
SURE = 0.9
UNSURE = 0.75
_STATE_CATEGORIES = ("normalization", "no-relations")
_SAYS = {
    "ally": "an alliance",
    "partner": "cooperation",
    "normalization": "relations recently established or restored",
    "peace-treaty": "a peace treaty",
    "adversary": "hostility",
    "contested": "a dispute",
    "no-relations": "no diplomatic relations",
}


def judge(
    fitted: Model,
    features: Mapping[str, float],
    rules: Decision,
    evidence: Sequence[Evidence],
    focal_name: str,
) -> Decision:
    """(category, confidence, decided_by, deciding evidence, rationale)."""
    ruled, _, scope, used, _ = rules
    category, probability = fitted.choose(features, ruled)
    confidence = round(probability, 2)
    if category == "neutral":  # no cue decides it, whoever chose it
        return category, confidence, "none", (), _neutral(evidence, focal_name, confidence)
    if category == ruled:
        deciding = tuple(ev for ev in used if ev.category == category) or tuple(used)
        decided_by = scope
    else:
        deciding = _deciding(evidence, category)
        decided_by = "model"
    return (
        category,
        confidence,
        decided_by,
        deciding,
        _because(category, deciding, fitted, features, confidence),
    )


def _deciding(evidence: Sequence[Evidence], category: str) -> tuple[Evidence, ...]:
    found = [ev for ev in evidence if ev.category == category]
    return tuple(sorted(set(found), key=lambda ev: (ev.start, ev.scope)))


HOW_SURE = ("sure", "fairly sure", "uncertain")  # the rationale's last words, surest first


def _how_sure(confidence: float) -> str:
    if confidence >= SURE:
        return HOW_SURE[0]
    return HOW_SURE[1] if confidence >= UNSURE else HOW_SURE[2]


def _quoted(deciding: Sequence[Evidence], category: str) -> list[str]:
    """The strongest deciding words, each once, with the year the text gives them."""
    states = category in _STATE_CATEGORIES
    ranked = sorted(
        deciding,
        key=lambda ev: (-(bool(ev.state) == states), -(ev.year or 0) if states else 0, -ev.weight),
    )
    out: list[str] = []
    for ev in ranked:
        words = f"“{ev.surface}”" + (f" ({ev.year})" if ev.year else "")
        if words not in out:
            out.append(words)
        if len(out) == 2:
            break
    return out


def _because(
    category: str,
    deciding: Sequence[Evidence],
    fitted: Model,
    features: Mapping[str, float],
    confidence: float,
) -> str:
    quoted = _quoted(deciding, category)
    sure = _how_sure(confidence)
    if quoted:
        return f"{category}: the text speaks of {_SAYS[category]}, {' and '.join(quoted)}; {sure}"
    words = [
        name.removeprefix("word:")
        for name, _ in fitted.contributions(features, category)
        if name.startswith("word:") and "<" not in name
    ][:3]
    if words:
        listed = ", ".join(f"“{w}”" for w in words)
        return f"{category}: the words around its name ({listed}) read as {_SAYS[category]}; {sure}"
    return f"{category}: how the text places it reads as {_SAYS[category]}; {sure}"


def _neutral(evidence: Sequence[Evidence], focal_name: str, confidence: float) -> str:
    sure = _how_sure(confidence)
    if not evidence:
        return f"neutral: named, but the text states no relation with {focal_name}; {sure}"
    return (
        f"neutral: the words near its name do not make a clear relation with {focal_name}; {sure}"
    )
