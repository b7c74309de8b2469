"""Dashboard helpers, without Streamlit: URL state, map layers and panel HTML."""

from __future__ import annotations

import json

import pytest

from dashboard.assets import ensure_static
from dashboard.mapview import base_map, country_features, country_layer, geojson_text
from dashboard.panel import country_panel, highlighted
from dashboard.state import View, parse_view, view_params
from geodata.dataset import build_dataset
from geodata.geometry import load_world
from geodata.records import CATEGORIES

DOCS = ["israel", "chile"]
CODES = {"israel": ["ISR", "EGY", "BHR"], "chile": ["CHL"]}


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
def features(dataset):
    rows = [
        {"iso3": c.iso3, "name": c.name, "category": c.category, "indirect": c.indirect}
        for c in dataset.countries
    ]
    return country_features(load_world(), rows, ["focal", "peace-treaty", "partner"], "EGY")


def test_every_world_shape_is_drawn_once(features):
    active = {f["properties"]["iso3"] for f in features["active"]["features"]}
    quiet = {f["properties"]["iso3"] for f in features["quiet"]["features"]}
    assert not active & quiet
    assert len(active | quiet) == len(load_world())


def test_filtered_countries_are_quiet_and_unclickable(features):
    quiet = {
        f["properties"]["iso3"]: f["properties"]["state"] for f in features["quiet"]["features"]
    }
    assert quiet["BHR"] == "filtered"
    assert quiet["BRA"] == "unmentioned"
    layer = country_layer(features)
    quiet_layer = next(c for c in layer._children.values() if c.layer_name == "quiet")
    assert quiet_layer.options["interactive"] is False


def test_small_countries_get_a_clickable_dot(features):
    dots = {f["properties"]["iso3"] for f in features["dots"]["features"]}
    assert "MLT" in dots  # an EU member, shown as partner
    assert "EGY" not in dots


def test_indirect_members_are_lighter_and_dashed(features):
    layer = country_layer(features)
    active = next(c for c in layer._children.values() if c.layer_name == "countries")
    by_code = {f["properties"]["iso3"]: f for f in features["active"]["features"]}
    direct, indirect = active.style_function(by_code["EGY"]), active.style_function(by_code["FRA"])
    assert indirect["fillOpacity"] < direct["fillOpacity"]
    assert indirect["dashArray"]


def test_base_map_is_identical_on_every_call_and_needs_no_cdn():
    first, second = base_map(), base_map()
    assert first.default_js == second.default_js
    assert all(not url.startswith("http") for _, url in first.default_js + first.default_css)
    assert "tileLayer" not in first.get_root().render()


def test_leaflet_is_served_from_the_app(tmp_path):
    folder = ensure_static()
    assert (folder / "leaflet.js").stat().st_size > 100_000
    assert (folder / "leaflet.css").is_file()


def test_world_layer_payload_stays_under_400_kb(dataset):
    rows = [
        {"iso3": i, "name": i, "category": "partner", "indirect": False} for i in load_world().index
    ]
    everything = country_features(load_world(), rows, CATEGORIES, None)
    assert len(geojson_text(everything).encode()) < 400_000
    assert json.loads(geojson_text(everything))["type"] == "FeatureCollection"


def test_panel_escapes_document_text_and_marks_the_mention(dataset):
    bahrain = next(c for c in dataset.countries if c.iso3 == "BHR")
    passages = [p for p in dataset.passages if p.iso3 == "BHR"]
    html = country_panel(bahrain, passages)
    assert "<mark>Bahrain</mark> &lt;b&gt;normalized&lt;/b&gt; ties." in html
    assert "<b>normalized" not in html
    assert highlighted(passages[0]).startswith("<mark>Bahrain</mark>")
