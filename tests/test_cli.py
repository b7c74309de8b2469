"""The command line: its output contract, and bad input refused with one clear line."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS

from geodata import output
from geodata.cli import main
from geodata.output import COUNTRY_COLUMNS, PASSAGE_COLUMNS
from geodata.source import MAX_BYTES

SEED = SEEDS / "foreign-relations-of-israel.txt"
SMALL = "Foreign relations of Egypt\n\nEgypt signed a peace treaty with Israel.\n"


def build(tmp_path, text: str | bytes, *extra: str) -> tuple[int, str, str]:
    doc = tmp_path / "doc.txt"
    if isinstance(text, bytes):
        doc.write_bytes(text)
    else:
        doc.write_text(text, encoding="utf-8", newline="")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "geodata",
            "build",
            str(doc),
            "--out",
            str(tmp_path / "out"),
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return result.returncode, result.stdout, result.stderr


def test_build_writes_the_three_files_with_the_documented_columns(tmp_path):
    code, stdout, _ = build(tmp_path, SMALL)
    assert code == 0
    assert "focal EGY" in stdout
    out = tmp_path / "out"
    with (out / "countries.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == COUNTRY_COLUMNS
    assert {r["iso3"]: r["category"] for r in rows} == {"EGY": "focal", "ISR": "peace-treaty"}
    with (out / "passages.csv").open(encoding="utf-8") as f:
        passages = list(csv.DictReader(f))
    assert tuple(passages[0]) == PASSAGE_COLUMNS
    israel = next(p for p in passages if p["iso3"] == "ISR")
    assert SMALL[int(israel["start"]) : int(israel["end"])] == israel["text"]
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["focal"] == "EGY"
    assert meta["source"]["file"] == "doc.txt"
    assert len(meta["source"]["sha256"]) == 64


def test_focal_can_be_overridden(tmp_path):
    code, stdout, _ = build(tmp_path, SMALL, "--focal", "isr")
    assert code == 0
    assert "focal ISR" in stdout


def test_output_is_byte_identical_on_rebuild(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["build", str(SEED), "--out", str(first)]) == 0
    assert main(["build", str(SEED), "--out", str(second)]) == 0
    for name in ("countries.csv", "passages.csv", "meta.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("  \n\t\n", "empty"),
        ("\ufeff\n", "empty"),
        (b"\xff\xfe\x00t\x00e\x00x\x00t", "binary"),
        (b"caf\xe9 in Paris", "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Nothing here names a state. Just prose about weather.", "no country"),
    ],
)
def test_bad_documents_get_one_clear_line_and_nothing_written(tmp_path, content, message):
    code, stdout, stderr = build(tmp_path, content)
    assert code == 2
    assert stdout == ""
    assert stderr.count("\n") == 1
    assert stderr.startswith("error:")
    assert message in stderr
    assert not (tmp_path / "out").exists()


def test_missing_file(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out")]) == 2
    assert "error: nope.txt: no such file" in capsys.readouterr().err


def test_a_document_that_names_no_country_is_refused_with_its_name(tmp_path, capsys):
    doc = tmp_path / "plain.txt"
    doc.write_text("Nothing here names a state.\n", encoding="utf-8")
    assert main(["build", str(doc), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == "error: plain.txt: no country is mentioned in the document\n"
    assert not (tmp_path / "out").exists()


def test_oversized_document_is_refused(tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Israel and Egypt. " * (MAX_BYTES // 18 + 1))
    assert main(["build", str(big), "--out", str(tmp_path / "out")]) == 2
    assert "over the limit" in capsys.readouterr().err


def test_unknown_focal_code_is_refused(tmp_path):
    code, _, stderr = build(tmp_path, SMALL, "--focal", "XXX")
    assert code == 2
    assert "XXX" in stderr


def test_hostile_text_passes_through_unchanged(tmp_path):
    payload = (
        "Title\n\n<script>alert(1)</script> Iran <img src=x onerror=alert(2)> and "
        "[click](javascript:alert(3)) \x07\x1b[31m are in Egypt.\n"
    )
    code, _, _ = build(tmp_path, payload)
    assert code == 0
    with (tmp_path / "out" / "passages.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        assert payload[int(row["start"]) : int(row["end"])] == row["text"]
    quoted = " ".join(row["text"] for row in rows)
    for fragment in (
        "<script>alert(1)</script>",
        "onerror=alert(2)>",
        "(javascript:alert(3))",
        "\x07\x1b[31m",
    ):
        assert fragment in quoted


def test_a_failed_build_leaves_the_previous_dataset_intact(tmp_path):
    assert build(tmp_path, SMALL)[0] == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert build(tmp_path, "no countries at all here.")[0] == 2
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
    assert sorted(os.listdir(tmp_path)) == ["doc.txt", "out"]


def test_a_write_that_fails_midway_leaves_the_previous_dataset_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the second of three files
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    small = tmp_path / "small.txt"
    small.write_text(SMALL, encoding="utf-8")
    with pytest.raises(OSError, match="No space"):
        main(["build", str(small), "--out", str(out)])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(os.listdir(tmp_path)) == ["out", "small.txt"]
