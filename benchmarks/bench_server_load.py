"""How many sessions one server process holds, found without a browser in the way.

`bench_load.py` drives real Chromium pages, and at 60 sessions the one Chromium (on the
same 2 cores) gave out before the server did. Here each session speaks Streamlit's own
websocket protocol, as the page does: it asks for the app's first run, then clicks
countries the way the map component reports a click (its widget value, which reruns the
map's fragment), each after a think time. A click counts when the answer's panel names the
country clicked. What the browser would do with the answer (draw it) is not measured here:
this is the server's side only.

Run: `python benchmarks/bench_server_load.py [--sessions 50,100,200,400,800,1600]
[--clicks 10] [--think 1,3] [--arrive 10]` (writes its table into benchmarks/README.md;
`--quick` runs 5 sessions × 3 clicks and writes nothing). Sessions arrive evenly over
`--arrive` seconds; think times are drawn uniformly from the `--think` range (seeded).
Steps stop after the first one with an error: a first run not finished within 60 s, a
click not answered within 30 s, a closed connection, an exception shown, or a panel naming
another country.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sys
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks.report import describe_machine, write_section  # noqa: E402
from benchmarks.sessions import Session, summarise  # noqa: E402
from geodata.dataset import build_dataset  # noqa: E402
from tests.browser.streamlit_server import StreamlitServer  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
SEED = ROOT / "seeds" / "foreign-relations-of-israel.txt"
LOAD_TIMEOUT_S = 60
CLICK_TIMEOUT_S = 30
DATASET = build_dataset(SEED.read_text(encoding="utf-8"), SEED.name)
NAMES = {c.iso3: c.name for c in DATASET.countries if c.iso3 != DATASET.focal}


def elements(messages: list[ForwardMsg]):
    """(fragment id, element) of every new element in a run's messages."""
    for m in messages:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            yield m.delta.fragment_id, m.delta.new_element


async def one_run(ws, message: BackMsg) -> list[ForwardMsg]:
    """Send a rerun request; collect what comes back until the run finishes."""
    await ws.send(message.SerializeToString())
    received = []
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await ws.recv())
        received.append(forward)
        if forward.WhichOneof("type") == "script_finished":
            return received


def check(messages: list[ForwardMsg]) -> str | None:
    for _, element in elements(messages):
        if element.WhichOneof("type") == "exception":
            return f"exception shown: {element.exception.message[:80]}"
    return None


