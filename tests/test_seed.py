"""The shipped seed, end to end, against a reading of it by hand."""

from __future__ import annotations

import filecmp

import pytest
from conftest import ROOT, SEEDS

from geodata.cli import main
from geodata.dataset import build_dataset
from geodata.overrides import overrides_path

SEED = SEEDS / "foreign-relations-of-israel.txt"
COMMITTED = ROOT / "geodata" / "datasets" / "foreign-relations-of-israel"
EU = {
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
}  # fmt: skip

# Our reading of the seed: each directly named country, its category, and the words that
# say so (a passage of the country must contain them).
READING = {
    "ISR": ("focal", "Foreign Relations Of Israel"),
    "USA": ("ally", "The United States remains its closest ally"),
    "FRA": ("partner", "The European Union remains an important economic partner"),
    "DEU": ("partner", "The European Union remains an important economic partner"),
    "GBR": (
        "partner",
        "discussions with key states such as France, Germany, and the United Kingdom",
    ),
    "ARE": ("normalization", "the Abraham Accords, through which United Arab Emirates"),
    "BHR": ("normalization", "and later Bahrain"),
    "MAR": ("normalization", "other partners such as Morocco and Sudan"),
    "SDN": ("normalization", "other partners such as Morocco and Sudan"),
    "EGY": ("peace-treaty", "Egypt and Jordan have longstanding peace treaties"),
    "JOR": ("peace-treaty", "Egypt and Jordan have longstanding peace treaties"),
    "SYR": ("adversary", "Syria and Lebanon presenting traditional security challenges"),
    "LBN": ("adversary", "Syria and Lebanon presenting traditional security challenges"),
    "IRN": ("adversary", "Israel seeks to deter Iran’s nuclear breakout capabilities"),
    "PSE": ("contested", "The question of a Palestinian state remains a central, contested issue"),
    "IND": ("partner", "strengthens ties with partners in the Indo-Pacific region, India"),
}


@pytest.fixture(scope="module")
def dataset():
    return build_dataset(SEED.read_text(encoding="utf-8"), SEED.name)


def test_seed_is_the_users_document_byte_for_byte():
    # The same bytes as the document the project was given (sha256 of shared/seeds/000_…).
    import hashlib

    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "53fa349e9a6e0e47149a4a66f156b20b8289ebb1ec4e5f7fc96541c4bedef9a2"


def test_seed_ships_without_overrides():
    assert not overrides_path(SEED).exists()


def test_focal_country_is_israel_from_the_title(dataset):
    assert dataset.focal == "ISR"
    assert dataset.title == "Foreign Relations Of Israel"
    assert "title" in dataset.focal_rule


def test_direct_countries_and_categories_match_our_reading(dataset):
    direct = {c.iso3: c.category for c in dataset.countries if not c.indirect}
    assert direct == {iso3: category for iso3, (category, _) in READING.items()}


@pytest.mark.parametrize("iso3", sorted(READING))
def test_each_reading_is_proved_by_a_passage_of_that_country(dataset, iso3):
    quote = READING[iso3][1]
    texts = [p.text for p in dataset.passages if p.iso3 == iso3]
    assert any(quote in t for t in texts), f"no passage of {iso3} contains {quote!r}"


def test_european_union_members_are_indirect_partners(dataset):
    indirect = {c.iso3: c for c in dataset.countries if c.indirect}
    assert set(indirect) == EU - {"FRA", "DEU"}
    assert {c.category for c in indirect.values()} == {"partner"}
    assert all(c.via == ("European Union",) for c in indirect.values())


def test_regions_in_the_seed_are_not_countries(dataset):
    surfaces = {m.surface for p in dataset.passages for m in p.mentions}
    assert not surfaces & {"Europe", "Asia", "Africa", "Gulf", "Indo-Pacific", "North America"}


def test_every_passage_quotes_the_source_exactly(dataset):
    text = SEED.read_text(encoding="utf-8")
    for p in dataset.passages:
        assert text[p.start : p.end] == p.text
        for m in p.mentions:
            assert p.start <= m.start < m.end <= p.end
            assert text[m.start : m.end] == m.surface


def test_every_decision_explains_itself(dataset):
    for c in dataset.countries:
        assert 0 <= c.confidence <= 1
        assert c.rationale.startswith(c.category)
        if c.decided_by in ("sentence", "paragraph", "section"):
            assert any(e.category == c.category for e in c.evidence)


def test_committed_dataset_is_fresh(tmp_path):
    out = tmp_path / "israel"
    assert main(["build", str(SEED), "--out", str(out)]) == 0
    names = ["countries.csv", "passages.csv", "meta.json"]
    _match, mismatch, errors = filecmp.cmpfiles(COMMITTED, out, names, shallow=False)
    assert (mismatch, errors) == ([], []), (
        "geodata/datasets/ is stale: rebuild with "
        "python -m geodata build seeds/foreign-relations-of-israel.txt "
        "--out geodata/datasets/foreign-relations-of-israel"
    )
