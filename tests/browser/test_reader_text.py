"""A reader's own text and corrections in a real browser: paste or upload a document in
each format, change its focal country, correct a country and share the link; bad and
hostile input. Every file is written by the test with the real libraries."""

from __future__ import annotations

import contextlib
import csv
import io
import re

import pytest
from fixture_files import html_page, pdf_of, pdf_without_text
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from geodata.dataset import build_dataset

from .conftest import (
    ARTIFACTS,
    COUNTRY_PATHS,
    ROOT,
    map_frame,
    open_app,
    screenshot,
    start_server,
    wait_idle,
)

pytestmark = pytest.mark.browser

CHILE = (ROOT / "tests" / "documents" / "foreign-relations-of-chile.txt").read_text("utf-8")
HOSTILE = (ROOT / "tests" / "corpus" / "html-js-markdown.txt").read_text("utf-8")
SUMMARY = "[data-testid='summary-panel']"
PANEL = "[data-testid='country-panel']"
ERROR = "[data-testid='error']"
SIDEBAR = "[data-testid='stSidebar']"


def open_box(page) -> None:
    """The "Your text" controls, which come after the first look: the first look's button
    draws them, and so does any full run of the app (the first look's timer makes one when
    the map is slow to report, as on a loaded machine), which takes the button away."""
    box = page.locator(SIDEBAR).get_by_label("Paste a text")
    button = page.get_by_role("button", name="Map your own text…")
    for _ in range(60):
        if box.count():
            break
        if button.count():
            with contextlib.suppress(PlaywrightError):  # redrawn meanwhile: look again
                button.click(timeout=2_000)
        page.wait_for_timeout(500)
    box.wait_for(timeout=60_000)


def submit(page) -> None:
    page.get_by_role("button", name="Map this text").click()
    wait_idle(page)


def paste(page, text: str) -> None:
    box = page.locator(SIDEBAR).get_by_label("Paste a text")
    box.fill(text)
    submit(page)


def upload(page, name: str, data: bytes) -> None:
    chooser = page.locator(SIDEBAR).locator("input[type='file']")
    chooser.set_input_files({"name": name, "mimeType": "application/octet-stream", "buffer": data})
    page.locator(SIDEBAR).locator("[data-testid='stFileChip']").wait_for(timeout=60_000)
    spinner = page.locator(SIDEBAR).locator("[data-testid='stFileChipIconSpinner']")
    expect(spinner).to_have_count(0, timeout=60_000)  # the file has reached the server
    submit(page)


def downloaded(page, label: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return info.value.path().read_text(encoding="utf-8")


def mapped(page) -> None:
    """The new document is on screen: its summary and its map."""
    page.locator(SUMMARY).get_by_text("Foreign relations of Chile").wait_for(timeout=60_000)
    page.wait_for_function("() => location.search.includes('doc=text-')")
    wait_idle(page)


@pytest.fixture(scope="module")
def chile_categories() -> dict[str, str]:
    return {c.iso3: c.category for c in build_dataset(CHILE, "chile.txt").countries}


def test_a_pasted_text_is_mapped_with_its_panels(context, server, chile_categories):
    page = open_app(context, server.url)
    open_box(page)
    paste(page, CHILE)
    mapped(page)
    assert "contested · 2" in page.locator(".st-key-filter").inner_text()
    assert map_frame(page).locator(COUNTRY_PATHS).count() > 200
    page.locator("[data-testid='stSelectbox']").filter(has_text="Find a country").click()
    page.keyboard.type("Bolivia")
    page.keyboard.press("Enter")
    page.locator(PANEL).get_by_text("lost its coastline in that conflict").wait_for()
    assert "contested" in page.locator(PANEL).inner_text()
    screenshot(page, "20-pasted-chile")


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("chile.txt", lambda: CHILE.encode("utf-8")),
        ("chile.md", lambda: CHILE.encode("utf-8")),
        ("chile.html", lambda: html_page(CHILE, "Chile")),
        ("chile.pdf", lambda: pdf_of(CHILE)),
    ],
)
def test_an_uploaded_file_maps_the_same_countries_with_verbatim_offsets(
    context, server, chile_categories, name, make
):
    page = open_app(context, server.url)
    open_box(page)
    upload(page, name, make())
    mapped(page)
    countries = list(csv.DictReader(io.StringIO(downloaded(page, "Countries (CSV)"))))
    assert {r["iso3"]: r["category"] for r in countries} == chile_categories
    text = downloaded(page, "Document text (TXT)")
    passages = list(csv.DictReader(io.StringIO(downloaded(page, "Passages (CSV)"))))
    assert passages
    for p in passages:  # every quote is verbatim in the text the reader can download
        assert text[int(p["start"]) : int(p["end"])] == p["text"]


