"""Decide each country's relationship with the focal country from the cues around it.

The method (what relates a cue to the focal country, distance weighting, the timeline of
diplomatic states, precedence, confidence) is described for users in
docs/classification.md; the constants below are the numbers it quotes.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from geodata.cues import CueRule, find_cues, tense
from geodata.records import Cue, Document, Evidence, Mention
from geodata.structure import sentence_locator
from geodata.topics import Topic

PRECEDENCE = (
    "no-relations",
    "peace-treaty",
    "normalization",
    "ally",
    "adversary",
    "contested",
    "partner",
)
FORMAL = ("peace-treaty", "normalization", "ally")
SCOPE_FACTOR = {"sentence": 1.0, "topic": 1.0, "lead-in": 1.0, "paragraph": 0.7, "section": 0.5}
DIRECT_SCOPES = ("sentence", "topic", "lead-in")
STRUCTURE = ("section", "row", "bullet")  # a country's place that the layout gives it
WIDER_SCOPE_WEIGHT = 0.5
# A country named once, with no cue near it, is neutral with some confidence; one the text
# names in many passages and says nothing clear about is more likely a relation the cues
# missed, and one with a near miss (too little, or only old history) more so.
NEUTRAL_CONFIDENCE = 0.9  # for a country named in one passage
NEAR_MISS_FACTOR = 0.6
# "A former ally": history counts for a little; "remains disputed": the present, for more;
# a plan ("seeks to deter") weighs as stated, but is never an event in the timeline.
TENSE_WEIGHT = {"past": 0.3, "intent": 1.0, "": 1.0, "present": 1.5}
MIN_TOTAL = 0.75  # partner needs a stated tie: a lone word of cooperation far off is not one
STATE_MIN = 1.5  # a state cue this far from a name (or farther) is about someone else
COOPERATION = ("partner", "ally", "peace-treaty", "normalization")
RECENT_YEARS = 10  # relations established this close to the text's latest date are news
# How far a cue reaches inside one sentence. Past a few clauses a cue weighs little and is
# about something else; the limits also keep a run-on "sentence" from costing n² work.
REACH_CUES = 3  # nearest cues on each side of a list of names
REACH_CHARS = 600  # about 100 words: weight / (1 + 100 / 8) is under a tenth
_LIST_GAP = re.compile(
    r"(?:\s*\([^();:.]{1,25}\))?\s*(?:,\s*)?(?:(?:and|or|as\s+well\s+as|&)\s+)?"
    r"(?:the\s+(?:other\s+)?)?",
    re.IGNORECASE,
)
_SHORT_PARENS = re.compile(r"\([^();:.]{1,25}\)")
_CLAUSE_MARK = re.compile(r"[,;:—–()]")
_WORD = re.compile(r"\w+")
_CONTRAST = re.compile(r"\b(?:versus|vs|unlike|rather\s+than|instead\s+of)\b", re.IGNORECASE)
# Where one clause ends and another begins: a relation stated inside one clause is between
# the countries of that clause.
_CLAUSE_BREAK = re.compile(
    # A colon ends a clause, except one that opens the list of the countries meant
    # ("relations with three countries: North Korea, Sudan and Myanmar").
    r"[;()]|(?<!countries)(?<!nations)(?<!states)(?<!following):|"
    r"\s[—–]\s|,(?:\[\w{1,4}\])*\s+(?:and|but|which|who|where|as|since)\b|"
    r"\b(?:after|before|because|although|though|whereas|while|when|despite)\b|"
    r"\b(?:in\s+spite|regardless)\s+of\b",
    re.IGNORECASE,
)
# Words that put the focal country into a sentence without naming it.
_BOTH = re.compile(
    r"\b(?:both|the\s+two)\s+(?:countries|nations|states|governments|sides|peoples)\b|"
    r"\bbilateral\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_DATED = re.compile(
    r"(?:\b(?:in|on|since|by|from|until|of|early|late|mid-?|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+(?:\d{1,2},?\s+)?)(1[6-9]\d\d|20\d\d)\b"
)
_BETWEEN = re.compile(r"\s+(?:\w+\s+){0,2}between\s+(?:the\s+)?", re.IGNORECASE)
_AND = re.compile(r"\s*(?:and|&)\s+(?:the\s+)?", re.IGNORECASE)
_JOINT = re.compile(r"[-–/]")
_TAIL = re.compile(r"\s+(?:[\w-]+\s+)?")
_RELATIVE = re.compile(r"\b(?:which|who|whose)\s*\Z", re.IGNORECASE)
_FOCAL = "focal"  # stands for the focal country where a unit of names is expected
_OTHER = "other"  # a party that is none of the map's countries
# States of the past and armed groups, none of them on the map: what they did is no
# country's of today ("the Soviet invasion", "the Taliban government").
_HISTORICAL = re.compile(
    r"(?-i:\b(?:Soviet|Ottoman|Yugoslav|Czechoslovak|Nazi|Axis|Imperial|Taliban))\s+\Z"
)
_ITS = re.compile(r"\b(?:its|their)\s+(?:[a-z][\w-]*\s+)?\Z", re.IGNORECASE)
_OBJECT = re.compile(
    r"\s+(?:(?:with|of|to|towards?|against|on|for)\s+)?(?:the\s+)?"
    r"(?:(?:north|south|east|west)(?:ern)?\s+)?",
    re.IGNORECASE,
)
# Between a country's name and the cue it qualifies: "Serbia's closest ally", "US ally".
_MODIFIER = re.compile(
    r"(?:['’]s)?\s+(?:[a-z][\w-]*\s+){0,2}|\s|-(?:led|backed|based|sponsored)\s+"
)
# The agent of a cue, named after it: "the blockade imposed by Turkey", "annexation by
# Russia". Like a qualifying name, it makes the cue that country's act.
_AGENT = re.compile(
    r"\s+(?:(?:imposed|led|backed|sponsored|carried\s+out|launched|supported|brokered)\s+)?"
    r"by\s+(?:the\s+)?",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r":(?:\s*\[\d+\])*\s*\Z")


def _units(text: str, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Group a sentence's mentions into coordinated lists ("Egypt and Jordan")."""
    units: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: (m.start, m.iso3)):
        last = units[-1][-1] if units else None
        if last and (m.start == last.start or _LIST_GAP.fullmatch(text, last.end, m.start)):
            units[-1].append(m)
        else:
            units.append([m])
    return units