async def run_session(url: str, index: int, clicks: int, think: tuple[float, float],
                      delay: float) -> Session:  # fmt: skip
    result = Session()
    rng = random.Random(index)
    await asyncio.sleep(delay)
    stream = url.replace("http://", "ws://") + "_stcore/stream"
    try:
        async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as ws:
            first = BackMsg()
            first.rerun_script.query_string = ""
            start = time.perf_counter()
            messages = await asyncio.wait_for(one_run(ws, first), LOAD_TIMEOUT_S)
            result.load_s = time.perf_counter() - start
            if problem := check(messages):
                result.errors.append(problem)
                return result
            page = next(m.new_session.page_script_hash for m in messages
                        if m.WhichOneof("type") == "new_session")  # fmt: skip
            fragment, component = next(
                (f, e.component_instance) for f, e in elements(messages)
                if e.WhichOneof("type") == "component_instance"
            )  # fmt: skip
            targets = rng.sample(sorted(NAMES), clicks)
            for count, iso3 in enumerate(targets, 1):
                await asyncio.sleep(rng.uniform(*think))
                click = BackMsg()
                state = click.rerun_script
                state.page_script_hash, state.fragment_id = page, fragment
                widget = state.widget_states.widgets.add()
                widget.id = component.id
                # What streamlit-folium sends for a click with the app's returned_objects.
                widget.json_value = json.dumps({
                    "last_active_drawing": {"type": "Feature", "properties": {"iso3": iso3}},
                    "last_object_clicked_count": count,
                })  # fmt: skip
                start = time.perf_counter()
                messages = await asyncio.wait_for(one_run(ws, click), CLICK_TIMEOUT_S)
                elapsed = time.perf_counter() - start
                panel = next((e.html.body for _, e in elements(messages)
                              if e.WhichOneof("type") == "html"
                              and 'data-testid="country-panel"' in e.html.body), "")  # fmt: skip
                if problem := check(messages):
                    result.errors.append(problem)
                elif f">{NAMES[iso3]} <" not in panel:
                    result.errors.append(f"the panel after a click on {iso3} does not name it")
                else:
                    result.clicks_s.append(elapsed)
    except TimeoutError:
        result.errors.append("no answer in time" if result.load_s else "first run not finished")
    except Exception as e:  # a closed connection, a refused one: counted, not raised
        result.errors.append(f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    return result


async def step(n: int, clicks: int, think: tuple[float, float], arrive: float) -> dict:
    server = StreamlitServer().wait()
    try:
        warm = await run_session(server.url, -1, 1, (0, 0), 0)  # imports, caches
        rss_before = server.rss_mb()
        cpu, own = server.cpu_seconds(), time.process_time()
        wall = time.perf_counter()
        sessions = await asyncio.gather(
            *(run_session(server.url, i, clicks, think, arrive * i / n) for i in range(n))
        )
        wall = time.perf_counter() - wall
        cpu, own = server.cpu_seconds() - cpu, time.process_time() - own
        rss_after = server.rss_mb()
    finally:
        server.stop()
    summary = summarise(sessions, warm)
    return {
        "n": n,
        **summary,
        "rss_before": rss_before,
        "rss_after": rss_after,
        "wall": wall,
        "server_cpu": cpu,
        "client_cpu": own,
        "runs": summary["loaded"] + summary["clicks"],
    }


def row(r: dict, clicks: int) -> str:
    per_session = (r["rss_after"] - r["rss_before"]) / r["n"]
    return (
        f"| {r['n']} | {len(r['errors'])} | {r['loaded']}/{r['n']} "
        f"| {r['clicks']}/{r['n'] * clicks} "
        f"| {r['load_p50'] * 1000:,.0f} / {r['load_p95'] * 1000:,.0f} "
        f"| {r['click_p50'] * 1000:,.0f} / {r['click_p95'] * 1000:,.0f} "
        f"| {r['runs'] / r['wall']:.1f} "
        f"| {r['rss_before']:.0f} → {r['rss_after']:.0f} | {per_session:.2f} | {r['wall']:.0f} "
        f"| {r['server_cpu']:.0f} ({r['server_cpu'] / r['wall']:.0%}) "
        f"| {r['server_cpu'] / max(r['runs'], 1) * 1000:.0f} "
        f"| {r['client_cpu']:.0f} |"
    )


async def main_async(steps: list[int], clicks: int, think, arrive: float) -> list[dict]:
    results = []
    for n in steps:
        print(f"{n} sessions…", file=sys.stderr, flush=True)
        result = await step(n, clicks, think, arrive)
        results.append(result)
        print(row(result, clicks), file=sys.stderr, flush=True)
        if result["errors"]:
            break  # where it breaks
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="50,100,200,400,800,1600", help="comma-separated")
    parser.add_argument("--clicks", type=int, default=10)
    parser.add_argument("--think", default="1,3", help="think time range in seconds: lo,hi")
    parser.add_argument("--arrive", type=float, default=10, help="sessions arrive over (s)")
    parser.add_argument("--quick", action="store_true", help="5 sessions × 3 clicks, no write")
    args = parser.parse_args()
    steps = [5] if args.quick else [int(n) for n in args.sessions.split(",")]
    clicks = 3 if args.quick else args.clicks
    think = tuple(float(x) for x in args.think.split(","))
    # One socket per session, and the server's as many: keep clear of the default 1,024.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    results = asyncio.run(main_async(steps, clicks, think, args.arrive))
    lines = [
        f"Measured {date.today().isoformat()} on {describe_machine()}; Streamlit "
        f"{version('streamlit')}, websockets {version('websockets')}. One server process; "
        f"the sessions arrive evenly over {args.arrive:g} s, each asks for the app's first "
        f"run, then clicks {clicks} countries, thinking {think[0]:g}–{think[1]:g} s before "
        "each; the load generator is one Python process on the same 2 cores.",
        "",
        "| sessions | errors | first runs | clicks answered | first run p50 / p95 (ms) "
        "| click p50 / p95 (ms) | runs per second | server RSS before → after (MB) "
        "| MB per session | wall (s) | server CPU (s, share of one core) "
        "| server CPU per run (ms) | load generator CPU (s) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *(row(r, clicks) for r in results),
    ]
    errors = [e for r in results for e in r["errors"]]
    if errors:
        counts: dict[str, int] = {}
        for e in errors:
            counts[e] = counts.get(e, 0) + 1
        lines += ["", "Errors at the last step:", *(f"- {e} (×{k})" for e, k in counts.items())]
    table = "\n".join(lines)
    print(table)
    if not args.quick:
        write_section(README, "server-load", table)


if __name__ == "__main__":
    main()
