"""Structure: title, sections, blocks and sentences, with exact offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.structure import INTRODUCTION, parse

WIKI_COPY = (
    "Foreign Relations Of ExampleEdit\n\n"
    "Example is a small state. It trades with many.\n\n"
    "Neighbours\n\n"
    "  • First bullet. Second sentence.\n\n"
    "  • Another bullet.\n\n"
    "See also\n"
)


def spans_are_exact(doc) -> None:
    for item in (*doc.blocks, *doc.sentences):
        assert 0 <= item.start < item.end <= len(doc.text)
    for a, b in zip(doc.sentences, doc.sentences[1:], strict=False):
        assert a.end <= b.start


def test_title_drops_the_glued_edit_link_but_keeps_the_source():
    doc = parse(WIKI_COPY, "x.txt")
    assert doc.title == "Foreign Relations Of Example"
    assert doc.text == WIKI_COPY
    assert doc.text[slice(*doc.title_span)] == doc.title


def test_headings_open_sections_and_bullets_lose_their_marker():
    doc = parse(WIKI_COPY, "x.txt")
    assert [s.heading for s in doc.sections] == [INTRODUCTION, "Neighbours", "See also"]
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["title", "paragraph", "heading", "bullet", "bullet", "heading"]
    bullet = doc.blocks[3]
    assert doc.text[bullet.start : bullet.end] == "First bullet. Second sentence."
    assert bullet.section == 1


def test_a_one_sentence_paragraph_with_reference_marks_is_not_a_heading():
    text = (
        "Foreign relations of Nepal\n\nSuriname\n\n"
        "Both countries established diplomatic relations in October 2018.[65]\n\n"
        "Switzerland [3]\n\nIt has an embassy in Kathmandu.\n"
    )
    kinds = [b.kind for b in parse(text, "x.txt").blocks]
    assert kinds == ["title", "heading", "paragraph", "heading", "paragraph"]


def test_sentences_split_inside_paragraphs_and_bullets():
    doc = parse(WIKI_COPY, "x.txt")
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert "Example is a small state." in texts
    assert "It trades with many." in texts
    assert "Second sentence." in texts


def test_abbreviations_do_not_end_a_sentence():
    doc = parse("The U.S. and Dr. Smith met in Washington. They agreed.", "x.txt")
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert texts == ["The U.S. and Dr. Smith met in Washington.", "They agreed."]


def test_markdown_and_wiki_headings_are_recognised():
    text = (
        "# Foreign relations of Chile\n\nLead text here.\n\n"
        "## Neighbours\nText.\n\n== Trade ==\nMore."
    )
    doc = parse(text, "x.txt")
    assert doc.title == "Foreign relations of Chile"
    assert [s.heading for s in doc.sections][1:] == ["Neighbours", "Trade"]


def test_hard_wrapped_paragraph_is_one_block():
    text = "Title\n\nThis paragraph is wrapped\nacross three lines of text\nand ends here.\n"
    doc = parse(text, "x.txt")
    assert [b.kind for b in doc.blocks] == ["title", "paragraph"]
    assert doc.text[doc.blocks[1].start : doc.blocks[1].end].endswith("ends here.")


def test_crlf_and_lone_cr_line_endings():
    for newline in ("\r\n", "\r"):
        text = newline.join(
            ["Title", "", "One sentence. Two sentences.", "", "Heading", "", "Body."]
        )
        doc = parse(text, "x.txt")
        assert doc.title == "Title"
        assert [s.heading for s in doc.sections][1:] == ["Heading"]
        spans_are_exact(doc)


def test_a_byte_order_mark_stays_in_the_text_but_not_in_the_title():
    doc = parse("\ufeffForeign relations of Peru\n\nPeru trades.\n", "x.txt")
    assert doc.title == "Foreign relations of Peru"
    assert doc.title_span == (1, 26)
    assert doc.text.startswith("\ufeff")


def test_a_document_without_title_line_has_no_title():
    doc = parse("Israel and Egypt signed a treaty. It held.", "x.txt")
    assert doc.title == ""
    assert doc.title_span is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_offsets_are_exact_on_any_text(text):
    doc = parse(text, "x.txt")
    spans_are_exact(doc)
    for block in doc.blocks:
        inside = [s for s in doc.sentences if s.block == doc.blocks.index(block)]
        assert all(block.start <= s.start and s.end <= block.end for s in inside)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Israel",
                "the United States",
                "Iranian",
                " ",
                "\n",
                "\n\n",
                "  • ",
                ". ",
                "Gaza Strip",
                "European Union",
                "Niger",
                "Nigeria",
                "word",
                ",",
                "’",
                "\r\n",
                "Washington Post",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_every_mention_is_an_exact_span_inside_a_sentence(text):
    from geodata import gazetteer
    from geodata.mentions import find_mentions

    doc = parse(text, "x.txt")
    for m in find_mentions(doc, gazetteer.load()):
        assert doc.text[m.start : m.end] == m.surface
        assert any(s.start <= m.start and m.end <= s.end for s in doc.sentences)