def test_the_focal_country_can_be_changed(context, server):
    page = open_app(context, server.url)
    open_box(page)
    paste(page, CHILE)
    mapped(page)
    picker = (
        page.locator(SIDEBAR)
        .locator("[data-testid='stSelectbox']")
        .filter(has_text="Focal country")
    )
    assert "detected: Chile" in picker.inner_text()
    picker.click()
    page.keyboard.type("Peru")
    page.keyboard.press("Enter")
    page.locator(SUMMARY).get_by_text("chosen by the reader").wait_for(timeout=60_000)
    assert "Focal country: Peru" in page.locator(SUMMARY).inner_text()
    label = map_frame(page).locator(".atlas-focal-label")
    expect(label).to_have_count(1)  # the old document's layer goes once the new one is in
    assert label.inner_text() == "Peru"


def test_a_correction_is_shared_by_its_link_and_opens_marked_elsewhere(
    browser, context, guard, server
):
    origin = server.url.rstrip("/")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = open_app(context, server.url + "?country=EGY")
    page.get_by_text("Correct this").click()
    chooser = page.locator("[data-testid='stSelectbox']").filter(
        has_text="The category a careful reader would give"
    )
    chooser.wait_for()
    wait_idle(page)
    chooser.get_by_role("combobox").click()
    page.keyboard.type("advers")
    page.get_by_role("option", name="adversary", exact=True).click()
    wait_idle(page)
    page.get_by_label(re.compile("^Why")).fill("A cold peace, <b>says</b> the 2024 text")
    page.get_by_role("button", name="Apply the correction").click()
    try:
        page.locator("[data-testid='correction']").wait_for(timeout=60_000)
    except Exception:
        screenshot(page, "21-correction-FAILED")
        raise
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('fix=EGY')")
    page.locator("[data-testid='copy-link']").click()
    expect(page.locator("[data-testid='copy-link']")).to_have_text("Link copied")
    link = page.evaluate("() => navigator.clipboard.readText()")
    assert link == page.url
    assert "fix=EGY%3Aadversary%3AA" in link or "fix=EGY:adversary:A" in link

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    fresh.route("**/*", guard.route)
    fresh.on("page", lambda p: p.on("dialog", guard.dialog))
    try:
        other = open_app(fresh, link)
        note = other.locator("[data-testid='correction']")
        note.wait_for(timeout=60_000)
        assert "Corrected in this view: was peace-treaty" in note.inner_text()
        assert "A cold peace, <b>says</b> the 2024 text" in note.inner_text()  # as text
        assert "corrected in this view (1)" in other.locator("[data-testid='legend']").inner_text()
        egypt = map_frame(other).locator("path.leaflet-interactive[stroke-dasharray='1 4']")
        assert egypt.count() >= 1
        other.get_by_role("button", name=re.compile("^Reset corrections")).click()
        other.wait_for_function("() => !location.search.includes('fix=')")
        screenshot(other, "21-correction-shared")
    finally:
        fresh.close()


BAD = [
    ("paste", "", "paste a text or choose a file first"),
    ("paste", "Nothing here names a place at all.\n", "no country is mentioned"),
    ("empty.txt", b"", "the document is empty"),
    ("binary.txt", b"\x00\x01\x02\x03 Chile", "binary data"),
    ("latin.txt", "Chile and Perú".encode("latin-1"), "not UTF-8"),
    ("long.txt", b"Chile " * 400_000, "over the limit of 2,000,000 bytes"),
    ("corrupt.pdf", b"%PDF-1.7\n1 0 obj <<", "not a readable PDF"),
    ("scan.pdf", None, "no text layer"),
    ("broken.html", b"\x89PNG\r\n\x1a\n\x00\x00 not a page", "no main text"),
]


