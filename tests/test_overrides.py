"""The per-document overrides file."""

from __future__ import annotations

import pytest

from geodata.cli import main
from geodata.errors import InputError
from geodata.overrides import load_overrides, overrides_path

DOC = "Foreign relations of Israel\n\nPeru hosted a tournament. Egypt signed a peace treaty.\n"


def test_overrides_file_beside_the_document_is_applied(tmp_path):
    doc = tmp_path / "israel.txt"
    doc.write_text(DOC, encoding="utf-8")
    overrides_path(doc).write_text(
        '[[override]]\niso3 = "PER"\ncategory = "partner"\nreason = "Sports diplomacy."\n',
        encoding="utf-8",
    )
    assert main(["build", str(doc), "--out", str(tmp_path / "out")]) == 0
    rows = (tmp_path / "out" / "countries.csv").read_text(encoding="utf-8")
    assert "PER,Peru,partner" in rows
    assert "Sports diplomacy." in rows


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[override]]\niso3 = "PER"\ncategory = "friend"\nreason = "x"\n', "unknown category"),
        ('[[override]]\niso3 = "PER"\ncategory = "ally"\nreason = "  "\n', "reason is empty"),
        ('[[override]]\niso3 = "PER"\ncategory = "ally"\n', "needs exactly"),
        ("[[override]\n", "not valid TOML"),
    ],
)
def test_malformed_overrides_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "x.overrides.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_overrides(path)


def test_cli_reports_a_bad_overrides_file_and_writes_nothing(tmp_path, capsys):
    doc = tmp_path / "israel.txt"
    doc.write_text(DOC, encoding="utf-8")
    overrides_path(doc).write_text('[[override]]\niso3 = "BRA"\ncategory = "ally"\nreason = "x"\n')
    assert main(["build", str(doc), "--out", str(tmp_path / "out")]) == 2
    assert "BRA" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
