"""Docs that cannot drift from the code."""

from __future__ import annotations

import json
import re

from conftest import ROOT

from geodata.output import COUNTRY_COLUMNS, PASSAGE_COLUMNS
from geodata.records import LEGEND

README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_DOC = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")


def codebook(heading: str) -> list[str]:
    """Field names of the table under a heading of docs/data.md."""
    section = DATA_DOC.split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| (\w+) \|", section, flags=re.M)[1:]  # skip the header row


def test_data_doc_codebooks_list_the_real_columns():
    assert tuple(codebook("countries.csv")) == COUNTRY_COLUMNS
    assert tuple(codebook("passages.csv")) == PASSAGE_COLUMNS
    meta = json.loads((ROOT / "geodata/datasets/foreign-relations-of-israel/meta.json").read_text())
    assert codebook("meta.json") == list(meta)


def test_readme_opens_with_two_commands_and_ci_runs_the_test_one():
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    assert len(commands) == 2
    assert commands[0].endswith("streamlit run dashboard/app.py")
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_classification_doc_lists_the_legend():
    doc = (ROOT / "docs" / "classification.md").read_text(encoding="utf-8")
    for key, definition in LEGEND.items():
        assert f"| {key} | {definition} |" in doc


def test_hosting_requirements_pin_what_pyproject_pins():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {re.split(r"[<>=]", d)[0].strip() for d in project["project"]["dependencies"]}
    lines = (ROOT / "dashboard" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    assert set(pins) == names
    from importlib.metadata import version

    for name, pinned in pins.items():
        assert version(name) == pinned, f"{name}: installed {version(name)}, pinned {pinned}"
