"""Relations Atlas dashboard: `streamlit run dashboard/app.py`.

Read the view from the URL → load the document's dataset (cached on its content) → lay out
the legend filter, map, panel, table and downloads → write the view back to the URL.

A session's first run draws its first look: the page without the search box (a
placeholder of its size holds its place), the table and the copy-link button. Those come
on the map fragment's next run, which the map asks for as soon as it exists. Their
front-end code (1.7 MB for the table alone), loaded together with the map's, held the map
back by a quarter of a second (benchmarks/README.md, "Fourth look"). Should the map never
ask, a timer draws the whole page anyway, so the controls never depend on the map. For the
same reason the first look has only a button in place of the "Your text" controls (a paste
box and a file upload), and the "Correct this" controls come with the whole page.

A reader's own text lives in the reader's session (`st.session_state.texts`), never on
disk; the URL names it by its content hash, so a link to a text the server no longer
holds says so. A reader's corrections live in the URL (`&fix=`, dashboard/corrections.py)
and apply on top of the document's dataset.
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

from dashboard import chips
from dashboard.assets import ensure_static
from dashboard.corrections import (
    CHOICES,
    MAX_REASON,
    Correction,
    apply_corrections,
    parse_fixes,
    with_correction,
)
from dashboard.documents import (
    TEXT_ID,
    ReaderText,
    derive,
    download_stem,
    fingerprint,
    list_documents,
    read_inputs,
    seeds_folder,
    text_id,
)
from dashboard.layout import LAYOUT_CSS
from dashboard.mapview import MAP_HEIGHT, base_map, country_layer, view_spec
from dashboard.nodelay import disable_nagle
from dashboard.panel import country_panel, legend_html, notice_html, summary_panel
from dashboard.publish import (
    PUB_ID,
    PublishError,
    RateLimit,
    client_address,
    pub_id,
    publish,
    publish_dir,
    quotas,
    read_published,
)
from dashboard.state import View, parse_view, view_params
from geodata.errors import InputError
from geodata.extract import KINDS, MAX_PAGES, TIME_LIMIT, extract_limited
from geodata.geometry import join, load_world
from geodata.output import countries_csv, passages_csv
from geodata.records import CATEGORIES, LEGEND, Dataset
from geodata.source import MAX_BYTES, decode_text

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
def dataset_for(text: str, overrides_text: str, name: str, focal: str | None = None) -> Dataset:
    # Keyed on the document's text: an edited file is derived anew on the next run; a
    # reader's text goes through the same cache.
    return derive(text, overrides_text, name, focal)


@st.cache_data(max_entries=512)
def spec_for(rows: tuple[tuple, ...], shown: tuple[str, ...], selected: str | None) -> dict:
    fields = ("iso3", "name", "category", "indirect", "confidence", "corrected")
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


def load(doc: str) -> tuple[str, Dataset] | None:
    """(the document's text, its dataset before any reader's correction), or None with an
    error on the page."""
    try:
        if doc in texts:
            brought = texts[doc]
            return brought.text, dataset_for(brought.text, "", brought.name, brought.focal)
        text, overrides_text = read_inputs(docs[doc])
        return text, dataset_for(text, overrides_text, docs[doc].name)
    except InputError as e:
        st.html(notice_html(f"“{label(doc)}” cannot be shown: {e}", "error"))
        return None


def shown_of(doc: str) -> tuple:
    """What the view of `doc` depends on (documents.fingerprint); a reader's text changes
    only by the focal country the reader picks."""
    if doc in texts:
        return ("text", doc, texts[doc].focal)
    return fingerprint(folder, docs[doc])


def label(doc: str) -> str:
    if doc not in texts:
        return doc
    return f"{'Published' if PUB_ID.fullmatch(doc) else 'Your text'}: {texts[doc].name}"


@st.cache_resource
def publish_rate() -> RateLimit:
    return RateLimit(quotas().per_hour)  # one per server process, for all its sessions


# The address bar always holds the view, so "copy link" copies it. A fixed string with no
# document text in it: the one place the app runs script of its own on the page. The click
# is bound by the script: st.html's sanitiser strips inline handlers (an `onclick`
# attribute never ran), and keeps a <script> when JavaScript is allowed.
COPY_LINK = """
<button data-testid="copy-link" style="padding:4px 12px;
  border:1px solid #bbb;border-radius:6px;background:#fff;cursor:pointer">
  Copy link to this view</button>
