"""Many people at once: N real browser sessions load the dashboard together and each clicks
10 countries; errors, time to map, click to quote and server memory per session.

Run: `python benchmarks/bench_load.py [--sessions 20,40,60] [--clicks 10]` (writes its
table into benchmarks/README.md; `--quick` runs 2 sessions × 3 clicks and writes nothing).
Everything stays on loopback: one Streamlit server, one Chromium with one context per
session, every non-local request aborted and counted as an error. Steps stop at the first
one with errors: that is where it breaks.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from playwright.async_api import async_playwright  # noqa: E402

from benchmarks.report import describe_machine, write_section  # noqa: E402
from benchmarks.sessions import Session, summarise  # noqa: E402
from geodata.dataset import build_dataset  # noqa: E402
from geodata.geometry import load_world  # noqa: E402
from tests.browser.chromium import ARGS, CHROMIUM  # noqa: E402
from tests.browser.streamlit_server import StreamlitServer  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
SEED = ROOT / "seeds" / "foreign-relations-of-israel.txt"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PANEL_TITLE = "[data-testid='country-panel'] h3"
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1")
LOCAL += ("data:", "blob:", "about:")
LOAD_TIMEOUT_MS = 120_000
CLICK_TIMEOUT_MS = 30_000

DATASET = build_dataset(SEED.read_text(encoding="utf-8"), SEED.name)
WORLD = load_world()
NAMES = {c.iso3: c.name for c in DATASET.countries}
# The 20 largest countries of the seed: a click on their representative point always lands.
TARGETS = sorted(NAMES, key=lambda c: -WORLD.loc[c, "geometry"].area)[:20]


async def run_session(browser, url: str, index: int, clicks: int) -> tuple[Session, object]:
    result = Session()
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})

    async def guard(route) -> None:
        if route.request.url.startswith(LOCAL):
            await route.continue_()
        else:
            result.errors.append(f"non-local request {route.request.url}")
            await route.abort()

    await context.route("**/*", guard)
    page = await context.new_page()
    page.on("pageerror", lambda e: result.errors.append(f"page error: {e}"))
    try:
        start = time.perf_counter()
        await page.goto(url, timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
        frame_locator = page.frame_locator(MAP_FRAME)
        await frame_locator.locator("path.leaflet-interactive").first.wait_for(
            timeout=LOAD_TIMEOUT_MS
        )
        result.load_s = time.perf_counter() - start
        frame = next(f for f in page.frames if "st_folium" in f.url)
        box = await page.locator(MAP_FRAME).bounding_box()
        for k in range(clicks):
            iso3 = TARGETS[(index + k) % len(TARGETS)]
            point = WORLD.loc[iso3, "geometry"].representative_point()
            x, y = await frame.evaluate(
                "([lat, lon]) => { const p = map_div.latLngToContainerPoint([lat, lon]);"
                " return [p.x, p.y]; }",
                [point.y, point.x],
            )
            start = time.perf_counter()
            await page.mouse.click(box["x"] + x, box["y"] + y)
            try:
                await page.locator(PANEL_TITLE, has_text=NAMES[iso3]).wait_for(
                    timeout=CLICK_TIMEOUT_MS
                )
                result.clicks_s.append(time.perf_counter() - start)
            except Exception:
                result.errors.append(f"click on {iso3}: no panel within 30 s")
            await page.wait_for_selector(READY, timeout=LOAD_TIMEOUT_MS)
        if await page.locator("[data-testid='stException']").count():
            result.errors.append("an exception is shown")
        if "Traceback" in await page.content():
            result.errors.append("a traceback is shown")
    except Exception as e:
        result.errors.append(f"{type(e).__name__}: {str(e).splitlines()[0]}")
    return result, context


async def step(browser, n: int, clicks: int) -> dict:
    server = StreamlitServer().wait()
    try:
        warm, context = await run_session(browser, server.url, 0, 1)  # imports, caches
        await context.close()
        rss_before = server.rss_mb()
        cpu = server.cpu_seconds()
        wall = time.perf_counter()
        outcomes = await asyncio.gather(
            *(run_session(browser, server.url, i, clicks) for i in range(n))
        )
        wall = time.perf_counter() - wall
        cpu = server.cpu_seconds() - cpu
        rss_open = server.rss_mb()  # every page still open, its session alive
        for _, context in outcomes:
            await context.close()
    finally:
        server.stop()
    return {
        "n": n,
        **summarise([s for s, _ in outcomes], warm),
        "rss_before": rss_before,
        "rss_open": rss_open,
        "wall": wall,
        "server_cpu": cpu,
    }


async def main_async(steps: list[int], clicks: int) -> list[dict]:
    results = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in steps:
            print(f"{n} sessions…", file=sys.stderr, flush=True)
            result = await step(browser, n, clicks)
            results.append(result)
            print(row(result, clicks), file=sys.stderr, flush=True)
            if result["errors"]:
                break  # where it breaks
        await browser.close()
    return results


def row(r: dict, clicks: int) -> str:
    per_session = (r["rss_open"] - r["rss_before"]) / r["n"]
    return (
        f"| {r['n']} | {len(r['errors'])} | {r['loaded']}/{r['n']} "
        f"| {r['clicks']}/{r['n'] * clicks} "
        f"| {r['load_p50']:.1f} / {r['load_p95']:.1f} "
        f"| {r['click_p50'] * 1000:,.0f} / {r['click_p95'] * 1000:,.0f} "
        f"| {r['rss_before']:.0f} → {r['rss_open']:.0f} | {per_session:.1f} | {r['wall']:.0f} "
        f"| {r['server_cpu']:.0f} ({r['server_cpu'] / r['wall']:.0%}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", default="20,40,60", help="comma-separated steps")
    parser.add_argument("--clicks", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="2 sessions × 3 clicks, no write")
    args = parser.parse_args()
    steps = [2] if args.quick else [int(n) for n in args.sessions.split(",")]
    clicks = 3 if args.quick else args.clicks
    results = asyncio.run(main_async(steps, clicks))
    lines = [
        f"Measured {date.today().isoformat()} on {describe_machine()}; Streamlit "
        f"{version('streamlit')}, streamlit-folium {version('streamlit-folium')}. One server "
        "process; one headless Chromium on the same 2 cores with one context per session; "
        f"all sessions start together, then each clicks {clicks} countries one after another "
        "(each click waits for the panel).",
        "",
        "| sessions | errors | loaded | clicks quoted | time to map p50 / p95 (s) "
        "| click to quote p50 / p95 (ms) | server RSS idle → all open (MB) "
        "| MB per session | wall (s) | server CPU (s, share of one core) |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *(row(r, clicks) for r in results),
    ]
    errors = [e for r in results for e in r["errors"]]
    if errors:
        lines += ["", "First errors:", *(f"- {e}" for e in errors[:5])]
    table = "\n".join(lines)
    print(table)
    if not args.quick:
        write_section(README, "load", table)


if __name__ == "__main__":
    main()