def _distance(text: str, cue: Cue, unit: Sequence[Mention]) -> int | None:
    """Words between the cue and the unit's nearest name, or None when out of reach."""
    if cue.end <= unit[0].start:
        lo, hi = cue.end, unit[0].start
    elif cue.start >= unit[-1].end:
        lo, hi = unit[-1].end, cue.start
    else:  # inside a list ("Egypt, peace partner, and Jordan"): the nearer neighbour
        # A unit's mentions are in text order and do not overlap (group members share one
        # span), so both neighbours are found by bisection, not by a scan of the list.
        i = bisect.bisect_right(unit, cue.start, key=lambda m: m.end) - 1  # last name before
        j = bisect.bisect_left(unit, cue.end, key=lambda m: m.start)  # first name after
        if i < 0 or j >= len(unit) or j > i + 1:
            return 0  # the cue overlaps a name
        sides = [_distance(text, cue, [unit[i]]), _distance(text, cue, [unit[j]])]
        reached = [d for d in sides if d is not None]
        return min(reached) if reached else None
    if hi - lo > REACH_CHARS:
        return None
    gap = text[lo:hi]
    return (
        len(_WORD.findall(gap))
        + 4 * len(_CLAUSE_MARK.findall(gap))
        + 12 * len(_CONTRAST.findall(gap))
    )


def _near(cues: Sequence[Cue], starts: Sequence[int], unit: Sequence[Mention]) -> Sequence[Cue]:
    """The cues inside the unit's span and the REACH_CUES nearest on each side of it."""
    first = bisect.bisect_left(starts, unit[0].start)
    last = bisect.bisect_left(starts, unit[-1].end)
    return cues[max(0, first - REACH_CUES) : last + REACH_CUES]


