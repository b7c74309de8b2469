"""The Streamlit script, headless (AppTest, driven through tests/app_driver.py)."""

from __future__ import annotations

import gc
import html
import tomllib

import pytest
import streamlit as st
from app_driver import SEED_DOC, errors, notices, panel, run, table_codes
from conftest import ROOT


def test_default_view_summarises_the_shipped_seed(folium_stub):
    at = run()
    text = panel(at)
    assert "summary-panel" in text
    assert "Foreign Relations Of Israel" in text
    assert "Israel" in text
    assert notices(at) == []
    assert len(table_codes(at)) == 41
    assert at.query_params["doc"] == SEED_DOC


def test_country_in_the_url_opens_its_panel_with_the_mention_highlighted(folium_stub):
    at = run({"country": "EGY"})
    text = panel(at)
    assert "country-panel" in text
    assert "<mark>Egypt</mark> and Jordan have longstanding <mark class" in text
    assert ">peace treaties</mark>" in text  # the deciding cue, underlined
    assert "peace-treaty" in text
    assert "Regional diplomacy and normalization" in text


def test_a_click_on_the_map_selects_the_country_and_updates_the_url(folium_stub):
    folium_stub.clicks.append("JOR")
    at = run()
    assert "country-panel" in panel(at)
    assert "Jordan" in panel(at)
    assert at.query_params["country"] == "JOR"
    assert folium_stub.spec()["active"]["JOR"]["style"]["weight"] == 3  # outlined


def test_categories_in_the_url_filter_the_table_and_grey_the_map(folium_stub):
    at = run({"categories": "peace-treaty"})
    assert sorted(table_codes(at)) == ["EGY", "JOR"]
    spec = folium_stub.spec()
    assert set(spec["active"]) == {"EGY", "JOR"}
    assert "USA" in spec["filtered"]  # drawn grey and not clickable
    assert "BRA" not in spec["filtered"]  # not in the document: the quieter grey
    assert at.query_params["categories"] == "peace-treaty"


def test_a_chip_shows_only_its_category_and_drops_a_selection_it_hides(folium_stub):
    at = run({"country": "USA"})
    assert at.pills(key="filter").value == ["all"]
    at.pills(key="filter").set_value(["all", "peace-treaty"]).run()  # a click on one chip
    assert sorted(table_codes(at)) == ["EGY", "JOR"]
    assert "summary-panel" in panel(at)
    assert at.query_params["categories"] == "peace-treaty"
    assert at.pills(key="filter").value == ["peace-treaty"]


def test_more_chips_add_their_categories_and_all_shows_every_one(folium_stub):
    at = run({"categories": "peace-treaty"})
    at.pills(key="filter").set_value(["peace-treaty", "ally"]).run()
    assert sorted(table_codes(at)) == ["EGY", "JOR", "USA"]
    at.pills(key="filter").set_value(["ally", "peace-treaty", "all"]).run()
    assert len(table_codes(at)) == 41
    assert "categories" not in at.query_params
    assert at.pills(key="filter").value == ["all"]


def test_search_selects_a_small_country(folium_stub):
    at = run()
    at.selectbox(key="search").select("BHR").run()
    assert "Bahrain" in panel(at)
    assert "Abraham Accords" in panel(at)
    assert at.query_params["country"] == "BHR"


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"country": "XXX"}, "XXX is not in this document"),
        ({"country": "<script>alert(1)</script>"}, "is not a country code"),
        ({"categories": "<script>"}, "Unknown categories ignored"),
        ({"categories": "x" * 10_000}, "too long"),
        ({"doc": "../../etc/passwd"}, "Unknown document"),
        ({"doc": "x" * 10_000, "country": "EGY"}, "Unknown document"),
    ],
)
def test_bad_links_show_a_notice_and_the_default_view(folium_stub, params, notice):
    at = run(params)
    assert any(notice in n for n in notices(at)), notices(at)
    assert at.query_params["doc"] == SEED_DOC


