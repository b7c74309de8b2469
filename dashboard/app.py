"""Relations Atlas dashboard: `streamlit run dashboard/app.py`.

Read the view from the URL → load the document's dataset (cached on its content) → lay out
the legend filter, map, panel, table and downloads → write the view back to the URL.

A session's first run draws its first look: the page without the search box (a
placeholder of its size holds its place), the table and the copy-link button. Those come
on the map fragment's next run, which the map asks for as soon as it exists. Their
front-end code (1.7 MB for the table alone), loaded together with the map's, held the map
back by a quarter of a second (benchmarks/README.md, "Fourth look"). Should the map never
ask, a timer draws the whole page anyway, so the controls never depend on the map.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `streamlit run` from anywhere

from dashboard.assets import ensure_static
from dashboard.documents import (
    derive,
    download_stem,
    fingerprint,
    list_documents,
    read_inputs,
    seeds_folder,
)
from dashboard.layout import LAYOUT_CSS
from dashboard.mapview import MAP_HEIGHT, base_map, country_layer, view_spec
from dashboard.nodelay import disable_nagle
from dashboard.panel import country_panel, legend_html, notice_html, summary_panel
from dashboard.state import View, parse_view, view_params
from geodata.errors import InputError
from geodata.geometry import join, load_world
from geodata.output import countries_csv, passages_csv
from geodata.records import CATEGORIES, LEGEND, Dataset

st.set_page_config(page_title="Relations Atlas", layout="wide")
st.cache_resource(ensure_static)()  # once per server process, not on every rerun
st.html(LAYOUT_CSS)  # narrow screens: the panel under the map, a phone-sized map


@st.cache_resource
def world():
    return load_world()


@st.cache_resource
def settle() -> None:
    """Once per server process: exclude what is loaded for good (libraries, the world
    shapes) from the garbage collector's full passes. Without this a full pass (Streamlit's
    forced one after each run, now off in config.toml, or Python's own when due) walked all
    of it, holding the interpreter lock for 75-85 ms while a click's answer waited to be
    sent. A session's own objects stay collectable. Also turns Nagle's algorithm off on the
    server's connections, which Streamlit leaves on (dashboard/nodelay.py)."""
    world()
    disable_nagle()
    gc.collect()
    gc.freeze()


settle()


@st.cache_data(show_spinner="Reading the document…", max_entries=64)
def dataset_for(text: str, overrides_text: str, name: str) -> Dataset:
    # Keyed on the document's text: an edited file is derived anew on the next run.
    return derive(text, overrides_text, name)


@st.cache_data(max_entries=512)
def spec_for(rows: tuple[tuple, ...], shown: tuple[str, ...], selected: str | None) -> dict:
    fields = ("iso3", "name", "category", "indirect", "confidence")
    records = [dict(zip(fields, r, strict=True)) for r in rows]
    return view_spec(world(), records, shown, selected)


@st.cache_data(max_entries=64)
def downloads(key: tuple, _dataset: Dataset) -> tuple[str, str, str]:
    # Keyed on the source's hash and the decisions (overrides change those, not the source);
    # the leading underscore keeps the dataset itself out of the cache key.
    frame = pd.DataFrame(
        [
            {"iso3": c.iso3, "name": c.name, "category": c.category, "indirect": c.indirect}
            for c in _dataset.countries
        ]
    )
    return countries_csv(_dataset), passages_csv(_dataset), join(frame).to_json()


def load(doc: str, path: Path) -> Dataset | None:
    try:
        text, overrides_text = read_inputs(path)
        return dataset_for(text, overrides_text, path.name)
    except InputError as e:
        st.html(notice_html(f"“{doc}” cannot be shown: {e}", "error"))
        return None


