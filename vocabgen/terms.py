"""From ranked words to Terms: reading, meaning and example sentence of each."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterable, Mapping, Sequence

from .between import between, neighbours
from .lexicon import Lexicon
from .gloss import (
    BACKUP_REACH,
    MAX_SENSES,
    English,
    Gloss,
    _PAREN,
    _key,
    assign_english,
    choose_gloss,
    clean_sense,
    content_words,
    hint_text,
    simplified_references,
)
from .models import LOW_CONFIDENCE, DictEntry, SentencePair, Term
from .rank import Ranked
from .reading.polyphones import reading_share
from .reading.words import Reading, numbered_to_marks, read_word
from .vocabulary import Occurrence



def card_safe(meaning: str, forms: Sequence[str]) -> str:
    """The meaning as a card shows it: CC-CEDICT's cross-references reduced to the
    simplified form without their [pinyin], and the headword itself masked as ～,
    since the meaning is the front of the recall card and must not give it away."""
    return _card_safe(meaning, tuple(forms))


@lru_cache(maxsize=1 << 15)  # bounded; a word's meanings recur in every article
def _card_safe(meaning: str, forms: tuple[str, ...]) -> str:
    text = simplified_references(meaning)
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


def build_terms(
    ranked: Sequence[Ranked],
    pairs: Sequence[SentencePair],
    lexicon: Lexicon,
    others: Sequence[Ranked] = (),
) -> tuple[Term, ...]:
    """`build_term` for each of an article's ranked words. An article's forty terms
    share its dozen sentences, so each example's English is split into words once
    here rather than once per term.

    `others` are all the article's candidate words (`rank_all`): in each example
    sentence they compete with the term for the English words (`english_spans`),
    so a term does not take the word that translates its neighbour."""
    english = _Sentences(pairs)
    uses: dict[int, int] = {}  # how many cards each sentence is already the example of
    examples = []
    for r in ranked:
        example = example_occurrence(r, pairs, uses)
        uses[example.pair_index] = uses.get(example.pair_index, 0) + 1
        examples.append(example)
    spans = _example_spans(examples, [*ranked, *others], pairs, english, lexicon)
    spans = _article_spans(ranked, examples, spans, [*ranked, *others], pairs, english, lexicon)
    contexts = _contexts(ranked, examples, [*ranked, *others], pairs, english, lexicon)
    terms = [
        build_term(r, pairs, lexicon, english, example, spans[k], contexts[k])
        for k, (r, example) in enumerate(zip(ranked, examples))
    ]
    return tell_apart(terms, lexicon)


def _contexts(
    ranked: Sequence[Ranked],
    examples: Sequence[Occurrence],
    words: Sequence[Ranked],
    pairs: Sequence[SentencePair],
    english: Mapping[int, English],
    lexicon: Lexicon,
) -> list[tuple[English, ...]]:
    """For each term, the English its other occurrences take (see choose_gloss's
    `context`): in each other well-aligned sentence with the word in the example's
    reading, the words it gets when all the sentence's words compete for the English
    (`_example_spans`), so a word another one translates is no evidence.
    Words of two characters or more only: a word keeps its sense through an article
    (a story's 公公 is the eunuch in every line), a character alone changes it from
    one sentence to the next (亮 "to shine" in one, "to reveal" in another)."""
    others = [
        [
            o for o in dict((o.pair_index, o) for o in reversed(r.occurrences)).values()
            if o.pair_index != example.pair_index and o.reading.numbered == example.reading.numbered
            and pairs[o.pair_index].confidence >= LOW_CONFIDENCE and pairs[o.pair_index].en
        ] if len(r.word) > 1 else []
        for r, example in zip(ranked, examples)
    ]
    flat = [o for found in others for o in found]
    spans = iter(_example_spans(flat, words, pairs, english, lexicon) if flat else ())
    out = []
    for found in others:
        taken = [(o, next(spans)) for o in found]
        out.append(tuple(English.of(pairs[o.pair_index].en[a:b]) for o, (a, b) in
                         ((o, span) for o, span in taken if span)))
    return out


def _example_spans(
    examples: Sequence[Occurrence],
    words: Sequence[Ranked],
    pairs: Sequence[SentencePair],
    english: Mapping[int, English],
    lexicon: Lexicon,
) -> list[tuple[int, int] | None]:
    """The English equivalent of each example occurrence, every word of its sentence
    competing for the English words."""
    found: dict[tuple[str, int, int], tuple[int, int] | None] = {}
    used = {e.pair_index for e in examples}
    present: dict[int, list[Occurrence]] = {}  # pair index -> the words' occurrences in it
    for r in words:
        for o in r.occurrences:
            if o.pair_index in used:
                present.setdefault(o.pair_index, []).append(o)
    for index in dict.fromkeys(e.pair_index for e in examples):
        here: dict[tuple[str, int], Occurrence] = {(e.word, e.start): e for e in examples if e.pair_index == index}
        wanted = set(here)
        for o in present.get(index, ()):
            here.setdefault((o.word, o.start), o)
        occurrences = list(here.values())
        focus = [k for k, o in enumerate(occurrences) if (o.word, o.start) in wanted]
        spans = english_spans(
            [(o.word, o.reading.numbered, o.start) for o in occurrences],
            pairs[index].zh,
            english[index],
            lexicon,
            focus,
        )
        for o, span in zip(occurrences, spans):
            found[(o.word, index, o.start)] = span
    return [found.get((e.word, e.pair_index, e.start)) for e in examples]


ARTICLE_ELSEWHERE = 0.2  # at most this share of the article's other sentences may say the word


def _article_spans(
    ranked: Sequence[Ranked],
    examples: Sequence[Occurrence],
    spans: list[tuple[int, int] | None],
    words: Sequence[Ranked],
    pairs: Sequence[SentencePair],
    english: Mapping[int, English],
    lexicon: Lexicon,
) -> list[tuple[int, int] | None]:
    """`spans`, where a term no sense matched and that occurs in two sentences or
    more gets the English word that the English of each of its sentences says near
    its place and few other sentences say (募捐 in three sentences, "donations"
    in those three alone), unless another word or character of its example
    sentence may mean that word. The article is evidence the dictionary is not:
    a free translation repeated."""
    out = list(spans)
    unmatched = [k for k, r in enumerate(ranked) if out[k] is None and len({o.pair_index for o in r.occurrences}) > 1]
    if not unmatched:
        return out
    keys = [frozenset(key for key, _, _ in content_words(english[i])) for i in range(len(pairs))]
    said = Counter(key for found in keys for key in found)  # in how many sentences each word is
    for k in unmatched:
        r, example = ranked[k], examples[k]
        where = {o.pair_index for o in r.occurrences}
        others = len(pairs) - len(where)
        common = [
            key
            for key in frozenset.intersection(*[keys[i] for i in where])
            if said[key] - len(where) <= ARTICLE_ELSEWHERE * others
            # near the term's place in each (a word said everywhere by chance seldom is)
            and all(_near(key, r.word, i, pairs, english) for i in where)
        ]
        if common:
            taken = [s for j, s in enumerate(out) if s is not None and examples[j].pair_index == example.pair_index]
            out[k] = _article_word(r.word, example, frozenset(common), taken, words, pairs, english, lexicon)
    return out


def _article_word(
    word: str,
    example: Occurrence,
    common: frozenset[str],
    taken: Sequence[tuple[int, int]],
    words: Sequence[Ranked],
    pairs: Sequence[SentencePair],
    english: Mapping[int, English],
    lexicon: Lexicon,
) -> tuple[int, int] | None:
    """The span of the word of `common` nearest `word`'s place in its example's
    English, on no span `taken`, that no other word or character of the example's
    Chinese may mean ("nuclear", said with 大国 in every sentence, is 核's)."""
    sentence = english[example.pair_index]
    zh = pairs[example.pair_index].zh
    near, size = example.start / max(len(zh), 1), max(len(sentence.text), 1)
    syllables = _syllables(lexicon)
    options = sorted(
        (abs(a / size - near), a, b, key)
        for key, a, b in content_words(sentence)
        if key in common
        and abs(a / size - near) <= BACKUP_REACH
        and sentence.lowered[a:b] not in syllables  # "yuan": the text's own romanised word
        and not any(a < y and x < b for x, y in taken)
    )
    if not options:
        return None
    here = {o.word for w in words for o in w.occurrences if o.pair_index == example.pair_index}
    claimed = _claimed(word, here, zh, lexicon)
    for _, a, b, key in options:
        if not claimed(key):
            return (a, b)
    return None


def _claimed(
    word: str, others: Iterable[str], zh: str, lexicon: Lexicon, whole: bool = False
) -> Callable[[str], bool]:
    """Whether an English word's `_key` is one some sense of `others` (the other
    words of a sentence `zh`) or of a character of `zh` outside `word` may mean:
    evidence that the word translates something else than `word`. A sense word
    that begins with the key claims it, unless `whole`: then only a sense word of
    that very key does ("class" is not the "classifier" of 个's senses)."""
    here = set(others) | {c for c in zh.replace(word, " ") if "\u3400" <= c <= "\u9fff"}
    if whole:
        keys = [_sense_keys(other, lexicon) for other in here - {word}]
        # A derivation the stemmer leaves apart claims it too (consume, consumption).
        stems = frozenset(k[:_SHARED_STEM] for found in keys for k in found if len(k) >= _SHARED_STEM)
        return lambda key: any(key in found for found in keys) or key[:_SHARED_STEM] in stems
    texts = [_sense_text(other, lexicon) for other in here - {word}]
    return lambda key: any(" " + key in text for text in texts)


_SHARED_STEM = 6  # letters two keys share at the start that make them one word's (class, classifier: 5)


def _sense_keys(word: str, lexicon: Lexicon) -> frozenset[str]:
    """The `_key` of every word of `word`'s dictionary senses (any reading; its
    parts' when CC-CEDICT lacks it) outside brackets: a bracket says how a word is
    used ("(for exclamatory effect)", 好), not what it means."""
    memo = lexicon.memo("sense_keys")
    found = memo.get(word)
    if found is None:
        entries = lexicon.entries(word) or [e for part in lexicon.split_known(word) for e in lexicon.entries(part)]
        text = " ".join(sense for e in entries for sense in e.senses)
        while (bare := _PAREN.sub(" ", text)) != text:  # innermost first: nested brackets go whole
            text = bare
        found = memo[word] = frozenset(map(_key, hint_text(text).split()))
    return found


def _syllables(lexicon: Lexicon) -> frozenset[str]:
    """Every pinyin syllable without its tone ("yuan"): an English word spelt so is
    a romanised name or unit, said wherever the text says it, no term's translation."""
    memo = lexicon.memo("syllables")
    found = memo.get("all")
    if found is None:
        found = memo["all"] = frozenset(
            reading.rstrip("012345").lower() for readings in lexicon.char_reading_types.values() for reading in readings
        )
    return found


def _near(key: str, word: str, index: int, pairs: Sequence[SentencePair], english: Mapping[int, English]) -> bool:
    """Whether pair `index`'s English has a word of `key` within BACKUP_REACH of a
    place `word` has in its Chinese (each as a share of its sentence)."""
    zh, sentence = pairs[index].zh, english[index]
    places = [m.start() / len(zh) for m in re.finditer(re.escape(word), zh)]
    size = max(len(sentence.text), 1)
    return any(abs(a / size - p) <= BACKUP_REACH for k, a, _ in content_words(sentence) if k == key for p in places)


def english_spans(
    words: Sequence[tuple[str, str, int]],
    zh: str,
    english: English,
    lexicon: Lexicon,
    focus: Sequence[int] | None = None,
) -> list[tuple[int, int] | None]:
    """The English equivalent (a span of `english`) of each of the words of a
    sentence pair, given as (word, numbered reading, start in `zh`): each word's
    senses (of its reading, in dictionary order), else those of its characters,
    matched one word to one span (`gloss.assign_english`); a word left without
    one, the word its neighbours' spans leave between them (`between.between`).
    With `focus` (indexes of `words`), only those words' spans are sure to be
    worked out."""
    size = max(len(zh), 1)
    items = _Lazy(words, lambda word, reading, start: (match_senses(word, reading, lexicon), start / size))
    backup = _Lazy(words, lambda word, reading, _: character_senses(word, reading, lexicon))
    hints = _Lazy(words, lambda word, _, __: _sense_text(word, lexicon)) if focus is not None else None
    related = _Lazy(words, lambda word, reading, _: related_senses(word, reading, lexicon))
    spans = assign_english(items, english, backup, focus, hints, related)
    return _by_elimination(
        words, zh, english, lexicon, spans, focus, lambda wanted: assign_english(items, english, backup, wanted, hints, related)
    )


def _by_elimination(
    words: Sequence[tuple[str, str, int]],
    zh: str,
    english: English,
    lexicon: Lexicon,
    spans: list[tuple[int, int] | None],
    focus: Sequence[int] | None,
    assign: Callable[[Sequence[int]], list[tuple[int, int] | None]],
) -> list[tuple[int, int] | None]:
    """`spans`, where a word no sense matched gets the English word its neighbours'
    matches leave between them (`between.between`). The neighbours' own spans are
    worked out (`assign` with them in focus) when `spans` lacks them."""
    asked = range(len(words)) if focus is None else focus
    wanting = {k: found for k in asked if spans[k] is None and (found := neighbours(words, k, zh)) is not None}
    if not wanting:
        return spans
    anchors = {k for pair in wanting.values() for k in pair if k is not None}
    known = spans if focus is None or anchors <= set(focus) else assign(sorted({*focus, *anchors}))
    out = list(spans)
    for k, (left, right) in wanting.items():
        # What may claim the English word: the sentence's other words (消费
        # "consume" may say a second "consumption") and the characters outside the
        # words that matched (和 of 平和 may mean "and", but 平和 said what it says).
        rest = list(zh)
        for j in range(len(words)):
            if j != k and (out[j] or known[j]) is not None:
                word, _, start = words[j]
                rest[start : start + len(word)] = " " * len(word)
        others = [w for j, (w, _, _) in enumerate(words) if j != k]
        claimed = _claimed(words[k][0], others, "".join(rest), lexicon, whole=True)
        sides = (None if left is None else known[left], None if right is None else known[right])
        out[k] = between(english, *sides, [*out, *known], claimed, (left is None, right is None))
    return out


class _Lazy(Sequence):
    """`make(*words[i])` for each i, worked out only when assign_english asks for it:
    it reads the senses of most of a sentence's words only when they may compete."""

    def __init__(self, words: Sequence[tuple[str, str, int]], make):
        self.words, self.make = words, make

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, index):  # type: ignore[override]
        return self.make(*self.words[index])


def _sense_text(word: str, lexicon: Lexicon) -> str:
    """All the dictionary senses of `word` (any reading), or its parts' when
    CC-CEDICT lacks it, as one text (`gloss.hint_text`): what match_senses may
    match, without cleaning and ranking them (assign_english's hint)."""
    memo = lexicon.memo("sense_text")
    found = memo.get(word)
    if found is None:
        entries = lexicon.entries(word) or [e for part in lexicon.split_known(word) for e in lexicon.entries(part)]
        found = memo[word] = hint_text(" ".join(sense for e in entries for sense in e.senses))
    return found


def match_senses(word: str, reading: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The senses of a word read `reading` that may translate it, all of them in
    dictionary order; a word CC-CEDICT lacks, those of its parts."""
    memo = lexicon.memo("match_senses")
    key = (word, reading)
    found = memo.get(key)
    if found is None:
        entries = lexicon.entries(word)
        if entries:
            found = choose_gloss(entries, reading, limit=_MATCH_SENSES).senses
        else:
            found = tuple(
                s for part in lexicon.split_known(word) if len(part) > 1 and lexicon.knows(part)
                for s in choose_gloss(lexicon.entries(part), limit=_MATCH_SENSES).senses
            )
        memo[key] = found
    return found


def character_senses(word: str, reading: str, lexicon: Lexicon) -> tuple[str, ...]:
    """For a word of several characters, its characters' common senses, each
    character read as in the word (`reading`, numbered): a translation often
    renders one character of it (救援 "rescue", from 救; 重症 "severe", 重 zhong4)."""
    if len(word) < 2:
        return ()
    memo = lexicon.memo("character_senses")
    key = (word, reading)
    found = memo.get(key)
    if found is None:
        syllables = reading.split()
        if len(syllables) != len(word):
            syllables = [""] * len(word)
        found = memo[key] = tuple(
            s
            for c, syllable in zip(word, syllables)
            for s in choose_gloss(lexicon.entries(c), syllable, limit=_CHARACTER_SENSES).senses
        )
    return found


_MATCH_SENSES = 12
_CHARACTER_SENSES = 4
_RELATED_SENSES = 6  # of each near-synonym
_SHARED_FROM = 3  # a word's first senses, those its synonyms share with it
_SHARED_SENSE = 5  # letters at least in a sense two words share to count as near-synonyms


def related_senses(word: str, reading: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The verb senses of `word`'s near-synonyms: two-character dictionary words
    that have one of its characters in the same place and a verb sense in common
    with one of its first senses (推行 "to carry out" and 实行 "to carry out; to
    implement"; 精简 "to reduce" and 精减 "to reduce; to streamline"). A
    translation often says what a synonym's entry says and the word's own does not.
    (Longer words gained nothing on the gold; each length's index costs ~60 ms.)"""
    if len(word) != 2:
        return ()
    memo = lexicon.memo("related_senses")
    key = (word, reading)
    found = memo.get(key)
    if found is None:
        own = match_senses(word, reading, lexicon)
        # Its verb senses among its first (the uses it is mostly read in) and
        # those of its synonyms: a noun's synonyms bring their other nouns too
        # (病症 "disease", 病患 "disease; patient"), a late sense strays further.
        shared = {_sense_key(p) for s in own[:_SHARED_FROM] for p in _verb_parts(s)} - {""}
        kin: dict[str, None] = {}
        if shared:
            index = _same_place_index(lexicon)
            for place, char in enumerate(word):
                for other in index.get((char, place), ()):
                    if other == word:
                        continue
                    senses = [p for e in lexicon.by_simplified[other] for s in e[3] for p in _verb_parts(s)]
                    if not shared.isdisjoint(map(_sense_key, senses)):
                        kin.update(dict.fromkeys(senses[:_RELATED_SENSES]))
        found = memo[key] = tuple(s for s in kin if s not in own)
    return found


def _verb_parts(sense: str) -> list[str]:
    """The parts of a sense that are verbs ("to compress; compression": "to compress")."""
    return [p.strip() for p in sense.split(";") if p.strip().startswith("to ")]


_NOT_WORDS = re.compile(r"\([^)]*\)|\bto\b|[^a-z ]")


@lru_cache(maxsize=1 << 16)
def _sense_key(sense: str) -> str:
    """A sense as two words' senses are compared: lower case, without "to" and
    brackets; "" when it is too short to tell a synonym ("to be", "to go")."""
    key = " ".join(_NOT_WORDS.sub(" ", sense.lower()).split())
    return key if len(key.replace(" ", "")) >= _SHARED_SENSE else ""


def _same_place_index(lexicon: Lexicon) -> dict[tuple[str, int], list[str]]:
    """(character, place) -> the two-character dictionary words that have that
    character there; made once a process, when first needed."""
    memo = lexicon.memo("same_place_index")
    index = memo.get("index")
    if index is None:
        index = memo["index"] = {}
        for word in lexicon.by_simplified:
            if len(word) == 2:
                index.setdefault((word[0], 0), []).append(word)
                index.setdefault((word[1], 1), []).append(word)
    return index


def _senses_of(meaning: str) -> list[str]:
    return [s.strip() for s in meaning.split("; ") if s.strip()]


def tell_apart(terms: Sequence[Term], lexicon: Lexicon) -> tuple[Term, ...]:
    """Terms whose recall cards would lead with the same meaning (厂 and 工厂:
    "factory"; 精密 and 精准: "precise") get what tells them apart on the meaning,
    after the fitting sense: a sense of theirs the others lack, else how many
    characters the answer has. A recall card then has one answer."""
    groups: dict[str, list[int]] = {}
    for index, term in enumerate(terms):
        senses = _senses_of(term.meaning)
        if senses:
            groups.setdefault(senses[0].lower(), []).append(index)
    out = list(terms)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        every = {i: _all_senses(terms[i], lexicon) for i in indexes}
        for i in indexes:
            term = terms[i]
            others = {s.lower() for j in indexes if j != i for s in every[j]}
            shown = _senses_of(term.meaning)
            if any(s.lower() not in others for s in shown):
                continue  # its meaning already says something the others do not
            distinct = [s for s in every[i] if s.lower() not in others]
            if distinct:
                meaning = "; ".join([shown[0], distinct[0], *shown[1:]][:MAX_SENSES])
            elif all(len(terms[j].hanzi) != len(term.hanzi) for j in indexes if j != i):
                size = "one character" if len(term.hanzi) == 1 else f"{len(term.hanzi)} characters"
                meaning = f"{term.meaning} ({size})"
            elif (phrase := _in_context(term)):
                meaning = f"{term.meaning} (as in “{phrase}”)"  # 农业 / 农耕: "farming"
            else:
                continue
            out[i] = replace(term, meaning=meaning)
    return tuple(out)


def _in_context(term: Term) -> str:
    """The term's English equivalent with a word either side, from its example."""
    if len(term.english_span) != 2:
        return ""
    start, end = term.english_span
    text = term.sentence_en
    before = text[:start].split()[-1:]
    after = text[end:].split()[:1]
    return " ".join([*before, text[start:end], *after]).strip(" ,.;:")


def _all_senses(term: Term, lexicon: Lexicon) -> list[str]:
    """Every sense of the term's reading, as a card shows them."""
    entries = lexicon.entries(term.hanzi)
    if not entries:
        return _senses_of(term.meaning)
    gloss = choose_gloss(entries, term.pinyin_numbered, limit=20)
    return [s for sense in gloss.senses for s in _senses_of(card_safe(sense, (term.hanzi, term.traditional)))]


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
        # The form of an entry that is a word, not a variant note (馆: 館, not 舘).
        words = [e for e in matching if _is_word(e)] or matching
        traditional = words[0].traditional
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
    span: tuple[int, int] | None | tuple[()] = (),
    context: Sequence[English] = (),
) -> Term:
    """One ranked word as a Term. `english[i]`, when given, is `English.of(pairs[i].en)`;
    `example`, when given, the occurrence chosen as its example; `span`, when given,
    its English equivalent in the example (None: none), else the term's own match;
    `context`, the English its other occurrences take (`_contexts`), for its senses."""
    example = example or example_occurrence(ranked, pairs)
    pair = pairs[example.pair_index]
    sentence = english[example.pair_index] if english is not None else English.of(pair.en)
    reading = example.reading
    memo = lexicon.memo("headword")
    key = (ranked.word, reading)
    headword = memo.get(key)
    if headword is None:
        headword = memo[key] = _headword(ranked.word, reading, lexicon)
    context = (tuple(context),) if context else ()
    motion = _DIRECTION.match(pair.zh, example.start + len(ranked.word)) is not None
    def gloss_of(entries: Sequence[DictEntry]) -> Gloss:
        return gloss_in(
            ranked.word, reading.numbered, sentence, lexicon, example.after_number, entries, example.pos, context,
            example.after_name, motion,
        )

    gloss = gloss_of(headword.entries)
    traditional = headword.traditional
    if (form := _leading_form(headword.entries, reading.numbered, gloss)) is not None:
        traditional, entries = form
        gloss = gloss_of(entries)
    meaning = card_safe(gloss.meaning, (ranked.word, traditional))
    if span == ():
        span = english_spans([(ranked.word, reading.numbered, example.start)], pair.zh, sentence, lexicon)[0]
    return Term(
        hanzi=ranked.word,
        traditional=traditional,
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
        classifiers=gloss.classifiers if _noun(example.pos, gloss.senses) else (),
        pinyin_alternatives=headword.alternatives,
        english_match=pair.en[span[0] : span[1]] if span else "",
        english_span=span or (),
    )


# A directional complement (with 了 or 着 between): 蹭上来, 扑了过去, 钻进去.
# 起来 is left out: mostly a beginning (笑起来) or a view (看起来), no path.
_DIRECTION = re.compile(r"[了着]?(上来|上去|下来|下去|进来|进去|出来|出去|过来|过去|回来|回去)")


def _leading_form(
    entries: Sequence[DictEntry], reading: str, gloss: Gloss
) -> tuple[str, tuple[DictEntry, ...]] | None:
    """When one simplified form read `reading` is several words, each with its own
    traditional form (致 "to send" and 緻 "fine, delicate"; 系 "system" and 係 "to
    relate to"), the form of the entry that gives the gloss's leading sense and the
    entries to gloss it from again: the card then shows one word, its senses and
    its traditional form, not senses of two words under the first entry's form.
    Entries that are only variant notes (舘: "variant of 館") are no word of their
    own. None when the reading is one word (the common case)."""
    same = [e for e in entries if e.pinyin.lower() == reading.lower() and _is_word(e)]
    if len({e.traditional for e in same}) < 2 or not gloss.senses:
        return None
    lead = gloss.senses[0].rstrip("…")
    for entry in same:
        if any(clean_sense(s).rstrip("…").startswith(lead) or lead in s for s in entry.senses):
            form = entry.traditional
            return form, tuple(e for e in entries if e.traditional == form or e.pinyin.lower() != reading.lower())
    return None


# A sense that only points at another entry or says nothing of a word of its own.
_NOT_A_WORD = re.compile(r"^((old |archaic )?variant of |see |see also |surname |CL:)", re.IGNORECASE)


def _is_word(entry: DictEntry) -> bool:
    """Whether a CC-CEDICT entry is a word of its own, not only pointers and notes."""
    return not all(_NOT_A_WORD.match(s) for s in entry.senses)


def gloss_in(
    word: str,
    reading: str,
    english: English | str,
    lexicon: Lexicon,
    after_number: bool = False,
    entries: Sequence[DictEntry] | None = None,
    pos: str = "",
    context: Sequence[Sequence[English]] = (),
    address: bool = False,
    motion: bool = False,
) -> Gloss:
    """The senses of `word` read `reading` (numbered) that fit a sentence whose
    English is `english`; a word CC-CEDICT lacks is glossed from its parts.
    The English equivalent is found apart, with all the sentence's words
    (`english_spans`). `pos`, jieba's tag of the word there, orders senses of
    its part of speech first; `context`, tiers of other sentences' English,
    breaks the ties the example leaves; `address`, a name right before it, puts a
    form-of-address sense first, and `motion`, a directional complement after it,
    a sense of moving (choose_gloss)."""
    entries = lexicon.entries(word) if entries is None else entries
    if not entries:
        return _gloss_from_parts(word, lexicon)
    gloss = choose_gloss(
        entries, reading, english, after_number=after_number, pos=pos, context=context, address=address,
        motion=motion,
    )
    referred = _REFERENCE.match(gloss.senses[0]) if len(gloss.senses) == 1 else None
    if referred and referred.group(1) != word:
        # A word CC-CEDICT only sends elsewhere ("see 侄子", 侄儿) means what that
        # word means: its senses, not the pointer, are what a learner needs.
        target = choose_gloss(
            lexicon.entries(referred.group(1)), referred.group(2) or "", english, pos=pos, context=context
        )
        if target.senses:
            return Gloss(target.senses, gloss.classifiers or target.classifiers)
    return gloss


# A sense that is only a pointer to another word, as choose_gloss leaves it.
_REFERENCE = re.compile(r"^(?:see|(?:old |archaic )?variant of|same as)\s+([\u3400-\u9fff]+)(?:\[([^\]]+)\])?$")


def _noun(pos: str, senses: Sequence[str]) -> bool:
    """Whether the word is a noun here, so its measure words belong on the card:
    jieba's tag of the example when it has one (n, nz, ng, vn...), else whether the
    fitting sense reads as a noun rather than "to ..." (改进, 总结: verbs)."""
    if pos:
        return pos.startswith("n") or pos == "vn"
    return bool(senses) and not senses[0].startswith("to ")
