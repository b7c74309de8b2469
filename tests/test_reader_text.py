"""A reader's own text and corrections, headless (AppTest): paste a text, change its
focal country, correct a country, share the corrections in the link; bad input leaves the
page as it was. Uploads need a browser (tests/browser/test_reader_text.py)."""

from __future__ import annotations

import csv
import html
import io
import sys
from typing import ClassVar

import pytest
from app_driver import SEED_DOC, errors, notices, panel, run, table_codes
from conftest import DOCUMENTS, ROOT

from dashboard.corrections import Correction, apply_corrections, parse_fixes, with_correction
from dashboard.documents import text_id
from dashboard.state import View, view_params
from geodata.dataset import build_dataset

CHILE = (DOCUMENTS / "foreign-relations-of-chile.txt").read_text(encoding="utf-8")
HOSTILE = (ROOT / "tests" / "corpus" / "html-js-markdown.txt").read_text(encoding="utf-8")


def fixes_in_url(at) -> list[str]:
    value = at.query_params.get("fix", [])
    return [value] if isinstance(value, str) else list(value)


def bring(at, text: str):
    at.text_area(key="pasted").input(text)
    next(b for b in at.button if b.label == "Map this text").click().run()
    assert not at.exception, at.exception
    return at


# Pure parts first.


@pytest.fixture(scope="module")
def chile():
    return build_dataset(CHILE, "chile.txt")


def test_a_correction_changes_the_category_and_keeps_the_reason_and_the_passages(chile):
    fixed = apply_corrections(chile, [Correction("BOL", "adversary", "No ambassadors since 1978")])
    bolivia = next(c for c in fixed.countries if c.iso3 == "BOL")
    assert (bolivia.category, bolivia.decided_by, bolivia.confidence) == ("adversary", "reader", 1)
    assert bolivia.override_reason == "No ambassadors since 1978"
    assert "was contested" in bolivia.rationale
    assert fixed.passages == chile.passages
    assert [c for c in fixed.countries if c.iso3 != "BOL"] == [
        c for c in chile.countries if c.iso3 != "BOL"
    ]


@pytest.mark.parametrize(
    ("value", "notice"),
    [
        ("BOL", "malformed"),
        ("XXX:ally", "not in this document"),
        ("<script>:ally", "not in this document"),
        ("CHL:ally", "focal country cannot be corrected"),
        ("BOL:friend", "unknown category"),
        ("BOL:focal", "unknown category"),
        ("BOL:ally:" + "x" * 141, "over 140 characters"),
        ("B" * 300, "malformed"),
    ],
)
def test_a_bad_correction_in_a_link_is_ignored_with_a_notice(chile, value, notice):
    fixes, notices_ = parse_fixes([value, "PER:partner:Good neighbours"], chile)
    assert fixes == (Correction("PER", "partner", "Good neighbours"),)
    assert len(notices_) == 1, notices_
    assert notice in notices_[0]
    assert all(len(n) < 200 for n in notices_)


def test_corrections_round_trip_through_the_link(chile):
    fixes = with_correction((), chile, Correction("BOL", "adversary", "a:b, c & d?\nnew line"))
    fixes = with_correction(fixes, chile, Correction("PER", "partner"))
    params = view_params(View("x", None, ("ally",), fixes))
    assert params["fix"] == ["BOL:adversary:a:b, c & d? new line", "PER:partner"]
    assert parse_fixes(params["fix"], chile) == (fixes, [])
    # Back to the reading's own category: no correction left.
    assert with_correction(fixes, chile, Correction("PER", "contested")) == fixes[:1]


# The app.


def test_a_pasted_text_is_mapped_like_a_seed_and_its_text_can_be_downloaded(folium_stub):
    at = bring(run(), CHILE)
    assert errors(at) == []
    assert at.query_params["doc"] == text_id(CHILE)
    assert "Foreign relations of Chile" in panel(at)
    dataset = build_dataset(CHILE, "pasted text")
    assert sorted(table_codes(at)) == sorted(c.iso3 for c in dataset.countries)
    spec = folium_stub.spec()
    assert spec["focal"]["iso3"] == "CHL"
    assert spec["active"]["BOL"]["label"].startswith("contested")
    labels = [b.label for b in at.get("download_button")]
    assert "Document text (TXT)" in labels
    at.selectbox(key="search").select("BOL").run()
    assert "</mark> lost its coastline in that conflict" in panel(at)
    assert at.query_params["country"] == "BOL"


def test_the_first_look_has_a_button_for_your_text_and_the_whole_page_its_controls(
    folium_stub,
):
    at = run(whole=False)  # a seed's first look: no paste box, no upload (app.py)
    assert [b.label for b in at.button] == ["Map your own text…"]
    assert not at.text_area
    at.run()
    assert at.text_area(key="pasted") is not None


def test_a_reader_can_switch_between_a_seed_and_the_text_brought(folium_stub):
    at = bring(run(), CHILE)
    doc = text_id(CHILE)
    assert at.selectbox(key="doc_picker").value == doc
    at.selectbox(key="doc_picker").select(SEED_DOC).run()
    assert "Foreign Relations Of Israel" in panel(at)
    assert at.query_params["doc"] == SEED_DOC
    at.selectbox(key="doc_picker").select(doc).run()
    assert "Foreign relations of Chile" in panel(at)
    assert at.query_params["doc"] == doc


