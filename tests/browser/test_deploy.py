"""The reference deployment (deploy/): nginx in front of two replicas, started by
deploy/run-local.sh as an operator would. A page opened through nginx keeps its view when
the replica that served it is killed: it reconnects through nginx to the other one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, open_app, screenshot, wait_idle
from .streamlit_server import free_port
from .test_resilience import APP, PANEL, click_country, count_runs_after_reconnecting

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _get(url: str):
    return urllib.request.urlopen(url, timeout=5)


@pytest.fixture
def deployment(tmp_path):
    if not Path(NGINX).exists():
        if os.environ.get("ATLAS_REQUIRE_BROWSER"):
            pytest.fail(f"{NGINX} is missing; install Debian's nginx")
        pytest.skip("nginx not installed (apt-get install nginx)")
    port, first = free_port(), free_port()
    second = first + 1
    run = tmp_path / "run"
    env = {
        **os.environ,
        "ATLAS_PORT": str(port),
        "ATLAS_REPLICA_PORT": str(first),
        "ATLAS_RUN": str(run),
    }
    log = (ARTIFACTS / f"deploy-{port}.log").open("wb")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    script = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "run-local.sh"), "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://localhost:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(url + "healthz").status == 200:
                    break
            except OSError:
                pass
            if script.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"run-local.sh did not come up: {script.poll()}")
            time.sleep(0.5)
        yield url, run, {first, second}
    finally:
        os.killpg(script.pid, signal.SIGTERM)
        try:
            script.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(script.pid, signal.SIGKILL)
        log.close()


def test_static_files_come_from_nginx_and_pages_from_a_replica(deployment):
    url, _, ports = deployment
    page = _get(url + "?country=EGY")
    replica = page.headers["X-Atlas-Replica"]
    assert int(replica.rsplit(":", 1)[1]) in ports
    assert "atlas_route=" in page.headers["Set-Cookie"]
    html = page.read().decode()
    script = html.split('src="./static/js/', 1)[1].split('"', 1)[0]
    js = _get(url + "static/js/" + script)
    assert js.headers["X-Served-By"] == "nginx"
    assert "immutable" in js.headers["Cache-Control"]
    world = _get(url + "app/static/atlas/world.geojson")
    assert world.headers["X-Served-By"] == "nginx"
    assert world.read(30).startswith(b'{"type"')


def test_killing_the_replica_that_served_a_page_keeps_its_view_on_the_other(context, deployment):
    url, run, ports = deployment
    page = open_app(context, url + "?country=EGY")
    assert "Egypt" in page.locator(PANEL).inner_text()
    click_country(page, "IRN")
    page.wait_for_function("() => location.search.includes('country=IRN')")
    wait_idle(page)
    view = page.url
    # Which replica holds this page's session: the one its cookie routes to.
    cookie = {c["name"]: c["value"] for c in context.cookies()}["atlas_route"]
    probe = urllib.request.Request(url, headers={"Cookie": f"atlas_route={cookie}"})
    served = int(_get(probe).headers["X-Atlas-Replica"].rsplit(":", 1)[1])
    assert served in ports
    pid = int((run / f"replica-{served}.pid").read_text())
    count_runs_after_reconnecting(page)
    os.kill(pid, signal.SIGKILL)
    # The page notices, reconnects through nginx (now to the other replica) and reruns the
    # app from the link in its address bar.
    page.wait_for_selector(f"{APP}[data-test-connection-state='PINGING_SERVER']", timeout=30_000)
    # A click while the reconnected page's first run is under way is lost: wait for the
    # run to end, as a person would wait for the page to settle.
    page.wait_for_function("() => window.__runsEnded >= 1", timeout=60_000)
    wait_idle(page)
    page.locator(PANEL).wait_for(timeout=60_000)
    assert page.url == view
    assert "Iran" in page.locator(PANEL).inner_text()
    other = (ports - {served}).pop()
    assert int(_get(probe).headers["X-Atlas-Replica"].rsplit(":", 1)[1]) == other
    click_country(page, "EGY")
    page.wait_for_function("() => location.search.includes('country=EGY')")
    # The address bar can change a moment before the panel is redrawn (seen under load).
    expect(page.locator(PANEL)).to_contain_text("peace treaties", timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.content()
    screenshot(page, "deploy-after-failover")
