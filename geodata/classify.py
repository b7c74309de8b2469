"""Decide each country's relationship category from the cues around its mentions.

The method (scopes, distance weighting, precedence, confidence) is described for users in
docs/classification.md; the constants below are the numbers it quotes.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from geodata.cues import CueRule, find_cues
from geodata.records import Cue, Document, Evidence, Mention
from geodata.structure import sentence_locator

PRECEDENCE = ("peace-treaty", "normalization", "ally", "adversary", "contested", "partner")
FORMAL = ("peace-treaty", "normalization", "ally")
SCOPE_FACTOR = {"sentence": 1.0, "paragraph": 0.7, "section": 0.5}
WIDER_SCOPE_WEIGHT = 0.5
NEUTRAL_CONFIDENCE = 0.5
# How far a cue reaches inside one sentence. Past a few clauses a cue weighs little and is
# about something else; the limits also keep a run-on "sentence" from costing n² work.
REACH_CUES = 3  # nearest cues on each side of a list of names
REACH_CHARS = 600  # about 100 words: weight / (1 + 100 / 8) is under a tenth
_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:and|or|as well as|&)\s+)?", re.IGNORECASE)
_CLAUSE_MARK = re.compile(r"[,;:—–()]")
_WORD = re.compile(r"\w+")
_CONTRAST = re.compile(r"\b(?:versus|vs|unlike|rather\s+than|instead\s+of)\b", re.IGNORECASE)


def _units(text: str, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Group a sentence's mentions into coordinated lists ("Egypt and Jordan")."""
    units: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: (m.start, m.iso3)):
        last = units[-1][-1] if units else None
        if last and (m.start == last.start or _LIST_GAP.fullmatch(text, last.end, m.start)):
            units[-1].append(m)
        else:
            units.append([m])
    return units


def _distance(text: str, cue: Cue, unit: Sequence[Mention]) -> int | None:
    """Words between the cue and the unit's nearest name, or None when out of reach."""
    if cue.end <= unit[0].start:
        lo, hi = cue.end, unit[0].start
    elif cue.start >= unit[-1].end:
        lo, hi = unit[-1].end, cue.start
    else:  # inside a list ("Egypt, peace partner, and Jordan"): the nearer neighbour
        # A unit's mentions are in text order and do not overlap (group members share one
        # span), so both neighbours are found by bisection, not by a scan of the list.
        i = bisect.bisect_right(unit, cue.start, key=lambda m: m.end) - 1  # last name before
        j = bisect.bisect_left(unit, cue.end, key=lambda m: m.start)  # first name after
        if i < 0 or j >= len(unit) or j > i + 1:
            return 0  # the cue overlaps a name
        sides = [_distance(text, cue, [unit[i]]), _distance(text, cue, [unit[j]])]
        reached = [d for d in sides if d is not None]
        return min(reached) if reached else None
    if hi - lo > REACH_CHARS:
        return None
    gap = text[lo:hi]
    return (
        len(_WORD.findall(gap))
        + 4 * len(_CLAUSE_MARK.findall(gap))
        + 12 * len(_CONTRAST.findall(gap))
    )


def _near(cues: Sequence[Cue], starts: Sequence[int], unit: Sequence[Mention]) -> Sequence[Cue]:
    """The cues inside the unit's span and the REACH_CUES nearest on each side of it."""
    first = bisect.bisect_left(starts, unit[0].start)
    last = bisect.bisect_left(starts, unit[-1].end)
    return cues[max(0, first - REACH_CUES) : last + REACH_CUES]