@pytest.mark.parametrize(("kind", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_gets_its_notice_and_the_view_stays(context, server, kind, data, message):
    page = open_app(context, server.url + "?country=EGY")
    open_box(page)
    if kind == "paste":
        paste(page, data)
    else:
        upload(page, kind, pdf_without_text() if data is None else data)
    error = page.locator(ERROR)
    error.wait_for(timeout=60_000)
    assert message in error.inner_text()
    assert str(ROOT) not in error.inner_text()
    assert "/tmp" not in error.inner_text()
    assert "country=EGY" in page.url
    assert "Egypt" in page.locator(PANEL).inner_text()


HOSTILE_HTML = (
    "<html><head><script>alert('head')</script></head><body onload=\"alert('body')\">"
    "<article><h1>Foreign relations of Israel</h1><p>Egypt signed a peace treaty with "
    "Israel in 1979 and has kept it, <img src=x onerror=alert('img')> through several wars "
    "in the region since then.</p><iframe src=\"javascript:alert('frame')\"></iframe><p><a "
    "href=\"javascript:alert('link')\">Jordan</a> signed one in 1994 and is a partner of "
    "Israel in water and trade, with <b onmouseover=alert('b')>Morocco</b> normalized.</p>"
    "<script>alert('body script')</script></article></body></html>"
)


@pytest.mark.parametrize("how", ["paste", "hostile.txt", "hostile.html"])
def test_hostile_text_brought_runs_nothing_and_shows_as_text(context, guard, server, how):
    context.add_init_script("window.__ran = 0;")
    page = open_app(context, server.url)
    open_box(page)
    if how == "paste":
        paste(page, HOSTILE)
    elif how == "hostile.txt":
        upload(page, "<img src=x onerror=alert(1)>.txt", HOSTILE.encode("utf-8"))
    else:
        upload(page, how, HOSTILE_HTML.encode("utf-8"))
    page.wait_for_function("() => location.search.includes('doc=text-')", timeout=60_000)
    wait_idle(page)
    page.locator("[data-testid='stSelectbox']").filter(has_text="Find a country").click()
    page.keyboard.type("Egypt")
    page.keyboard.press("Enter")
    panel = page.locator(PANEL)
    panel.get_by_text("peace treaty").first.wait_for(timeout=60_000)
    if how != "hostile.html":
        assert "<script>alert('Egypt')</script>" in panel.inner_text()
    assert panel.locator("script, img, iframe, a").count() == 0
    page.wait_for_timeout(500)  # give any injected handler a chance to fire
    assert guard.dialogs == []
    screenshot(page, f"22-hostile-{how.replace('.', '-')}")


def test_a_text_lost_with_its_session_says_so_and_offers_the_box(context, tmp_path):
    srv = start_server()
    try:
        srv.wait()
        page = open_app(context, srv.url)
        open_box(page)
        paste(page, CHILE)
        mapped(page)
        srv.kill()
        srv.start()
        srv.wait()
        notice = page.locator("[data-testid='notice']").filter(has_text="is gone")
        notice.wait_for(timeout=60_000)
        wait_idle(page)
        assert page.locator(SIDEBAR).get_by_label("Paste a text").is_visible()
        assert "Focal country: Israel" in page.locator(SUMMARY).inner_text()
        assert page.locator(ERROR).count() == 0
        screenshot(page, "23-text-gone")
    finally:
        srv.stop()


assert ARTIFACTS  # screenshots land there (conftest.screenshot)


def test_a_published_text_opens_on_another_replica_sharing_the_folder(
    browser, context, guard, tmp_path
):
    env = {"ATLAS_PUBLISH_DIR": str(tmp_path / "published")}
    first, second = start_server(env=env), start_server(env=env)
    try:
        first.wait()
        second.wait()
        page = open_app(context, first.url)
        open_box(page)
        paste(page, CHILE)
        mapped(page)
        page.get_by_role("button", name="Publish: a link anyone can open").click()
        page.wait_for_function("() => location.search.includes('doc=pub-')", timeout=60_000)
        wait_idle(page)
        query = page.url.split("?", 1)[1]
        assert [p.name for p in (tmp_path / "published").iterdir()] == [
            query.split("doc=", 1)[1].split("&", 1)[0] + ".json"
        ]
        fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
        fresh.route("**/*", guard.route)
        try:
            other = open_app(fresh, second.url + "?" + query)
            other.locator(SUMMARY).get_by_text("Foreign relations of Chile").wait_for()
            assert other.locator(ERROR).count() == 0
            assert "doc=pub-" in other.url
        finally:
            fresh.close()
    finally:
        first.stop()
        second.stop()