def test_the_focal_country_of_a_text_can_be_changed(folium_stub):
    at = bring(run(), CHILE)
    assert "detected: Chile" in at.selectbox(key="focal_picker").label
    at.selectbox(key="focal_picker").select("PER").run()
    assert folium_stub.spec()["focal"]["iso3"] == "PER"
    assert "Focal country: <b>Peru</b> (chosen by the reader)" in panel(at)


def test_a_correction_follows_everywhere_and_rides_in_the_link(folium_stub):
    at = run({"country": "EGY"})
    at.selectbox(key="fix-category-EGY").select("adversary")
    at.text_input(key="fix-reason-EGY").input("<b>Cold</b> peace, says the text")
    next(b for b in at.button if b.label == "Apply the correction").click().run()
    assert not at.exception, at.exception
    text = panel(at)
    assert "Corrected in this view:</b> was peace-treaty" in text
    assert html.escape("<b>Cold</b> peace, says the text") in text
    assert "<b>Cold</b>" not in text
    assert text.index('data-testid="correction"') < text.index('data-testid="passage"')
    assert fixes_in_url(at) == ["EGY:adversary:<b>Cold</b> peace, says the text"]
    spec = folium_stub.spec()
    assert "corrected in this view" in spec["active"]["EGY"]["label"]
    assert spec["active"]["EGY"]["label"].startswith("adversary")
    legend = next(h.value for h in at.html if 'data-testid="legend"' in h.value)
    assert "corrected in this view (1)" in legend
    assert "adversary · 4" in at.pills(key="filter").options  # the chips' counts follow
    next(b for b in at.button if b.label.startswith("Reset corrections")).click().run()
    assert "fix" not in at.query_params
    assert folium_stub.spec()["active"]["EGY"]["label"] == "peace-treaty"


def test_a_link_with_a_correction_opens_the_corrected_view(folium_stub):
    at = run({"country": "EGY", "fix": "EGY:adversary:Cold peace"})
    assert notices(at) == []
    assert "Corrected in this view:</b> was peace-treaty — “Cold peace”" in panel(at)
    style = folium_stub.spec()["active"]["EGY"]["style"]
    assert (style["dashArray"], style["weight"]) == ("1 4", 3.5)  # corrected and selected


def test_a_bad_correction_in_a_link_gives_a_notice_not_an_error(folium_stub):
    at = run({"fix": ["EGY:friend", "XXX:ally", "JOR:adversary"]})
    assert any("unknown category" in n for n in notices(at))
    assert any("not in this document" in n for n in notices(at))
    assert fixes_in_url(at) == ["JOR:adversary"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "paste a text or choose a file first"),
        ("Nothing here names a place at all.\n", "no country is mentioned"),
        ("Chile " * 400_000, "over the limit of 2,000,000 bytes"),
        ("\x00\x01 Chile and Peru", "binary data"),
    ],
)
def test_bad_pasted_text_gets_a_notice_and_the_page_stays(folium_stub, text, message):
    at = run({"country": "EGY"})
    bring(at, text)
    assert any(message in e for e in errors(at)), errors(at)
    assert not any(str(ROOT) in e or "/tmp" in e for e in errors(at))
    assert at.query_params["doc"] == SEED_DOC
    assert "Egypt" in panel(at)


def test_a_link_to_a_text_the_server_no_longer_holds_says_it_is_gone(folium_stub):
    at = run({"doc": text_id(CHILE), "country": "BOL"})
    assert any("is gone" in n for n in notices(at))
    assert at.query_params["doc"] == SEED_DOC
    assert "summary-panel" in panel(at)
    assert at.text_area(key="pasted") is not None  # the box, offered again


def test_a_hostile_pasted_text_is_shown_as_text(folium_stub):
    at = bring(run(), HOSTILE)
    at.selectbox(key="search").select("EGY").run()
    text = panel(at)
    assert "&lt;script&gt;alert(&#x27;<mark>Egypt</mark>&#x27;)&lt;/script&gt;" in text
    assert "<script" not in text
    assert "<img" not in text
    at.selectbox(key="search").select("MAR").run()
    text = panel(at)
    assert "&amp;lt;<mark>Morocco</mark>&amp;gt;" in text  # an entity stays the text it was


class Writes:
    """Files opened for writing while on (an audit hook cannot be removed: one, switched)."""

    on = False
    paths: ClassVar[list[str]] = []


def _record_writes(event: str, args: tuple) -> None:
    if Writes.on and event == "open" and isinstance(args[1], str) and set(args[1]) & set("wax+"):
        Writes.paths.append(str(args[0]))


sys.addaudithook(_record_writes)


def test_nothing_a_reader_sends_is_written_to_disk(folium_stub):
    at = run()
    Writes.on = True
    try:
        bring(at, CHILE)
        at.selectbox(key="search").select("BOL").run()
    finally:
        Writes.on = False
    assert Writes.paths == []
    assert "Bolivia" in panel(at)


def test_the_countries_download_carries_the_correction_reason():
    from geodata.output import countries_csv

    seed = (ROOT / "seeds" / f"{SEED_DOC}.txt").read_text(encoding="utf-8")
    dataset = apply_corrections(
        build_dataset(seed, "x.txt"), [Correction("EGY", "adversary", "Cold peace")]
    )
    rows = {r["iso3"]: r for r in csv.DictReader(io.StringIO(countries_csv(dataset)))}
    assert (rows["EGY"]["category"], rows["EGY"]["override_reason"]) == ("adversary", "Cold peace")
    assert rows["EGY"]["decided_by"] == "reader"
