"""The legend is the filter: one row of chips, "all" and then each category the document
has, in its map colour with its count.

With every category shown, "all" is on and every chip wears its colour. A click on a
category shows only it (the others fade on the map and leave the table); more clicks add
categories; "all", or turning the last one off, shows every category again. The widget is
Streamlit's own `st.pills`; these pure functions say what it offers, what its state means
for the view, and how each chip looks (CSS, since the widget draws every chip alike).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dashboard.palette import COLORS, INK
from geodata.records import CATEGORIES

ALL = "all"
KEY = "filter"  # the widget's key; Streamlit gives its container the class st-key-filter


def shows_all(shown: Sequence[str]) -> bool:
    return set(shown) >= set(CATEGORIES)


def options(counts: Mapping[str, int], shown: Sequence[str]) -> list[str]:
    """The chip "all", then the categories the document has, in legend order; and those a
    link shows that the document has none of, so that they can be turned off."""
    picked = set(selection(shown)) - {ALL}
    return [ALL, *(c for c in CATEGORIES if counts.get(c, 0) or c in picked)]


def selection(shown: Sequence[str]) -> list[str]:
    """The widget's state for a view showing `shown`."""
    return [ALL] if shows_all(shown) else [c for c in CATEGORIES if c in shown]


def chosen(picked: Sequence[str] | None, before: Sequence[str]) -> tuple[str, ...]:
    """The categories to show after the reader's click: `picked` is the widget's new state,
    `before` what the view showed."""
    picked = list(picked or ())
    everything = tuple(CATEGORIES)
    if ALL in picked:
        if shows_all(before):  # "all" was on: a category was clicked
            picked.remove(ALL)
        else:  # "all" was clicked
            return everything
    kept = tuple(c for c in CATEGORIES if c in picked)
    return kept or everything


def label(counts: Mapping[str, int]):
    total = sum(counts.values())
    return lambda key: f"{key} · {total}" if key == ALL else f"{key} · {counts.get(key, 0)}"


def chip_css(offered: Sequence[str], shown: Sequence[str]) -> str:
    """Each chip in its category's colour; a chip whose category is hidden keeps its colour
    as a border only. The chips are the widget's buttons, in the order offered."""
    everything = shows_all(shown)
    rules = [
        f".st-key-{KEY} button {{ border-radius: 14px; font-weight: 600; min-height: 1.9rem; }}",
        f".st-key-{KEY} button p {{ font-size: 0.85rem; }}",
    ]
    for i, key in enumerate(offered, start=1):
        chip = f".st-key-{KEY} button:nth-of-type({i})"
        if key == ALL:
            style = (
                "background:#222 !important;color:#fff !important;border:2px solid #222 !important;"
                if everything
                else "background:#fff !important;color:#222 !important;"
                "border:2px solid #222 !important;"
            )
        elif key in shown:
            style = (
                f"background:{COLORS[key]} !important;color:{INK[key]} !important;"
                f"border:2px solid {COLORS[key]} !important;"
            )
        else:
            style = (
                f"background:#fff !important;color:#555 !important;"
                f"border:2px dashed {COLORS[key]} !important;"
            )
        rules.append(f"{chip} {{ {style} }}")
        rules.append(f"{chip} p {{ color: inherit !important; }}")
    return "<style>" + "\n".join(rules) + "</style>"