class _Sentence:
    """One sentence's names, clauses and years, indexed once so that each question the
    rules below ask of a cue costs a bisection, not a scan of the sentence's names (a
    run-on "sentence" in a broken document may hold thousands)."""

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        focal: Sequence[Mention],
        units: Sequence[Sequence[Mention]],
    ) -> None:
        self.text, self.start, self.end = text, start, end
        # A short parenthesis ("(PRC)", "(Taiwan)") names, it does not end a clause.
        short = {m.start() for m in _SHORT_PARENS.finditer(text, start, end)}
        short |= {m.end() - 1 for m in _SHORT_PARENS.finditer(text, start, end)}
        self.breaks = [start] + [
            m.end() for m in _CLAUSE_BREAK.finditer(text, start, end) if m.start() not in short
        ]
        self.focal = [m.start for m in focal]
        self.both = [m.start() for m in _BOTH.finditer(text, start, end)]
        self.years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(text, start, end)]
        self.year_starts = [p for p, _ in self.years]
        self.latest = list(itertools.accumulate((y for _, y in self.years), max))
        # Every name (the focal ones too) in text order, with its unit (None for the focal).
        named = [(m.start, m.end, i) for i, u in enumerate(units) for m in u]
        named += [(m.start, m.end, -1) for m in focal]
        named.sort()
        self.units = units
        self.starts = [n[0] for n in named]
        self.named = named
        by_end = sorted((e, s, i) for s, e, i in named)
        self.ends = [n[0] for n in by_end]
        self.by_end = by_end
        self.clause_names: dict[int, set[str]] = defaultdict(set)  # clause -> iso3 named
        self.clause_units: dict[int, set[int]] = defaultdict(set)
        self.clause_focal: set[int] = set()
        for i, unit in enumerate(units):
            for m in unit:
                c = self._clause_index(m.start)
                self.clause_names[c].add(m.iso3)
                self.clause_units[c].add(i)
        for f in (*self.focal, *self.both):
            self.clause_focal.add(self._clause_index(f))
        self.focal_clauses = {self._clause_index(f) for f in self.focal}

    def latest_year_before(self, offset: int) -> int | None:
        i = bisect.bisect_left(self.year_starts, offset)
        return self.latest[i - 1] if i else None

    def year_near(self, cue: Cue, state_starts: Sequence[int]) -> int | None:
        """The year the text gives a cue: in its own clause if there is one there ("Earlier
        in 2016, the Kingdom reopened its embassy after it was closed in 1990": 2016), else
        the first year after it in its sentence, else the last one before it, never across
        another state cue ("restored ties after breaking them off in 2004": 2004 belongs
        to the breaking off)."""
        lo, hi = self.clause(cue.start)
        i = bisect.bisect_left(self.year_starts, lo)
        inside = [(p, y) for p, y in self.years[i : i + 8] if p < hi]
        if inside:
            return min(inside, key=lambda py: abs(py[0] - cue.start))[1]
        i = bisect.bisect_left(self.year_starts, cue.end)
        if i < len(self.years):
            at = self.years[i][0]
            k = bisect.bisect_left(state_starts, cue.end)
            if k == len(state_starts) or state_starts[k] >= at:
                return self.years[i][1]
        i = bisect.bisect_left(self.year_starts, cue.start) - 1
        if i >= 0:
            at = self.years[i][0]
            k = bisect.bisect_right(state_starts, at)
            if k == len(state_starts) or state_starts[k] >= cue.start:
                return self.years[i][1]
        return None

    def names_focal(self, cue: Cue) -> bool:
        """Whether the cue's clause names the focal country (or says "both countries")."""
        return self._clause_index(cue.start) in self.clause_focal

    def _clause_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.breaks, offset) - 1, 0)

    def clause(self, offset: int) -> tuple[int, int]:
        i = self._clause_index(offset)
        hi = self.breaks[i + 1] if i + 1 < len(self.breaks) else self.end
        return self.breaks[i], hi

    def unnamed(self, cue: Cue, focal_too: bool = True) -> bool:
        """Whether the cue's clause names no country (the focal one included, unless
        `focal_too` is false: inside a country's own passage, "Japan criticised…" is about
        that country)."""
        c = self._clause_index(cue.start)
        return (not focal_too or c not in self.focal_clauses) and not self.clause_units.get(c)

    def only(self, cue: Cue, iso3: str) -> bool:
        """Whether the cue's clause names that country and no other (the focal aside)."""
        return self.clause_names.get(self._clause_index(cue.start)) == {iso3}

    def _owner(self, index: int):
        return _FOCAL if index < 0 else self.units[index]

    def object_of(self, cue: Cue, pattern: re.Pattern[str] | None = None):
        """The unit (or _FOCAL) named right after a cue: "ties with Y", "recognise Y"."""
        after = (pattern or _OBJECT).match(self.text, cue.end, self.end)
        if pattern is not None and after is None:
            return None
        at = after.end() if after else cue.end
        i = bisect.bisect_left(self.starts, at)
        if i < len(self.starts) and self.starts[i] == at:
            return self._owner(self.named[i][2])
        return None

    def subject_of(self, cue: Cue, until: int | None = None):
        """The unit (or _FOCAL) named last before a cue (or before `until`) in the cue's
        clause, else None."""
        lo, _ = self.clause(cue.start)
        i = bisect.bisect_left(self.starts, cue.start if until is None else until) - 1
        if i >= 0 and self.starts[i] >= lo:
            return self._owner(self.named[i][2])
        if i >= 0 and _RELATIVE.search(self.text, max(0, lo - 8), lo):  # "Israel, which has…"
            return self._owner(self.named[i][2])
        return None

    def modifier_of(self, cue: Cue):
        """The unit whose name qualifies the cue ("US ally", "Serbia's closest ally"), or
        _OTHER when a state that is none of the map's does ("the Soviet invasion"), or the
        clause's subject for "its rival"."""
        if _HISTORICAL.search(self.text, max(self.start, cue.start - 20), cue.start):
            return _OTHER
        if _ITS.search(self.text, max(self.start, cue.start - 30), cue.start):
            subject = self.subject_of(cue)
            return subject if subject not in (None, _FOCAL) else None
        i = bisect.bisect_right(self.ends, cue.start) - 1
        if i < 0 or self.by_end[i][2] < 0:
            return None
        end, start, index = self.by_end[i]
        unit = self.units[index]
        last = next(m for m in unit if m.start == start)
        if last.indirect or not _MODIFIER.fullmatch(self.text, end, cue.start):
            return None  # "a NATO ally": membership, not a relation with the group
        possessive = self.text.startswith(("'s", "’s"), end)
        # A name right before a verb is its subject ("Egypt severed"): only a possessive,
        # a demonym or an abbreviation ("US ally") qualifies a noun.
        abbreviation = last.surface.replace(".", "").isupper()
        return unit if possessive or last.kind == "demonym" or abbreviation else None

    def parties(self, cue: Cue) -> set[int] | None:
        """Starts of the two names a cue names as its parties, if it does: "the peace
        treaty between Egypt and Israel", "Iraqi-Egyptian relations"."""
        between = _BETWEEN.match(self.text, cue.end, self.end)
        if between and _BOTH.match(self.text, between.end(), self.end):
            return set()  # "between the two countries": the passage's country, not a name
        named = self.named
        if between:
            i = bisect.bisect_left(self.starts, between.end())
            if (
                i + 1 < len(named)
                and named[i][0] == between.end()
                and _AND.fullmatch(self.text, named[i][1], named[i + 1][0])
            ):
                return {named[i][0], named[i + 1][0]}
        i = bisect.bisect_left(self.starts, cue.start) - 1
        if i >= 1:
            first, second = named[i - 1], named[i]
            if _JOINT.fullmatch(self.text, first[1], second[0]) and _TAIL.fullmatch(
                self.text, second[1], cue.start
            ):
                return {first[0], second[0]}
        return None

    def belongs(self, cue: Cue, unit: Sequence[Mention]) -> bool:
        """Whether a cue speaks of the unit's relation with the focal country. A cue
        belongs to the countries of its own clause when its clause names any ("Georgia cut
        relations with Syria after Russia…"); a clause that names two other countries and
        not the focal one states their relation with each other ("Russia is Serbia's
        closest ally"); a named object or holder narrows it to them ("X does not recognise
        Y", "a US ally")."""
        parties = self.parties(cue)
        if parties is not None:
            return any(m.start in parties for m in unit)
        target = self.object_of(cue)
        holder = self.modifier_of(cue) or self.object_of(cue, _AGENT)
        if holder is not None:  # "a US ally", "Serbia's closest ally", "the Turkish invasion"
            if holder is _OTHER or holder is not unit:
                return False
            subject = self.subject_of(cue, until=holder[0].start)
            return target in (None, _FOCAL) and subject in (None, _FOCAL)
        if cue.directed and target is None:
            return False  # "condemned the attacks": about no country
        if target is not None:  # "X does not recognise Y", "X cut ties with Y"
            subject = self.subject_of(cue)
            if target == _FOCAL:  # "…relations with Syria include China": the list after it
                return subject is unit or (subject is None and unit[0].start > cue.start)
            return target is unit and subject in (None, _FOCAL)
        c = self._clause_index(cue.start)
        lo, hi = self.clause(cue.start)
        inside = self.clause_units.get(c, set())
        if not inside:  # a clause that names no country reaches the nearest ones, unless it
            return c not in self.focal_clauses  # is about the focal one alone
        i = bisect.bisect_left(unit, lo, key=lambda m: m.start)
        if not (i < len(unit) and unit[i].start < hi):
            return False  # other countries are named in the cue's clause, not this one
        if c in self.clause_focal:
            return True
        return self.clause_names[c] <= {m.iso3 for m in unit}


