"""Relationship categories: decided by cues, explained, with a documented precedence."""

from __future__ import annotations

import pytest

from geodata.dataset import build_dataset, read_document
from geodata.errors import InputError
from geodata.records import CATEGORIES, Override


def categories(text: str, focal: str | None = None) -> dict[str, str]:
    dataset = build_dataset(text, "t.txt", focal)
    return {c.iso3: c.category for c in dataset.countries}


def relation(text: str, iso3: str, focal: str | None = None):
    dataset = build_dataset(text, "t.txt", focal)
    return next(c for c in dataset.countries if c.iso3 == iso3)


def ruling(text: str, iso3: str):
    """The reading rules' own decision (category, confidence, scope, evidence, rationale),
    before the fitted model weighs what they found."""
    return read_document(text, "t.txt").decisions[iso3]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("Canada is its closest ally.", "ally"),
        ("A mutual defense treaty binds it to Canada.", "ally"),
        ("Canada is a key trading partner.", "partner"),
        ("Egypt signed a peace treaty with it in 1979.", "peace-treaty"),
        ("It agreed to normalize relations with Bahrain in 2020.", "normalization"),
        ("It established diplomatic relations with Kazakhstan in 1992.", "normalization"),
        ("It regards Iran as its principal enemy.", "adversary"),
        ("It has no diplomatic relations with Iran.", "no-relations"),
        ("The status of Western Sahara remains disputed.", "contested"),
        ("Peru hosted a football tournament.", "neutral"),
    ],
)
def test_a_sentence_cue_decides_the_category(sentence, category):
    text = f"Foreign relations of Israel\n\nIsrael has many relations. {sentence}\n"
    decided = {k: v for k, v in categories(text).items() if k != "ISR"}
    assert set(decided.values()) == {category}


def test_the_focal_country_is_focal_and_absorbs_no_cue():
    text = "Foreign relations of Chile\n\nChile is an ally of nobody; Peru is a partner.\n"
    assert categories(text) == {"CHL": "focal", "PER": "partner"}


def test_cues_go_to_the_nearer_country_in_a_mixed_sentence():
    text = (
        "Foreign relations of Israel\n\nCoordinated with the United States and other allies, "
        "Israel seeks to deter Iran's nuclear programme.\n"
    )
    assert categories(text) == {"ISR": "focal", "USA": "ally", "IRN": "adversary"}


def test_coordinated_countries_share_a_cue():
    text = "Title of Israel\n\nEgypt and Jordan have peace treaties with Israel.\n"
    cats = categories(text, "ISR")
    assert cats["EGY"] == cats["JOR"] == "peace-treaty"


def test_a_formal_status_wins_over_generic_cooperation_words():
    text = (
        "Foreign relations of Israel\n\nUnder the Abraham Accords, Morocco and other partners "
        "began cooperation, joint ventures and trade ties with Israel.\n"
    )
    found = relation(text, "MAR")
    assert found.category == "normalization"
    assert "formal status preferred over partner" in ruling(text, "MAR")[4]


def test_contrast_words_weaken_a_cue_across_them():
    def weight(joiner: str) -> float:
        text = f"Foreign relations of Israel\n\nNormalization {joiner} Iran: open.\n"
        (ev,) = relation(text, "IRN").evidence
        return ev.weight

    assert weight("versus") < weight("with") / 2


def test_paragraph_cues_count_when_the_sentence_has_none():
    text = (
        "Foreign relations of Israel\n\nThe two are close allies. Malta hosted talks last year.\n"
    )
    found = ruling(text, "MLT")
    assert (found[0], found[2]) == ("ally", "paragraph")


def test_section_heading_cues_count_last():
    text = "Foreign relations of Israel\n\nSecurity partners\n\nMalta hosted talks last year.\n"
    found = relation(text, "MLT")
    assert (found.category, found.decided_by) == ("partner", "section")
    # The rules trust a heading less than a sentence (the fitted model, which learned how
    # often each is right in real articles, may not).
    assert (
        ruling(text, "MLT")[1]
        < ruling("Foreign relations of Israel\n\nMalta is a close partner.\n", "MLT")[1]
    )


def test_no_cue_anywhere_means_neutral_with_a_stated_reason():
    text = "Foreign relations of Israel\n\nPeru hosted a tournament.\n"
    found = relation(text, "PER")
    assert (found.category, found.decided_by) == ("neutral", "none")
    assert found.confidence >= 0.5  # not drawn as uncertain
    assert "states no relation with Israel" in found.rationale
    assert "no relationship cue" in ruling(text, "PER")[4]


def test_neutral_is_less_sure_of_a_country_the_text_names_often_or_nearly_relates():
    once = ruling("Foreign relations of Israel\n\nPeru hosted a tournament.\n", "PER")
    body = " ".join(f"Peru hosted a fair in {y}." for y in range(2001, 2007))
    often = ruling(f"Foreign relations of Israel\n\n{body}\n", "PER")
    near = ruling(
        "Foreign relations of Israel\n\nPeru, Chile and Spain, among many others, joined in "
        "some cooperation.\n",
        "PER",
    )
    assert often[0] == near[0] == "neutral"
    assert often[1] < once[1]
    assert near[1] < once[1]


def test_rationale_names_the_deciding_cue_and_evidence_keeps_offsets():
    text = "Foreign relations of Israel\n\nEgypt signed a peace treaty with Israel.\n"
    found = relation(text, "EGY")
    assert "“peace treaty”" in found.rationale
    (ev,) = [e for e in found.evidence if e.category == "peace-treaty"]
    assert text[ev.start : ev.end] == "peace treaty"
    assert ev.scope == "sentence"


def test_indirect_members_get_the_groups_category_and_stay_flagged():
    text = "Foreign relations of Israel\n\nThe Gulf Cooperation Council is an enemy.\n"
    dataset = build_dataset(text, "t.txt")
    members = {c.iso3: c for c in dataset.countries if c.iso3 != "ISR"}
    assert len(members) == 6
    assert all(c.indirect for c in members.values())
    assert all(c.via == ("Gulf Cooperation Council",) for c in members.values())
    # The bloc's cue is its members' evidence; the fitted model decides how far it carries.
    assert all(ruling(text, iso3)[0] == "adversary" for iso3 in members)


def test_categories_come_from_the_fixed_legend():
    dataset = build_dataset(
        "Foreign relations of Israel\n\nCanada, Iran, Egypt and Peru were all discussed.\n",
        "t.txt",
    )
    assert {c.category for c in dataset.countries} <= set(CATEGORIES)


def test_an_override_corrects_a_decision_and_keeps_the_reason():
    text = "Foreign relations of Israel\n\nPeru hosted a tournament.\n"
    override = Override("PER", "partner", "Peru is a partner per a later source.")
    found = next(
        c for c in build_dataset(text, "t.txt", None, [override]).countries if c.iso3 == "PER"
    )
    assert (found.category, found.decided_by) == ("partner", "override")
    assert found.override_reason == "Peru is a partner per a later source."
    assert "without it: neutral" in found.rationale


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (Override("BRA", "ally", "why"), "does not mention: BRA"),
        (Override("ISR", "ally", "why"), "cannot change the focal"),
    ],
)
def test_bad_overrides_are_refused(override, message):
    text = "Foreign relations of Israel\n\nPeru hosted a tournament.\n"
    with pytest.raises(InputError, match=message):
        build_dataset(text, "t.txt", None, [override])
