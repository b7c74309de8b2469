"""Driving dashboard/app.py headless with AppTest. AppTest cannot click inside the map's
iframe, so st_folium is replaced by a stand-in that reports a click the way the component
does: it stores the clicked feature under the widget key, calls on_change and reruns."""

from __future__ import annotations

from unittest import mock

import streamlit as st
from conftest import ROOT
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "dashboard" / "app.py")
SEED_DOC = "foreign-relations-of-israel"


class FakeFolium:
    """Stands in for streamlit_folium.st_folium; records the layer it was given."""

    def __init__(self) -> None:
        self.clicks: list[str] = []
        self.layers: list = []

    def __call__(self, fig, *, key, on_change=None, feature_group_to_add=None, **_):
        self.layers.append(feature_group_to_add)
        if self.clicks:
            iso3 = self.clicks.pop(0)
            st.session_state[key] = {"last_active_drawing": {"properties": {"iso3": iso3}}}
            if on_change:
                on_change()
            st.rerun()
        return st.session_state.get(key) or {}

    def spec(self) -> dict:
        """The view spec of the last layer drawn (styles of the clickable countries)."""
        (world_layer,) = self.layers[-1]._children.values()
        return world_layer.spec


def run(params: dict | None = None, env: dict | None = None, whole: bool = True) -> AppTest:
    """A session opened on `params`: its first look, then (`whole`) the run that draws the
    rest of the page, which the browser asks for once the map has drawn."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    with mock.patch.dict("os.environ", env or {}):
        at.run()
        assert not at.exception, at.exception
        if whole:
            at.run()
    assert not at.exception, at.exception
    return at


def panel(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html if "panel" in h.value)


def notices(at: AppTest) -> list[str]:
    return [h.value for h in at.html if 'data-testid="notice"' in h.value]


def errors(at: AppTest) -> list[str]:
    return [h.value for h in at.html if 'data-testid="error"' in h.value]


def table_codes(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["iso3"])
