"""Faults and hostile files, in a real browser: the seed edited under an open page, a
hostile file name, and the server killed and restarted mid-session."""

from __future__ import annotations

import re
import shutil
import urllib.parse

import pytest

from .conftest import ROOT, open_app, point_of, screenshot, start_server, wait_idle
from .streamlit_server import StreamlitServer
from .test_browser import inside

pytestmark = pytest.mark.browser

SEED = ROOT / "seeds" / "foreign-relations-of-israel.txt"
PANEL = "[data-testid='country-panel']"


APP = "[data-testid='stApp']"


def count_runs_after_reconnecting(page) -> None:
    """Count the script runs that start (window.__runsStarted) and end (__runsEnded) after
    the page has lost its server and connected again; a run still finishing from before
    does not count (the map's report can trigger one just after the page looks settled)."""
    page.evaluate(
        """() => {
        const app = document.querySelector("[data-testid='stApp']");
        window.__runsStarted = 0;
        window.__runsEnded = 0;
        let lost = false, back = false, running = false;
        new MutationObserver(() => {
            const connection = app.dataset.testConnectionState;
            if (connection === "PINGING_SERVER") lost = true;
            if (lost && connection === "CONNECTED") back = true;
            if (!back) return;
            const state = app.dataset.testScriptState;
            if (state === "running" && !running) { running = true; window.__runsStarted += 1; }
            else if (state !== "running" && running) { running = false; window.__runsEnded += 1; }
        }).observe(app, { attributes: true });
    }"""
    )


def click_country(page, iso3: str) -> None:
    page.mouse.click(*point_of(page, *inside(iso3)))


def test_a_document_edited_under_an_open_page_is_shown_new_at_the_next_click(context, tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    srv = start_server(tmp_path)
    try:
        srv.wait()
        page = open_app(context, srv.url)
        text = SEED.read_text(encoding="utf-8")
        old = "Egypt and Jordan have longstanding peace treaties"
        assert old in text
        edited = text.replace(old, "Egypt and Jordan have EDITED peace treaties")
        (tmp_path / SEED.name).write_text(edited, encoding="utf-8")
        click_country(page, "EGY")  # a click reruns only the map fragment, which rechecks
        panel = page.locator(PANEL)
        try:
            panel.wait_for(timeout=60_000)
        except Exception:
            screenshot(page, "9-edited-on-disk-FAILED")  # seen once in ~25 runs, under load
            raise AssertionError(f"no panel after the click; url {page.url}") from None
        wait_idle(page)
        assert "EDITED peace treaties" in panel.inner_text()
        assert "longstanding" not in panel.inner_text()
        notice = page.locator("[data-testid='notice']")
        assert "changed on disk" in notice.inner_text()
        screenshot(page, "9-edited-on-disk")
    finally:
        srv.stop()


NAME = "<img src=x onerror=alert(1)>[x](javascript:alert(2))"
TITLE = 'Foreign relations of Peru <script>alert("t")</script> **bold**'


def test_a_hostile_file_name_is_text_in_the_picker_title_and_downloads(context, tmp_path):
    (tmp_path / f"{NAME}.txt").write_text(TITLE + "\n\nPeru and Chile are allies.\n")
    (tmp_path / "plain.txt").write_text("Foreign relations of Chile\n\nChile and Peru.\n")
    srv = start_server(tmp_path)
    try:
        srv.wait()
        page = open_app(context, srv.url + "?doc=" + urllib.parse.quote(NAME))
        assert page.title() == "Relations Atlas"
        picker = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
        assert picker.locator("input").input_value() == NAME  # shown as text, not markup
        summary = page.locator("[data-testid='summary-panel']")
        assert '<script>alert("t")</script> **bold**' in summary.inner_text()
        assert page.locator("img[src='x'], a[href^='javascript']").count() == 0
        with page.expect_download() as download:
            page.get_by_role("button", name="Countries (CSV)").click()
        name = download.value.suggested_filename
        assert re.fullmatch(r"[A-Za-z0-9_-]+-countries\.csv", name), name
        page.wait_for_timeout(300)  # let any injected handler fire, if one could
        screenshot(page, "10-hostile-file-name")
    finally:
        srv.stop()


def test_a_killed_server_restarted_on_its_port_serves_the_open_page_and_links_again(
    browser, context, guard, tmp_path
):
    srv = StreamlitServer(log=tmp_path / "streamlit.log").wait()
    try:
        page = open_app(context, srv.url + "?country=JOR")
        assert "Jordan" in page.locator(PANEL).inner_text()
        count_runs_after_reconnecting(page)
        srv.kill()
        page.wait_for_selector(f"{APP}[data-test-connection-state='PINGING_SERVER']")
        srv.start()  # the same port, a new process that knows no session
        srv.wait()
        # The open page reconnects on its own (Streamlit's client retries) and reruns the
        # app from the link in its address bar; a click while that run is under way is
        # lost, so wait for the run to end, as a person would wait for the page to settle.
        page.wait_for_function("() => window.__runsEnded >= 1", timeout=60_000)
        wait_idle(page)
        assert "Jordan" in page.locator(PANEL).inner_text()
        # The new session's first run sees the map already drawn and draws the whole page
        # (no first look, whose timer would have started a second run by the time the table
        # is there).
        assert page.locator("[data-testid='search-placeholder']").count() == 0
        page.locator("[data-testid='stDataFrame']").wait_for()
        assert page.evaluate("window.__runsStarted") == 1
        # The new session's first run sees the map already drawn: the whole page, at once.
        assert page.locator("[data-testid='search-placeholder']").count() == 0
        assert page.locator("[data-testid='stDataFrame']").count() == 1
        click_country(page, "EGY")
        page.wait_for_function("() => location.search.includes('country=EGY')")
        assert "peace treaties" in page.locator(PANEL).inner_text()
        shared = browser.new_context()
        shared.route("**/*", guard.route)
        try:
            fresh = open_app(shared, srv.url + "?country=EGY&categories=peace-treaty")
            assert "Egypt" in fresh.locator(PANEL).inner_text()
        finally:
            shared.close()
        assert "Traceback" not in page.content()
    finally:
        srv.stop()
