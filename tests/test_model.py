"""The fitted model: learned from labelled articles, reproducible, measured on articles it
was not fitted on, and explained in the reader's words."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from geodata import fit, model
from geodata.dataset import build_dataset, read_document
from geodata.explain import UNSURE
from geodata.features import word_features

LABELS = Path(__file__).resolve().parents[1] / "benchmarks" / "fidelity"
KEPT_BACK = (
    "belarus brazil china cyprus ethiopia indonesia iraq jordan kazakhstan nigeria "
    "north-korea russia somalia south-korea sudan taiwan"
).split()

# A small labelled corpus of our own: four short articles and their keys.
FIXTURE = {
    "foreign-relations-of-greece": (
        "Foreign relations of Greece\n\nGreece and Cyprus are close allies. Greece signed a "
        "trade agreement with Egypt in 2015. Relations with Turkey remain tense over the "
        "disputed islands. Peru hosted a conference.\n",
        {
            "required": {"CYP": "ally", "EGY": "partner", "TUR": ["contested", "adversary"]},
            "passing": ["PER"],
        },
    ),
    "foreign-relations-of-chile": (
        "Foreign relations of Chile\n\nChile and Argentina signed a peace treaty in 1984. "
        "Bolivia still claims access to the sea, a dispute with Chile. China is Chile's "
        "largest trading partner. Norway was named once.\n",
        {
            "required": {"ARG": "peace-treaty", "BOL": "contested", "CHN": "partner"},
            "passing": ["NOR"],
        },
    ),
    "foreign-relations-of-kenya": (
        "Foreign relations of Kenya\n\nKenya broke off diplomatic relations with Eritrea in "
        "2015. Kenya and Uganda cooperate on trade and security. Somalia is a threat to "
        "Kenya's border. Japan was mentioned.\n",
        {
            "required": {"ERI": "no-relations", "UGA": "partner", "SOM": "adversary"},
            "passing": ["JPN"],
        },
    ),
    "foreign-relations-of-fiji": (
        "Foreign relations of Fiji\n\nFiji established diplomatic relations with Kosovo in "
        "2012. Australia is Fiji's main partner in aid. France was named in passing.\n",
        {"required": {"XKX": "normalization", "AUS": "partner"}, "passing": ["FRA"]},
    ),
}


def fixture_rows() -> list[fit.Row]:
    rows = []
    for slug, (text, gold) in FIXTURE.items():
        rows += fit.article_rows(slug, text, gold, None)
    return rows


def test_fitting_is_reproducible():
    rows = fixture_rows()
    first, second = fit.fit(rows), fit.fit(fixture_rows())
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["fitted_on"]["articles"] == sorted(FIXTURE)
    assert first["fitted_on"]["rows"] == sum(
        len(g["required"]) + len(g["passing"]) for _, g in FIXTURE.values()
    )


def test_cross_validation_never_scores_an_article_with_a_model_that_saw_it():
    rows = fixture_rows()
    predicted = fit.cross_validate(rows)
    held_out = "foreign-relations-of-kenya"
    alone = model.from_dict(fit.fit([r for r in rows if r.article != held_out]))
    for r in rows:
        if r.article == held_out:
            assert predicted[held_out][r.iso3] == fit.predict(alone, r)
    # Labels of the held-out article cannot change its own predictions.
    relabelled = [
        fit.Row(r.article, r.iso3, r.features, r.rules, ("neutral",), r.weight, r.key, r.passing)
        if r.article == held_out and r.accepted
        else r
        for r in rows
    ]
    assert fit.cross_validate(relabelled)[held_out] == predicted[held_out]


def test_a_key_listing_two_categories_is_fitted_to_the_one_the_rules_chose_if_accepted():
    row = fit.Row("a", "TUR", {}, "adversary", ("contested", "adversary"), 1.0, True)
    assert fit.target(row) == "adversary"
    assert fit.target(fit.Row("a", "TUR", {}, "partner", ("contested", "adversary"), 1.0)) == (
        "contested"
    )


def test_audit_verdicts_and_keys_become_labels_keys_first():
    gold = {"required": {"DEU": "partner"}, "passing": ["PER"]}
    audit = {
        "_about": "a note, not a country",
        "DEU": {"got": "adversary", "verdict": "reject", "right": "partner"},
        "FRA": {"got": "ally", "verdict": "accept", "right": "ally"},
        "ITA": {"got": "normalization", "verdict": "reject", "right": "neutral"},
    }
    labels = fit.labels_for(gold, audit)
    assert labels["DEU"][0] == ("partner",)  # the key, not the audit
    assert labels["DEU"][2]
    assert labels["FRA"][0] == ("ally",)
    assert labels["ITA"][0] == ("neutral",)
    assert labels["PER"][0] == ("neutral",)
    assert labels["PER"][3]
    assert "_about" not in labels


def test_probabilities_sum_to_one_and_trust_counts_for_the_rules_category():
    fitted = model.Model(
        ("partner", "neutral"), (0.0, 0.0), {"cue:partner:direct": (1.0, -1.0)}, {"trust:bias": 2.0}
    )
    p = fitted.probabilities({"cue:partner:direct": 0.5, "rule:neutral": 1.0, "trust:bias": 1.0})
    assert sum(p.values()) == pytest.approx(1.0)
    assert fitted.scores({"rule:neutral": 1.0, "trust:bias": 1.0}) == [0.0, 2.0]
    assert fitted.scores({"rule:partner": 1.0, "trust:bias": 1.0}) == [2.0, 0.0]


def test_a_colour_needs_words_of_the_text_behind_it():
    # Weights that would colour any country named only through a group, words or not.
    fitted = model.Model(
        ("partner", "neutral"),
        (0.0, 0.0),
        {"named:only_through_a_group": (5.0, -5.0), "word:embassy": (0.1, 0.0)},
    )
    named_only = {"named:only_through_a_group": 1.0, "rule:neutral": 1.0}
    assert fitted.choose(named_only, "neutral")[0] == "neutral"
    # A word the weights do not know is no word behind a colour either.
    assert fitted.choose(named_only | {"word:unheard": 0.5}, "neutral")[0] == "neutral"
    # With a word the weights know, the model's answer replaces the rules' neutral.
    assert fitted.choose(named_only | {"word:embassy": 0.5}, "neutral")[0] == "partner"


def test_the_committed_model_was_fitted_on_development_articles_only():
    data = json.loads(model.MODEL_FILE.read_text(encoding="utf-8"))
    fitted_on = set(data["fitted_on"]["articles"])
    development = {p.stem for p in (LABELS / "gold").glob("*.json")}
    final = {p.stem for p in (LABELS / "final").glob("*.json")}
    assert fitted_on <= development
    # A final batch, while there is one, has at least ten articles and is never fitted on;
    # once scored, it may join the development articles (their first look stays on record).
    assert not final or len(final) >= 10
    assert not fitted_on & final
    names = {slug.removeprefix("foreign-relations-of-") for slug in fitted_on | final}
    assert not names & set(KEPT_BACK)
    assert set(data["classes"]) == {
        "ally",
        "partner",
        "normalization",
        "peace-treaty",
        "adversary",
        "contested",
        "no-relations",
        "neutral",
    }


def test_how_much_the_text_says_of_a_country_weighs_only_for_or_against_neutral():
    # Far down the order, a bare tie is neutral; among the first, partner or, once, peace-
    # treaty: free, the peace-treaty weight would learn "much discussed".
    rows = []
    for a in range(6):
        article = f"a{a}"
        rows += [
            fit.Row(
                article,
                "FAR",
                {"salience:below_the_most_said_of": 1.5, "word:embassy": 1.0},
                "neutral",
                ("neutral",),
                1.0,
                True,
            ),
            fit.Row(
                article,
                "TOP",
                {"salience:among_the_most_said_of": 1.0, "word:embassy": 1.0},
                "neutral",
                ("partner",),
                1.0,
                True,
            ),
            fit.Row(
                article,
                "PAX",
                {"salience:among_the_most_said_of": 1.0, "cue:peace-treaty:direct": 1.0},
                "peace-treaty",
                ("peace-treaty",),
                1.0,
                True,
            ),
        ]
    weights = fit.fit(rows)["weights"]
    for name in ("salience:below_the_most_said_of", "salience:among_the_most_said_of"):
        assert {c for c, w in weights[name].items() if w != 0} == {"neutral"}
    assert weights["salience:below_the_most_said_of"]["neutral"] > 0
    assert weights["salience:among_the_most_said_of"]["neutral"] < 0


def test_salience_ranks_countries_by_how_many_sentences_speak_of_them():
    twice = ["Cyprus", "Egypt", "Turkey", "Chile", "Brazil", "Bolivia", "Mexico", "Cuba"]
    twice += ["Japan", "Kenya", "Ghana", "Mali", "Norway"]  # thirteen, two sentences each
    body = " ".join(f"Greece trades with {c}. {c} hosts Greek students." for c in twice)
    text = f"Foreign relations of Greece\n\n{body} Peru and Togo were named once.\n"
    features = read_document(text, "t.txt").features
    # The thirteen share rank 1 (a tie shares the better rank): among the twelve most said of.
    for iso3 in ("CYP", "EGY", "NOR"):
        assert features[iso3]["salience:among_the_most_said_of"] == 1.0
        assert "salience:below_the_most_said_of" not in features[iso3]
    # Peru and Togo come 14th: below the twelve, by the log of how far.
    for iso3 in ("PER", "TGO"):
        assert "salience:among_the_most_said_of" not in features[iso3]
        assert features[iso3]["salience:below_the_most_said_of"] == pytest.approx(math.log(14 / 12))


def test_word_features_never_carry_a_countrys_name():
    reading = read_document(
        "Foreign relations of Greece\n\nGreece and Cyprus signed a trade agreement in Nicosia.\n",
        "t.txt",
    )
    words = [k for k in reading.features["CYP"] if k.startswith("word:")]
    assert words
    assert not any("cyprus" in w or "greece" in w or "nicosia" in w for w in words)
    assert "word:<c> signed" in words or "word:<f> <c>" in words
    assert word_features([]) == {}


def test_a_closest_ally_is_never_uncertain():
    dataset = build_dataset(
        "Foreign relations of Israel\n\nThe United States remains its closest ally.\n", "t.txt"
    )
    usa = next(c for c in dataset.countries if c.iso3 == "USA")
    assert usa.category == "ally"
    assert usa.confidence >= UNSURE
    assert "“closest ally”" in usa.rationale or "“ally”" in usa.rationale


def test_the_why_names_the_deciding_words_in_plain_terms(severed):
    _, libya = severed
    assert libya.rationale.startswith("no-relations: the text speaks of no diplomatic relations")
    assert "“broke off diplomatic relations” (2014)" in libya.rationale
    assert not any(ch.isdigit() for ch in libya.rationale.replace("2014", ""))  # no scores
