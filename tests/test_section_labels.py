"""Section labels: a passage is labelled by a real heading, a table row by its country and
year, never by raw cells or reference marks."""

from __future__ import annotations

from geodata.dataset import build_dataset
from geodata.section_labels import plain_heading

TABLE = (
    "Foreign relations of Norland\n\n"
    "Norland keeps friendly ties with many states.\n\n"
    "Africa\n\n"
    "Country | Formal relations began | Notes\n\n"
    "1962-07-03[13] | -   Algeria has an embassy in Osla.\n"
    "-   Norland has an embassy in Algiers, and Algeria trades with Tunisia.[14]\n\n"
    "1979-08-16[15] | -   Angola has an embassy in Osla.\n\n"
    "Asia\n\n"
    "4 June 1886 | See Norland–South Korea relations\n\n"
    "Norland and South Korea maintain very good relations. Both follow Japan closely.\n\n"
    "Europe\n\n"
    "See Norland–Portugal relations[7]\n\n"
    "Portugal and Norland are _close_ partners.\n"
)


def sections(text: str) -> dict[tuple[str, int], str]:
    dataset = build_dataset(text, "norland.txt", focal="NOR")
    return {(p.iso3, p.start): p.section for p in dataset.passages}


def label_of(text: str, iso3: str, words: str) -> str:
    start = text.index(words)
    found = sections(text)
    (label,) = [s for (code, at), s in found.items() if code == iso3 and at <= start]
    return label


def test_a_table_row_is_labelled_by_its_country_and_year_not_its_cells():
    assert label_of(TABLE, "DZA", "1962-07-03") == "Algeria, 1962"
    assert label_of(TABLE, "AGO", "1979-08-16") == "Angola, 1979"


def test_the_notes_of_a_row_keep_its_label_for_every_country_they_name():
    labels = sections(TABLE)
    tunisia = [s for (code, _), s in labels.items() if code == "TUN"]
    assert tunisia == ["Algeria, 1962"]


def test_a_row_used_as_a_heading_labels_the_paragraphs_under_it():
    labels = sections(TABLE)
    assert [s for (code, _), s in labels.items() if code == "JPN"] == ["South Korea, 1886"]


def test_a_hatnote_heading_reads_without_see_or_reference_marks():
    labels = sections(TABLE)
    assert {s for (code, _), s in labels.items() if code == "PRT"} == {"Norland–Portugal relations"}


def test_no_label_holds_cells_reference_marks_or_emphasis():
    for label in sections(TABLE).values():
        assert not set(label) & {"|", "[", "_"}, label


def test_a_plain_heading_is_kept_as_written():
    assert plain_heading("Economic diplomacy, technology and people-to-people ties") == (
        "Economic diplomacy, technology and people-to-people ties"
    )
    assert plain_heading("_See France–Kosovo relations_") == "France–Kosovo relations"


def test_rows_read_the_same_with_windows_line_endings():
    crlf = TABLE.replace("\n", "\r\n")
    assert label_of(crlf, "DZA", "1962-07-03") == "Algeria, 1962"
    assert {s for (code, _), s in sections(crlf).items() if code == "TUN"} == {"Algeria, 1962"}