def gather_evidence(
    document: Document, mentions: Iterable[Mention], focal: str, rules: tuple[CueRule, ...]
) -> dict[str, dict[str, list[Evidence]]]:
    """Evidence per country, per scope: {iso3: {"sentence": [...], ...}}."""
    text = document.text
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    sentence_of = sentence_locator(document)
    for m in mentions:
        if m.iso3 != focal:
            by_sentence[sentence_of(m.start)].append(m)
    evidence: dict[str, dict[str, list[Evidence]]] = defaultdict(lambda: defaultdict(list))
    unclaimed: dict[int, list[Cue]] = defaultdict(list)  # block -> cues no country took
    for index, sentence in enumerate(document.sentences):
        cues = find_cues(text, sentence.start, sentence.end, rules)
        if not cues:
            continue
        named = by_sentence.get(index)
        if not named:
            unclaimed[sentence.block].extend(cues)
            continue
        starts = [c.start for c in cues]
        for unit in _units(text, named):
            members = dict.fromkeys(m.iso3 for m in unit)  # a country listed twice counts once
            for cue in _near(cues, starts, unit):
                distance = _distance(text, cue, unit)
                if distance is None:
                    continue
                weight = cue.weight / (1 + distance / 8)
                for iso3 in members:
                    evidence[iso3]["sentence"].append(_evidence(text, cue, weight, "sentence"))
    in_block: dict[int, set[str]] = defaultdict(set)
    in_section: dict[int, set[str]] = defaultdict(set)
    for index, named in by_sentence.items():
        block = document.sentences[index].block
        for m in named:
            in_block[block].add(m.iso3)
            in_section[document.blocks[block].section].add(m.iso3)
    for block, cues in unclaimed.items():
        for iso3 in in_block[block]:
            for cue in cues:
                ev = _evidence(text, cue, cue.weight * WIDER_SCOPE_WEIGHT, "paragraph")
                evidence[iso3]["paragraph"].append(ev)
    for number, section in enumerate(document.sections):
        if section.end <= section.start:
            continue
        for cue in find_cues(text, section.start, section.end, rules):
            for iso3 in in_section[number]:
                ev = _evidence(text, cue, cue.weight * WIDER_SCOPE_WEIGHT, "section")
                evidence[iso3]["section"].append(ev)
    return evidence


def _evidence(text: str, cue: Cue, weight: float, scope: str) -> Evidence:
    surface = text[cue.start : cue.end]
    return Evidence(cue.category, cue.phrase, surface, cue.start, cue.end, round(weight, 3), scope)  # type: ignore[arg-type]


def decide(scopes: dict[str, list[Evidence]]) -> tuple[str, float, str, tuple[Evidence, ...], str]:
    """(category, confidence, scope, deciding evidence, rationale) for one country."""
    for scope in ("sentence", "paragraph", "section"):
        found = scopes.get(scope)
        if found:
            break
    else:
        return (
            "neutral",
            NEUTRAL_CONFIDENCE,
            "none",
            (),
            "neutral: no relationship cue near any mention",
        )
    totals: dict[str, float] = defaultdict(float)
    for ev in found:
        totals[ev.category] += ev.weight
    ranked = sorted(totals, key=lambda c: (-totals[c], PRECEDENCE.index(c)))
    winner, note = ranked[0], ""
    if winner == "partner":
        formal = [c for c in ranked if c in FORMAL and totals[c] >= totals["partner"] / 2]
        if formal:
            winner = formal[0]
            note = (
                f"; formal status preferred over partner "
                f"({totals[winner]:.1f} vs {totals['partner']:.1f})"
            )
    total = sum(totals.values())
    confidence = totals[winner] / total * min(1.0, total / 4) * SCOPE_FACTOR[scope]
    strongest = sorted(
        (ev for ev in found if ev.category == winner), key=lambda ev: (-ev.weight, ev.start)
    )[:3]
    cues = ", ".join(f"“{ev.surface}” {ev.weight:.1f}" for ev in strongest)
    others = "; ".join(f"{c} {totals[c]:.1f}" for c in ranked if c != winner)
    rationale = f"{winner} from {scope} cues: {cues} (total {totals[winner]:.1f}"
    rationale += f"; other: {others})" if others else ")"
    rationale += note
    ordered = tuple(sorted(found, key=lambda ev: (ev.start, ev.category)))
    return winner, round(confidence, 2), scope, ordered, rationale
