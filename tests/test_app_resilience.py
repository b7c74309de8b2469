"""The dashboard under hostile links, hostile file names and a seeds folder that changes
while it runs (AppTest; the real-browser side is in tests/browser/)."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from unittest import mock

import pytest
from app_driver import SEED_DOC, errors, notices, panel, run
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.documents import download_stem
from dashboard.state import parse_view
from geodata.records import CATEGORIES

SEED = SEEDS / f"{SEED_DOC}.txt"
CHILE = "Foreign relations of Chile\n\nChile and Peru signed a peace treaty.\n"
PERU = "Foreign relations of Peru\n\nPeru and Chile are allies. Bolivia is a rival.\n"


# ---- Links -------------------------------------------------------------------------------

values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["EGY", "egy", " JOR ", "ISR", "XXX", "", ",", "ally", "ally,ally"]),
    st.sampled_from(["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "seeds/x"]),
    st.text(min_size=190, max_size=400),
)
params = st.dictionaries(
    st.sampled_from(["doc", "country", "categories", "other", ""]),
    st.one_of(values, st.lists(values, max_size=3)),
)


@settings(max_examples=500, deadline=None)
@given(params)
def test_any_link_gives_a_valid_view_and_never_raises(query):
    docs = ["a", "b"]
    view, shown = parse_view(query, docs, {"a": ["EGY", "JOR"], "b": ["CHL"]})
    assert view.doc in docs
    assert view.country is None or view.country in {"a": ["EGY", "JOR"], "b": ["CHL"]}[view.doc]
    assert set(view.categories) <= set(CATEGORIES)
    assert all(len(notice) < 300 for notice in shown)  # a huge value is not echoed whole


class FileReads:
    """Paths the process opens while it is active (a Python audit hook cannot be removed,
    so one hook is installed and switched on and off)."""

    active: FileReads | None = None

    def __init__(self) -> None:
        self.paths: list[str] = []

    def __enter__(self) -> FileReads:
        FileReads.active = self
        return self

    def __exit__(self, *_) -> None:
        FileReads.active = None


def _record_opens(event: str, args: tuple) -> None:
    if FileReads.active is not None and event == "open" and isinstance(args[0], (str, Path)):
        FileReads.active.paths.append(str(args[0]))


sys.addaudithook(_record_opens)

HOSTILE_LINKS = [
    {"doc": "../secret"},
    {"doc": "../secret.txt"},
    {"doc": "..%2Fsecret"},
    {"doc": "%2E%2E/secret"},
    {"doc": "{outside}/secret"},
    {"doc": "/etc/passwd"},
    {"doc": "seeds/../../secret"},
    {"doc": "chile\x00.txt"},
    {"doc": "chile.txt"},
    {"doc": "CHILE"},
    {"doc": "x" * 5_000},
    {"doc": "", "country": "", "categories": ""},
    {"country": "PER", "categories": "peace-treaty,peace-treaty,ally"},
    {"country": "../../etc/passwd"},
    {"country": "pe r"},
    {"country": "%50ER"},
    {"country": "<img src=x onerror=alert(1)>"},
    {"country": "PER" * 3_000},
    {"categories": "ally,,,;;;,<b>x</b>"},
    {"categories": "![](http://203.0.113.9/x.png)"},
    {"categories": "[a](javascript:alert(1))"},
    {"other": "x", "doc": "peru"},
    {"doc": ["chile", "peru"], "country": ["PER", "BOL"]},
]


@pytest.mark.parametrize("link", HOSTILE_LINKS, ids=range(len(HOSTILE_LINKS)))
def test_a_hostile_link_reads_nothing_outside_the_seeds_folder(folium_stub, tmp_path, link):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "chile.txt").write_text(CHILE, encoding="utf-8")
    (seeds / "peru.txt").write_text(PERU, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("Foreign relations of Japan\n\nJapan SECRET.\n", encoding="utf-8")
    link = {
        k: v.replace("{outside}", str(tmp_path)) if isinstance(v, str) else v
        for k, v in link.items()
    }
    with FileReads() as reads:
        at = run(link, env={"ATLAS_SEEDS": str(seeds)})
    opened = [Path(p).resolve() for p in reads.paths]
    assert any(p.is_relative_to(seeds) for p in opened)  # the hook does see the app's reads
    assert [p for p in opened if p.is_relative_to(tmp_path) and not p.is_relative_to(seeds)] == []
    page = "\n".join(h.value for h in at.html)
    assert "SECRET" not in page
    assert at.query_params["doc"] in ("chile", "peru")
    assert "<img" not in page
    assert "<b>x</b>" not in page
    assert all("<a " not in n for n in notices(at))


# ---- Hostile file names and titles -------------------------------------------------------

NAME = "<img src=x onerror=alert(1)>[x](javascript:alert(2))"
TITLE = 'Foreign relations of Peru <script>alert("t")</script> **bold** [y](javascript:z)'


def test_a_hostile_file_name_and_title_stay_text_everywhere(folium_stub, tmp_path):
    (tmp_path / f"{NAME}.txt").write_text(TITLE + "\n\nPeru and Chile are allies.\n")
    (tmp_path / "plain.txt").write_text(CHILE)
    at = run({"doc": NAME}, env={"ATLAS_SEEDS": str(tmp_path)})
    # Document picker: the option is the file's stem, as text.
    assert NAME in at.selectbox(key="doc_picker").options
    # Summary panel: the title escaped, no Markdown read.
    summary = panel(at)
    assert html.escape('<script>alert("t")</script>') in summary
    assert "<script" not in summary
    assert "**bold** [y](javascript:z)" in summary
    # About: the source name through st.text, which shows it verbatim.
    assert any(f"{NAME}.txt" in t.value for t in at.text)
    assert at.title[0].value == "Relations Atlas"


def test_an_error_about_a_hostile_file_is_text(folium_stub, tmp_path):
    (tmp_path / f"{NAME}.txt").write_bytes(b"\xff\xfe not utf-8")
    at = run(env={"ATLAS_SEEDS": str(tmp_path)})
    (error,) = errors(at)
    assert html.escape(NAME) in error
    assert "not UTF-8 text" in error
    assert "<img" not in error


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_download_names_are_safe_whatever_the_file_name(stem):
    name = download_stem(stem)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,80}", name)


# ---- A seeds folder that changes under the app -------------------------------------------


@pytest.fixture
def live(folium_stub, tmp_path):
    """The app on a seeds folder of two documents, kept on that folder between runs."""
    (tmp_path / "chile.txt").write_text(CHILE, encoding="utf-8")
    (tmp_path / "peru.txt").write_text(PERU, encoding="utf-8")
    with mock.patch.dict("os.environ", {"ATLAS_SEEDS": str(tmp_path)}):
        at = run({"doc": "peru", "country": "BOL"})
        yield at, tmp_path


def test_an_added_document_is_offered(live):
    at, folder = live
    (folder / "argentina.txt").write_text("Foreign relations of Argentina\n\nChile is near.\n")
    at.run()
    assert at.selectbox(key="doc_picker").options == ["argentina", "chile", "peru"]
    assert "Bolivia" in panel(at)  # the view in use is kept


def test_an_edited_document_is_derived_anew_and_said_so(live):
    at, folder = live
    (folder / "peru.txt").write_text(PERU.replace("a rival", "an ally"), encoding="utf-8")
    at.run()
    assert any("changed on disk" in n for n in notices(at))
    assert "</mark> is an " in panel(at)
    assert ">ally</mark>." in panel(at)
    assert "a rival" not in panel(at)


def test_an_edit_that_drops_the_selected_country_clears_the_selection(live):
    at, folder = live
    (folder / "peru.txt").write_text("Foreign relations of Peru\n\nPeru and Chile are allies.\n")
    at.run()
    assert any("BOL is no longer in it" in n for n in notices(at))
    assert "summary-panel" in panel(at)
    assert "country" not in at.query_params


def test_a_deleted_document_falls_back_with_a_notice(live):
    at, folder = live
    (folder / "peru.txt").unlink()
    at.run()
    assert any("“peru” is no longer available" in n for n in notices(at))
    assert at.query_params["doc"] == "chile"
    assert "Foreign relations of Chile" in panel(at)


def test_a_document_made_unreadable_is_explained_and_others_stay_reachable(live):
    at, folder = live
    (folder / "peru.txt").write_bytes(b"\x00\x01 broken")
    at.run()
    assert any("binary data" in e for e in errors(at))
    assert panel(at) == ""  # no stale map or panel of the old version
    assert not at.dataframe
    at.selectbox(key="doc_picker").select("chile").run()
    assert "Foreign relations of Chile" in panel(at)


def test_an_emptied_folder_says_so(live):
    at, folder = live
    for path in folder.glob("*.txt"):
        path.unlink()
    at.run()
    assert any("No documents" in e for e in errors(at))
    assert not any(str(folder.parent) in e for e in errors(at))  # no server path
    assert panel(at) == ""
