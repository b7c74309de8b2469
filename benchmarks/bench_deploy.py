"""The reference deployment under load: sessions through nginx to 1 and to 2 replicas.

Each session speaks Streamlit's websocket protocol as the page does (the sessions of
bench_server_load.py), but through nginx (deploy/run-local.sh), which spreads sessions
over the replicas by its hash. Two loads for each number of replicas:

- steady: readers who think 1–3 s between clicks; is every answer under a second (p95)?
- saturated: sessions that click again as soon as the answer comes, so the replicas never
  wait; script runs per second is the deployment's throughput, and the ratio of 2
  replicas to 1 says what the second one buys on this machine.

The load generator (one Python process) and nginx share the machine's 2 cores with the
replicas; their CPU is reported beside the replicas'.

Run: `python benchmarks/bench_deploy.py [--write]` (needs Debian's nginx).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_server_load import run_session  # noqa: E402
from benchmarks.report import describe_machine, write_section  # noqa: E402
from benchmarks.sessions import summarise  # noqa: E402
from tests.browser.streamlit_server import free_port  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
LOADS = {  # name: (sessions, clicks, think range s, arrive over s)
    "steady": (100, 10, (1.0, 3.0), 10.0),
    "saturated": (40, 25, (0.0, 0.0), 2.0),
}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def nginx_pids(run: Path) -> list[int]:
    master = int((run / "nginx.pid").read_text())
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [master, *map(int, children)]


class Deployment:
    """deploy/run-local.sh N on free ports, in its own process group."""

    def __init__(self, replicas: int) -> None:
        self.run = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
        self.port, first = free_port(), free_port()
        # Every session comes from this one address: lift the per-address cap.
        env = {**os.environ, "ATLAS_PORT": str(self.port), "ATLAS_REPLICA_PORT": str(first),
               "ATLAS_RUN": str(self.run), "ATLAS_PER_CLIENT": "10000"}  # fmt: skip
        self.process = subprocess.Popen(
            ["bash", str(ROOT / "deploy" / "run-local.sh"), str(replicas)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.url = f"http://localhost:{self.port}/"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(self.url + "healthz", timeout=1)
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("run-local.sh did not come up") from None
                time.sleep(0.5)
        self.replicas = [int(p.read_text()) for p in sorted(self.run.glob("replica-*.pid"))]

    def cpu(self) -> tuple[float, float]:
        """(replicas' CPU seconds, nginx's) so far."""
        return (sum(cpu_seconds(p) for p in self.replicas),
                sum(cpu_seconds(p) for p in nginx_pids(self.run)))  # fmt: skip

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


async def load(url: str, sessions: int, clicks: int, think, arrive: float) -> list:
    return await asyncio.gather(
        *(run_session(url, i, clicks, think, arrive * i / sessions) for i in range(sessions))
    )


def measure(replicas: int, name: str) -> dict:
    sessions, clicks, think, arrive = LOADS[name]
    deployment = Deployment(replicas)
    try:
        # Warm every replica: a handful of sessions, spread by nginx's hash.
        warm = asyncio.run(load(deployment.url, 4 * replicas, 1, (0, 0), 0))
        served, front = deployment.cpu()
        own, wall = time.process_time(), time.perf_counter()
        results = asyncio.run(load(deployment.url, sessions, clicks, think, arrive))
        wall = time.perf_counter() - wall
        own = time.process_time() - own
        served_after, front_after = deployment.cpu()
    finally:
        deployment.stop()
    summary = summarise(results, warm[0])
    runs = summary["loaded"] + summary["clicks"]
    return {
        **summary, "replicas": replicas, "load": name, "sessions": sessions,
        "per_session": clicks, "think": think, "runs": runs, "wall": wall,
        "replica_cpu": served_after - served, "nginx_cpu": front_after - front,
        "client_cpu": own,
    }  # fmt: skip


def row(r: dict) -> str:
    return (
        f"| {r['replicas']} | {r['load']} ({r['sessions']} × {r['per_session']} clicks, think "
        f"{r['think'][0]:g}–{r['think'][1]:g} s) | {len(r['errors'])} "
        f"| {r['click_p50'] * 1000:,.0f} / {r['click_p95'] * 1000:,.0f} "
        f"| {r['load_p95'] * 1000:,.0f} | {r['runs'] / r['wall']:.1f} "
        f"| {r['replica_cpu'] / r['wall']:.0%} | {r['nginx_cpu'] / r['wall']:.0%} "
        f"| {r['client_cpu'] / r['wall']:.0%} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the table into README")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    results = []
    for name in LOADS:
        for replicas in (1, 2):
            print(f"{name}, {replicas} replica(s)…", file=sys.stderr, flush=True)
            results.append(measure(replicas, name))
            print(row(results[-1]), file=sys.stderr, flush=True)
    throughput = {r["replicas"]: r["runs"] / r["wall"] for r in results if r["load"] == "saturated"}
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr
    lines = [
        f"Measured {date.today().isoformat()} on {describe_machine()}; nginx "
        f"{nginx.strip().split('/')[-1]}. "
        "Sessions speak Streamlit's protocol (as in bench_server_load.py) through nginx "
        "(deploy/run-local.sh); the load generator is one Python process on the same 2 "
        "cores. CPU columns: share of one core over the run.",
        "",
        "| replicas | load | errors | click p50 / p95 (ms) | first run p95 (ms) "
        "| script runs per second | replicas' CPU | nginx CPU | load generator CPU |",
        "|---|---|---|---|---|---|---|---|---|",
        *(row(r) for r in results),
        "",
        f"Throughput at saturation, 2 replicas ÷ 1: **{throughput[2] / throughput[1]:.2f}×**.",
    ]
    errors = {}
    for r in results:
        for e in r["errors"]:
            errors[e] = errors.get(e, 0) + 1
    if errors:
        lines += ["", "Errors:", *(f"- {e} (×{k})" for e, k in errors.items())]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section(README, "deploy-load", table)


if __name__ == "__main__":
    main()