def test_hostile_document_text_is_shown_as_text(folium_stub, tmp_path):
    payload = (
        'Foreign relations of Egypt\n\nEgypt <script>alert("x")</script> and Israel '
        "<img src=x onerror=alert(1)> signed a peace treaty. "
        "See [click](javascript:alert(2)) and ![](http://example.com/x.png) about Egypt.\n"
    )
    (tmp_path / "hostile.txt").write_text(payload, encoding="utf-8")
    at = run({"country": "EGY"}, env={"ATLAS_SEEDS": str(tmp_path)})
    text = panel(at)
    assert html.escape('<script>alert("x")</script>') in text
    assert "<script" not in text
    assert "<img" not in text
    assert html.escape("<img src=x onerror=alert(1)>") in text
    assert "[click](javascript:alert(2))" in text  # st.html does not read Markdown


def test_several_documents_offer_a_selector(folium_stub, tmp_path):
    (tmp_path / "a.txt").write_text("Foreign relations of Chile\n\nChile and Peru.\n")
    (tmp_path / "b.txt").write_text("Foreign relations of Peru\n\nPeru and Chile.\n")
    at = run({"doc": "b"}, env={"ATLAS_SEEDS": str(tmp_path)})
    assert at.selectbox(key="doc_picker").value == "b"
    assert "Foreign relations of Peru" in panel(at)


def test_a_broken_document_gets_a_clear_error_not_a_traceback(folium_stub, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    at = run(env={"ATLAS_SEEDS": str(tmp_path)})
    assert any("the document is empty" in e for e in errors(at))
    assert not any(str(tmp_path) in e for e in errors(at))  # no server path on screen


def test_a_copy_link_button_copies_the_address_bar(folium_stub):
    at = run({"country": "EGY"})
    button = next(h.value for h in at.html if "copy-link" in h.value)
    assert "clipboard.writeText(window.top.location.href)" in button
    assert at.query_params["country"] == "EGY"  # the address bar holds the view


def test_downloads_are_offered(folium_stub):
    at = run()
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        "Countries (CSV)",
        "Passages (CSV)",
        "Map data (GeoJSON)",
        "Map image (PNG)",
        "Map image (SVG)",
        "Document text (TXT)",
    ]


def test_what_the_server_loaded_for_good_is_left_out_of_full_collections(folium_stub):
    # A full collection walking every loaded library stalled a click by 75-85 ms
    # (benchmarks/README.md, "Third look"); the app freezes its heap once after loading.
    gc.unfreeze()
    st.cache_resource.clear()  # settle() runs once per process; make this run the first
    run()
    assert gc.get_freeze_count() > 0


def test_the_shipped_settings_spare_the_server_work_on_every_run():
    # Both cost a large share of the server's time per click under load (benchmarks/
    # README.md, "How many sessions one process holds"): a realpath per loaded module to
    # watch the sources, and a forced full collection after every run.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["runner"]["postScriptGC"] is False


def test_the_app_turns_nagle_off_on_the_servers_connections(folium_stub, monkeypatch):
    # Streamlit leaves it on: each kept-alive response's body waited 40 ms (dashboard/
    # nodelay.py; benchmarks/README.md, "Fourth look").
    from asyncio import base_events

    from dashboard import nodelay

    monkeypatch.setattr(base_events, "_set_nodelay", base_events._set_nodelay)
    st.cache_resource.clear()  # settle() runs once per process; make this run the first
    run()
    assert base_events._set_nodelay is nodelay._set_nodelay


def test_a_sessions_first_run_leaves_the_search_box_table_and_copy_link_for_the_next(
    folium_stub,
):
    # Their front-end code held the map back (app.py's docstring); the map asks for them.
    at = run(whole=False)
    assert folium_stub.layers, "the map is drawn on the first look"
    assert "summary-panel" in panel(at)
    assert any('data-testid="legend"' in h.value for h in at.html)
    assert at.pills(key="filter").value
    assert any('data-testid="search-placeholder"' in h.value for h in at.html)
    assert not at.selectbox
    assert not at.dataframe
    assert not any("copy-link" in h.value for h in at.html)
    at.run()
    assert at.selectbox(key="search") is not None
    assert len(at.dataframe) == 1
    assert any("copy-link" in h.value for h in at.html)
    assert not any("search-placeholder" in h.value for h in at.html)