# The address bar always holds the view, so "copy link" copies it. A fixed string with no
# document text in it: the one place the app runs script of its own on the page.
COPY_LINK = """
<button data-testid="copy-link" onclick="navigator.clipboard.writeText(window.top.location.href)
  .then(() => { this.textContent = 'Link copied'; })" style="padding:4px 12px;
  border:1px solid #bbb;border-radius:6px;background:#fff;cursor:pointer">
  Copy link to this view</button>
<span style="color:#666;font-size:0.85rem"> (the address bar holds it too)</span>
"""

# In the search box's place on the first look: its label and an empty box.
SEARCH_HEIGHT = 68  # px: the search box's own height (checked in the browser tests)
SEARCH_PLACEHOLDER = """
<div data-testid="search-placeholder" aria-hidden="true">
  <div style="font-size:14px;line-height:1.6;margin-bottom:4px;color:#31333F">Find a country</div>
  <div style="height:40px;box-sizing:border-box;border-radius:8px;background:#F0F2F6;
    padding:0 12px;display:flex;align-items:center;color:#808495">Type a country name…</div>
</div>
"""


folder = seeds_folder()
docs = list_documents(folder)
if not docs:
    # The folder's name only: where the server keeps it is no reader's business.
    st.html(notice_html(f"No documents (*.txt) in the documents folder “{folder.name}”.", "error"))
    st.stop()

# The first look, and whether this run has finished drawing it (see the module's
# docstring). A fragment's rerun reads both from the namespace of the run that defined it,
# after that run has finished: there, `drawn` is true.
first_look = "view" not in st.session_state
drawn = False
# The longest the first look waits for the map before drawing the rest anyway (the map
# usually asks within a second).
REST_FALLBACK_SECONDS = float(os.environ.get("ATLAS_FIRST_LOOK_SECONDS") or 1.5)
RECONNECT_ANCHOR_SECONDS = 300


# 1. The view: from the URL on a session's first run, from the widgets afterwards.
if first_look:
    params = st.query_params.to_dict()
    asked = params.get("doc")
    first = asked if asked in docs else next(iter(docs))
    shown = fingerprint(folder, docs[first])  # taken before reading, so a later edit shows
    dataset = load(first, docs[first])
    codes = [c.iso3 for c in dataset.countries] if dataset else []
    view, notices = parse_view(params, list(docs), {first: codes})
    st.session_state.view = view
    st.session_state.notices = notices
else:
    first, dataset = None, None
view: View = st.session_state.view
if view.doc not in docs:  # the file went away while the app ran
    st.session_state.notices = [f"“{view.doc}” is no longer available."]
    view = st.session_state.view = View(next(iter(docs)), None, view.categories)
source = docs[view.doc]
if view.doc != first:  # the first run has loaded its document already
    shown = fingerprint(folder, source)
    dataset = load(view.doc, source)
category_of = {c.iso3: c.category for c in dataset.countries} if dataset else {}

# A document edited on disk since this session last showed it: say so, and drop a
# selection the new version no longer has.
seen = st.session_state.setdefault("seen", {})
if dataset and seen.get(view.doc, shown[1:]) != shown[1:]:
    st.session_state.notices = [f"“{view.doc}” changed on disk; this is its current version."]
    if view.country and view.country not in category_of:
        st.session_state.notices.append(f"{view.country} is no longer in it; nothing is selected.")
        view = st.session_state.view = replace(view, country=None)
seen[view.doc] = shown[1:]


def set_view(**changes) -> None:
    st.session_state.view = replace(st.session_state.view, **changes)
    st.session_state.notices = []


def on_doc() -> None:
    set_view(doc=st.session_state.doc_picker, country=None)


def on_filter() -> None:
    chosen = tuple(c for c in CATEGORIES if c in (st.session_state.filter or ()))
    current = st.session_state.view.country
    keep = current if current and category_of.get(current) in chosen else None
    set_view(categories=chosen, country=keep)


def on_search() -> None:
    set_view(country=st.session_state.search)


