"""Dashboard helpers, without Streamlit: URL state, map layers and panel HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import shapely

from dashboard import chips
from dashboard.assets import ensure_static
from dashboard.mapview import UNCERTAIN_BELOW, base_map, country_layer, view_spec
from dashboard.palette import COLORS
from dashboard.panel import country_panel, highlighted, legend_html, notice_html
from dashboard.state import View, parse_view, view_params
from geodata.dataset import build_dataset
from geodata.geometry import WORLD_FILE, load_world
from geodata.records import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "foreign-relations-of-israel.txt"
CHILE = ROOT / "tests" / "documents" / "foreign-relations-of-chile.txt"

DOCS = ["israel", "chile"]
CODES = {"israel": ["ISR", "EGY", "BHR"], "chile": ["CHL"]}


def test_values_from_a_link_are_shown_as_text_in_a_notice():
    _, found = parse_view({"categories": "![](http://x.io/a.png),<b>x</b>"}, DOCS, CODES)
    html = notice_html(found[0])
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "<img" not in html
    assert "<a " not in html


def test_a_full_link_round_trips():
    view = View("chile", "CHL", ("ally", "partner"))
    parsed, notices = parse_view(view_params(view), DOCS, CODES)
    assert (parsed, notices) == (view, [])


def test_defaults_when_the_link_is_empty():
    view, notices = parse_view({}, DOCS, CODES)
    assert view == View("israel", None, tuple(CATEGORIES))
    assert notices == []
    assert view_params(view) == {"doc": "israel"}


def test_country_codes_are_case_insensitive():
    assert parse_view({"country": "egy"}, DOCS, CODES)[0].country == "EGY"


def test_repeated_parameters_take_the_last_value():
    view, _ = parse_view({"country": ["ISR", "EGY"]}, DOCS, CODES)
    assert view.country == "EGY"


def test_an_empty_category_list_is_a_valid_view():
    view, notices = parse_view({"categories": ""}, DOCS, CODES)
    assert (view.categories, notices) == ((), [])


@pytest.mark.parametrize(
    "params",
    [
        {"doc": "../../etc/passwd"},
        {"doc": "israel\x00"},
        {"country": "XXX"},
        {"country": "EG"},
        {"country": "E" * 10_000},
        {"categories": "ally,<script>"},
        {"categories": "%3Cscript%3E"},
        {"categories": ",,,"},
        {"categories": "y" * 10_000},
    ],
)
def test_bad_values_fall_back_with_a_short_notice(params):
    view, notices = parse_view(params, DOCS, CODES)
    assert view.doc in DOCS
    assert notices
    assert all(len(n) < 200 for n in notices)


@pytest.fixture(scope="module")
def dataset():
    return build_dataset(
        "Foreign relations of Israel\n\nEgypt signed a peace treaty. The European Union "
        "is a partner. Bahrain <b>normalized</b> ties.\n",
        "t.txt",
    )


@pytest.fixture(scope="module")
def spec(dataset):
    rows = [
        {"iso3": c.iso3, "name": c.name, "category": c.category, "indirect": c.indirect}
        for c in dataset.countries
    ]
    return view_spec(load_world(), rows, ["focal", "peace-treaty", "partner"], "EGY")


def test_shown_countries_are_active_and_filtered_ones_are_listed(spec):
    assert {"ISR", "EGY", "FRA", "MLT"} <= set(spec["active"])
    assert spec["filtered"] == ["BHR"]
    assert "BRA" not in spec["active"]


def test_the_selection_is_outlined_and_the_focal_country_stands_out(spec):
    assert spec["active"]["EGY"]["style"]["weight"] == 3
    assert spec["active"]["ISR"]["style"]["fillColor"] == "#000000"
    assert spec["active"]["ISR"]["style"]["weight"] > spec["active"]["FRA"]["style"]["weight"]


def test_small_countries_get_a_clickable_dot(spec):
    assert "MLT" in spec["dots"]  # an EU member, shown as partner
    assert "EGY" not in spec["dots"]
    lat, lon = spec["dots"]["MLT"]
    assert 35 < lat < 36.5
    assert 14 < lon < 15


def test_indirect_members_are_lighter_and_dashed(spec):
    direct, indirect = spec["active"]["EGY"]["style"], spec["active"]["FRA"]["style"]
    assert indirect["fillOpacity"] < direct["fillOpacity"]
    assert indirect["dashArray"]
    assert spec["active"]["FRA"]["label"] == "partner (via a group)"


def test_the_layer_carries_only_our_fields_and_sets_tooltips_as_text(spec):
    assert all(set(v) == {"style", "name", "label", "uncertain"} for v in spec["active"].values())
    m = base_map()
    country_layer(spec).add_to(m)
    script = m.get_root().render()
    assert "textContent" in script
    assert "innerHTML" not in script
    assert "bindPopup" not in script


def test_spec_json_cannot_close_the_script_tag():
    hostile = {"active": {"EGY": {"style": {}, "name": "</script><b>", "label": "x"}},
               "filtered": [], "dots": {}}  # fmt: skip
    m = base_map()
    country_layer(hostile).add_to(m)
    assert "</script><b>" not in m.get_root().render()


def test_base_map_is_identical_on_every_call_and_needs_no_cdn():
    first, second = base_map(), base_map()
    assert first.default_js == second.default_js
    assert all(not url.startswith("http") for _, url in first.default_js + first.default_css)
    assert "tileLayer" not in first.get_root().render()


def test_leaflet_and_the_world_shapes_are_served_from_the_app():
    folder = ensure_static()
    assert (folder / "leaflet.js").stat().st_size > 100_000
    assert (folder / "leaflet.css").is_file()
    served = folder.parent / "atlas" / "world.geojson"
    assert served.read_bytes() == WORLD_FILE.read_bytes()


def test_a_view_costs_kilobytes_not_the_world(dataset):
    rows = [
        {"iso3": i, "name": i, "category": "partner", "indirect": False} for i in load_world().index
    ]
    everything = view_spec(load_world(), rows, CATEGORIES, None)
    assert len(json.dumps(everything).encode()) < 60_000  # every country of the world shown
    assert WORLD_FILE.stat().st_size < 400_000  # fetched once per map


def test_panel_escapes_document_text_and_marks_the_mention(dataset):
    bahrain = next(c for c in dataset.countries if c.iso3 == "BHR")
    passages = [p for p in dataset.passages if p.iso3 == "BHR"]
    html = country_panel(bahrain, passages)
    assert "<mark>Bahrain</mark> &lt;b&gt;" in html
    assert ">normalized</mark>&lt;/b&gt; ties." in html
    assert "<b>normalized" not in html
    assert highlighted(passages[0]).startswith("<mark>Bahrain</mark>")


def _rows(*rows):
    return [
        {"iso3": i, "name": n, "category": c, "indirect": False, "confidence": conf}
        for i, n, c, conf in rows
    ]


def test_the_first_view_frames_the_named_countries_mainlands():
    rows = _rows(("ISR", "Israel", "focal", 1), ("EGY", "Egypt", "peace-treaty", 0.9),
                 ("FRA", "France", "partner", 0.8))  # fmt: skip
    (south, west), (north, east) = view_spec(load_world(), rows, CATEGORIES, None)["frame"]
    # France's mainland, not French Guiana: the frame stays in the Old World.
    assert -10 < west < 0
    assert 35 < east < 40
    assert 18 < south < 25
    assert 50 < north < 55


def test_the_first_view_is_the_world_when_the_countries_span_it():
    rows = _rows(("ISR", "Israel", "focal", 1), ("USA", "United States", "ally", 1),
                 ("JPN", "Japan", "partner", 1), ("NZL", "New Zealand", "partner", 1))  # fmt: skip
    assert view_spec(load_world(), rows, CATEGORIES, None)["frame"] is None


def test_antarctica_never_widens_the_frame():
    rows = _rows(("CHL", "Chile", "focal", 1), ("ATA", "Antarctica", "contested", 1),
                 ("ARG", "Argentina", "peace-treaty", 1))  # fmt: skip
    (south, _), _ = view_spec(load_world(), rows, CATEGORIES, None)["frame"]
    assert south > -60


def test_the_focal_country_gets_a_mark_inside_its_mainland():
    rows = _rows(("QAT", "Qatar", "focal", 1), ("SAU", "Saudi Arabia", "no-relations", 1))
    focal = view_spec(load_world(), rows, ["no-relations"], None)["focal"]
    assert focal["iso3"] == "QAT"
    assert focal["name"] == "Qatar"
    lat, lon = focal["point"]
    assert load_world().loc["QAT", "geometry"].contains(shapely.Point(lon, lat))


def test_weak_evidence_is_marked_uncertain_but_neutral_and_focal_never_are():
    rows = _rows(("ISR", "Israel", "focal", 0.3), ("EGY", "Egypt", "partner", 0.3),
                 ("JOR", "Jordan", "partner", UNCERTAIN_BELOW), ("PER", "Peru", "neutral", 0.2),
                 ("IRN", "Iran", "adversary", UNCERTAIN_BELOW - 0.01))  # fmt: skip
    active = view_spec(load_world(), rows, CATEGORIES, None)["active"]
    assert {k for k, v in active.items() if v["uncertain"]} == {"EGY", "IRN"}
    assert active["EGY"]["label"] == "partner · uncertain"


def test_the_legend_explains_each_mark_once_and_leaves_the_colours_to_the_chips():
    legend = legend_html()
    assert "the document's country" in legend
    assert "uncertain" in legend
    assert "part of a group" in legend
    assert not any(key in legend for key in ("no-relations", "peace-treaty", "adversary"))
    assert "corrected" not in legend
    assert "corrected in this view (2)" in legend_html(2)


def test_the_chips_offer_all_and_each_category_the_document_has():
    counts = dict.fromkeys(CATEGORIES, 0) | {"focal": 1, "ally": 2, "partner": 5}
    assert chips.options(counts, CATEGORIES) == ["all", "focal", "ally", "partner"]
    # A category a link shows stays on offer, with its count of 0, so it can be turned off.
    assert chips.options(counts, ["contested"]) == ["all", "focal", "ally", "partner", "contested"]
    assert chips.label(counts)("all") == "all · 8"
    assert chips.label(counts)("ally") == "ally · 2"


def test_a_click_on_a_chip_shows_only_its_category_and_more_clicks_add():
    everything = tuple(CATEGORIES)
    assert chips.selection(everything) == ["all"]
    # "all" on, a click on "ally": only allies.
    assert chips.chosen(["all", "ally"], everything) == ("ally",)
    assert chips.chosen(["ally", "partner"], ("ally",)) == ("ally", "partner")
    assert chips.selection(("partner", "ally")) == ["ally", "partner"]


def test_all_or_turning_the_last_chip_off_shows_every_category():
    everything = tuple(CATEGORIES)
    assert chips.chosen(["ally", "all"], ("ally",)) == everything
    assert chips.chosen([], ("ally",)) == everything
    assert chips.chosen(None, ("ally",)) == everything
    assert chips.chosen([], everything) == everything  # "all" clicked while on: stays


def test_each_chip_wears_its_colour_and_a_hidden_one_only_its_border():
    css = chips.chip_css(["all", "ally", "partner"], ("ally",))
    assert f"button:nth-of-type(2) {{ background:{COLORS['ally']} !important" in css
    assert f"border:2px dashed {COLORS['partner']} !important" in css
    assert f"background:{COLORS['partner']}" not in css


def test_the_panel_puts_deciding_passages_first_and_folds_long_groups():
    body = "\n\n".join(
        [
            "Trade\n\n" + " ".join(f"Peru hosted a fair in {y}." for y in range(2001, 2008)),
            "Security\n\nPeru is a close ally of Chile.",
        ]
    )
    dataset = build_dataset(f"Foreign relations of Chile\n\n{body}\n", "t.txt")
    peru = next(c for c in dataset.countries if c.iso3 == "PER")
    passages = [p for p in dataset.passages if p.iso3 == "PER"]
    html = country_panel(peru, passages)
    deciding, rest = html.split('data-testid="deciding"')[1].split("Other passages")
    assert "close <mark class" in deciding
    assert ">ally</mark>" in deciding
    assert "fair in" not in deciding
    assert "Other passages (7)" in html
    assert "Trade <span" in rest
    assert "(7)" in rest
    # Three shown, the other four behind "show all 7"; offsets and highlights stay.
    shown, folded = rest.split('data-testid="show-all"')
    assert shown.count('data-testid="passage"') == 3
    assert "show all 7" in folded
    assert folded.count('data-testid="passage"') == 4
    assert html.count("<mark>Peru</mark>") == 8
    assert "characters " in folded


def test_the_panel_says_why_in_words_without_the_methods_scope_names(severed):
    dataset, libya = severed
    html = country_panel(libya, [p for p in dataset.passages if p.iso3 == "LBY"])
    assert "The text speaks of no diplomatic relations" in html
    assert f"Sure: {libya.confidence:.0%} likely." in html
    assert "Decided by" not in html
    assert libya.decided_by not in html.split("Passages that decided it")[0]


def test_cues_of_a_countrys_own_passage_are_quoted_by_their_offsets():
    body = "Greece–Malta relations\n\nBoth countries are close allies."
    dataset = build_dataset(f"Foreign relations of Greece\n\n{body}\n", "t.txt")
    malta = next(c for c in dataset.countries if c.iso3 == "MLT")
    html = country_panel(malta, [p for p in dataset.passages if p.iso3 == "MLT"])
    assert "What decided it</h4>" in html
    assert "Said in its own part of the text, without naming it: “allies” (characters " in html


# The method's own words: its scope names, its decided_by values and score comparisons.
INTERNAL = re.compile(
    r"\b(?:sentence|paragraph|topic|lead-in|scope|decided[ _]by|model|override|"
    r"features?|weights?|none)\b|\d+\.\d+ vs \d|preferred over",
    re.IGNORECASE,
)


def panel_words(html: str) -> str:
    """A panel's own text: without the document's words (quoted passages, quoted cues, the
    section labels taken from its headings) and without markup."""
    html = re.sub(r"<blockquote.*?</blockquote>|<h5.*?</h5>", " ", html, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"“[^”]*”", " ", text)


@pytest.mark.parametrize("path", [SEED, CHILE], ids=["seed", "chile"])
def test_no_panel_says_an_internal_score_or_scope_name(path):
    text = path.read_text(encoding="utf-8")
    dataset = build_dataset(text, path.name)
    assert len(dataset.countries) > 30
    for country in dataset.countries:
        passages = [p for p in dataset.passages if p.iso3 == country.iso3]
        words = panel_words(country_panel(country, passages))
        assert country.name in words
        assert not INTERNAL.findall(words), (country.iso3, words)
