"""The folium map: a base map that never changes, and a small styling layer per view.

The country shapes travel once: the browser fetches them from the app's static files
(`app/static/atlas/world.geojson`) the first time the map draws and keeps them for the life
of the map's iframe. What changes with the view (colours, filter, selection) is a few kB
of styles per country, so a click sends kilobytes, not the world. `app.py` hands the layer
to streamlit-folium as `feature_group_to_add`, so the base map, and with it the iframe,
stays the same on every rerun.

Only our own fields (name, ISO3, category) reach the map, and the tooltip sets them as
text, never as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from dashboard.assets import LEAFLET_CSS, LEAFLET_JS, WORLD_URL
from dashboard.palette import BORDER, COLORS, FILTERED_OUT, SEA, UNMENTIONED

# Countries smaller than this (square degrees) also get a dot, so they can be clicked at
# world zoom: Bahrain is 0.04, Lebanon 0.95, Israel 2.1.
TINY_AREA = 1.0
MAP_HEIGHT = 520
QUIET = {"fillColor": UNMENTIONED, "fillOpacity": 1, "color": BORDER, "weight": 0.5}


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


def style_of(category: str, indirect: bool, selected: bool) -> dict:
    """Leaflet path style of a country shown on the map."""
    return {
        "fillColor": COLORS[category],
        # Indirect members are visibly lighter and dashed: named only through a group.
        "fillOpacity": 0.35 if indirect else 0.9,
        "color": "#111111" if selected or category == "focal" else "#555555",
        "weight": 3 if selected else (1.5 if category == "focal" else 0.6),
        "dashArray": "3 3" if indirect and not selected else None,
    }


def view_spec(
    world: gpd.GeoDataFrame,
    rows: Iterable[dict],
    shown: Iterable[str],
    selected: str | None,
) -> dict:
    """What the styling layer needs for one view.

    `world` is indexed by ISO3; `rows` are the dataset's countries (iso3, name, category,
    indirect); `shown` the categories the filter lets through. Returns `active` (ISO3 ->
    style, name and label of each clickable country), `filtered` (ISO3s greyed by the
    filter) and `dots` (ISO3 -> [lat, lon] for small active countries)."""
    shown = set(shown)
    active, filtered, dots = {}, [], {}
    for row in rows:
        iso3 = row["iso3"]
        if row["category"] not in shown:
            filtered.append(iso3)
            continue
        label = row["category"] + (" (via a group)" if row["indirect"] else "")
        active[iso3] = {
            "style": style_of(row["category"], row["indirect"], iso3 == selected),
            "name": row["name"],
            "label": label,
        }
        shape = world.geometry.get(iso3)
        if shape is not None and shape.area < TINY_AREA:
            point = shape.representative_point()
            dots[iso3] = [round(point.y, 3), round(point.x, 3)]
    return {"active": active, "filtered": sorted(filtered), "dots": dots}


class WorldLayer(MacroElement):
    """Draws the shared world shapes, styled by a view spec, into its parent group."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var group = {{ this._parent.get_name() }};
  var spec = {{ this.spec_json }};
  var quiet = {{ this.quiet_json }}, filteredFill = {{ this.filtered_fill_json }};
  if (!window.atlasWorld) {
    // Synchronous on purpose, and only once per iframe: streamlit-folium binds its click
    // handler to the layers that exist when this script returns.
    var xhr = new XMLHttpRequest();
    xhr.open("GET", {{ this.url_json }}, false);
    xhr.send(null);
    window.atlasWorld = JSON.parse(xhr.responseText);
  }
  var filtered = new Set(spec.filtered);
  function tooltip(info) {
    return function () {
      var box = document.createElement("div"), name = document.createElement("b");
      name.textContent = info.name;
      box.appendChild(name);
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(info.label));
      return box;
    };
  }
  L.geoJSON(window.atlasWorld, {
    interactive: false,
    filter: function (f) { return !spec.active[f.properties.iso3]; },
    style: function (f) {
      var s = Object.assign({}, quiet);
      if (filtered.has(f.properties.iso3)) { s.fillColor = filteredFill; }
      return s;
    }
  }).addTo(group);
  L.geoJSON(window.atlasWorld, {
    filter: function (f) { return !!spec.active[f.properties.iso3]; },
    style: function (f) { return spec.active[f.properties.iso3].style; },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(tooltip(spec.active[f.properties.iso3]), {sticky: true});
      layer.on("mouseover", function () { layer.setStyle({weight: 2.5, color: "#111111"}); });
      layer.on("mouseout", function () { layer.setStyle(spec.active[f.properties.iso3].style); });
    }
  }).addTo(group);
  var dots = Object.keys(spec.dots).map(function (iso3) {
    var p = spec.dots[iso3];
    return {type: "Feature", properties: {iso3: iso3},
            geometry: {type: "Point", coordinates: [p[1], p[0]]}};
  });
  L.geoJSON({type: "FeatureCollection", features: dots}, {
    pointToLayer: function (f, latlng) {
      var s = Object.assign({radius: 6}, spec.active[f.properties.iso3].style);
      return L.circleMarker(latlng, s);
    },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(tooltip(spec.active[f.properties.iso3]));
    }
  }).addTo(group);
  // The page shows its first look until the map has drawn (app.py): say so, once per
  // iframe, through streamlit-folium's own channel; the app's click handler ignores it.
  if (!window.atlasDrawn && window.Streamlit) {
    window.atlasDrawn = true;
    window.Streamlit.setComponentValue({drawn: true});
  }
})();
{% endmacro %}
"""
    )

    def __init__(self, spec: dict) -> None:
        super().__init__()
        self._name = "WorldLayer"
        self.spec = spec
        # "<" escaped, so no value can close the <script> this is rendered into.
        self.spec_json = json.dumps(spec, separators=(",", ":"), sort_keys=True).replace(
            "<", "\\u003c"
        )
        self.quiet_json = json.dumps(QUIET)
        self.filtered_fill_json = json.dumps(FILTERED_OUT)
        self.url_json = json.dumps(WORLD_URL)


def country_layer(spec: dict) -> folium.FeatureGroup:
    """The layer for one view; rebuilt on every view change, the base map is not."""
    group = folium.FeatureGroup(name="countries")
    WorldLayer(spec).add_to(group)
    return group
