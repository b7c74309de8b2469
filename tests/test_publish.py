"""Publishing a reader's text (dashboard/publish.py, ATLAS_PUBLISH_DIR): one atomic file
per text under its content hash, quotas that refuse with nothing written, ids that never
become another path; and in the app, a published link that opens for a new session."""

from __future__ import annotations

import os

import pytest
from app_driver import SEED_DOC, errors, notices, panel, run
from conftest import DOCUMENTS

from dashboard.documents import ReaderText
from dashboard.publish import (
    PublishError,
    Quotas,
    RateLimit,
    client_address,
    pub_id,
    publish,
    read_published,
)
from geodata.errors import InputError

CHILE = (DOCUMENTS / "foreign-relations-of-chile.txt").read_text(encoding="utf-8")
TEXT = ReaderText(CHILE, "chile.pdf")


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_publishing_stores_one_file_under_the_content_hash_and_reads_it_back(tmp_path):
    doc = publish(tmp_path, TEXT, Quotas())
    assert doc == pub_id(TEXT)
    assert files(tmp_path) == [f"{doc}.json"]  # no staging file left behind
    assert read_published(tmp_path, doc) == TEXT


def test_the_same_text_twice_gives_the_same_link_and_writes_nothing(tmp_path):
    doc = publish(tmp_path, TEXT, Quotas())
    stamp = os.stat(tmp_path / f"{doc}.json").st_mtime_ns
    assert publish(tmp_path, TEXT, Quotas(max_documents=1)) == doc  # not a new document
    assert os.stat(tmp_path / f"{doc}.json").st_mtime_ns == stamp
    assert publish(tmp_path, ReaderText(CHILE, "pasted text"), Quotas()) == doc  # any name
    assert read_published(tmp_path, doc).name == "chile.pdf"  # the first one's
    other_focal = ReaderText(CHILE, "chile.pdf", "PER")
    assert pub_id(other_focal) != doc


def test_the_document_quota_refuses_with_nothing_written(tmp_path):
    publish(tmp_path, TEXT, Quotas(max_documents=1))
    with pytest.raises(PublishError, match="maximum of 1 published texts"):
        publish(tmp_path, ReaderText("Peru and Chile.\n", "x"), Quotas(max_documents=1))
    assert len(files(tmp_path)) == 1


def test_the_size_quota_refuses_with_nothing_written(tmp_path):
    with pytest.raises(PublishError, match="at most 100 bytes"):
        publish(tmp_path, TEXT, Quotas(max_bytes=100))
    assert files(tmp_path) == []


def test_the_rate_per_client_is_an_hour_long():
    rate = RateLimit(per_hour=2)
    assert rate.allow("a", 0)
    assert rate.allow("a", 1)
    assert not rate.allow("a", 2)
    assert rate.allow("b", 2)  # another client
    assert rate.allow("a", 3602)


def test_a_folder_that_cannot_be_written_refuses_cleanly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PublishError, match="could not be stored"):
        publish(blocker / "sub", TEXT, Quotas())


@pytest.mark.parametrize(
    "doc",
    ["../secret", "pub-../../etc/passwd", "pub-0123456789abcdeg", "pub-0123456789ABCDEF",
     "pub-0123456789abcdef/../x", "/etc/passwd", "pub-0123456789abcdef\x00"],
)  # fmt: skip
def test_ids_are_validated_before_any_path_is_made(tmp_path, doc):
    with pytest.raises(InputError, match="not a published text's id"):
        read_published(tmp_path, doc)


def test_a_damaged_or_missing_published_file_is_a_notice(tmp_path):
    (tmp_path / "pub-0123456789abcdef.json").write_text("{not json")
    for doc in ("pub-0123456789abcdef", "pub-fedcba9876543210"):
        with pytest.raises(InputError, match="is not here"):
            read_published(tmp_path, doc)


def test_a_published_link_opens_for_a_new_session_with_its_corrections(
    folium_stub, tmp_path, monkeypatch
):
    monkeypatch.setenv("ATLAS_PUBLISH_DIR", str(tmp_path))
    at = run()
    at.text_area(key="pasted").input(CHILE)
    next(b for b in at.button if b.label == "Map this text").click().run()
    next(b for b in at.button if b.label.startswith("Publish")).click().run()
    assert not at.exception
    doc = at.query_params["doc"]
    assert doc.startswith("pub-")
    assert any("Published" in n for n in notices(at))
    assert files(tmp_path) == [f"{doc}.json"]

    # Another session (another replica sharing the folder): it reads the file.
    fresh = run({"doc": doc, "fix": "BOL:adversary:No ambassadors", "country": "BOL"})
    assert errors(fresh) == []
    assert "Corrected in this view:</b> was contested" in panel(fresh)
    assert fresh.query_params["doc"] == doc


def test_a_published_link_where_publishing_is_off_or_the_text_gone_gives_a_notice(
    folium_stub, tmp_path, monkeypatch
):
    at = run({"doc": "pub-0123456789abcdef"})
    assert any("this site does not publish texts" in n for n in notices(at))
    assert at.query_params["doc"] == SEED_DOC
    monkeypatch.setenv("ATLAS_PUBLISH_DIR", str(tmp_path))
    at = run({"doc": "pub-0123456789abcdef"})
    assert any("is not here" in n for n in notices(at))
    assert not any(str(tmp_path) in n for n in notices(at))


def test_without_the_setting_there_is_no_publish_button(folium_stub):
    at = run()
    at.text_area(key="pasted").input(CHILE)
    next(b for b in at.button if b.label == "Map this text").click().run()
    assert not [b for b in at.button if b.label.startswith("Publish")]


def test_behind_a_trusted_proxy_the_quota_counts_the_reader_not_the_proxy(monkeypatch):
    monkeypatch.setenv("ATLAS_TRUSTED_PROXIES", "127.0.0.1")
    assert client_address("127.0.0.1", {"X-Real-Ip": "203.0.113.7"}) == "203.0.113.7"
    assert client_address("127.0.0.1", {}) == "127.0.0.1"  # no header: the proxy itself


def test_a_client_cannot_choose_its_own_address_by_a_header(monkeypatch):
    monkeypatch.delenv("ATLAS_TRUSTED_PROXIES", raising=False)
    assert client_address("198.51.100.2", {"X-Real-IP": "203.0.113.7"}) == "198.51.100.2"
    monkeypatch.setenv("ATLAS_TRUSTED_PROXIES", "127.0.0.1")
    assert client_address("198.51.100.2", {"X-Real-IP": "203.0.113.7"}) == "198.51.100.2"
    assert client_address(None, {}) == "unknown"