def bloc_as_party(
    here: Sequence[Mention], focal_here: Sequence[Mention], focal: str
) -> list[Mention]:
    """A sentence's mentions, less the members of a bloc that does not face the focal
    country as one party: a bloc the focal country belongs to ("Sarkozy normalised
    relations with NATO", "one of the few European countries (EU/EEA) to not have…"), and
    a bloc some of whose members the sentence names ("Thailand and Indonesia are Spain's
    main allies in the ASEAN region" is about those two)."""
    focal_blocs = {m.start for m in focal_here if m.indirect}
    named_directly = {m.iso3 for m in here if not m.indirect}
    members: dict[int, set[str]] = defaultdict(set)
    for m in here:
        if m.indirect:
            members[m.start].add(m.iso3)
    dropped = {
        start for start, iso3s in members.items() if start in focal_blocs or iso3s & named_directly
    }
    return [m for m in here if not (m.indirect and m.start in dropped)]


def latest_year(text: str) -> int | None:
    """The latest dated year the text speaks of ("in 2019", "on 5 June 2017"): the 'now'
    that decides whether relations established then are recent."""
    years = [int(m.group(1)) for m in _DATED.finditer(text)]
    years = years or [int(m.group(1)) for m in _YEAR.finditer(text)]
    return max(years) if years else None


