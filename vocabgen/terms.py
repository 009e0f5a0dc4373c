"""From ranked words to Terms: reading, meaning and example sentence of each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

from .lexicon import Lexicon
from .gloss import English, Gloss, choose_gloss, english_match_text
from .models import LOW_CONFIDENCE, DictEntry, SentencePair, Term
from .pinyin import Reading, numbered_to_marks, read_word
from .polyphones import reading_share
from .rank import Ranked
from .vocabulary import Occurrence

_CROSS_REF = re.compile(r"([\u3400-\u9fff]+)\|([\u3400-\u9fff]+)")
_PINYIN_REF = re.compile(r"\[[A-Za-z:0-9 ,]+\]")


def card_safe(meaning: str, forms: Sequence[str]) -> str:
    """The meaning as a card shows it: CC-CEDICT's cross-references reduced to the
    simplified form without their [pinyin], and the headword itself masked as ～,
    since the meaning is the front of the recall card and must not give it away."""
    return _card_safe(meaning, tuple(forms))


@lru_cache(maxsize=1 << 15)  # bounded; a word's meanings recur in every article
def _card_safe(meaning: str, forms: tuple[str, ...]) -> str:
    text = _PINYIN_REF.sub("", _CROSS_REF.sub(r"\2", meaning))
    for form in sorted(set(forms), key=len, reverse=True):
        if form:
            text = text.replace(form, "～")
    return text


# A dispatch's opening: 本报兰州8日电, 新华社北京10月1日电, 本报讯 (the sentence that
# carries it is long and starts with a place and a date, a poor example).
_DATELINE = re.compile(
    r"^\W{0,3}(?:(?:新华社|本报|中新社|中新网|人民网|新华网|本刊|央视网)[^，。！？]{0,20}?[电讯]"
    r"|[^，。！？]{2,16}?\d{1,2}日电)"
)
# Sharing: each use of a sentence by an earlier card makes it look this much
# longer to the next (spreads the cards without giving up much length).
_SHARED = 0.15


def is_dateline(sentence: str) -> bool:
    return bool(_DATELINE.match(sentence))


def example_occurrence(
    ranked: Ranked, pairs: Sequence[SentencePair], uses: Mapping[int, int] | None = None
) -> Occurrence:
    """The occurrence whose sentence is the card's example: the shortest clean one.

    Clean: well aligned (its English can be trusted), neither the headline (a
    fragment) nor the dateline sentence (本报兰州8日电……, long and all place and
    date), and more than the word itself. Among clean sentences the shortest wins,
    a sentence already used by `uses[i]` earlier cards counting 15% longer per use,
    so an article's cards spread over its sentences instead of all sharing one.
    Without a clean sentence: an aligned headline or dateline, then the first
    occurrence."""
    uses = uses or {}

    def aligned(o: Occurrence) -> bool:
        pair = pairs[o.pair_index]
        return pair.confidence >= LOW_CONFIDENCE and bool(pair.en)

    def clean(o: Occurrence) -> bool:
        zh = pairs[o.pair_index].zh
        return aligned(o) and not o.in_headline and not is_dateline(zh) and len(zh.strip()) > len(o.word) + 2

    def cost(o: Occurrence) -> tuple[float, int]:
        zh = pairs[o.pair_index].zh
        return (len(zh) * (1 + _SHARED * uses.get(o.pair_index, 0)), o.pair_index)

    for wanted in (clean, aligned):
        found = [o for o in ranked.occurrences if wanted(o)]
        if found:
            return min(found, key=cost)
    return ranked.occurrences[0]


def _gloss_from_parts(word: str, lexicon: Lexicon) -> Gloss:
    """A set phrase the dictionary lacks (包办代替) is glossed by its parts:
    "包办: to take care of everything + 代替: to replace"."""
    parts = lexicon.split_known(word)
    senses = []
    for part in parts:
        part_gloss = choose_gloss(lexicon.entries(part), read_word(part, lexicon).numbered, limit=1)
        senses.append(f"{part}: {part_gloss.meaning}" if part_gloss.meaning else part)
    return Gloss((" + ".join(senses),))


_MINOR_READING = 0.05  # an alternative read less often than this is not worth showing
_CROSS_REFERENCE = ("variant of", "old variant of", "see ", "used in ", "surname ", "archaic ")


def plausible_alternatives(word: str, chosen: str, alternatives: Sequence[str], lexicon: Lexicon) -> tuple[str, ...]:
    """The other readings worth telling a learner about.

    A character alone keeps the readings it has in at least 5% of its running-text
    occurrences (厂 is chǎng; its archaic ān and hǎn are noise). A word keeps
    readings that have a meaning of their own in CC-CEDICT, not only a
    cross-reference or a surname."""
    kept = []
    for alternative in alternatives:
        if alternative.lower() == chosen.lower():
            continue
        if len(word) == 1:
            if reading_share(word, alternative) < _MINOR_READING:
                continue
        else:
            senses = [
                sense
                for entry in lexicon.entries(word)
                if entry.pinyin.lower() == alternative.lower()
                for sense in entry.senses
            ]
            if not any(not sense.startswith(_CROSS_REFERENCE) for sense in senses):
                continue
        kept.append(alternative)
    return tuple(dict.fromkeys(kept))


class _Sentences(dict):
    """Pair index -> `English.of` that pair's English, made when first asked for."""

    def __init__(self, pairs: Sequence[SentencePair]):
        super().__init__()
        self.pairs = pairs

    def __missing__(self, index: int) -> English:
        self[index] = sentence = English.of(self.pairs[index].en)
        return sentence


