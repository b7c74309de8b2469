"""A reader's file as plain text (geodata/extract.py), on files the tests write with the
real libraries: the extracted text is the document, and the same document in any of the
formats maps to the same countries and categories."""

from __future__ import annotations

import re
import tomllib
import zlib

import pytest
from conftest import DOCUMENTS
from fixture_files import html_page, pdf_of, pdf_without_text

from geodata import extract as extract_module
from geodata.dataset import build_dataset
from geodata.errors import InputError
from geodata.extract import extract, extract_limited

CHILE_PATH = DOCUMENTS / "foreign-relations-of-chile.txt"
CHILE = CHILE_PATH.read_text(encoding="utf-8")


def categories(text: str, name: str) -> dict[str, str]:
    dataset = build_dataset(text, name)
    for p in dataset.passages:  # every quote is verbatim in the extracted text
        assert text[p.start : p.end] == p.text
    return {c.iso3: c.category for c in dataset.countries}


@pytest.fixture(scope="module")
def chile_categories() -> dict[str, str]:
    return categories(CHILE, "chile.txt")


@pytest.mark.parametrize("name", ["chile.txt", "chile.md", "CHILE.TXT"])
def test_a_text_file_is_its_bytes_decoded(name):
    assert extract(CHILE.encode("utf-8"), name) == CHILE


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("chile.html", lambda: html_page(CHILE, "Chile – Example pages")),
        ("chile.htm", lambda: html_page(CHILE)),
        ("chile.pdf", lambda: pdf_of(CHILE)),
    ],
)
def test_the_same_document_as_a_web_page_or_a_pdf_maps_the_same(name, make, chile_categories):
    text = extract_limited(make(), name)
    assert categories(text, name) == chile_categories
    assert text.startswith("# Foreign relations of Chile\n")
    assert "Bolivia: unresolved demand for sea access" in text  # a list item, kept


def test_a_web_page_keeps_headings_list_items_and_table_rows_as_lines():
    page = (
        b"<html><body><nav>Menu Home About</nav><article><h1>Foreign relations of Peru</h1>"
        b"<p>Peru keeps a long list of partners across the Pacific and the Americas, and "
        b"its diplomacy is organised around trade.</p><h2>Neighbours</h2><ul>"
        b"<li>Chile: maritime boundary fixed in 2014.</li><li>Ecuador: peace treaty of "
        b"1998.</li></ul><table><tr><th>Country</th><th>Relation</th></tr><tr><td>Brazil"
        b"</td><td>trading partner</td></tr><tr><td>Bolivia</td><td>partner</td></tr>"
        b"</table></article><footer>Contact us</footer></body></html>"
    )
    lines = extract(page, "peru.html").splitlines()
    assert "# Foreign relations of Peru" in lines
    assert "## Neighbours" in lines
    assert "- Chile: maritime boundary fixed in 2014." in lines
    assert any(line.startswith("|") and "Brazil" in line for line in lines)
    assert not any("Menu" in line or "Contact us" in line for line in lines)


def test_scripts_and_links_of_a_web_page_are_not_text():
    page = (
        b"<html><body><article><h1>Foreign relations of Israel</h1><script>alert('Iran')"
        b'</script><p onclick="alert(1)">Egypt signed a peace treaty with Israel in 1979, '
        b"and the two have kept it since then through several wars in the region.</p>"
        b"<p><a href=\"javascript:alert('Syria')\">Jordan</a> signed one in 1994 and is a "
        b"partner of Israel in water and trade.</p><iframe src='http://example.org'></iframe>"
        b"</article></body></html>"
    )
    text = extract(page, "hostile.html")
    assert "Egypt signed a peace treaty" in text
    assert "alert" not in text
    assert "javascript" not in text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "the document is empty"),
        (b"   \n\n", "blank.md", "the document is empty"),
        (b"\x00\x01\x02binary", "x.txt", "binary data"),
        ("Chile é".encode("latin-1"), "latin.txt", "not UTF-8"),
        (b"x" * 2_000_001, "long.txt", "over the limit of 2,000,000 bytes"),
        (b"", "empty.html", "the page is empty"),
        (b"<html><body><div></div></body></html>", "nothing.html", "no main text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00garbage", "broken.htm", "no main text"),
        (b"%PDF-1.7\n1 0 obj garbage", "broken.pdf", "not a readable PDF"),
        (b"hello", "report.docx", "not a file this page reads"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(InputError, match=message):
        extract_limited(data, name)


def test_a_pdf_without_a_text_layer_says_so():
    with pytest.raises(InputError, match="no text layer"):
        extract_limited(pdf_without_text(), "scan.pdf")


def test_a_pdf_over_the_page_limit_is_refused(monkeypatch):
    monkeypatch.setattr(extract_module, "MAX_PAGES", 1)
    with pytest.raises(InputError, match="3 pages; the limit is 1 pages"):
        extract(pdf_of(CHILE), "chile.pdf")  # in-process, where the patched limit holds


def test_an_extraction_that_takes_too_long_is_stopped():
    with pytest.raises(InputError, match="took longer than 0 seconds; stopped"):
        extract_limited(pdf_of(CHILE), "chile.pdf", timeout=0.01)


def pdf_bomb(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * 1_000_000
    stream = b"".join(packer.compress(chunk) for _ in range(inflated // len(chunk)))
    stream += packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.7\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_a_compressed_stream_that_inflates_without_end_is_stopped():
    with pytest.raises(InputError, match="inflates beyond the size limit; stopped"):
        extract_limited(pdf_bomb(200_000_000), "chile.pdf")


def test_an_extraction_over_its_memory_limit_is_stopped():
    # The same small limit reads a small PDF but not one whose page inflates to 60 MB.
    limit = 120 * 1024 * 1024
    with pytest.raises(InputError, match="no text layer"):
        extract_limited(pdf_bomb(1_000_000), "small.pdf", memory=limit)
    with pytest.raises(InputError, match="needed more time or memory than allowed; stopped"):
        extract_limited(pdf_bomb(60_000_000), "large.pdf", memory=limit)


def test_a_notice_names_the_file_never_a_folder():
    with pytest.raises(InputError) as refused:
        extract_limited(b"", "/srv/atlas/uploads/secret/chile.txt")
    assert str(refused.value).startswith("chile.txt: ")
    assert "/srv" not in str(refused.value)


CORPUS = DOCUMENTS.parent / "corpus"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_the_hostile_corpus_uploaded_reads_as_the_pipeline_reads_it(name, suffix):
    # An upload of a text file is its bytes, checked as the CLI checks a file: the same
    # countries, or the same refusal.
    expected = EXPECTED[name]
    data = (CORPUS / f"{name}.txt").read_bytes()
    if "error" in expected:
        with pytest.raises(InputError, match=re.escape(expected["error"])):
            build_dataset(extract_limited(data, name + suffix), name + suffix)
        return
    text = extract_limited(data, name + suffix)
    assert categories(text, name + suffix) == expected["countries"]