<span style="color:#666;font-size:0.85rem"> (the address bar holds it too)</span>
<script>
document.querySelectorAll("[data-testid='copy-link']:not([data-bound])").forEach((b) => {
  b.dataset.bound = "1";
  b.addEventListener("click", () => navigator.clipboard.writeText(window.top.location.href)
    .then(() => { b.textContent = "Link copied"; }));
});
</script>
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
texts: dict[str, ReaderText] = st.session_state.setdefault("texts", {})
KEEP_TEXTS = 5  # a reader's texts kept in one session (up to 2 MB each), the latest
GONE = (
    "The text this link showed is gone: a text you bring lives only in your browser "
    "session, and the server no longer has that session (it restarted, or the session "
    "ended). Paste or upload it again under “Your text”."
)
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
gone = False  # the link names a reader's text this session does not hold
if first_look:
    params = st.query_params.to_dict()
    asked = params.get("doc")
    unpublished = None  # why a link's published text cannot be shown
    if isinstance(asked, str) and PUB_ID.fullmatch(asked) and asked not in texts:
        try:
            if publish_dir() is None:
                raise InputError("this site does not publish texts")
            texts[asked] = read_published(publish_dir(), asked)
        except InputError as e:
            unpublished = f"“{asked}” cannot be shown: {e}."
    if isinstance(asked, str) and TEXT_ID.fullmatch(asked) and asked not in texts:
        gone = True
    if gone or unpublished:
        params = {k: v for k, v in params.items() if k not in ("doc", "country")}
    first = asked if asked in docs or asked in texts else next(iter(docs))
    shown = shown_of(first)  # taken before reading, so a later edit shows
    loaded = load(first)
    codes = [c.iso3 for c in loaded[1].countries] if loaded else []
    view, notices = parse_view(params, [*docs, *texts], {first: codes})
    if unpublished:
        notices = [unpublished, *notices]
    if loaded and not gone and not unpublished:
        fixes, more = parse_fixes(st.query_params.get_all("fix"), loaded[1])
        view, notices = replace(view, fixes=fixes), notices + more
    st.session_state.view = view
    st.session_state.notices = [GONE, *notices] if gone else notices
else:
    first, loaded = None, None
view: View = st.session_state.view
if view.doc not in docs and view.doc not in texts:  # the file went away while the app ran
    st.session_state.notices = [f"“{view.doc}” is no longer available."]
    view = st.session_state.view = View(next(iter(docs)), None, view.categories)
source = docs.get(view.doc)  # None for a reader's text
if view.doc != first:  # the first run has loaded its document already
    shown = shown_of(view.doc)
    loaded = load(view.doc)
doc_text, base = loaded if loaded else ("", None)
if base and any(f.iso3 not in {c.iso3 for c in base.countries} for f in view.fixes):
    # The document changed under its corrections: those of countries it no longer names go.
    kept = tuple(f for f in view.fixes if f.iso3 in {c.iso3 for c in base.countries})
    view = st.session_state.view = replace(view, fixes=kept)
dataset = apply_corrections(base, view.fixes) if base else None
category_of = {c.iso3: c.category for c in dataset.countries} if dataset else {}

# A document edited on disk since this session last showed it: say so, and drop a
# selection the new version no longer has.
seen = st.session_state.setdefault("seen", {})
if dataset and source and seen.get(view.doc, shown[1:]) != shown[1:]:
    st.session_state.notices = [f"“{view.doc}” changed on disk; this is its current version."]
    if view.country and view.country not in category_of:
        st.session_state.notices.append(f"{view.country} is no longer in it; nothing is selected.")
        view = st.session_state.view = replace(view, country=None)
if source:
    seen[view.doc] = shown[1:]


def set_view(**changes) -> None:
    st.session_state.view = replace(st.session_state.view, **changes)
    st.session_state.notices = []


