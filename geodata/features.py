"""What the reading rules found about one country, as numbers a fitted model can weigh.

The rules of classify.py read structure (sentences, clauses, a country's own section, row
or bullet, lead-in lists, the timeline of diplomatic states) and say which cue phrases
relate a country to the focal one. They also give a first answer (`decide`). Which of
those signals should win when they disagree is not hand-set any more: model.py weighs the
features below with weights fitted on labelled articles (fit.py).

Features are named so that a reviewer of the weights file can read them:
`cue:ally:direct`, `state:absent:latest`, `rule:partner`, `word:embassy`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from geodata.classify import RECENT_YEARS, TENSE_WEIGHT, Decision, bloc_as_party
from geodata.records import Block, Document, Evidence, Mention
from geodata.structure import sentence_locator
from geodata.topics import Topic

SCOPE_GROUP = {
    "sentence": "direct",
    "lead-in": "direct",
    "topic": "topic",
    "paragraph": "wide",
    "section": "wide",
}
# Trust features are few and shared by every category: scaled up, they are penalised less
# than the many per-category weights.
TRUST_SCALE = 3.0
# A word's feature value is WORD_SCALE / sqrt(distinct words of the country's passages):
# a long section weighs each word less, and the bag as a whole about as much as the cues.
# A country named in one short sentence is no surer for it: below WORD_FLOOR distinct words
# the value stops growing.
WORD_SCALE = 6.0
WORD_FLOOR = 40
# Readers who labelled the articles named as key countries the ten to twelve the text says
# most of, and the same bare tie ("X has an embassy in the capital") reads as a relationship
# for one of those and as a passing mention for the hundredth country of a list. Salience
# features say how far down that order a country comes; in a text naming at most twelve
# countries they are the same for all, so a short text is read on its words alone.
SALIENT_RANK = 12
_TOKEN = re.compile(r"[a-z]+(?:['’-][a-z]+)*|<[cfo]>")
# Words every passage has: they would only add noise to the fit.
_STOPWORDS = frozenset(
    "a an the of and or to in on at by for with from as is are was were be been being it its "
    "this that these those which who whom whose has have had he she they their his her also "
    "s than then there here such into over after before since during between about".split()
)


def evidence_features(
    found: Sequence[Evidence], decision: Decision, now: int | None
) -> dict[str, float]:
    """The cues counted for one country, summed by category and by where they were found,
    the diplomatic states and their order in time, and the rules' own answer."""
    out: dict[str, float] = {}

    def add(name: str, value: float) -> None:
        out[name] = out.get(name, 0.0) + value

    for ev in found:
        where = SCOPE_GROUP[ev.scope]
        if ev.state:
            key = f"state:{ev.state}"
            if ev.state in ("established", "restored") and not _recent(ev, now):
                key += ":old"
            out[f"{key}:{where}"] = max(out.get(f"{key}:{where}", 0.0), ev.weight)
            add(f"phrase:{ev.phrase}:{where}", ev.weight)
            if ev.with_focal:
                add(f"state:{ev.state}:with_focal", ev.weight)
            continue
        weight = ev.weight * TENSE_WEIGHT[ev.tense]
        add(f"cue:{ev.category}:{where}", weight)
        add(f"phrase:{ev.phrase}:{where}", weight)  # how far to trust each phrase
        if ev.with_focal:
            add(f"cue:{ev.category}:with_focal", weight)
        if ev.tense == "past":
            add(f"cue:{ev.category}:past", ev.weight)
        if ev.tense == "present":
            add(f"cue:{ev.category}:present", ev.weight)
    out = {name: math.log1p(value) for name, value in out.items()}
    category, confidence, _, used, _ = decision
    out[f"rule:{category}"] = 1.0
    out[f"rule:{category}:confidence"] = confidence
    latest = _latest_state(used, now)
    if latest:
        out[f"state:{latest}:latest"] = 1.0
    out |= trust_features(found, decision)
    return out