def gather_evidence(
    document: Document,
    mentions: Iterable[Mention],
    focal: str,
    rules: tuple[CueRule, ...],
    topics: Sequence[Topic | None],
) -> dict[str, list[Evidence]]:
    """Every cue that relates a country to the focal one, weighted, with its scope."""
    text = document.text
    sentence_of = sentence_locator(document)
    named: dict[int, list[Mention]] = defaultdict(list)
    focal_named: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        index = sentence_of(m.start)
        (focal_named if m.iso3 == focal else named)[index].append(m)
    for index, here in named.items():
        named[index] = bloc_as_party(here, focal_named.get(index, ()), focal)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    unclaimed: dict[int, list[Evidence]] = defaultdict(list)  # block -> cues no one took
    last_year: dict[int, int] = {}  # block -> latest year read so far, for undated states
    lead_in: list[Evidence] = []  # cues of a paragraph ending in ":" for the list below it
    for index, s in enumerate(document.sentences):
        block = document.blocks[s.block]
        if block.kind == "paragraph" and s.end == block.end:
            lead_in = []
        cues = find_cues(text, s.start, s.end, rules)
        here = named.get(index, [])
        if not cues:  # most sentences: only the year they give is needed, for later ones
            for m in _YEAR.finditer(text, s.start, s.end):
                last_year[s.block] = max(int(m.group(1)), last_year.get(s.block, 0))
            if block.kind == "bullet" and lead_in:
                for iso3 in dict.fromkeys(m.iso3 for m in here):
                    evidence[iso3].extend(lead_in)
            continue
        units = _units(text, here)
        sentence = _Sentence(text, s.start, s.end, focal_named.get(index, ()), units)
        state_starts = [c.start for c in cues if c.state]
        topic = topics[s.block]
        # Where the layout gives the country its place, a clause naming only the focal
        # country ("the Japanese Prime Minister criticised…") is about the two of them.
        structural = topic is not None and topic.how in STRUCTURE
        found: list[tuple[Cue, Evidence]] = []
        for cue in cues:
            year = sentence.year_near(cue, state_starts)
            if year is None and cue.state:  # undated: the latest year read so far
                year = sentence.latest_year_before(cue.start) or last_year.get(s.block)
            when = tense(text, s.start, cue.start, cue.end, s.end, bool(cue.state))
            found.append((cue, _evidence(text, cue, cue.weight, "sentence", year, when)))
        for _, y in sentence.years:
            last_year[s.block] = max(y, last_year.get(s.block, y))
        if block.kind == "paragraph" and s.end == block.end:
            if _LEAD_IN.search(text, s.start, s.end):
                lead_in = [_rescoped(ev, ev.weight, "lead-in") for _, ev in found]
        elif block.kind == "bullet" and lead_in:
            for iso3 in dict.fromkeys(m.iso3 for m in here):
                evidence[iso3].extend(lead_in)
        starts = [c.start for c, _ in found]
        cues_only = [c for c, _ in found]
        taken = False
        strongest: dict[tuple[str, int], Evidence] = {}  # a cue counts once per country
        for unit in units:
            members = dict.fromkeys(m.iso3 for m in unit)  # a country listed twice counts once
            direct = dict.fromkeys(m.iso3 for m in unit if not m.indirect)
            first = max(0, bisect.bisect_left(starts, unit[0].start) - REACH_CUES)
            for offset, cue in enumerate(_near(cues_only, starts, unit)):
                ev = found[first + offset][1]
                distance = _distance(text, cue, unit)
                if distance is None or not sentence.belongs(cue, unit):
                    continue
                if topic is not None and sentence.unnamed(cue, focal_too=not structural):
                    continue  # in a country's own passage, an unattributed clause is its
                weight = cue.weight / (1 + distance / 8)
                scope = "sentence"
                if structural and sentence.only(cue, topic.iso3):
                    weight, scope = cue.weight, "topic"  # its own passage, its own clause
                taken = True
                with_focal = sentence.names_focal(cue)
                # What a bloc says is never its members' diplomatic state.
                takers = direct if cue.state else members
                for iso3 in takers:
                    kept = strongest.get((iso3, cue.start))
                    if kept is None or kept.weight < weight:
                        strongest[(iso3, cue.start)] = _rescoped(ev, weight, scope, with_focal)
        for (iso3, _), ev in sorted(strongest.items()):
            evidence[iso3].append(ev)
        if topic is not None:
            # "Both countries…", "Relations were restored in 1984": the passage's country
            evidence[topic.iso3].extend(
                _rescoped(ev, ev.weight, "topic", sentence.names_focal(cue))
                for cue, ev in found
                if sentence.unnamed(cue, focal_too=not structural)
                and sentence.modifier_of(cue) is None
                and not (cue.directed and sentence.object_of(cue) is None)
            )
            taken = True
        if not here and not taken and block.kind != "heading":
            unclaimed[s.block].extend(ev for _, ev in found)
    _wider_scopes(document, named, unclaimed, topics, evidence, rules)
    return evidence


