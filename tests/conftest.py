from __future__ import annotations

from pathlib import Path

import pytest

from geodata import gazetteer
from geodata.mentions import find_in_span
from geodata.records import Mention

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DOCUMENTS = Path(__file__).resolve().parent / "documents"


def mentions_in(text: str) -> list[Mention]:
    """Mentions found in one piece of text, treated as a single block."""
    return find_in_span(gazetteer.load(), text, 0, len(text))


def codes_in(text: str, indirect: bool = False) -> list[str]:
    """ISO3 codes of the direct (or, with indirect=True, all) mentions, in text order."""
    return [m.iso3 for m in mentions_in(text) if indirect or not m.indirect]


@pytest.fixture(scope="session")
def severed():
    """A one-sentence document whose one relation is a dated break: (dataset, Libya)."""
    from geodata.dataset import build_dataset

    dataset = build_dataset(
        "Foreign relations of Greece\n\nGreece broke off diplomatic relations with Libya in "
        "2014.\n",
        "t.txt",
    )
    return dataset, next(c for c in dataset.countries if c.iso3 == "LBY")


@pytest.fixture(scope="session")
def gaz() -> gazetteer.Gazetteer:
    return gazetteer.load()


@pytest.fixture
def folium_stub():
    """st_folium replaced by app_driver.FakeFolium, for AppTest runs of the dashboard."""
    from unittest import mock

    from app_driver import FakeFolium

    fake = FakeFolium()
    with mock.patch("streamlit_folium.st_folium", fake):
        yield fake
