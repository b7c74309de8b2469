"""The map as an image to take away: a PNG or SVG of the current view's categories, drawn
on the server from the same dataset and shapes as the web map, in the Equal Earth
projection (equal-area, so no country looks bigger than it is), with the title, a legend
with counts, the focal country marked, the source document, the date and the Natural
Earth credit: what a reader puts in a slide or an article.

Matplotlib's object API only (no pyplot): no global figure state, safe in Streamlit's
threads."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

import geopandas as gpd
import matplotlib
import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from shapely.geometry import Point, Polygon

from dashboard.mapview import UNCERTAIN_BELOW, mainland
from dashboard.palette import BORDER, COLORS, FILTERED_OUT, SEA, UNMENTIONED
from geodata.records import Dataset

matplotlib.rcParams["svg.fonttype"] = "none"  # text in an SVG stays text: searchable, editable
EQUAL_EARTH = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs"
SIZE = (12.0, 6.75)  # inches; at 100 dpi a 1200 × 675 PNG, a slide's 16:9
DPI = 100
CORRECTED = "#000000"  # the dotted outline of a reader's correction, as on the web map
CREDIT = "Country shapes: Natural Earth (public domain). Made with Relations Atlas."


_PROJECTED: dict[int, tuple] = {}  # id(world) -> (world, shapes, globe)


def _projected(world: gpd.GeoDataFrame) -> tuple[gpd.GeoSeries, gpd.GeoSeries]:
    """The shapes and the globe's outline in Equal Earth, once per world frame (the app
    passes the same cached frame every time)."""
    cached = _PROJECTED.get(id(world))
    if cached is not None and cached[0] is world:
        return cached[1], cached[2]
    shapes = world.geometry.to_crs(EQUAL_EARTH)
    lon = np.linspace(-180, 180, 181)
    lat = np.linspace(-90, 90, 91)
    ring = (
        [(x, -90.0) for x in lon]
        + [(180.0, y) for y in lat]
        + [(x, 90.0) for x in lon[::-1]]
        + [(-180.0, y) for y in lat[::-1]]
    )
    globe = gpd.GeoSeries([Polygon(ring)], crs=4326).to_crs(EQUAL_EARTH)
    _PROJECTED.clear()
    _PROJECTED[id(world)] = (world, shapes, globe)
    return shapes, globe


def map_image(
    dataset: Dataset,
    world: gpd.GeoDataFrame,
    shown: Iterable[str],
    fmt: str = "png",
    made: date | None = None,
    corrected: Iterable[str] = (),
) -> bytes:
    """The view's map as PNG or SVG bytes: countries of the shown categories in their
    colours (hatched where the evidence is weak, lighter when named only via a group),
    those filtered out in the filter's grey, the rest in the unmentioned grey. `corrected`:
    the countries a reader corrected in this view, outlined dotted as on the web map."""
    shown = set(shown)
    corrected = set(corrected)
    shapes, globe = _projected(world)
    by_code = {c.iso3: c for c in dataset.countries}
    fig = Figure(figsize=SIZE, dpi=DPI, facecolor="white")
    ax = fig.add_axes((0.01, 0.09, 0.76, 0.80))
    ax.set_axis_off()
    globe.plot(ax=ax, color=SEA, edgecolor="#9DB4C8", linewidth=0.6)
    quiet = [c not in by_code for c in shapes.index]
    shapes[quiet].plot(ax=ax, color=UNMENTIONED, edgecolor=BORDER, linewidth=0.25)
    for iso3, country in by_code.items():
        if iso3 not in shapes.index:
            continue
        one = shapes[[iso3]]
        if country.category not in shown:
            one.plot(ax=ax, color=FILTERED_OUT, edgecolor=BORDER, linewidth=0.25)
            continue
        uncertain = country.category not in ("focal", "neutral") and (
            country.confidence < UNCERTAIN_BELOW
        )
        one.plot(
            ax=ax,
            color=COLORS[country.category],
            alpha=0.45 if country.indirect else 1.0,
            edgecolor=BORDER,
            linewidth=0.25,
        )
        if uncertain:
            one.plot(ax=ax, facecolor="none", edgecolor="#FFFFFF", hatch="////", linewidth=0)
        if iso3 in corrected:
            one.plot(ax=ax, facecolor="none", edgecolor=CORRECTED, linewidth=1.6,
                     linestyle=(0, (1, 1.5)), gid=f"corrected-{iso3}")  # fmt: skip
    focal = by_code.get(dataset.focal)
    if focal is not None and dataset.focal in world.index:
        point = mainland(world.geometry[dataset.focal]).representative_point()
        x, y = gpd.GeoSeries([Point(point.x, point.y)], crs=4326).to_crs(EQUAL_EARTH).iloc[0].xy
        ax.plot(x, y, marker="o", markersize=16, markerfacecolor="none",
                markeredgecolor="white", markeredgewidth=4)  # fmt: skip
        ax.plot(x, y, marker="o", markersize=16, markerfacecolor="none",
                markeredgecolor="black", markeredgewidth=2)  # fmt: skip
        ax.annotate(
            focal.name,
            (x[0], y[0]),
            xytext=(12, 0),
            textcoords="offset points",
            va="center",
            fontsize=11,
            fontweight="bold",
            path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
        )
    counts = dict.fromkeys(COLORS, 0)
    for country in dataset.countries:
        if country.category in shown:
            counts[country.category] += 1
    handles = [
        Patch(facecolor=COLORS[key], edgecolor="#555555", label=f"{key} ({n})")
        for key, n in counts.items()
        if n
    ]
    handles.append(Patch(facecolor=COLORS["partner"], edgecolor="#FFFFFF", hatch="////",
                         label=f"hatched: confidence < {UNCERTAIN_BELOW}"))  # fmt: skip
    marked = sum(1 for iso3 in corrected if by_code.get(iso3) and by_code[iso3].category in shown)
    if marked:
        handles.append(Patch(facecolor="none", edgecolor=CORRECTED, linestyle=":", linewidth=1.6,
                             label=f"dotted: corrected in this view ({marked})"))  # fmt: skip
    handles.append(Patch(facecolor=UNMENTIONED, edgecolor="#555555", label="not mentioned"))
    legend = fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.775, 0.88),
        frameon=False,
        fontsize=10,
        title="Relationship with " + (focal.name if focal else dataset.focal),
        title_fontsize=10,
        alignment="left",
    )
    legend.set_gid("legend")
    fig.text(0.02, 0.95, dataset.title or dataset.source_name, fontsize=16, fontweight="bold")
    when = (made or date.today()).isoformat()
    fig.text(
        0.02,
        0.03,
        f"Source document: {dataset.source_name} (sha256 {dataset.source_sha256[:12]}…), "
        f"map made {when}. {CREDIT}",
        fontsize=8,
        color="#444444",
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=DPI, metadata=_metadata(fmt, dataset))
    return buffer.getvalue()


def _metadata(fmt: str, dataset: Dataset) -> dict:
    title = dataset.title or dataset.source_name
    if fmt == "svg":
        return {"Title": title, "Date": None}  # no date: the same view, the same file
    return {"Title": title, "Software": "Relations Atlas"}
