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
from shapely.geometry import box

from dashboard.assets import LEAFLET_CSS, LEAFLET_JS, WORLD_URL
from dashboard.palette import BORDER, COLORS, FILTERED_OUT, SEA, UNMENTIONED
from geodata.explain import UNSURE

# Countries smaller than this (square degrees) also get a dot, so they can be clicked at
# world zoom: Bahrain is 0.04, Lebanon 0.95, Israel 2.1.
TINY_AREA = 1.0
MAP_HEIGHT = 600
# Below this confidence a category rests on weak or conflicting evidence: the map hatches
# it, the legend says so. The pipeline's threshold (geodata/explain.py), chosen on the
# cross-validated development set (benchmarks/README.md, "Fidelity on real articles").
UNCERTAIN_BELOW = UNSURE
# The first view frames the countries the document names; spread wider than this (degrees
# of longitude), they are the whole world's and the map opens on the world.
WORLD_SPAN = 270
FRAME_PADDING = 2.0  # degrees around the framed countries
# A microstate inside a much larger neighbour (the Vatican and San Marino in Italy,
# Monaco in France): its dot would cover that neighbour's middle at the zooms it is seen
# at (Rome at the Vatican's), so it shows only from this zoom on (of 8), and the country
# around it takes the clicks below it. It is at least half surrounded by one neighbour a
# thousand times its area; Bahrain, Lebanon and Luxembourg are not.
ENCLAVE_ZOOM = 7
SURROUNDED = 0.5
DWARFED = 1 / 1000
# A selected country narrower than this on screen (px) is zoomed to, up to the map's
# largest zoom; wider ones are only panned to, when their middle is out of view.
SMALL_PX = 32
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
    # The focal country's name: bold text with a white halo, no box, so the countries
    # around it stay visible.
    style = (
        f"<style>.leaflet-container {{ background: {SEA}; }}"
        ".atlas-focal-label { background: transparent; border: none; box-shadow: none;"
        " font-weight: 700; font-size: 13px; color: #000;"
        " text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }"
        ".atlas-focal-label:before { display: none; }"
        ".atlas-far .atlas-enclave { display: none; }</style>"
    )
    m.get_root().header.add_child(folium.Element(style))
    return m


# A reader's correction (dashboard/corrections.py): a dotted black outline, told from a
# group member's grey dashes by its colour, weight and rhythm; selected, a heavier one.
CORRECTED = {"color": "#000000", "weight": 2.2, "dashArray": "1 4"}


def style_of(category: str, indirect: bool, selected: bool, corrected: bool = False) -> dict:
    """Leaflet path style of a country shown on the map."""
    if corrected:
        weight = {"weight": 3.5} if selected else {}
        return {**style_of(category, indirect, False), **CORRECTED, **weight}
    return {
        "fillColor": COLORS[category],
        # Indirect members are visibly lighter and dashed: named only through a group.
        "fillOpacity": 0.35 if indirect else 0.9,
        "color": "#111111" if selected or category == "focal" else "#555555",
        "weight": 3 if selected else (1.5 if category == "focal" else 0.6),
        "dashArray": "3 3" if indirect and not selected else None,
    }


def mainland(shape):
    """A country's largest part: France without French Guiana, the USA without Alaska."""
    parts = getattr(shape, "geoms", [shape])
    return max(parts, key=lambda part: part.area)


