"""HTML for the side panel. Everything that comes from a document is escaped here, and the
result goes to `st.html`, which does not read Markdown, so a passage such as
`[click](javascript:…)` or `![](http://…)` stays text: no link, no image request."""

from __future__ import annotations

import html
from collections.abc import Sequence

from dashboard.mapview import UNCERTAIN_BELOW
from dashboard.palette import COLORS, INK
from geodata.records import LEGEND, CountryRelation, Dataset, Passage

e = html.escape


def badge(category: str, indirect: bool = False) -> str:
    label = f"{category} · via a group" if indirect else category
    return (
        f'<span data-testid="category-badge" style="background:{COLORS[category]};'
        f"color:{INK[category]};padding:2px 10px;border-radius:10px;font-size:0.85rem;"
        f'font-weight:600">{e(label)}</span>'
    )


def highlighted(passage: Passage) -> str:
    """The passage, escaped, with each of the country's mentions in <mark>."""
    out, cursor = [], passage.start
    for m in passage.mentions:
        if m.start < cursor:  # a group mention shares its span with the others
            continue
        out.append(e(passage.text[cursor - passage.start : m.start - passage.start]))
        out.append(
            f"<mark>{e(passage.text[m.start - passage.start : m.end - passage.start])}</mark>"
        )
        cursor = m.end
    out.append(e(passage.text[cursor - passage.start :]))
    return "".join(out)


def country_panel(country: CountryRelation, passages: Sequence[Passage]) -> str:
    """Name, badge, why, and every passage verbatim, grouped by section."""
    parts = [
        f'<div data-testid="country-panel"><h3 style="margin:0 0 6px">{e(country.name)} '
        f'<span style="color:#777;font-weight:400;font-size:0.9rem">{e(country.iso3)}</span>'
        f"</h3>{badge(country.category, country.indirect)}",
        f'<p style="margin:10px 0 4px"><b>Why:</b> {e(country.rationale)}</p>',
        f'<p style="margin:0 0 4px;color:#555">Decided by {e(country.decided_by)} · '
        f"confidence {country.confidence:.2f} · {country.mentions} mention(s) in "
        f"{country.passages} passage(s)</p>",
    ]
    if country.via:
        parts.append(
            f'<p style="margin:0;color:#555">Named through: {e(", ".join(country.via))}</p>'
        )
    if country.override_reason:
        parts.append(f"<p><b>Corrected by hand:</b> {e(country.override_reason)}</p>")
    section = None
    for p in passages:
        if p.section != section:
            section = p.section
            parts.append(f'<h4 style="margin:14px 0 4px">{e(section)}</h4>')
        parts.append(
            '<blockquote data-testid="passage" style="margin:6px 0;padding:4px 10px;'
            f'border-left:3px solid {COLORS[country.category]}">{highlighted(p)}'
            f'<div style="color:#777;font-size:0.8rem">characters {p.start:,}–{p.end:,}'
            f"{' · indirect, via ' + e(p.mentions[0].via) if p.indirect else ''}</div>"
            "</blockquote>"
        )
    parts.append("</div>")
    return "".join(parts)


def summary_panel(dataset: Dataset, focal_name: str) -> str:
    """What the panel shows with nothing selected."""
    counts = dict.fromkeys(LEGEND, 0)
    for c in dataset.countries:
        counts[c.category] += 1
    rows = "".join(
        f"<li>{badge(key)} {n} — {e(LEGEND[key])}</li>" for key, n in counts.items() if n
    )
    title = dataset.title or dataset.source_name
    return (
        f'<div data-testid="summary-panel"><h3 style="margin:0 0 6px">{e(title)}</h3>'
        f"<p>Focal country: <b>{e(focal_name)}</b> ({e(dataset.focal_rule)}). "
        f"{len(dataset.countries)} countries in {len(dataset.passages)} passages.</p>"
        f'<ul style="list-style:none;padding:0;line-height:1.9">{rows}</ul>'
        "<p>Click a country on the map, pick one in the search box or in the table to read "
        "every passage that mentions it and why it has its colour. The category buttons "
        "filter the map and the table. The address bar always holds the current view: "
        "share it to share this view.</p></div>"
    )


def legend_html(counts: dict[str, int]) -> str:
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;margin:0 10px 4px 0">'
        f'<span style="width:12px;height:12px;background:{COLORS[key]};border:1px solid #555;'
        f'display:inline-block;margin-right:4px"></span>{e(key)} ({counts.get(key, 0)})</span>'
        for key in LEGEND
    )
    item = '<span style="display:inline-flex;align-items:center;margin:0 10px 4px 0">'
    indirect = (
        f'{item}<span style="width:12px;height:12px;background:#56B4E959;border:1px dashed #555;'
        'display:inline-block;margin-right:4px"></span>lighter, dashed: named only via a group'
        "</span>"
    )
    uncertain = (
        f'{item}<span data-testid="legend-uncertain" style="width:12px;height:12px;'
        "background:repeating-linear-gradient(45deg,#56B4E9 0 3px,#FFFFFF 3px 5px);"
        'border:1px solid #555;display:inline-block;margin-right:4px"></span>'
        f"hatched: uncertain, weak evidence (confidence under {UNCERTAIN_BELOW})</span>"
    )
    focal = (
        f'{item}<span data-testid="legend-focal" style="width:12px;height:12px;'
        "border:2px solid #000;box-shadow:0 0 0 2px #fff,0 0 0 3px #999;border-radius:50%;"
        'display:inline-block;margin-right:6px"></span>ring and name: the focal country</span>'
    )
    return (
        f'<div data-testid="legend" style="font-size:0.85rem">'
        f"{swatches}{focal}{indirect}{uncertain}</div>"
    )


NOTICE_STYLES = {
    "warning": ("⚠️", "#FFF4E5", "#6B4400"),
    "error": ("⛔", "#FDECEC", "#7A1010"),
}


def notice_html(message: str, kind: str = "warning") -> str:
    """A notice or error as text: values from a URL, a file name or a document never become
    Markdown or HTML (st.error and st.warning would read Markdown)."""
    icon, background, color = NOTICE_STYLES[kind]
    return (
        f'<div data-testid="{"notice" if kind == "warning" else "error"}" role="alert" '
        f'style="background:{background};color:{color};border-radius:8px;padding:10px 14px;'
        f'margin-bottom:6px">{icon} {e(message)}</div>'
    )
