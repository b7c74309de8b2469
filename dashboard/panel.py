"""HTML for the side panel. Everything that comes from a document is escaped here, and the
result goes to `st.html`, which does not read Markdown, so a passage such as
`[click](javascript:…)` or `![](http://…)` stays text: no link, no image request."""

from __future__ import annotations

import html
from collections.abc import Sequence

from dashboard.mapview import UNCERTAIN_BELOW
from dashboard.palette import COLORS, INK
from geodata.explain import HOW_SURE
from geodata.records import LEGEND, CountryRelation, Dataset, Evidence, Passage

e = html.escape
FOLD_AFTER = 3  # passages of one section shown before "show all N"


def badge(category: str, indirect: bool = False) -> str:
    label = f"{category} · via a group" if indirect else category
    return (
        f'<span data-testid="category-badge" style="background:{COLORS[category]};'
        f"color:{INK[category]};padding:2px 10px;border-radius:10px;font-size:0.85rem;"
        f'font-weight:600">{e(label)}</span>'
    )


def highlighted(passage: Passage, cues: Sequence[Evidence] = ()) -> str:
    """The passage, escaped, with each of the country's mentions in <mark> and each
    deciding cue underlined (<mark class="cue">)."""
    spans = [(m.start, m.end, "<mark>") for m in passage.mentions]
    spans += [
        (
            c.start,
            c.end,
            '<mark class="cue" style="background:none;border-bottom:2px solid '
            '#333;font-weight:600">',
        )
        for c in cues
        if passage.start <= c.start and c.end <= passage.end
    ]
    out, cursor = [], passage.start
    for start, end, tag in sorted(spans):
        if start < cursor:  # a group mention shares its span with the others
            continue
        out.append(e(passage.text[cursor - passage.start : start - passage.start]))
        out.append(f"{tag}{e(passage.text[start - passage.start : end - passage.start])}</mark>")
        cursor = end
    out.append(e(passage.text[cursor - passage.start :]))
    return "".join(out)


def deciding_cues(country: CountryRelation) -> list[Evidence]:
    """The cues that decided the country's category (not those of the categories it lost
    to), strongest first."""
    won = [ev for ev in country.evidence if ev.category == country.category]
    return sorted(won, key=lambda ev: (-ev.weight, ev.start))


def _quote(country: CountryRelation, p: Passage, cues: Sequence[Evidence]) -> str:
    via = " · indirect, via " + e(p.mentions[0].via) if p.indirect else ""
    return (
        '<blockquote data-testid="passage" style="margin:6px 0;padding:4px 10px;'
        f'border-left:3px solid {COLORS[country.category]}">{highlighted(p, cues)}'
        f'<div style="color:#777;font-size:0.8rem">{e(p.section)} · characters '
        f"{p.start:,}–{p.end:,}{via}</div></blockquote>"
    )


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n:,} times")


def why(country: CountryRelation) -> str:
    """The rationale as one sentence a reader reads: what the text says and how sure, with
    the probability. explain.py writes "<category>: <what the text says>; <how sure>"; the
    category is the badge's, so it is not repeated."""
    if country.decided_by == "focal":
        return f"The document's country: {country.rationale.removeprefix('focal: ')}."
    if country.decided_by in ("override", "reader"):
        who = "the operator" if country.decided_by == "override" else "a reader, in this view"
        return f"Set by {who}." + (
            f" Reason: {country.override_reason}." if country.override_reason else ""
        )
    body, _, sure = country.rationale.removeprefix(f"{country.category}: ").rpartition("; ")
    if sure not in HOW_SURE:
        body, sure = country.rationale, ""
    said = body[:1].upper() + body[1:]
    if country.indirect:
        said = f"Named only as part of a group ({', '.join(country.via)}). {said}"
    how = f" {sure.capitalize()}: {country.confidence:.0%} likely." if sure else ""
    return f"{said}.{how}"


