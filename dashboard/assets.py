"""Leaflet and the world shapes, served by the app itself: the map needs no internet.

The files come from the `django-js-lib-leaflet` wheel (Leaflet 1.9.4, BSD licence; it is a
plain static-files package with no dependencies). Streamlit serves `dashboard/static/` at
`app/static/` when `server.enableStaticServing` is on (see .streamlit/config.toml);
`ensure_static()` copies the files there, since that folder is not committed; the world
shapes are geodata's reference file, copied whenever it changes.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from geodata.geometry import WORLD_FILE

STATIC = Path(__file__).resolve().parent / "static"
_FILES = ("leaflet.js", "leaflet.css")
# Relative to the streamlit-folium component's iframe (/component/<name>/index.html), so
# it also works when the app is served under a base path.
LEAFLET_JS = "../../app/static/leaflet/leaflet.js"
LEAFLET_CSS = "../../app/static/leaflet/leaflet.css"
WORLD_URL = "../../app/static/atlas/world.geojson"


def ensure_static() -> Path:
    """Copy Leaflet (into static/leaflet/) and the world shapes (into static/atlas/)."""
    world = STATIC / "atlas" / "world.geojson"
    if not world.is_file() or world.read_bytes() != WORLD_FILE.read_bytes():
        world.parent.mkdir(parents=True, exist_ok=True)
        staged = world.with_suffix(".tmp")
        shutil.copyfile(WORLD_FILE, staged)
        staged.replace(world)  # a browser never reads a half-copied file
    source = Path(str(files("js_lib_leaflet") / "static" / "js_lib_leaflet"))
    target = STATIC / "leaflet"
    if all((target / name).is_file() for name in _FILES) and (target / "images").is_dir():
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        shutil.copyfile(source / name, target / name)
    shutil.copytree(source / "images", target / "images", dirs_exist_ok=True)
    return target