def trust_features(found: Sequence[Evidence], decision: Decision) -> dict[str, float]:
    """How well the rules' own answer is backed, whatever the category: the model learns
    one trust for all categories from these (model.py adds it to the rules' category), so
    that a category the labels rarely use (peace-treaty) is trusted on the same terms as
    a common one."""
    category, confidence, scope, _, _ = decision
    backing = {"direct": 0.0, "topic": 0.0, "wide": 0.0, "with_focal": 0.0}
    for ev in found:
        if ev.category != category:
            continue
        weight = ev.weight * (1.0 if ev.state else TENSE_WEIGHT[ev.tense])
        backing[SCOPE_GROUP[ev.scope]] += weight
        if ev.with_focal:
            backing["with_focal"] += weight
    out = {f"trust:backing:{k}": math.log1p(v) for k, v in backing.items() if v}
    out["trust:bias"] = 1.0
    out["trust:confidence"] = confidence
    out[f"trust:scope:{scope}"] = 1.0
    if category == "neutral":
        out["trust:neutral"] = 1.0
    return {k: v * TRUST_SCALE for k, v in out.items()}


def _recent(ev: Evidence, now: int | None) -> bool:
    return ev.year is not None and now is not None and ev.year >= now - RECENT_YEARS


def _latest_state(used: Sequence[Evidence], now: int | None) -> str:
    states = [ev for ev in used if ev.state and ev.tense != "intent"]
    if not states:
        return ""
    latest = max(states, key=lambda ev: (ev.year or 0, ev.start))
    if latest.state in ("established", "restored") and not _recent(latest, now):
        return f"{latest.state}:old"
    return latest.state


def presence_features(
    passages: int, mentions: int, indirect: bool, topic: str, topic_share: float
) -> dict[str, float]:
    """How much the text says of the country, and whether the layout gives it a place."""
    out = {
        # 0 for a country named once: how much more than once the text names it
        "named:passages": math.log(max(passages, 1)),
        "named:mentions": math.log(max(mentions, 1)),
        "named:topic_share": topic_share,
    }
    if indirect:
        out["named:only_through_a_group"] = 1.0
    if topic:
        out[f"place:{topic}"] = 1.0
    return out


def word_features(sentences: Iterable[str]) -> dict[str, float]:
    """The words of the country's own passages, names masked (<c> the country, <f> the
    focal one, <o> any other), as a bag of words and word pairs, each worth WORD_SCALE /
    sqrt(their number): what the cue lists do not know yet, a fitted weight may."""
    seen: set[str] = set()
    for sentence in sentences:
        tokens = [t for t in _TOKEN.findall(sentence.lower()) if t not in _STOPWORDS]
        seen.update(f"word:{t}" for t in tokens if not t.startswith("<"))  # a mask alone: no
        seen.update(f"word:{a} {b}" for a, b in itertools.pairwise(tokens))
    if not seen:
        return {}
    value = WORD_SCALE / math.sqrt(max(len(seen), WORD_FLOOR))
    return dict.fromkeys(sorted(seen), value)


def masked(text: str, start: int, end: int, spans: Sequence[tuple[int, int, str]]) -> str:
    """text[start:end] with each name span replaced by its mask ("<c>", "<f>", "<o>")."""
    out, at = [], start
    for lo, hi, mask in sorted(spans):
        if lo < at or hi > end:
            continue
        out += [text[at:lo], f" {mask} "]
        at = hi
    out.append(text[at:end])
    return "".join(out)