def on_map() -> None:
    drawing = (st.session_state.get("map") or {}).get("last_active_drawing") or {}
    iso3 = (drawing.get("properties") or {}).get("iso3")
    if iso3 in category_of and category_of[iso3] in st.session_state.view.categories:
        set_view(country=iso3)


def on_table() -> None:
    rows = st.session_state[table_key()].selection.rows
    if rows:
        set_view(country=table_frame().iloc[rows[0]]["iso3"])


def table_key() -> str:
    # A new key per selection resets the table's own row selection when the map selects.
    return f"table-{st.session_state.view.doc}-{st.session_state.view.country}"


def table_frame() -> pd.DataFrame:
    shown = st.session_state.view.categories
    # Sorted before the frame is built: pandas' sort_values was a twentieth of a click's
    # server time, for 41 rows.
    rows = [
        {
            "iso3": c.iso3,
            "country": c.name,
            "category": c.category,
            "via a group": c.indirect,
            "passages": c.passages,
            "confidence": c.confidence,
        }
        for c in sorted(dataset.countries, key=lambda c: c.name)
        if c.category in shown
    ]
    return pd.DataFrame(
        rows, columns=["iso3", "country", "category", "via a group", "passages", "confidence"]
    )


# 2. Sidebar: document, legend filter, downloads, about.
with st.sidebar:
    st.title("Relations Atlas")
    if len(docs) > 1:
        st.session_state.doc_picker = view.doc
        st.selectbox("Document", list(docs), key="doc_picker", on_change=on_doc)
    if dataset:
        counts = dict.fromkeys(LEGEND, 0)
        for c in dataset.countries:
            counts[c.category] += 1
        st.session_state.filter = list(view.categories)
        st.pills(
            "Categories (click to filter)",
            CATEGORIES,
            selection_mode="multi",
            format_func=lambda k: f"{k} · {counts[k]}",
            key="filter",
            on_change=on_filter,
        )

for notice in st.session_state.get("notices", []):
    st.html(notice_html(notice))

if dataset is None:
    st.stop()
# With the map, on every screen: the sidebar folds away on a phone and in an embed.
st.html(legend_html(counts))


@st.fragment(run_every=REST_FALLBACK_SECONDS)
def rest_fallback() -> None:
    """Inside the first look's map fragment: its timer draws the whole page should the map
    not ask in time. Left out of the whole page, its timer stops (Streamlit stops the
    timers of nested fragments a rerun no longer draws)."""
    if drawn:  # a tick, not the first look's own call
        st.rerun(scope="app")


# 3. Map, panel and table: one fragment, so a click reruns only this part.
@st.fragment
def explorer() -> None:
    if fingerprint(folder, source) != shown:
        st.rerun(scope="app")  # the folder changed since this dataset was read: never show it
    view: View = st.session_state.view
    by_code = {c.iso3: c for c in dataset.countries}
    rows = tuple((c.iso3, c.name, c.category, c.indirect, c.confidence) for c in dataset.countries)
    left, right = st.columns([2, 1], gap="medium")
    with left:
        # Filled below, once the map has said whether it is already drawn; a fixed height,
        # so the map stays put while the search box's code loads.
        search_slot = st.container(height=SEARCH_HEIGHT, border=False)
        layer = country_layer(spec_for(rows, view.categories, view.country))
        reported = st_folium(
            base_map(),
            feature_group_to_add=layer,
            key="map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["last_active_drawing", "last_object_clicked_count"],
            on_change=on_map,
        )
        link_slot = st.container()  # the copy-link button, by the map (the whole page's)
    # The whole page, but on the first look's own run. Any later run of this fragment (the
    # map asking, a click, the timer) draws it whole; so does a first run whose map has
    # reported before, in a page that reconnected to a new session (a restarted server).
    whole = not first_look or drawn or any(v is not None for v in (reported or {}).values())
    with search_slot:
        if not whole:
            st.html(SEARCH_PLACEHOLDER)  # the search box's place, so the map does not move
        else:
            choices = sorted(by_code, key=lambda k: by_code[k].name)
            st.session_state.search = view.country
            st.selectbox(
                "Find a country",
                choices,
                index=None,
                format_func=lambda k: f"{by_code[k].name} — {by_code[k].category}",
                placeholder="Type a country name…",
                key="search",
                on_change=on_search,
            )
    with right:
        if view.country in by_code:
            country = by_code[view.country]
            passages = [p for p in dataset.passages if p.iso3 == view.country]
            st.html(country_panel(country, passages))
        else:
            focal = by_code.get(dataset.focal)
            st.html(summary_panel(dataset, focal.name if focal else dataset.focal))
    if not whole:
        rest_fallback()
    else:
        st.subheader("All countries")
        st.dataframe(
            table_frame(),
            key=table_key(),
            on_select=on_table,
            selection_mode="single-row",
            hide_index=True,
            width="stretch",
        )
    params = view_params(view)
    # Compared with every value of every key: a repeated or unknown key is written away too.
    in_url = {k: st.query_params.get_all(k) for k in st.query_params}
    if in_url != {k: [v] for k, v in params.items()}:
        st.query_params.from_dict(params)
    if whole:
        with link_slot:
            st.html(COPY_LINK, unsafe_allow_javascript=True)


