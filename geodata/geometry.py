"""World geometries (reference/world.geojson) and their join to a dataset."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

WORLD_FILE = Path(__file__).resolve().parent / "reference" / "world.geojson"


class MissingShapeError(LookupError):
    """A dataset names a country that has no shape: a bug in the reference data."""


@cache
def _world() -> gpd.GeoDataFrame:
    world = gpd.read_file(WORLD_FILE, engine="pyogrio").set_index("iso3")
    if not world.index.is_unique:
        raise ValueError(f"{WORLD_FILE.name}: duplicate ISO3 codes")
    return world


def load_world() -> gpd.GeoDataFrame:
    """Every shape, indexed by ISO3, columns `name` and `geometry` (EPSG:4326). A copy."""
    return _world().copy()


def join(countries: pd.DataFrame) -> gpd.GeoDataFrame:
    """The dataset's countries (a frame with an `iso3` column) with their shapes.

    Raises MissingShapeError rather than dropping a country that has no shape."""
    world = _world()
    missing = sorted(set(countries["iso3"]) - set(world.index))
    if missing:
        raise MissingShapeError(f"no shape for {', '.join(missing)}")
    shapes = world[["geometry"]].reset_index()
    # Merge from the GeoDataFrame side so the result keeps its geometry and CRS.
    joined = shapes.merge(countries, on="iso3", how="inner", validate="one_to_one")
    return joined.set_index("iso3").loc[list(countries["iso3"])].reset_index()