def frame_of(world: gpd.GeoDataFrame, iso3s: Iterable[str]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the mainlands of these countries, Antarctica
    left out; None (the world) when there are none or they are spread across the world."""
    parts = [mainland(world.geometry[c]) for c in iso3s if c in world.index and c != "ATA"]
    if not parts:
        return None
    bounds = [part.bounds for part in parts]
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    if east - west > WORLD_SPAN:
        return None
    pad = FRAME_PADDING
    return [
        [round(max(south - pad, -80), 2), round(max(west - pad, -180), 2)],
        [round(min(north + pad, 84), 2), round(min(east + pad, 180), 2)],
    ]


def is_enclave(world: gpd.GeoDataFrame, iso3: str) -> bool:
    """Whether a small country lies inside a much larger one (see ENCLAVE_ZOOM); computed
    once per country and world (a fraction of a millisecond each)."""
    known = world.attrs.setdefault("atlas_enclaves", {})
    if iso3 not in known:
        shape = world.geometry[iso3]
        ring = shape.buffer(0.1).difference(shape)  # what lies around it, 0.1° wide
        around = [
            (world.geometry.iloc[i].intersection(ring).area / ring.area, world.index[i])
            for i in world.sindex.query(ring)
            if world.index[i] != iso3
        ]
        share, neighbour = max(around, default=(0.0, None))
        known[iso3] = bool(
            share >= SURROUNDED and shape.area < DWARFED * world.geometry[neighbour].area
        )
    return known[iso3]


def bounds_of(shape) -> list[list[float]]:
    """[[south, west], [north, east]] to bring a selected country into view: the whole
    country, or its mainland when its parts are far apart (France and French Guiana), and
    on the side of its mainland's middle when that crosses the antimeridian (Russia)."""
    west, south, east, north = shape.bounds
    if east - west > 60:
        part = mainland(shape)
        west, south, east, north = part.bounds
        if east - west > 180:
            middle = part.representative_point().x
            half = box(0, -90, 180, 90) if middle > 0 else box(-180, -90, 0, 90)
            west, south, east, north = part.intersection(half).bounds
    return [[round(south, 3), round(west, 3)], [round(north, 3), round(east, 3)]]


def view_spec(
    world: gpd.GeoDataFrame,
    rows: Iterable[dict],
    shown: Iterable[str],
    selected: str | None,
) -> dict:
    """What the styling layer needs for one view.

    `world` is indexed by ISO3; `rows` are the dataset's countries (iso3, name, category,
    indirect, and optionally confidence and corrected); `shown` the categories the filter
    lets through.
    Returns `active` (ISO3 -> style, name, label and whether the category is uncertain, of
    each clickable country), `filtered` (ISO3s greyed by the filter), `dots` (ISO3 ->
    [lat, lon] for small active countries), `enclaves` (those of them whose dot shows only
    when zoomed in), `focal` (its ISO3, name and a point inside it,
    for the mark that finds it at any zoom) and `frame` (the first view's bounds, or None
    for the world)."""
    shown = set(shown)
    rows = list(rows)
    active, filtered, dots, enclaves, focal = {}, [], {}, [], None
    for row in rows:
        iso3 = row["iso3"]
        shape = world.geometry.get(iso3)
        if row["category"] == "focal" and shape is not None:
            point = mainland(shape).representative_point()
            focal = {
                "iso3": iso3,
                "name": row["name"],
                "point": [round(point.y, 3), round(point.x, 3)],
            }
        if row["category"] not in shown:
            filtered.append(iso3)
            continue
        uncertain = row["category"] not in ("focal", "neutral") and (
            row.get("confidence", 1.0) < UNCERTAIN_BELOW
        )
        label = row["category"] + (" (via a group)" if row["indirect"] else "")
        label += " · uncertain" if uncertain else ""
        corrected = bool(row.get("corrected"))
        label += " · corrected in this view" if corrected else ""
        active[iso3] = {
            "style": style_of(row["category"], row["indirect"], iso3 == selected, corrected),
            "name": row["name"],
            "label": label,
            "uncertain": uncertain,
        }
        if shape is not None and shape.area < TINY_AREA:
            point = shape.representative_point()
            dots[iso3] = [round(point.y, 3), round(point.x, 3)]
            if is_enclave(world, iso3):
                enclaves.append(iso3)
    named = [r["iso3"] for r in rows if not r["indirect"]]
    shape = world.geometry.get(selected) if selected in active else None
    chosen = {"iso3": selected, "bounds": bounds_of(shape)} if shape is not None else None
    return {
        "selected": chosen,
        "active": active,
        "filtered": sorted(filtered),
        "dots": dots,
        "enclaves": sorted(enclaves),
        "focal": focal,
        "frame": frame_of(world, named),
    }


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
  // Weak evidence: the country's colour under a hatch (a pattern in the map's own SVG).
  var uncertain = Object.keys(spec.active).filter(function (k) {
    return spec.active[k].uncertain;
  });
  if (uncertain.length) {
    var hatched = new Set(uncertain);
    L.geoJSON(window.atlasWorld, {
      interactive: false,
      filter: function (f) { return hatched.has(f.properties.iso3); },
      style: function () {
        return {fillColor: "url(#atlas-hatch)", fillOpacity: 1, stroke: false};
      }
    }).addTo(group);
  }
  var enclaves = new Set(spec.enclaves);
  L.geoJSON({type: "FeatureCollection", features: dots}, {
    pointToLayer: function (f, latlng) {
      var s = Object.assign({radius: 6}, spec.active[f.properties.iso3].style);
      if (enclaves.has(f.properties.iso3)) { s.radius = 5; s.className = "atlas-enclave"; }
      return L.circleMarker(latlng, s);
    },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(tooltip(spec.active[f.properties.iso3]));
    }
  }).addTo(group);
  // The focal country's mark: a ring and its name, found at the first view however small
  // the country is; not interactive, so a click still reaches the shapes beneath.
  if (spec.focal) {
    L.circleMarker(spec.focal.point, {radius: 13, color: "#FFFFFF", weight: 4, fill: false,
                                      interactive: false, className: "atlas-focal-halo"})
      .addTo(group);
    var ring = L.circleMarker(spec.focal.point, {radius: 13, color: "#000000", weight: 2,
                                                 fill: false, interactive: false,
                                                 className: "atlas-focal"}).addTo(group);
    var label = document.createElement("span");
    label.textContent = spec.focal.name;
    ring.bindTooltip(label, {permanent: true, direction: "right", offset: [10, 0],
                             className: "atlas-focal-label"});
  }
  // Once the group is on the map (streamlit-folium adds it after this script runs): the
  // hatch's pattern goes into the map's SVG, and the first view frames the countries the
  // document names, once per document and map; later views (a click, a filter) keep
  // wherever the reader has moved the map.
  var tries = 0;
  (function finish() {
    var map = group._map;
    var svg = map && map.getPanes().overlayPane.querySelector("svg");
    if (!map || (uncertain.length && !svg)) {
      if (tries++ < 100) { setTimeout(finish, 20); }
      return;
    }
    // On a phone the page makes the map's frame shorter than the map streamlit-folium
    // made (dashboard/layout.py): the map takes the frame's height, before it is framed.
    if (!window.atlasFit) {
      window.atlasFit = function () {
        var box = map.getContainer(), high = window.innerHeight;
        if (high > 100 && Math.abs(box.clientHeight - high) > 1) {
          box.style.height = high + "px";
          map.invalidateSize({animate: false});
        }
      };
      window.addEventListener("resize", window.atlasFit);
    }
    window.atlasFit();
    // Enclave dots (hidden by the page's style when far out) follow the zoom; one
    // listener per iframe, as the map is.
    if (!window.atlasZoomWatch) {
      window.atlasZoomWatch = function () {
        map.getContainer().classList.toggle("atlas-far", map.getZoom() < {{ this.enclave_zoom }});
      };
      map.on("zoomend", window.atlasZoomWatch);
    }
    if (svg && !svg.querySelector("#atlas-hatch")) {
      var ns = "http://www.w3.org/2000/svg";
      var defs = document.createElementNS(ns, "defs");
      var pattern = document.createElementNS(ns, "pattern");
      pattern.setAttribute("id", "atlas-hatch");
      pattern.setAttribute("patternUnits", "userSpaceOnUse");
      pattern.setAttribute("width", "6");
      pattern.setAttribute("height", "6");
      pattern.setAttribute("patternTransform", "rotate(45)");
      var line = document.createElementNS(ns, "line");
      line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
      line.setAttribute("x2", "0"); line.setAttribute("y2", "6");
      line.setAttribute("stroke", "#FFFFFF"); line.setAttribute("stroke-width", "2.5");
      pattern.appendChild(line);
      defs.appendChild(pattern);
      svg.insertBefore(defs, svg.firstChild);
    }
    var frameKey = JSON.stringify(spec.frame);
    if (window.atlasFramed !== frameKey) {
      window.atlasFramed = frameKey;
      if (spec.frame) { map.fitBounds(spec.frame, {animate: false}); }
    }
    // A new selection, wherever it was made (map, search box, table, link), comes into
    // view: zoomed to when small on screen, panned to when its middle is out of view. The
    // same selection again (a filter change) leaves the map where the reader put it.
    var chosen = spec.selected ? spec.selected.iso3 : null;
    if (window.atlasSelected !== chosen) {
      var opening = window.atlasSelected === undefined;  // the page's first view
      window.atlasSelected = chosen;
      if (spec.selected) { bringIntoView(map, L.latLngBounds(spec.selected.bounds)); }
      if (chosen && !opening) { revealPanel(chosen); }
    }
    window.atlasZoomWatch();
  })();
  // Where the panel is off screen (under the map on a phone, above the table a reader
  // scrolled to), a new selection scrolls it into view once the page has drawn it, in the
  // same run as this layer. The map's frame is the page's own (same origin).
  function revealPanel(iso3) {
    var page = window.parent, tries = 0;
    (function look() {
      var panel = page.document.querySelector("[data-testid='country-panel']");
      var code = panel && panel.querySelector("h3 span");
      if (!code || code.textContent !== iso3) {
        if (tries++ < 100) { setTimeout(look, 30); }
        return;
      }
      var top = panel.getBoundingClientRect().top;
      if (top < 0 || top > page.innerHeight - 80) {
        panel.style.scrollMarginTop = "64px";  // clear of Streamlit's header
        panel.scrollIntoView({behavior: "smooth", block: "start"});
      }
    })();
  }
  function bringIntoView(map, bounds) {
    var a = map.latLngToContainerPoint(bounds.getSouthWest());
    var b = map.latLngToContainerPoint(bounds.getNorthEast());
    var size = Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y));
    var middle = bounds.getCenter(), zoom = map.getZoom();
    if (size < {{ this.small_px }}) {
      // Zoomed so that its larger side is a few times the threshold (2^z scales sizes).
      var wanted = zoom + Math.log2(3 * {{ this.small_px }} / Math.max(size, 0.01));
      zoom = Math.min(map.getMaxZoom(), Math.floor(wanted * 2) / 2);
      map.setView(middle, Math.max(zoom, map.getZoom()), {animate: false});
    } else if (!map.getBounds().pad(-0.1).contains(middle)) {
      map.panTo(middle, {animate: false});
    }
  }
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
        self.small_px = SMALL_PX
        self.enclave_zoom = ENCLAVE_ZOOM


def country_layer(spec: dict) -> folium.FeatureGroup:
    """The layer for one view; rebuilt on every view change, the base map is not."""
    group = folium.FeatureGroup(name="countries")
    WorldLayer(spec).add_to(group)
    return group
