"""A reader's corrections: categories set by hand in one view, carried by its link.

In the URL each is one `fix` value, `ISO3:category` or `ISO3:category:reason`
(`&fix=DEU:partner:The%20text%20says%20so`), so a shared link opens the corrected view.
They apply on top of a document's dataset, after the pipeline's reading, which they never
change; an operator's `DOCUMENT.overrides.toml` stays the permanent way. Parsing never
raises: a malformed or unknown entry gets a notice and is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dashboard.link_values import MAX_VALUE_CHARS
from dashboard.link_values import shown as _shown
from geodata.records import CATEGORIES, Dataset

MAX_REASON = 140  # characters: a reason, not an essay; it travels in every shared link
MAX_FIXES = 300  # more than any document names countries
CHOICES = tuple(c for c in CATEGORIES if c != "focal")  # what a reader may choose
READER = "reader"  # decided_by of a corrected country
_ISO3 = re.compile(r"[A-Z]{3}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True)
class Correction:
    iso3: str
    category: str
    reason: str = ""


def clean_reason(reason: str) -> str:
    """One line of at most MAX_REASON characters: control characters become spaces."""
    return " ".join(_CONTROL.sub(" ", reason).split())[:MAX_REASON]


def parse_fixes(
    values: Sequence[str], dataset: Dataset
) -> tuple[tuple[Correction, ...], list[str]]:
    """The corrections a link asks for, valid for this dataset, and a notice for each
    entry ignored. A country corrected twice keeps its last entry."""
    notices: list[str] = []
    if len(values) > MAX_FIXES:
        return (), [f"The link has {len(values):,} corrections; none is applied."]
    category_of = {c.iso3: c.category for c in dataset.countries}
    found: dict[str, Correction] = {}
    for value in values:
        parts = value.split(":", 2)
        if len(value) > MAX_VALUE_CHARS or len(parts) < 2:
            notices.append(f"The correction “{_shown(value)}” in the link is malformed; ignored.")
            continue
        iso3, category = parts[0].strip().upper(), parts[1].strip()
        reason = parts[2] if len(parts) == 3 else ""
        if not _ISO3.fullmatch(iso3) or iso3 not in category_of:
            notices.append(
                f"The correction of “{_shown(parts[0])}”: not in this document; ignored."
            )
        elif iso3 == dataset.focal:
            notices.append(
                f"The correction of {iso3}: the focal country cannot be corrected; ignored."
            )
        elif category not in CHOICES:
            notices.append(
                f"The correction of {iso3}: unknown category “{_shown(category)}”; ignored."
            )
        elif len(reason) > MAX_REASON:
            notices.append(
                f"The correction of {iso3}: its reason is over {MAX_REASON} characters; ignored."
            )
        elif category == category_of[iso3]:
            found.pop(iso3, None)  # the category the reading gave: nothing to correct
        else:
            found[iso3] = Correction(iso3, category, clean_reason(reason))
    return tuple(sorted(found.values(), key=lambda c: c.iso3)), notices


def fix_value(correction: Correction) -> str:
    """The correction as one `fix` value of a link."""
    head = f"{correction.iso3}:{correction.category}"
    return f"{head}:{correction.reason}" if correction.reason else head


def with_correction(
    fixes: Sequence[Correction], dataset: Dataset, correction: Correction
) -> tuple[Correction, ...]:
    """`fixes` with `correction` in place of any earlier one of its country; a correction
    back to the category the reading gave (in `dataset`, uncorrected) removes it."""
    reading = {c.iso3: c.category for c in dataset.countries}
    kept = [f for f in fixes if f.iso3 != correction.iso3]
    if reading.get(correction.iso3) != correction.category:
        kept.append(replace(correction, reason=clean_reason(correction.reason)))
    return tuple(sorted(kept, key=lambda c: c.iso3))


def apply_corrections(dataset: Dataset, fixes: Sequence[Correction]) -> Dataset:
    """The dataset as corrected: each corrected country gets its new category, confidence
    1, decided_by "reader" and the reason in override_reason; its passages stay."""
    by_code = {f.iso3: f for f in fixes}
    if not by_code:
        return dataset
    countries = []
    for c in dataset.countries:
        fix = by_code.get(c.iso3)
        if fix is None or c.iso3 == dataset.focal:
            countries.append(c)
            continue
        said = f": {fix.reason}" if fix.reason else ""
        countries.append(
            replace(
                c,
                category=fix.category,
                confidence=1.0,
                decided_by=READER,
                override_reason=fix.reason,
                rationale=f"corrected in this view{said} (was {c.category}: {c.rationale})",
            )
        )
    return replace(dataset, countries=tuple(countries))
