"""The folium map: a base map that never changes, and a country layer styled by the view.

Pure functions, no Streamlit: `app.py` hands the layer to streamlit-folium as
`feature_group_to_add`, so the base map (and with it the component's iframe) stays the same
on every rerun. Only our own fields (name, ISO3, category) go into the map; document text
never does, because folium tooltips insert their values as HTML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable

import folium
import geopandas as gpd

from dashboard.assets import LEAFLET_CSS, LEAFLET_JS
from dashboard.palette import BORDER, COLORS, FILTERED_OUT, SEA, UNMENTIONED

# Countries smaller than this (square degrees) also get a dot, so they can be clicked at
# world zoom: Bahrain is 0.04, Lebanon 0.95, Israel 2.1.
TINY_AREA = 1.0
MAP_HEIGHT = 520


def base_map() -> folium.Map:
    """The same map on every call: no tiles (no internet needed), Leaflet served locally."""
    m = folium.Map(
        location=(30, 15),
        zoom_start=1.5,
        zoom_snap=0.5,
        min_zoom=1,
        max_zoom=8,
        tiles=None,
        world_copy_jump=False,
        max_bounds=True,
    )
    # Only Leaflet itself is needed; folium's defaults would fetch jQuery, Bootstrap and
    # Font Awesome from CDNs.
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    style = f"<style>.leaflet-container {{ background: {SEA}; }}</style>"
    m.get_root().header.add_child(folium.Element(style))
    return m


def _label(category: str, indirect: bool) -> str:
    return f"{category} (via a group)" if indirect else category


def country_features(
    world: gpd.GeoDataFrame,
    rows: Iterable[dict],
    shown: Iterable[str],
    selected: str | None,
) -> dict[str, dict]:
    """GeoJSON FeatureCollections: `active` (clickable), `quiet` (grey) and `dots`.

    `world` is indexed by ISO3; `rows` are the dataset's countries (iso3, name, category,
    indirect); `shown` the categories the filter lets through."""
    shown = set(shown)
    by_code = {r["iso3"]: r for r in rows}
    active, quiet, dots = [], [], []
    for iso3, shape in world.geometry.items():
        row = by_code.get(iso3)
        geometry = shape.__geo_interface__
        if row is None or row["category"] not in shown:
            quiet.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {"iso3": iso3, "state": "filtered" if row else "unmentioned"},
                }
            )
            continue
        properties = {
            "iso3": iso3,
            "name": html.escape(row["name"]),
            "label": html.escape(_label(row["category"], row["indirect"])),
            "category": row["category"],
            "indirect": bool(row["indirect"]),
            "selected": iso3 == selected,
        }
        active.append({"type": "Feature", "geometry": geometry, "properties": properties})
        if shape.area < TINY_AREA:
            point = shape.representative_point()
            dots.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
                    "properties": properties,
                }
            )
    collection = lambda features: {"type": "FeatureCollection", "features": features}  # noqa: E731
    return {"active": collection(active), "quiet": collection(quiet), "dots": collection(dots)}


def _style(feature: dict) -> dict:
    p = feature["properties"]
    if "category" not in p:
        fill = FILTERED_OUT if p["state"] == "filtered" else UNMENTIONED
        return {"fillColor": fill, "fillOpacity": 1, "color": BORDER, "weight": 0.5}
    selected = p["selected"]
    return {
        "fillColor": COLORS[p["category"]],
        # Indirect members are visibly lighter and dashed: named only through a group.
        "fillOpacity": 0.35 if p["indirect"] else 0.9,
        "color": "#111111" if selected or p["category"] == "focal" else "#555555",
        "weight": 3 if selected else (1.5 if p["category"] == "focal" else 0.6),
        "dashArray": "3 3" if p["indirect"] and not selected else None,
    }


def _highlight(_feature: dict) -> dict:
    return {"weight": 2.5, "color": "#111111"}


def country_layer(features: dict[str, dict]) -> folium.FeatureGroup:
    """The styled layer for one view; rebuilt on every view change, the base map is not."""
    group = folium.FeatureGroup(name="countries")
    folium.GeoJson(
        features["quiet"], style_function=_style, interactive=False, name="quiet"
    ).add_to(group)
    tooltip = folium.GeoJsonTooltip(fields=["name", "label"], aliases=["", ""], labels=False)
    folium.GeoJson(
        features["active"],
        style_function=_style,
        highlight_function=_highlight,
        tooltip=tooltip,
        name="countries",
    ).add_to(group)
    if features["dots"]["features"]:
        folium.GeoJson(
            features["dots"],
            style_function=_style,
            tooltip=folium.GeoJsonTooltip(fields=["name", "label"], aliases=["", ""], labels=False),
            marker=folium.CircleMarker(radius=6),
            name="small countries",
        ).add_to(group)
    return group


def geojson_text(features: dict[str, dict]) -> str:
    """The active countries as GeoJSON text (for size checks and downloads)."""
    return json.dumps(features["active"], separators=(",", ":"))