def on_doc() -> None:
    set_view(doc=st.session_state.doc_picker, country=None, fixes=())


def on_focal() -> None:
    doc = st.session_state.view.doc
    texts[doc] = replace(texts[doc], focal=st.session_state.focal_picker)
    set_view(country=None, fixes=())  # corrections were read against the other focal


def on_filter() -> None:
    chosen = chips.chosen(st.session_state[chips.KEY], st.session_state.view.categories)
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
    if len(docs) + len(texts) > 1:
        st.session_state.doc_picker = view.doc
        st.selectbox(
            "Document", [*docs, *texts], key="doc_picker", format_func=label, on_change=on_doc
        )

for notice in st.session_state.get("notices", []):
    st.html(notice_html(notice))

UPLOAD_MB = st.get_option("server.maxUploadSize")
LIMITS = (
    f"Limits: {MAX_BYTES:,} bytes of text; a file of at most {UPLOAD_MB} MB (.txt, .md, "
    f".html or .htm, .pdf); a PDF of at most {MAX_PAGES} pages; {TIME_LIMIT:.0f} seconds to "
    "read a file. What you bring stays in this browser session only: nothing is saved on "
    "the server, and it is gone when the session ends. A link to it works in this session "
    "only; corrections in a link to a shipped document work for anyone."
)


def bring() -> None:
    """Read the pasted text or the uploaded file; on success show it, else say why and
    keep the page as it was."""
    upload = st.session_state.get("upload")
    pasted = st.session_state.get("pasted") or ""
    try:
        with st.spinner("Reading your text…"):
            if upload is not None:
                name = upload.name[-80:] or "uploaded file"
                text = extract_limited(upload.getvalue(), name)
            elif pasted.strip():
                name = "pasted text"
                text = decode_text(pasted.encode("utf-8"), name)
            else:
                raise InputError("paste a text or choose a file first")
            dataset_for(text, "", name)  # its refusals (no country named…) come now
    except InputError as e:
        st.html(notice_html(f"Your text cannot be mapped: {e}", "error"))
        return
    doc = text_id(text)
    texts.pop(doc, None)  # brought again: the latest, with the detected focal country
    texts[doc] = ReaderText(text, name)
    while len(texts) > KEEP_TEXTS:
        texts.pop(next(iter(texts)))
    set_view(doc=doc, country=None, categories=tuple(CATEGORIES), fixes=())
    st.rerun()


def on_publish() -> None:
    """Publish the text on screen (ATLAS_PUBLISH_DIR): quotas reached, a notice and
    nothing written; else the view moves to the published id, corrections kept."""
    doc, folder_p = st.session_state.view.doc, publish_dir()
    brought = texts[doc]
    try:
        new = not (folder_p / f"{pub_id(brought)}.json").is_file()
        client = client_address(st.context.ip_address, st.context.headers)
        if new and not publish_rate().allow(client):
            raise PublishError(
                f"at most {quotas().per_hour} texts an hour from one address; try again later"
            )
        published = publish(folder_p, brought, quotas())
    except InputError as e:
        st.session_state.notices = [f"Not published: {e}."]
        return
    texts[published] = brought
    set_view(doc=published)
    st.session_state.notices = [
        "Published: anyone with this page's link can now open this text, read-only, with "
        "the corrections the link carries."
    ]


def your_text() -> None:
    """The sidebar's "Your text": a paste box and a file upload (after the first look)."""
    st.subheader("Your text")
    if first_look and not gone:
        st.button("Map your own text…", key="open_text")  # its click draws the controls
        return
    with st.form("bring", border=False):
        st.text_area("Paste a text", key="pasted", height=140)
        st.file_uploader("or upload a file (read instead of the box)", type=KINDS, key="upload")
        submitted = st.form_submit_button("Map this text")
    st.caption(LIMITS)
    if submitted:
        bring()
    folder_p = publish_dir()
    if folder_p and TEXT_ID.fullmatch(view.doc) and base:
        st.button(
            "Publish: a link anyone can open",
            key="publish",
            on_click=on_publish,
            help="Stores this text on the server, read-only, under its content hash.",
        )
    if PUB_ID.fullmatch(view.doc):
        st.caption("A published text: read-only; its link opens it for anyone.")
    elif view.doc in texts and base:
        detected = dataset_for(doc_text, "", texts[view.doc].name).focal
        name_of = {c.iso3: c.name for c in base.countries}
        st.session_state.focal_picker = base.focal
        st.selectbox(
            f"Focal country (detected: {name_of.get(detected, detected)})",
            sorted(name_of, key=name_of.get),
            key="focal_picker",
            format_func=lambda k: name_of[k],
            on_change=on_focal,
        )


