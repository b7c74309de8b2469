"""(e) The map alone: our map (base map, world file, style layer of the default view) in
`st_folium`, and nothing else on the page. What any streamlit-folium dashboard of this map
costs at least: the floor (b) plus the component's own chain (its iframe, its bundle,
Leaflet, the shapes). With the dashboard's server fix (dashboard/nodelay.py), as ours."""

import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from dashboard.mapview import MAP_HEIGHT, base_map, country_layer, view_spec
from dashboard.nodelay import disable_nagle
from geodata.dataset import build_dataset
from geodata.geometry import load_world
from geodata.records import CATEGORIES

SEED = Path(__file__).resolve().parents[2] / "seeds" / "foreign-relations-of-israel.txt"


st.cache_resource(disable_nagle)()


@st.cache_resource
def spec() -> dict:
    dataset = build_dataset(SEED.read_text(encoding="utf-8"), SEED.name)
    rows = [
        {"iso3": c.iso3, "name": c.name, "category": c.category, "indirect": c.indirect}
        for c in dataset.countries
    ]
    return view_spec(load_world(), rows, CATEGORIES, None)


st_folium(base_map(), feature_group_to_add=country_layer(spec()), key="map",
          height=MAP_HEIGHT, use_container_width=True, returned_objects=[])  # fmt: skip