def country_panel(
    country: CountryRelation, passages: Sequence[Passage], was: str | None = None
) -> str:
    """Name, badge, why; the passages whose cues decided the category first, then the
    rest grouped by section with counts, long groups folded behind "show all N". `was`:
    the category the document's dataset gives, when a reader corrected it in this view."""
    parts = [
        f'<div data-testid="country-panel"><h3 style="margin:0 0 6px">{e(country.name)} '
        f'<span style="color:#777;font-weight:400;font-size:0.9rem">{e(country.iso3)}</span>'
        f"</h3>{badge(country.category, country.indirect)}",
        f'<p data-testid="why" style="margin:10px 0 4px"><b>Why:</b> {e(why(country))}</p>',
        f'<p style="margin:0 0 4px;color:#555">Named {_times(country.mentions)} in '
        f"{_count(country.passages, 'passage')}</p>",
    ]
    if was is not None:
        reason = f" — “{e(country.override_reason)}”" if country.override_reason else ""
        parts.append(
            '<p data-testid="correction" style="margin:8px 0;padding:4px 8px;'
            'border:2px dotted #000;border-radius:6px">'
            f"<b>Corrected in this view:</b> was {e(was)}{reason}. A correction carried by "
            "this view's link; the passages below are the text's, unchanged.</p>"
        )
    elif country.override_reason:
        parts.append(
            f'<p data-testid="override"><b>Corrected by the operator</b> (the document\'s '
            f"overrides file, permanent): {e(country.override_reason)}</p>"
        )
    cues = deciding_cues(country)
    deciding = [p for p in passages if any(p.start <= c.start < p.end for c in cues)]
    elsewhere = [c for c in cues if not any(p.start <= c.start < p.end for p in passages)]
    if deciding or elsewhere:
        title = f"Passages that decided it ({len(deciding)})" if deciding else "What decided it"
        parts.append(f'<div data-testid="deciding"><h4 style="margin:14px 0 4px">{title}</h4>')
        parts.extend(_quote(country, p, cues) for p in deciding)
        if elsewhere:
            # Cues in the country's own section or row that do not name it ("Both
            # countries…"): quoted by their words and offsets.
            words = "; ".join(
                f"“{e(c.surface)}” (characters {c.start:,}–{c.end:,})" for c in elsewhere[:5]
            )
            parts.append(
                f'<p style="margin:4px 0;color:#333">Said in its own part of the text, '
                f"without naming it: {words}</p>"
            )
        parts.append("</div>")
    rest = [p for p in passages if p not in deciding]
    if rest:
        parts.append(
            f'<h4 style="margin:14px 0 4px">{"Other passages" if deciding else "Passages"} '
            f"({len(rest)})</h4>"
        )
    groups: dict[str, list[Passage]] = {}
    for p in rest:
        groups.setdefault(p.section, []).append(p)
    for section, group in groups.items():
        parts.append(
            f'<div data-testid="passage-group"><h5 style="margin:10px 0 2px">{e(section)} '
            f'<span style="color:#777;font-weight:400">({len(group)})</span></h5>'
        )
        shown, folded = group[:FOLD_AFTER], group[FOLD_AFTER:]
        if len(group) <= FOLD_AFTER + 1:
            shown, folded = group, []
        parts.extend(_quote(country, p, cues) for p in shown)
        if folded:
            parts.append(
                f'<details data-testid="show-all"><summary style="cursor:pointer;color:#1f5fa8">'
                f"show all {len(group)}</summary>"
                + "".join(_quote(country, p, cues) for p in folded)
                + "</details>"
            )
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def summary_panel(dataset: Dataset, focal_name: str) -> str:
    """What the panel shows with nothing selected: the document, and what each colour it
    uses means (the chips above the map give the counts)."""
    present = {c.category for c in dataset.countries}
    rows = "".join(
        f"<li>{badge(key)} {e(meaning)}</li>" for key, meaning in LEGEND.items() if key in present
    )
    title = dataset.title or dataset.source_name
    return (
        f'<div data-testid="summary-panel"><h3 style="margin:0 0 6px">{e(title)}</h3>'
        f"<p>Focal country: <b>{e(focal_name)}</b> ({e(dataset.focal_rule)}). "
        f"{len(dataset.countries)} countries in {len(dataset.passages)} passages.</p>"
        "<p>Click a country on the map, or find it in the search box or the table, to read "
        "the passages that name it and why it has its colour. Click a colour above the map "
        "to show only that category; click more to add them, “all” to show every one. "
        "The address bar always holds this view: share it to share what you see.</p>"
        f'<p style="margin:8px 0 2px"><b>What the colours mean</b></p>'
        f'<ul style="list-style:none;padding:0;line-height:1.9">{rows}</ul></div>'
    )


def legend_html(corrected: int = 0) -> str:
    """What the map's marks mean, once, beside the chips (which carry the colours)."""
    item = '<span style="display:inline-flex;align-items:center;margin:0 12px 2px 0">'
    box = "width:12px;height:12px;display:inline-block;margin-right:4px;"
    marks = [
        f'{item}<span data-testid="legend-focal" style="{box}border:2px solid #000;'
        'box-shadow:0 0 0 2px #fff,0 0 0 3px #999;border-radius:50%"></span>'
        "ring: the document's country</span>",
        f'{item}<span style="{box}background:#56B4E959;border:1px dashed #555"></span>'
        "pale, dashed: named only as part of a group</span>",
        f'{item}<span data-testid="legend-uncertain" style="{box}border:1px solid #555;'
        'background:repeating-linear-gradient(45deg,#56B4E9 0 3px,#FFFFFF 3px 5px)"></span>'
        f"hatched: uncertain (under {UNCERTAIN_BELOW:.0%} likely)</span>",
    ]
    if corrected:
        marks.append(
            f'{item}<span data-testid="legend-corrected" style="{box}border:2px dotted #000">'
            f"</span>dotted: corrected in this view ({corrected})</span>"
        )
    return (
        '<div data-testid="legend" style="font-size:0.8rem;color:#333">' + "".join(marks) + "</div>"
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