explorer()


@st.fragment(run_every=RECONNECT_ANCHOR_SECONDS)
def reconnect_anchor() -> None:
    """Draws nothing. A page with a timed fragment asks for a full run when its websocket
    reconnects, whatever its last run was (Streamlit's client skips that run after a full
    app run, expecting the server to still hold the session). Behind a load balancer the
    reconnection may reach another replica that knows no session: that run redraws the
    view there from the link (tests/browser/test_deploy.py). Its tick, every few minutes,
    costs one empty fragment run."""


reconnect_anchor()

# 4. Downloads and about.
with st.sidebar:
    stem = download_stem(view.doc)
    key = (
        dataset.source_sha256,
        tuple((c.iso3, c.category, c.rationale) for c in dataset.countries),
    )
    countries_file, passages_file, geojson_file = downloads(key, dataset)
    st.download_button("Countries (CSV)", countries_file, f"{stem}-countries.csv", "text/csv")
    st.download_button("Passages (CSV)", passages_file, f"{stem}-passages.csv", "text/csv")
    st.download_button(
        "Map data (GeoJSON)", geojson_file, f"{stem}.geojson", "application/geo+json"
    )
    # Drawn only when clicked (on a thread of Streamlit's), from this view's categories;
    # matplotlib is imported then too, not at every server's start (28 MB).
    image_categories = view.categories  # not `shown`: the fragment's folder check reads that

    def image(fmt: str) -> bytes:
        from dashboard.mapimage import map_image

        return map_image(dataset, world(), image_categories, fmt)

    st.download_button(
        "Map image (PNG)",
        lambda: image("png"),
        f"{stem}-map.png",
        "image/png",
        on_click="ignore",
    )
    st.download_button(
        "Map image (SVG)",
        lambda: image("svg"),
        f"{stem}-map.svg",
        "image/svg+xml",
        on_click="ignore",
    )
    with st.expander("About this map"):
        st.text(f"Source document: {dataset.source_name} (sha256 {dataset.source_sha256[:12]}…)")
        st.markdown(
            "Countries are found by name, demonym, territory or capital; each one's colour "
            "comes from the relationship words near its mentions, and the panel shows the "
            "deciding words and every passage. Method: `docs/classification.md`."
        )
        for key, definition in LEGEND.items():
            st.markdown(f"**{key}** — {definition}")
        st.markdown(
            "Country shapes: Natural Earth (public domain), 1:50m, simplified. Borders follow "
            "Natural Earth's de facto depiction. Names: world-countries (ODbL)."
        )

drawn = True  # the end of this run (see `first_look`)
