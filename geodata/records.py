"""Typed records that cross module boundaries. Every span is a pair of character offsets
into the exact source text: `source[start:end]` is always the recorded text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Category = Literal[
    "focal",
    "ally",
    "partner",
    "normalization",
    "peace-treaty",
    "adversary",
    "contested",
    "no-relations",
    "neutral",
]

# The fixed legend, in display order, with the definition shown to users.
LEGEND: dict[str, str] = {
    "focal": "The country the document is about.",
    "ally": "Formal or declared alliance: called an ally, bound by a defence pact or alliance.",
    "partner": "Cooperation without alliance: trade, security, research or diplomatic ties.",
    "normalization": "Relations recently established or normalized (e.g. normalization accords).",
    "peace-treaty": "A peace treaty is in force between the two countries.",
    "adversary": "Hostility: enemy, threat, deterrence target, war or proxy conflict.",
    "contested": "Disputed status: occupied or disputed territory, contested sovereignty.",
    "no-relations": (
        "No diplomatic relations: never established, severed, or recognition withdrawn or switched."
    ),
    "neutral": "Mentioned, but the text states no clear relationship.",
}
CATEGORIES: tuple[str, ...] = tuple(LEGEND)

BlockKind = Literal["title", "heading", "paragraph", "bullet"]
MentionKind = Literal["name", "demonym", "capital", "territory", "metonym", "group"]
Scope = Literal["sentence", "topic", "lead-in", "paragraph", "section"]
# What a cue says about the state of diplomatic relations, when it says anything: these
# cues are ordered in time, and the latest one the text describes wins (classify.py).
State = Literal["", "absent", "restored", "established"]
Tense = Literal["", "past", "present", "intent"]


@dataclass(frozen=True)
class Block:
    """A title, heading, paragraph or bullet item."""

    kind: BlockKind
    start: int
    end: int
    section: int  # index into Document.sections; 0 is the part before the first heading


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    block: int  # index into Document.blocks


@dataclass(frozen=True)
class Section:
    heading: str  # "(introduction)" for the part before the first heading
    start: int  # span of the heading text (0, 0 for the introduction)
    end: int


@dataclass(frozen=True)
class Document:
    name: str  # source file name
    text: str
    title: str
    title_span: tuple[int, int] | None
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Mention:
    """One country reference in the text. A group mention ("European Union") yields one
    Mention per member, all with the group's span, `indirect=True` and `via` set."""

    iso3: str
    start: int
    end: int
    surface: str
    kind: MentionKind
    rule: str  # where the form comes from, e.g. "gazetteer:demonym", "names.toml:territory"
    indirect: bool = False
    via: str = ""


@dataclass(frozen=True)
class Cue:
    """A phrase in the text that signals a relationship category."""

    category: str
    phrase: str  # the cue's name in cues.toml
    start: int
    end: int
    weight: float
    state: State = ""
    directed: bool = False  # counts only for a named object or agent ("criticised Japan")


@dataclass(frozen=True)
class Evidence:
    """A cue as it counts for one country: its weight after distance decay, and where."""

    category: str
    phrase: str
    surface: str
    start: int
    end: int
    weight: float
    scope: Scope
    state: State = ""
    year: int | None = None  # the year the text gives the event, for state cues
    # "former ally", "until 1990": history; "continues to", "currently": the present;
    # "ready to establish relations": an intent, not an event.
    tense: Tense = ""
    # The focal country is named (or "both countries" said) in the cue's own clause: the
    # cue is plainly about the two, not lent from a neighbouring clause.
    with_focal: bool = False


@dataclass(frozen=True)
class Override:
    iso3: str
    category: str
    reason: str


@dataclass(frozen=True)
class Passage:
    iso3: str
    section: str
    start: int
    end: int
    text: str
    mentions: tuple[Mention, ...]  # the country's mentions inside this passage, in order

    @property
    def indirect(self) -> bool:
        return all(m.indirect for m in self.mentions)


@dataclass(frozen=True)
class CountryRelation:
    iso3: str
    name: str
    category: str
    indirect: bool
    mentions: int
    passages: int
    confidence: float
    rationale: str
    decided_by: str  # focal | sentence | paragraph | section | none | override
    evidence: tuple[Evidence, ...] = field(default=())
    via: tuple[str, ...] = field(default=())
    override_reason: str = ""


@dataclass(frozen=True)
class Dataset:
    title: str
    focal: str
    focal_rule: str
    source_name: str
    source_sha256: str
    countries: tuple[CountryRelation, ...]
    passages: tuple[Passage, ...]
