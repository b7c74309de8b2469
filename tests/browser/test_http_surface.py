"""What a hosted instance answers over HTTP: only the map's static files, no files by
path, no uploads without the XSRF token, no cross-origin reads (docs/security.md). Uses
the running server but no browser."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from dashboard.assets import STATIC
from geodata.geometry import WORLD_FILE

from .conftest import ROOT


def fetch(server, path: str, method: str = "GET", headers=None, data=None):
    request = urllib.request.Request(
        server.url.rstrip("/") + path, method=method, headers=headers or {}, data=data
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_static_serving_holds_only_leaflet_and_the_world_shapes(server):
    served = sorted(str(p.relative_to(STATIC)) for p in STATIC.rglob("*") if p.is_file())
    served.remove(".gitkeep")  # empty: it keeps the folder in a fresh checkout
    assert served[0] == "atlas/world.geojson"
    assert all(p.startswith("leaflet/") for p in served[1:])
    assert {"leaflet/leaflet.js", "leaflet/leaflet.css"} <= set(served)
    assert not [p for p in served if p.endswith((".py", ".txt", ".toml", ".csv"))]
    status, _, body = fetch(server, "/app/static/atlas/world.geojson")
    assert status == 200
    assert body == WORLD_FILE.read_bytes()


SECRETS_BY_PATH = [
    "/app/static/../app.py",
    "/app/static/%2e%2e/app.py",
    "/app/static/..%2fapp.py",
    "/app/static/%2e%2e%2f%2e%2e%2fseeds/foreign-relations-of-israel.txt",
    "/app/static/..%5c..%5cseeds%5cforeign-relations-of-israel.txt",
    "/app/static//etc/passwd",
    "/app/static/%2fetc%2fpasswd",
    "/dashboard/app.py",
    "/seeds/foreign-relations-of-israel.txt",
    "/.streamlit/config.toml",
    "/../../etc/passwd",
    "/media/../../etc/passwd",
    "/component/streamlit_folium.st_folium/../../../../etc/passwd",
]


@pytest.mark.parametrize("path", SECRETS_BY_PATH)
def test_no_file_is_served_by_path(server, path):
    status, _, body = fetch(server, path)
    assert status in (200, 400, 403, 404)  # 200 is the app's own page shell, checked next
    seed = (ROOT / "seeds" / "foreign-relations-of-israel.txt").read_bytes()[:200]
    for secret in (b"root:x:0:0", b"st.set_page_config", seed, b"enableXsrfProtection"):
        assert secret not in body


def test_an_upload_without_the_xsrf_token_is_refused(server):
    status, _, body = fetch(server, "/_stcore/upload_file/session/file", "PUT", data=b"x")
    assert status == 403
    assert b"XSRF" in body


def test_another_origin_gets_no_cross_origin_permission(server):
    _, headers, _ = fetch(server, "/_stcore/health", headers={"Origin": "https://evil.example"})
    assert headers.get("Access-Control-Allow-Origin") in (None, "")
