"""From a document's text to its country dataset: a pure function of text and options."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from geodata import gazetteer, model
from geodata.classify import Decision, decide, gather_evidence, latest_year
from geodata.cues import load_rules
from geodata.errors import InputError
from geodata.explain import judge
from geodata.features import document_features
from geodata.focal import detect_focal
from geodata.mentions import find_mentions
from geodata.records import (
    CountryRelation,
    Dataset,
    Document,
    Evidence,
    Mention,
    Override,
    Passage,
)
from geodata.section_labels import section_labels
from geodata.structure import parse, sentence_locator
from geodata.topics import block_topics


def _passages(
    document: Document, mentions: Sequence[Mention], labels: Sequence[str]
) -> list[Passage]:
    """One passage per (country, sentence), holding that country's mentions in it;
    `labels` names each block's section for the reader (section_labels.py)."""
    sentence_of = sentence_locator(document)
    grouped: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        grouped[(m.iso3, sentence_of(m.start))].append(m)
    passages = []
    for (iso3, index), found in grouped.items():
        sentence = document.sentences[index]
        passages.append(
            Passage(
                iso3=iso3,
                section=labels[sentence.block],
                start=sentence.start,
                end=sentence.end,
                text=document.text[sentence.start : sentence.end],
                mentions=tuple(sorted(found, key=lambda m: m.start)),
            )
        )
    return sorted(passages, key=lambda p: (p.iso3, p.start))


def _passage_counts(passages: Sequence[Passage]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for p in passages:
        counts[p.iso3] += 1
    return counts


@dataclass(frozen=True)
class Reading:
    """What the reading rules found in one document, before the fitted model weighs it."""

    document: Document
    mentions: tuple[Mention, ...]
    focal: str
    focal_rule: str
    evidence: dict[str, list[Evidence]]
    decisions: dict[str, Decision]  # the rules' own answer, per country (focal aside)
    features: dict[str, dict[str, float]]  # per country (focal aside), for model.py
    passages: tuple[Passage, ...]


def read_document(text: str, source_name: str, focal: str | None = None) -> Reading:
    """Parse a document and read every country's evidence. Raises InputError for unusable
    input."""
    gaz = gazetteer.load()
    document = parse(text, source_name)
    mentions = find_mentions(document, gaz)
    if not mentions:
        raise InputError("no country is mentioned in the document")
    if focal is None:
        focal, focal_rule = detect_focal(document, mentions)
    else:
        focal = focal.upper()
        if focal not in gaz.names:
            raise InputError(f"--focal {focal!r} is not a known ISO 3166-1 alpha-3 code")
        focal_rule = "given on the command line"
    topics = block_topics(document, mentions, focal)
    evidence = gather_evidence(document, mentions, focal, load_rules(), topics)
    now = latest_year(text)
    labels = section_labels(document, mentions, focal, gaz.name)
    passages = _passages(document, mentions, labels)
    passage_count = _passage_counts(passages)
    decisions = {
        iso3: decide(evidence.get(iso3, ()), now, passage_count[iso3])
        for iso3 in sorted({m.iso3 for m in mentions} - {focal})
    }
    features = document_features(document, mentions, focal, topics, evidence, decisions, now)
    return Reading(
        document, tuple(mentions), focal, focal_rule, evidence, decisions, features, tuple(passages)
    )


def build_dataset(
    text: str,
    source_name: str,
    focal: str | None = None,
    overrides: Sequence[Override] = (),
) -> Dataset:
    """Derive the dataset of one document. Raises InputError for unusable input."""
    gaz = gazetteer.load()
    reading = read_document(text, source_name, focal)
    focal, document, passages = reading.focal, reading.document, reading.passages
    by_country: dict[str, list[Mention]] = defaultdict(list)
    for m in reading.mentions:
        by_country[m.iso3].append(m)
    by_country.setdefault(focal, [])
    passage_count = _passage_counts(passages)
    corrections = {o.iso3: o for o in overrides}
    unknown = sorted(set(corrections) - set(by_country))
    if unknown:
        raise InputError(
            f"overrides name countries the document does not mention: {', '.join(unknown)}"
        )
    if focal in corrections:
        raise InputError(f"an override cannot change the focal country {focal}")
    fitted = model.load()
    countries = []
    for iso3, found in sorted(by_country.items()):
        via = tuple(sorted({m.via for m in found if m.indirect}))
        common = {
            "iso3": iso3,
            "name": gaz.name(iso3),
            "indirect": bool(found) and all(m.indirect for m in found),
            "mentions": len(found),
            "passages": passage_count[iso3],
            "via": via,
        }
        if iso3 == focal:
            countries.append(
                CountryRelation(
                    **common,
                    category="focal",
                    confidence=1.0,
                    rationale=f"focal: {reading.focal_rule}",
                    decided_by="focal",
                )
            )
            continue
        judged = judge(
            fitted,
            reading.features[iso3],
            reading.decisions[iso3],
            reading.evidence.get(iso3, ()),
            gaz.name(focal),
        )
        category, confidence, scope, used, rationale = judged
        override = corrections.get(iso3)
        if override:
            rationale = f"override: {override.reason} (without it: {rationale})"
            category, confidence, scope = override.category, 1.0, "override"
        countries.append(
            CountryRelation(
                **common,
                category=category,
                confidence=confidence,
                rationale=rationale,
                decided_by=scope,
                evidence=used,
                override_reason=override.reason if override else "",
            )
        )
    return Dataset(
        title=document.title,
        focal=focal,
        focal_rule=reading.focal_rule,
        source_name=source_name,
        source_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        countries=tuple(countries),
        passages=passages,
    )