def _wider_scopes(
    document: Document,
    named: dict[int, list[Mention]],
    unclaimed: dict[int, list[Evidence]],
    topics: Sequence[Topic | None],
    evidence: dict[str, list[Evidence]],
    rules: tuple[CueRule, ...],
) -> None:
    """Paragraph cues that no country in their sentence took, and section-heading cues, at
    half weight, for the countries of that paragraph or section."""
    in_block: dict[int, set[str]] = defaultdict(set)
    in_section: dict[int, set[str]] = defaultdict(set)
    # Named in their own right, not only as a bloc's members: what a bloc's paragraph says
    # is never its members' diplomatic state, at any scope.
    direct_block: dict[int, set[str]] = defaultdict(set)
    direct_section: dict[int, set[str]] = defaultdict(set)
    for index, found in named.items():
        block = document.sentences[index].block
        section = document.blocks[block].section
        for m in found:
            in_block[block].add(m.iso3)
            in_section[section].add(m.iso3)
            if not m.indirect:
                direct_block[block].add(m.iso3)
                direct_section[section].add(m.iso3)
    for block, found in unclaimed.items():
        if topics[block] is not None:
            continue
        for iso3 in in_block[block]:
            for ev in found:
                if ev.state and iso3 not in direct_block[block]:
                    continue
                evidence[iso3].append(_rescoped(ev, ev.weight * WIDER_SCOPE_WEIGHT, "paragraph"))
    text = document.text
    for number, section in enumerate(document.sections):
        if section.end <= section.start:
            continue
        for cue in find_cues(text, section.start, section.end, rules):
            takers = direct_section[number] if cue.state else in_section[number]
            for iso3 in takers:
                ev = _evidence(text, cue, cue.weight * WIDER_SCOPE_WEIGHT, "section", None, "")
                evidence[iso3].append(ev)


