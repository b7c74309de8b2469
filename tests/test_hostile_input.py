"""Hostile and broken documents: a committed corpus of nasty cases, and generated ones.

Whatever the text, the pipeline either refuses it with an InputError or returns a dataset in
which every recorded span is exact and every country stands on a real name in the text.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata import gazetteer
from geodata.dataset import build_dataset
from geodata.errors import InputError
from geodata.records import Dataset
from geodata.source import read_document

CORPUS = ROOT / "tests" / "corpus"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))


def test_every_corpus_file_has_an_expectation_and_back():
    assert sorted(p.stem for p in CORPUS.glob("*.txt")) == sorted(EXPECTED)


def check_invariants(dataset: Dataset, text: str) -> None:
    """Spans exact; each country backed by a name form of the gazetteer at its offsets."""
    gaz = gazetteer.load()
    for passage in dataset.passages:
        assert text[passage.start : passage.end] == passage.text
        for m in passage.mentions:
            assert passage.start <= m.start < m.end <= passage.end
            assert text[m.start : m.end] == m.surface
            form = gaz.form(m.surface)
            members = gaz.groups[form.iso3].members if m.indirect else (form.iso3,)
            assert m.iso3 in members
    for country in dataset.countries:
        for ev in country.evidence:
            assert text[ev.start : ev.end] == ev.surface
    listed = {c.iso3 for c in dataset.countries}
    assert {p.iso3 for p in dataset.passages} <= listed
    assert all(c.passages > 0 for c in dataset.countries if c.iso3 != dataset.focal)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_document(name):
    expected = EXPECTED[name]
    path = CORPUS / f"{name}.txt"
    if "error" in expected:
        with pytest.raises(InputError, match=re.escape(expected["error"])):
            build_dataset(read_document(path), path.name)
        return
    text = read_document(path)
    dataset = build_dataset(text, path.name)
    assert {c.iso3: c.category for c in dataset.countries} == expected["countries"]
    check_invariants(dataset, text)
    if "sections" in expected:
        assert sorted({p.section for p in dataset.passages} - {"(introduction)"}) == sorted(
            expected["sections"]
        )


# Pieces a hostile or broken document is made of, mixed with random Unicode below.
PIECES = [
    *("Israel", "Egypt", "Jordan", "the United States", "European Union", "Iranian", "Niger"),
    *("Nigeria", "Washington", "Georgia", "Chad", "Papua New Guinea", "Côte d'Ivoire"),
    *("peace treaty", "ally", "normalized relations", "threat", "occupied", "not an ally"),
    *(" ", ", ", " and ", ". ", "; ", "\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "  • ", "\t"),
    *("\ufeff", "\u200b", "\u200d", "\u202e", "\u200f", "\u00ad", "\x00", "\x1b[0m", "\u2028"),
    *("שלום ", "مرحبا ", "Ｅｇｙｐｔ", "Еgурt", "<script>alert(1)</script>", "<b>", "</b>"),
    *("[x](javascript:alert(1))", "![](http://203.0.113.9/a.png)", "https://ex.org/Egypt"),
    *("mail@Egypt.example", "www.Jordan.example", "&lt;", "`", "**", "#", "Foreign relations of "),
]
documents = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(codec="utf-8"), max_size=12)),
    max_size=80,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_document_is_refused_clearly_or_derived_exactly(text):
    try:
        dataset = build_dataset(text, "fuzz.txt")
    except InputError as e:
        refusal = str(e)
    else:
        check_invariants(dataset, text)
        return
    assert refusal  # a refusal always says why


# Noise: anything but ASCII letters (every country name has some).
noise = st.text(
    st.characters(
        codec="utf-8",
        exclude_characters="".join(map(chr, range(65, 91))) + "".join(map(chr, range(97, 123))),
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(noise)
def test_no_country_is_invented_from_noise(text):
    with pytest.raises(InputError, match="no country is mentioned"):
        build_dataset(text, "noise.txt")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_as_text_or_refused_with_the_reason(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "doc.txt"
    path.write_bytes(data)
    try:
        text = read_document(path)
    except InputError as e:
        refusal = str(e)
    else:
        assert text.encode("utf-8") == data  # nothing altered or lost
        return
    assert refusal.startswith(f"{path.name}: ")  # the file's name, never its folder
    assert str(path.parent) not in refusal


def test_a_hundred_thousand_line_document_keeps_exact_offsets():
    lines = ["Foreign relations of Israel", ""]
    cycle = ["Egypt and Israel signed a peace treaty.", "", "  • Jordan", "", "Words.", ""]
    for i in range(100_000 - 2):
        lines.append([*cycle, "More words.", ""][i % 8])
    text = "\n".join(lines)
    dataset = build_dataset(text, "long.txt")
    assert text.count("\n") + 1 == 100_000
    found = {c.iso3: c for c in dataset.countries}
    assert set(found) == {"ISR", "EGY", "JOR"}
    assert (found["ISR"].category, found["EGY"].category) == ("focal", "peace-treaty")
    # A bare bullet says nothing: no cue is Jordan's, whatever the fitted model makes of a
    # name repeated 12,500 times (far beyond any article it was fitted on).
    assert found["JOR"].evidence == ()
    per_country = dict.fromkeys(("ISR", "EGY", "JOR"), 0)
    for p in dataset.passages:
        per_country[p.iso3] += 1
    # One per block: 12,500 paragraphs (plus the title, for Israel) and 12,500 bullets.
    assert per_country == {"ISR": 12_501, "EGY": 12_500, "JOR": 12_500}
    check_invariants(dataset, text)


def test_a_flood_of_names_is_refused_before_it_takes_the_memory():
    # 3,000 mentions of the European Union stand for 81,000 member mentions.
    text = "Foreign relations of Israel\n\n" + "European Union, " * 3_000 + "allies."
    with pytest.raises(InputError, match=r"more than 50,000 times \(already by character"):
        build_dataset(text, "flood.txt")


def test_the_size_limit_is_a_clear_refusal(tmp_path):
    from geodata.source import MAX_BYTES

    path = tmp_path / "big.txt"
    path.write_bytes(b"Egypt. " * (MAX_BYTES // 7 + 1))
    with pytest.raises(InputError, match="over the limit of 2,000,000 bytes"):
        read_document(path)