def document_features(
    document: Document,
    mentions: Sequence[Mention],
    focal: str,
    topics: Sequence[Topic | None],
    evidence: Mapping[str, Sequence[Evidence]],
    decisions: Mapping[str, Decision],
    now: int | None,
) -> dict[str, dict[str, float]]:
    """Every country's features (the focal one aside), for model.py."""
    text = document.text
    sentence_of = sentence_locator(document)
    in_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        in_sentence[sentence_of(m.start)].append(m)
    # A bloc that does not face the focal country as one party names none of its members.
    for index, found in in_sentence.items():
        focal_here = [m for m in found if m.iso3 == focal]
        in_sentence[index] = focal_here + bloc_as_party(
            [m for m in found if m.iso3 != focal], focal_here, focal
        )
    own: dict[str, set[int]] = defaultdict(set)  # country -> sentences that speak of it
    counts: dict[str, int] = defaultdict(int)
    indirect_only: dict[str, bool] = {}
    passages: dict[str, set[int]] = defaultdict(set)
    for index, found in in_sentence.items():
        for m in found:
            counts[m.iso3] += 1
            passages[m.iso3].add(index)
            indirect_only[m.iso3] = indirect_only.get(m.iso3, True) and m.indirect
            if not m.indirect:
                own[m.iso3].add(index)
    place: dict[str, str] = {}
    in_place: dict[str, set[int]] = defaultdict(set)
    for index, s in enumerate(document.sentences):
        topic = topics[s.block]
        if topic is not None:
            place.setdefault(topic.iso3, topic.how)
            in_place[topic.iso3].add(index)
    in_prose = [_in_prose(document, b) for b in document.blocks]  # once per block, not per name
    # How much the text says of a country, against the country it says most of: a country
    # named once is a passing mention in a long list article, not in a short essay.
    most = max((len(p) for iso3, p in passages.items() if iso3 != focal), default=1)
    rank = _salience_rank(
        {iso3: len(passages[iso3] | in_place[iso3]) for iso3 in decisions if iso3 != focal}
    )
    out = {}
    for iso3, decision in decisions.items():
        if iso3 == focal:
            continue
        named = passages[iso3]
        share = len(named & in_place[iso3]) / len(named) if named else 0.0
        features = evidence_features(evidence.get(iso3, ()), decision, now)
        if not named:
            features["named:only_in_a_bloc_of_the_focal_country"] = 1.0
        features["named:share_of_most"] = len(named) / most
        if rank[iso3] <= SALIENT_RANK:
            features["salience:among_the_most_said_of"] = 1.0
        else:
            features["salience:below_the_most_said_of"] = math.log(rank[iso3] / SALIENT_RANK)
        prose = [i for i in named if in_prose[document.sentences[i].block]]
        features["named:in_prose_share"] = len(prose) / len(named) if named else 0.0
        features |= presence_features(
            len(named), counts[iso3], indirect_only.get(iso3, False), place.get(iso3, ""), share
        )
        sentences = []
        for index in sorted(own[iso3] | in_place[iso3]):
            s = document.sentences[index]
            spans = [
                (m.start, m.end, "<c>" if m.iso3 == iso3 else "<f>" if m.iso3 == focal else "<o>")
                for m in in_sentence.get(index, ())
            ]
            sentences.append(masked(text, s.start, s.end, spans))
        features |= word_features(sentences)
        out[iso3] = features
    return out


_ROW_MARK = " | "


def _salience_rank(amount: Mapping[str, int]) -> dict[str, int]:
    """Each country's rank by its number of sentences (those naming it, through a group
    too, and those of its own section, row or bullet; 1: the most). A tie shares the better
    rank, so a long list of countries named once can all come within the first twelve; the
    worst rank of the tie scored 13 key countries better by 10-fold cross-validation but made
    the faint ties of short test texts read as partner (docs/classification.md, section 8)."""
    first: dict[int, int] = {}
    for place, n in enumerate(sorted(amount.values(), reverse=True), start=1):
        first.setdefault(n, place)
    return {iso3: first[n] for iso3, n in amount.items()}


def _in_prose(document: Document, block: Block) -> bool:
    """Whether a block is running prose: a paragraph, not a bullet or a flattened table
    row, where a name in a list is more often a place than a party."""
    return block.kind == "paragraph" and document.text.find(_ROW_MARK, block.start, block.end) < 0