if dataset is None:
    with st.sidebar:
        your_text()
    st.stop()
# The legend is the filter (dashboard/chips.py), with the map on every screen: the
# sidebar folds away on a phone and in an embed.
counts = dict.fromkeys(LEGEND, 0)
for c in dataset.countries:
    counts[c.category] += 1
offered = chips.options(counts, view.categories)
st.html(chips.chip_css(offered, view.categories))
st.session_state[chips.KEY] = chips.selection(view.categories)
st.pills(
    "Show on the map",
    offered,
    selection_mode="multi",
    format_func=chips.label(counts),
    key=chips.KEY,
    on_change=on_filter,
    label_visibility="collapsed",
)
st.html(legend_html(len(view.fixes)))


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
    if source and fingerprint(folder, source) != shown:
        st.rerun(scope="app")  # the folder changed since this dataset was read: never show it
    view: View = st.session_state.view
    by_code = {c.iso3: c for c in dataset.countries}
    fixed = {f.iso3 for f in view.fixes}
    rows = tuple(
        (c.iso3, c.name, c.category, c.indirect, c.confidence, c.iso3 in fixed)
        for c in dataset.countries
    )
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
            was = next((c.category for c in base.countries if c.iso3 == country.iso3), None)
            st.html(country_panel(country, passages, was if country.iso3 in fixed else None))
            if whole and country.iso3 != dataset.focal:
                correct_this(view, country.iso3)
        else:
            focal = by_code.get(dataset.focal)
            st.html(summary_panel(dataset, focal.name if focal else dataset.focal))
    if whole and view.fixes:
        with right:
            if st.button(f"Reset corrections ({len(view.fixes)})", key="fix-reset"):
                set_view(fixes=())
                st.rerun(scope="app")  # the legend, counts and downloads are outside
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
    if in_url != {k: v if isinstance(v, list) else [v] for k, v in params.items()}:
        st.query_params.from_dict(params)
    if whole:
        with link_slot:
            st.html(COPY_LINK, unsafe_allow_javascript=True)


def correct_this(view: View, iso3: str) -> None:
    """The "Correct this" controls: the category a careful reader would give, and why.
    Applied to the whole page (legend, counts and downloads are outside this fragment)."""
    current = next((f for f in view.fixes if f.iso3 == iso3), None)
    reading = next(c.category for c in base.countries if c.iso3 == iso3)
    with st.expander("Correct this", expanded=current is not None):
        chosen = st.selectbox(
            "The category a careful reader would give",
            CHOICES,
            index=CHOICES.index(current.category if current else reading),
            key=f"fix-category-{iso3}",
        )
        reason = st.text_input(
            f"Why (optional, at most {MAX_REASON} characters)",
            value=current.reason if current else "",
            max_chars=MAX_REASON,
            key=f"fix-reason-{iso3}",
        )
        if st.button("Apply the correction", key=f"fix-apply-{iso3}"):
            fixes = with_correction(view.fixes, base, Correction(iso3, chosen, reason))
            set_view(fixes=fixes)
            st.rerun(scope="app")


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
    stem = download_stem(Path(texts[view.doc].name).stem if view.doc in texts else view.doc)
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
    image_fixes = [f.iso3 for f in view.fixes]  # outlined dotted, as on the map

    def image(fmt: str) -> bytes:
        from dashboard.mapimage import map_image

        return map_image(dataset, world(), image_categories, fmt, corrected=image_fixes)

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
    # The document itself: for a file a reader brought, the text extracted from it, which
    # every offset and quote refers to.
    st.download_button("Document text (TXT)", doc_text, f"{stem}.txt", "text/plain")
    your_text()
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
