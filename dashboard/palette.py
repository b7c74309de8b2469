"""Colours of the legend: Okabe–Ito, a palette distinguishable with every common form of
colour blindness, cool hues for cooperation and warm hues for friction."""

from __future__ import annotations

COLORS: dict[str, str] = {
    "focal": "#000000",
    "ally": "#0072B2",
    "partner": "#56B4E9",
    "normalization": "#F0E442",
    "peace-treaty": "#009E73",
    "adversary": "#D55E00",
    "contested": "#CC79A7",
    # Okabe–Ito's orange: warm like the other frictions, far from neutral's and the
    # unmentioned greys; told from adversary's vermillion by lightness as well as hue.
    "no-relations": "#E69F00",
    "neutral": "#999999",
}
UNMENTIONED = "#E4E4E4"  # countries the text does not name: a quiet grey
FILTERED_OUT = "#EFEFEF"
BORDER = "#FFFFFF"
SEA = "#D4E4F1"  # a pale blue of its own: no country is ever filled with it
# Text on each colour's badge: dark on the light fills, white on the dark ones.
INK = dict.fromkeys(COLORS, "#000000") | {"focal": "#FFFFFF", "ally": "#FFFFFF"}