def _evidence(
    text: str, cue: Cue, weight: float, scope: str, year: int | None, when: str
) -> Evidence:
    surface = text[cue.start : cue.end]
    return Evidence(
        cue.category,
        cue.phrase,
        surface,
        cue.start,
        cue.end,
        round(weight, 3),
        scope,  # type: ignore[arg-type]
        cue.state,  # type: ignore[arg-type]
        year,
        when,  # type: ignore[arg-type]
    )


def _rescoped(ev: Evidence, weight: float, scope: str, with_focal: bool = False) -> Evidence:
    return Evidence(
        ev.category,
        ev.phrase,
        ev.surface,
        ev.start,
        ev.end,
        round(weight, 3),
        scope,  # type: ignore[arg-type]
        ev.state,
        ev.year,
        ev.tense,
        with_focal or ev.with_focal,
    )


Decision = tuple[str, float, str, tuple[Evidence, ...], str]


def _when(ev: Evidence) -> str:
    return f" ({ev.year})" if ev.year else ""


def _timeline(found: Sequence[Evidence], now: int | None) -> tuple[Evidence | None, str]:
    """The latest diplomatic state the text describes, and a note on establishments that
    were left out as old news."""
    absent_years = [ev.year or 0 for ev in found if ev.state == "absent"]
    kept: list[Evidence] = []
    old = []
    for ev in found:
        if ev.weight < STATE_MIN or ev.tense == "intent":
            continue  # far from the name, or only planned ("ready to establish relations")
        if ev.state != "established":
            kept.append(ev) if ev.state else None
            continue
        recent = ev.year is not None and now is not None and ev.year >= now - RECENT_YEARS
        after_break = ev.year is not None and any(y and y < ev.year for y in absent_years)
        (kept if recent or after_break else old).append(ev)
    if not kept:
        return None, ""
    # "There are no diplomatic relations", "still": the state now, whatever year is near.
    latest = max(
        kept,
        key=lambda ev: (
            max(ev.year or 0, now or 0) if ev.tense == "present" else ev.year or 0,
            ev.start,
        ),
    )
    note = f"; relations established long ago ({old[0].surface}{_when(old[0])})" if old else ""
    return latest, note


def _since(found: Sequence[Evidence], year: int) -> list[Evidence]:
    """Tone the text puts after a restoration: in the present, or dated later."""
    return [
        ev
        for ev in found
        if not ev.state
        and ev.category != "normalization"
        and (ev.tense == "present" or (ev.year or 0) > year > 0)
    ]