def build_terms(ranked: Sequence[Ranked], pairs: Sequence[SentencePair], lexicon: Lexicon) -> tuple[Term, ...]:
    """`build_term` for each of an article's ranked words. An article's forty terms
    share its dozen sentences, so each example's English is split into words once
    here rather than once per term."""
    english = _Sentences(pairs)
    uses: dict[int, int] = {}  # how many cards each sentence is already the example of
    terms = []
    for r in ranked:
        example = example_occurrence(r, pairs, uses)
        uses[example.pair_index] = uses.get(example.pair_index, 0) + 1
        terms.append(build_term(r, pairs, lexicon, english, example))
    return tuple(terms)


@dataclass(frozen=True, slots=True)
class _Headword:
    """What a Term takes from the lexicon for a word read one way. It is the same
    in every article, so build_term keeps it (per lexicon, bounded); the gloss is
    not kept here, since it depends on the example sentence."""

    entries: tuple[DictEntry, ...]
    traditional: str
    pinyin: str  # with tone marks
    hsk: int | None
    zipf: float
    alternatives: tuple[str, ...]  # plausible other readings, with tone marks


def _headword(word: str, reading: Reading, lexicon: Lexicon) -> _Headword:
    entries = lexicon.entries(word)
    if entries:
        matching = [e for e in entries if e.pinyin.lower() == reading.numbered.lower()] or list(entries)
        traditional = matching[0].traditional
    else:
        traditional = "".join(
            found[0].traditional if (found := lexicon.entries(p)) else p
            for p in lexicon.split_known(word)
        )
    return _Headword(
        entries=entries,
        traditional=traditional,
        pinyin=numbered_to_marks(reading.numbered),
        hsk=lexicon.hsk(word),
        zipf=lexicon.estimated_zipf(word),
        alternatives=tuple(
            numbered_to_marks(r)
            for r in plausible_alternatives(word, reading.numbered, reading.alternatives, lexicon)
        ),
    )


def build_term(
    ranked: Ranked,
    pairs: Sequence[SentencePair],
    lexicon: Lexicon,
    english: Mapping[int, English] | None = None,
    example: Occurrence | None = None,
) -> Term:
    """One ranked word as a Term. `english[i]`, when given, is `English.of(pairs[i].en)`;
    `example`, when given, the occurrence chosen as its example."""
    example = example or example_occurrence(ranked, pairs)
    pair = pairs[example.pair_index]
    sentence = english[example.pair_index] if english is not None else English.of(pair.en)
    reading = example.reading
    memo = lexicon.memo("headword")
    key = (ranked.word, reading)
    headword = memo.get(key)
    if headword is None:
        headword = memo[key] = _headword(ranked.word, reading, lexicon)
    if headword.entries:
        gloss = choose_gloss(headword.entries, reading.numbered, sentence)
    else:
        gloss = _gloss_from_parts(ranked.word, lexicon)
    meaning = card_safe(gloss.meaning, (ranked.word, headword.traditional))
    return Term(
        hanzi=ranked.word,
        traditional=headword.traditional,
        pinyin=headword.pinyin,
        pinyin_numbered=reading.numbered,
        meaning=meaning,
        hsk=headword.hsk,
        zipf=headword.zipf,
        count=ranked.count,
        score=ranked.score,
        sentence_index=example.pair_index,
        sentence_zh=pair.zh,
        sentence_en=pair.en,
        classifiers=gloss.classifiers,
        pinyin_alternatives=headword.alternatives,
        english_match=english_match_text(gloss.senses, sentence),
    )
