"""Articles written for the tests by someone who never saw the rules (tests/documents/):
each comes with the writer's own reading, and the pipeline is held to it."""

from __future__ import annotations

import tomllib

import pytest
from conftest import DOCUMENTS

from geodata.dataset import build_dataset

CASES = sorted(DOCUMENTS.glob("*.expected.toml"))
# Where the rules and the writer's reading still differ, and why. A strict xfail: when the
# rules improve and agree, the test fails until the entry is removed.
# None today.
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {}


def _cases():
    for path in CASES:
        stem = path.name.removesuffix(".expected.toml")
        expected = tomllib.loads(path.read_text(encoding="utf-8"))
        for iso3, row in expected.items():
            if iso3 == "focal":
                continue
            reason = KNOWN_DISAGREEMENTS.get((stem, iso3))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            yield pytest.param(stem, iso3, row["category"], id=f"{stem}:{iso3}", marks=marks)


def _build(stem: str):
    text = (DOCUMENTS / f"{stem}.txt").read_text(encoding="utf-8")
    return text, build_dataset(text, f"{stem}.txt")


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_focal_country_and_the_set_of_countries_match_the_reading(path):
    stem = path.name.removesuffix(".expected.toml")
    expected = tomllib.loads(path.read_text(encoding="utf-8"))
    text, dataset = _build(stem)
    assert dataset.focal == expected["focal"]
    direct = {c.iso3 for c in dataset.countries if not c.indirect}
    assert direct == set(expected) - {"focal"}
    for iso3, row in expected.items():
        if iso3 != "focal":
            assert row["quote"] in text, f"{iso3}: the reading's quote is not in the document"


@pytest.mark.parametrize(("stem", "iso3", "category"), list(_cases()))
def test_each_country_gets_the_writers_category(stem, iso3, category):
    _, dataset = _build(stem)
    found = next(c for c in dataset.countries if c.iso3 == iso3)
    assert found.category == category, found.rationale