def decide(found_all: Sequence[Evidence], now: int | None = None, passages: int = 1) -> Decision:
    """(category, confidence, scope, deciding evidence, rationale) for one country named in
    `passages` passages."""
    found: list[Evidence] = []
    scope = "none"
    for scopes in (DIRECT_SCOPES, ("paragraph",), ("section",)):
        found = [ev for ev in found_all if ev.scope in scopes]
        if found:
            scope = max(scopes, key=lambda s: sum(ev.weight for ev in found if ev.scope == s))
            break
    if not found:
        return neutral("no relationship cue near any mention", passages)
    ordered = tuple(sorted(set(found), key=lambda ev: (ev.start, ev.category, ev.scope)))
    totals: dict[str, float] = defaultdict(float)
    for ev in found:
        if not ev.state:
            totals[ev.category] += ev.weight * TENSE_WEIGHT[ev.tense]
    latest, note = _timeline(found, now)
    if latest is not None:
        state = latest.category
        # "Continues to have good relations", or ties the text dates after the break.
        after = latest.year or 0
        ongoing = [
            ev
            for ev in found
            if not ev.state
            and ev.category in COOPERATION
            and (ev.tense == "present" or (ev.year or 0) > after > 0)
        ]
        top = max(totals, key=lambda c: (totals[c], -PRECEDENCE.index(c)), default="")
        formal = [top] if top in ("peace-treaty", "ally") and totals[top] >= latest.weight else []
        broken = f"“{latest.surface}”{_when(latest)}"
        if state == "normalization" and formal:
            state, note = formal[0], note + f"; {formal[0]} outweighs the restored relations"
        elif state == "no-relations" and totals["adversary"] >= latest.weight:
            state = "adversary"  # a hostile break: hostility is what the text stresses
            note += f"; relations also broken ({broken})"
        elif state == "no-relations" and ongoing:
            state = ""  # "continues to have good relations": the break is over
            note += f"; relations go on (“{ongoing[0].surface}”) after {broken}"
        elif state == "normalization" and (since := _since(found, after)):
            state = ""  # the text goes on to say how relations stand now: that decides
            note += f"; “{since[0].surface}” comes after {broken}"
        if state == latest.category:
            confidence = min(1.0, latest.weight / 4) * (1.0 if latest.year else 0.8)
            confidence *= SCOPE_FACTOR[scope]
            verb = "the latest state of relations the text describes"
            rationale = f"{state}: {broken}, {verb} ({scope}){note}"
            return state, round(confidence, 2), scope, ordered, rationale
        if state:
            return _by_weight(found, totals, scope, ordered, note, state)
    if not totals:
        return neutral(f"only old diplomatic history{note}", passages, near_miss=True)
    return _by_weight(found, totals, scope, ordered, note, passages=passages)


def _by_weight(
    found: Sequence[Evidence],
    totals: dict[str, float],
    scope: str,
    ordered: tuple[Evidence, ...],
    note: str,
    winner: str | None = None,
    passages: int = 1,
) -> Decision:
    """The category with the most weight (or the one given), with its rationale."""
    ranked = sorted(totals, key=lambda c: (-totals[c], PRECEDENCE.index(c)))
    if winner is None:
        winner = ranked[0]
        if winner == "partner":
            formal = [c for c in ranked if c in FORMAL and totals[c] >= totals["partner"] / 2]
            if formal:
                winner = formal[0]
                note += (
                    f"; formal status preferred over partner "
                    f"({totals[winner]:.1f} vs {totals['partner']:.1f})"
                )
        if winner == "partner" and totals[winner] < MIN_TOTAL:
            return neutral(
                f"too little evidence ({winner} {totals[winner]:.1f}){note}",
                passages,
                near_miss=True,
            )
    total = sum(totals.values())
    confidence = totals[winner] / total * min(1.0, total / 4) * SCOPE_FACTOR[scope]
    strongest = sorted(
        (ev for ev in found if ev.category == winner and not ev.state),
        key=lambda ev: (-ev.weight, ev.start),
    )[:3]
    cues = ", ".join(f"“{ev.surface}” {ev.weight:.1f}" for ev in strongest)
    others = "; ".join(f"{c} {totals[c]:.1f}" for c in ranked if c != winner)
    rationale = f"{winner} from {scope} cues: {cues} (total {totals[winner]:.1f}"
    rationale += f"; other: {others})" if others else ")"
    rationale += note
    return winner, round(confidence, 2), scope, ordered, rationale


def neutral(reason: str, passages: int = 1, near_miss: bool = False) -> Decision:
    confidence = NEUTRAL_CONFIDENCE / (1 + (max(passages, 1) - 1) / 3)
    confidence *= NEAR_MISS_FACTOR if near_miss else 1.0
    return "neutral", round(confidence, 2), "none", (), f"neutral: {reason}"
