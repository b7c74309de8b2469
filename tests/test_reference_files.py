"""The hand-written reference files: every entry is used, valid and documented."""

from __future__ import annotations

import json
import tomllib

import pycountry
import pytest
from conftest import mentions_in

from geodata import gazetteer
from geodata.cues import NO_CATEGORY, find_cues, load_rules
from geodata.geometry import load_world

NAMES = tomllib.loads((gazetteer.REFERENCE / "names.toml").read_text(encoding="utf-8"))
ENTRIES = json.loads((gazetteer.REFERENCE / "gazetteer.json").read_text(encoding="utf-8"))
# Codes outside ISO 3166-1 that Natural Earth uses, each documented in names.toml.
NON_ISO = {"XKX", "CYN", "SOL"}


@pytest.mark.parametrize("addition", NAMES["addition"], ids=lambda a: a["form"])
def test_every_addition_fires_on_its_example(addition):
    found = [(m.iso3, m.surface) for m in mentions_in(addition["example"])]
    assert (addition["iso3"], addition["form"]) in found


@pytest.mark.parametrize("form", sorted(NAMES["ignored_forms"]))
def test_every_ignored_form_exists_in_the_gazetteer(form):
    sources = {
        text
        for e in ENTRIES
        for text in [e["name"], e["official"], *e["alt_spellings"], *e["capitals"]]
        + [d for value in e["demonyms"] for d in gazetteer._split_demonyms(value)]
    }
    assert form in sources, f"{form!r} is ignored but the gazetteer never offers it"
    assert not [m for m in mentions_in(f"Then {form} spoke.") if m.surface == form]


@pytest.mark.parametrize("phrase", sorted(NAMES["not_countries"]))
def test_every_exclusion_hides_a_country_form(phrase, gaz):
    inner = [f for f in gaz.forms.values() if f.iso3 and f.text in phrase and f.text != phrase]
    assert inner, f"{phrase!r} contains no country form, so excluding it does nothing"
    assert mentions_in(f"Across {phrase} today.") == []


@pytest.mark.parametrize("name", sorted(NAMES["homonym"]))
def test_every_homonym_example_keeps_only_the_country(name):
    example = NAMES["homonym"][name]["example"]
    found = [m for m in mentions_in(example) if m.surface == name]
    assert len(found) == 1, f"{example!r} should name the country {name} exactly once"
    assert found[0].start == example.rindex(name)
    assert example.count(name) >= 2, "the example must also show the non-country use"


@pytest.mark.parametrize("key", sorted(NAMES["group"]))
def test_every_group_expands_to_its_members(key):
    group = NAMES["group"][key]
    found = mentions_in(group["example"])
    assert sorted(m.iso3 for m in found) == sorted(group["members"])
    assert all(m.indirect and m.via == group["name"] for m in found)


def test_group_sizes_match_their_2026_membership():
    sizes = {k: len(g["members"]) for k, g in NAMES["group"].items()}
    assert sizes == {"EU": 27, "NATO": 32, "GCC": 6, "ASEAN": 10, "ArabLeague": 22, "G7": 7}


def test_drawn_as_entries_lack_a_shape_and_point_to_one():
    world = set(load_world().index)
    for code, target in NAMES["drawn_as"].items():
        assert code not in world, f"{code} has its own shape; drop it from drawn_as"
        assert target in world


def test_every_code_a_dataset_can_name_has_a_shape(gaz):
    world = set(load_world().index)
    codes = {f.iso3 for f in gaz.forms.values() if f.kind not in ("group", "exclusion")}
    codes |= {m for g in gaz.groups.values() for m in g.members}
    assert codes - world == set()
    assert {"BHR", "SGP", "MLT", "PSE", "FRA", "NOR", "XKX", "VAT"} <= codes


def test_codes_are_iso_3166_alpha_3_or_documented(gaz):
    codes = {f.iso3 for f in gaz.forms.values() if f.kind not in ("group", "exclusion")}
    unknown = {c for c in codes if pycountry.countries.get(alpha_3=c) is None}
    assert unknown == NON_ISO


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.name)
def test_every_cue_matches_its_example(rule):
    assert rule.pattern.search(rule.example), f"cue {rule.name!r} does not match its example"
    found = find_cues(rule.example, 0, len(rule.example), load_rules())
    if rule.category == NO_CATEGORY:
        # A mask hides the shorter cue inside it: nothing of that span counts.
        m = rule.pattern.search(rule.example)
        assert not [c for c in found if m.start() <= c.start < m.end()]
    else:
        assert (rule.category, rule.name) in {(c.category, c.phrase) for c in found}


def test_negated_cues_do_not_count():
    rules = load_rules()
    text = "It is not an ally, never a partner, and no longer an enemy."
    assert find_cues(text, 0, len(text), rules) == []
