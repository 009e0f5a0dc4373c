"""Meanings that fit, and the English words that translate a term.

- `choose_gloss` picks, from the CC-CEDICT entries of a word's chosen reading, the
  senses that fit the aligned English sentence (a sense whose content words occur
  in it comes first), drops dictionary noise ("variant of", "see ...", Taiwan
  pronunciation notes) unless that is all there is, and returns classifiers apart.
- `english_match` finds the words of the English sentence that translate the term,
  as a character span, for highlighting.
- `is_surname` and `_only_names` are the dictionary facts names.py (which finds a
  sentence's names) builds on.
- `is_set_phrase` tells four-character idioms and set phrases (包办代替), which are
  learnt whole and never split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import Stemmer  # PyStemmer

from .irregular import CLASHING, base_form
from .lexicon import Lexicon
from .models import DictEntry
from .text import pinyin_key

MAX_SENSES = 3

_NOISE = re.compile(
    r"^(old |archaic |ancient |Japanese |Korean )?variant of |^see |^see also |^also written |"
    r"^used in |^abbr\. for [^,;]*$|^\(?Tw\)?$|^Taiwan pr\.|^erhua variant of |^surname |"
    r"^Kangxi radical|^\(archaic\)|^\(old\)|^\(dialect\)",
    re.IGNORECASE,
)
_REGISTER = re.compile(r"^\((archaic|old|dialect)\)\s*")
_TAIWAN_NOTE = re.compile(
    r"\s*\((Tw|Taiwan pr\.[^)]*|also pr\.[^)]*)\)|\s*\b(Taiwan|also) pr\.( \[[^\]]*\])?"
)
# Dictionary notes inside a sense that tell a learner nothing about the meaning:
# classifiers (shown in their own field), abbreviation sources, "(bound form)".
_INNER_NOTE = re.compile(
    r"\s*\((CL:[^)]*|abbr\. (for|of|to) [^)]*|bound form|loanword|onom\.|literary|coll\.)\)", re.IGNORECASE
)
_ABBR_PREFIX = re.compile(r"^abbr\. (for|of|to) [^,;]*[,;]\s*(?=\S)", re.IGNORECASE)
_ABBR_INSIDE = re.compile(r"[,;]?\s*\babbr\.( (for|of|to))?\s*[^,;()]*", re.IGNORECASE)
# A cross-reference inside an English sense: 車站|车站[che1 zhan4] or 斗[dou3].
_INNER_HAN = re.compile(r"\s*[\u3400-\u9fff|·]+(\[[^\]]*\])?")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
MAX_SENSE_LENGTH = 60  # characters; a longer dictionary definition is cut for a card
# Senses of units and classifiers: what a word right after a number means (2升: litre).
_UNIT_SENSE = re.compile(
    r"^\(?(classifier|measure word)\b|\(classifier\)|\bunit of\b|"
    r"^(\w*(liter|litre|meter|metre|gram)|tons?|tonnes?|catty|jin|mu|miles?|inch(es)?|feet|foot|acres?|hectares?)\b",
    re.IGNORECASE,
)
# Senses of a word used as a title after a name (蓉大爷, 周大娘, 贾老爷): a form of
# address, a term of respect.
_ADDRESS_SENSE = re.compile(
    r"\b(term of (address|respect)|form of address|polite (address|term)|term used to address|appellation|"
    r"affectionate (term|name))\b|^\(respectful\)",
    re.IGNORECASE,
)
# Senses of moving somewhere, for a verb before a directional complement (蹭上来
# "to walk slowly", 钻进去 "to get into"): the complement gives the path, the verb
# the manner. Only a sense that opens with such a verb.
_MOTION_SENSE = re.compile(
    r"^(\([^)]*\) )?to (walk|go|come|move|run|climb|crawl|creep|enter|approach|step|hurry|rush|dash|squeeze|"
    r"slip|sneak|shuffle|jump|leap|fly|roll|advance|proceed|draw near|get close|get into|make one's way|edge|"
    r"stagger|stumble|limp|plod|hobble|tiptoe|wander|stroll|march|charge|dart|flee|hop|wade|swim|float|drift)\b",
    re.IGNORECASE,
)
# A hyphenated compound is several words ("self-confidence", "world-class"): its
# parts translate on their own, and a candidate of several words meets it whole.
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_PAREN = re.compile(r"\([^()]*\)")  # innermost: a nested one goes first, its outer stays whole
_FILLER = re.compile(r"\b(to|sb|sth|one's)\b")
_PART_SPLIT = re.compile(r"[;,/]|\bor\b")
_STOP = frozenset(
    "a an the of to in on at for by with from as and or be is are was were sb sth one's "
    "oneself it its this that etc esp lit fig used (of) into out up not no do make get have "
    "one all can sb's someone something".split()
)
_NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt"})
# Bound of each memo below. Their keys are English words, CC-CEDICT senses and
# entries: a build meets the same few thousand in every article, so the memos stay
# small, and the bound keeps a run over a whole corpus from growing them for ever.
_MEMO = 1 << 15


@dataclass(frozen=True, slots=True)
class Gloss:
    senses: tuple[str, ...]  # at most MAX_SENSES, best first
    classifiers: tuple[str, ...] = ()  # "个[ge4]" style, without the "CL:" prefix

    @property
    def meaning(self) -> str:
        # A CC-CEDICT sense can hold several (变种 "(biology) a mutation; a variety",
        # then "a variant; a variety"): each part is shown once.
        return "; ".join(dict.fromkeys(part for sense in self.senses for part in sense.split("; ")))


@dataclass(frozen=True, slots=True)
class English:
    """An English sentence split into words once. choose_gloss and english_match
    read it for every term whose example it is, several per sentence in an article;
    `English.of` once per sentence saves splitting and stemming it for each."""

    text: str
    lowered: str
    words: tuple[tuple[str, int, int], ...]  # each word: (its _key, start, end)
    stems: frozenset[str]  # the words' keys
    plain: frozenset[str]  # the words in lower case, as written
    starts: frozenset[str]  # the first three letters of each of plain (and of its verb if irregular)
    sense_stems: frozenset[str]  # stems, and the verbs of past forms that clash with a noun (saw: see)

    @classmethod
    def of(cls, text: str) -> English:
        return _english_of(text)

    @classmethod
    def _made(cls, text: str) -> English:
        found = list(_WORD.finditer(text))
        words = tuple([(_key(m.group()), m.start(), m.end()) for m in found])
        plain = frozenset([m.group().lower() for m in found])
        # An irregular past form begins as its verb may not (led, lead; bought, buy).
        starts = frozenset([base_form(w)[:3] for w in plain] + [w[:3] for w in plain])
        stems = frozenset([w for w, _, _ in words])
        clashing = [_key(CLASHING[w]) for w in plain if w in CLASHING]
        return cls(text, text.lower(), words, stems, plain, starts, stems.union(clashing) if clashing else stems)


# Names (vocabulary.collect), the sentence's pinyin (reading.name_spans) and the
# terms (terms.build_terms) each read a pair's English: it is split and stemmed once.
@lru_cache(maxsize=2048)
def _english_of(text: str) -> English:
    return English._made(text)


def _english(english: str | English) -> English:
    return english if isinstance(english, English) else English.of(english)


_BRITISH_IS = re.compile(r"(?<=...)is(e|ed|es|ing|ation|ations)$")
_BRITISH_RE = re.compile(r"(?<=..)tre(s?)$")


def _american(word: str) -> str:
    """One spelling for both sides of a comparison (it need not be a real word)."""
    word = word.replace("our", "or")
    if "is" in word:  # cheap tests first: most words need neither substitution
        word = _BRITISH_IS.sub(r"iz\1", word)
    return _BRITISH_RE.sub(r"ter\1", word) if "tre" in word else word



# The Porter2 (Snowball) English stemmer: it makes far more inflections and
# derivations meet than a list of suffixes did (master/mastered, optimize/
# optimization, evaluate/evaluation, run/running, prosperous/prosperity).
# PyStemmer is its C build: the pure-Python one took ~40 us a word, 50 ms an article.
_PORTER2 = Stemmer.Stemmer("english")


@lru_cache(maxsize=_MEMO)
def _stem(word: str) -> str:
    """The stem that makes inflections and derivations meet: implement,
    implementation; summary, summarized; innovate, innovative; litre, liters."""
    word = word.lower().removesuffix("'s").removesuffix("’s")  # Department's -> department
    # British and American spellings meet (CC-CEDICT writes American, the
    # translations often British): litre/liter, mobilise/mobilize, labour/labor.
    word = _american(word)
    if word.endswith("ship") and len(word) >= 9:
        word = word[:-4]  # apprenticeship, leadership: the person's word
    stem = _PORTER2.stemWord(word)
    # Porter2 keeps a final y as i (summary -> summari) but drops it before a
    # suffix (summarized -> summar): without the i they meet.
    return stem[:-1] if stem.endswith("i") and len(stem) > 4 else stem


@lru_cache(maxsize=_MEMO)
def _key(word: str) -> str:
    """How a word is compared: a word longer than three letters by its stem, a
    short one as itself (so "us" does not meet "use"); an irregular past form as
    its verb (shot, shoot; bred, breed; led, lead)."""
    word = base_form(word.lower())
    return _stem(word) if len(word) > 3 else word


def _content_words(text: str) -> list[str]:
    text = _PAREN.sub(" ", text)  # explanations in brackets do not translate
    return [w for w in _WORD.findall(text) if w.lower() not in _STOP]


# 書|书, and a construction's pair with its gaps (以...為例|以...为例); a [pinyin]
_HAN_FORM = r"[\u3400-\u9fff]+(?:(?:\.\.\.|…)[\u3400-\u9fff]+)*"
_CROSS_REF = re.compile(rf"({_HAN_FORM})\|({_HAN_FORM})")
_PINYIN_REF = re.compile(r"\[[A-Za-z:0-9 ,]+\]")


def simplified_references(text: str) -> str:
    """CC-CEDICT's cross-references reduced to their simplified form, without their
    [pinyin]: "see 書|书[shu1]" -> "see 书"."""
    return _PINYIN_REF.sub("", _CROSS_REF.sub(r"\2", text))


def clean_sense(sense: str, references: bool = False) -> str:
    """A sense as a card shows it: without Taiwan pronunciation notes, classifier
    and abbreviation notes, cross-references in characters, doubled spaces; no
    longer than MAX_SENSE_LENGTH (cut at a comma, else a word, marked "…").
    `references` keeps the cross-references: for a sense that is nothing else
    ("variant of 吃[chi1]"), shown only when a word has no other."""
    text = _ABBR_PREFIX.sub("", _INNER_NOTE.sub("", _TAIWAN_NOTE.sub("", sense)))
    if _LATIN_LETTER.search(text) and not references:
        # "the Communist Youth League, abbr. for 中国共产主义青年团": what the
        # word is short for tells a learner nothing here.
        text = _INNER_HAN.sub(_unless_referred, _ABBR_INSIDE.sub("", text) if text.find("abbr.") > 0 else text)
    elif references:
        # One form of a cross-reference pair, as the card shows it, before measuring
        # (its [pinyin] stays here: the manifest keeps it, card_safe drops it).
        text = _CROSS_REF.sub(r"\2", text)
    text = _tidy(text)
    if len(text) > MAX_SENSE_LENGTH:
        # Explanations go, but not a leading domain ("(slang)", "(of a video
        # game)"): it tells the learner, and choose_gloss, where the sense belongs.
        domain = _DOMAIN.match(text)
        head = domain.group(0) + " " if domain and len(domain.group(0)) <= _SHORT_DOMAIN else ""
        text = head + _tidy(_PAREN.sub("", text[len(head.rstrip()):]))
    if len(text) > MAX_SENSE_LENGTH:
        head = text[:MAX_SENSE_LENGTH]
        cut = max(head.rfind(","), head.rfind(";"))
        if cut < MAX_SENSE_LENGTH // 3:
            cut = head.rfind(" ")
        text = head[:cut].rstrip(" ,;") + "…"
    return text


# Words before a cross-reference that make it the meaning itself: "(final particle,
# same as 吧)" says what 罢 is; without 吧 it says nothing.
_REFERRING = re.compile(r"\b(same as|instead of|see)$")


def _unless_referred(found: re.Match) -> str:
    before = found.string[: found.start()].rstrip()
    return found.group(0) if _REFERRING.search(before) else ""


def _tidy(text: str) -> str:
    return re.sub(r"\s+([,;)])", r"\1", re.sub(r"\s{2,}", " ", text)).strip(" ;,")


def is_unit(word: str, lexicon: Lexicon) -> bool:
    """A word CC-CEDICT gives a unit or classifier sense (升: liter; 个; 米: meter)."""
    memo = lexicon.memo("is_unit")
    found = memo.get(word)
    if found is None:
        found = memo[word] = any(
            _UNIT_SENSE.search(sense) for e in lexicon.entries(word) if not e.pinyin[:1].isupper() for sense in e.senses
        )
    return found


def _classifiers(senses: Sequence[str]) -> tuple[str, ...]:
    found: list[str] = []
    for sense in senses:
        if sense.startswith("CL:"):
            for item in sense[3:].split(","):
                item = item.strip()
                # "個|个[ge4]" -> "个[ge4]": the simplified form
                item = re.sub(r"^[^|\[]+\|", "", item)
                if item and item not in found:
                    found.append(item)
    return tuple(found)


def choose_gloss(
    entries: Sequence[DictEntry],
    reading: str = "",
    english: str | English = "",
    *,
    name: bool = False,
    limit: int = MAX_SENSES,
    after_number: bool = False,
    pos: str = "",
    context: Sequence[Sequence[str | English]] = (),
    address: bool = False,
    motion: bool = False,
) -> Gloss:
    """The senses of `entries` that fit, shortened for a card.

    Only entries of `reading` (numbered, any case) are used when there are any.
    Common-word entries come before capitalised (name) entries unless `name`.
    Senses whose content words occur in `english` come first; then, right after
    a number (`after_number`: 2升), unit senses (liter); then dictionary order.
    Senses that match the sentence whole come before those that match in part
    (问道 "to ask" before "to ask the way" for "asked"). Within each group, the
    senses of the part of speech jieba gives the word here (`pos`) come first: an
    adverb (d: 忽见 "suddenly", 遂 "then") or a verb (v: 服了么 "to be convinced").
    Right after a name (`address`: 蓉大爷, 周大娘), a kinship word is a form of
    address: its senses that say so ("term of respect for older man") come before
    the family relation, like a unit sense after a number.
    Before a directional complement (`motion`: 蹭上来, 钻进去), a verb is the manner
    of a movement: its senses of moving ("to walk slowly", "to get into") come
    first in the same way.
    Last, `context`: tiers of other English (the words that translate the term in
    the article's other sentences); a sense one of them meets whole comes before
    those none of an earlier tier meets.
    Noise senses are dropped unless nothing else is left."""
    unique, classifiers = _senses(tuple(entries), reading, name)

    def unit(sense: str) -> bool:
        """A sense the construction asks for: a unit right after a number (2升: liter),
        a form of address after a name, a movement before a directional complement."""
        return (
            (after_number and _UNIT_SENSE.search(sense) is not None)
            or (address and _ADDRESS_SENSE.search(sense) is not None)
            or (motion and _MOTION_SENSE.match(sense) is not None)
        )

    if after_number or address or motion:
        unique = tuple(sorted(unique, key=lambda sense: not unit(sense)))
    if english:
        sentence = _english(english)
        # Where the example's English says nothing of a sense, what the word is
        # translated by in the article's other sentences is the next evidence: a
        # story's 公公 is "Goong-goong" in most lines and "the old eunuch" in one.
        nearby = [[_english(other) for other in tier] for tier in context]

        def elsewhere(sense: str) -> int:
            for tier, others in enumerate(nearby):
                if any(_whole_match(sense, other) for other in others):
                    return tier
            return len(nearby)

        # The part of speech outweighs a match in part ("each" of "to leave each
        # other" for 分别 used as an adverb), not a whole one.
        # A unit sense right after a number outweighs jieba's tag too: it tags a
        # measure word after digits a verb (256支代表队: 支 v).
        unique = tuple(sorted(unique, key=lambda sense: (
            min(_rank(sense, sentence), 2), not unit(sense), not _fits_pos(sense, pos), _rank(sense, sentence),
            elsewhere(sense) if nearby else 0,
        )))
    elif pos:
        unique = tuple(sorted(unique, key=lambda sense: (not unit(sense), not _fits_pos(sense, pos))))
    return Gloss(tuple(unique[:limit]), classifiers)


# English adverbs (and the determiners a Chinese adverb can translate, 凡 "every")
# that do not end in -ly: with the -ly words, what an adverb's sense reads as.
_ADVERBS = frozenset(
    "then thereupon every all whatever altogether again still already just even also "
    "soon once never always often together thus hence instead almost quite very too "
    "yet ever afterwards meanwhile".split()
)


def _rank(sense: str, sentence: English) -> int:
    """How well the English of a sentence supports a sense, 0 best: 0-1 a whole part
    of it met (as written, by stem), 2-3 a content word met (as written, by stem),
    4 nothing, 5 nothing and restricted to a domain the sentence does not name
    ("(of alcohol) to ferment", "(slang) ...") or opened by a field's adverb it lacks
    ("statistically significant" is not "significantly")."""
    present = sentence.sense_stems
    stems = _ranking_stems(sense)
    if not any(stem in present for stem in stems):
        domain = _domain_stems(sense)
        return 5 if domain is not None and not domain & present else 4
    written = 0 if _sense_words(sense) & sentence.plain else 1
    if any(part <= present for part in _part_stems(sense)):
        return written
    adverb = _field_adverb(sense)
    if adverb is not None and adverb not in present:
        return 5
    return 2 + written


def _whole_match(sense: str, sentence: English) -> bool:
    """Whether a sentence has all the content words of one part of a sense."""
    return any(part <= sentence.sense_stems for part in _part_stems(sense))


def _fits_pos(sense: str, pos: str) -> bool:
    """Whether a sense reads as the part of speech of jieba's tag `pos`: an adverb
    (d) as an adverb ("suddenly", "then"), a verb (v, not the verbal noun vn) as
    "to ...", a conjunction (c) as one ("if", "although"); any other tag says
    nothing here."""
    if pos.startswith("v") and pos != "vn":
        return sense.startswith("to ")
    if pos.startswith("d") or pos == "c":
        words = _WORD.findall(_PAREN.sub("", sense).lower())
        if pos == "c":  # a conjunction: 若 "if", not "to seem"
            return bool(words) and words[0] in _CONJUNCTIONS
        return 0 < len(words) <= 2 and all(w.endswith("ly") or w in _ADVERBS for w in words)
    return True


# What a conjunction's sense opens with ("as" and "like" are prepositions as often).
_CONJUNCTIONS = frozenset(
    "if although though because since and or but so therefore unless whether while even provided "
    "lest nor yet hence thus otherwise once".split()
)


@lru_cache(maxsize=_MEMO)
def _senses(
    entries: tuple[DictEntry, ...], reading: str, name: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """choose_gloss's (senses in dictionary order, classifiers): what depends only on
    the word's entries, memoised since every article glosses the same words again."""
    chosen = [e for e in entries if reading and pinyin_key(e.pinyin) == pinyin_key(reading)]
    if not chosen:
        chosen = list(entries)
    chosen.sort(key=lambda e: e.pinyin[:1].isupper() != name)
    if not name and any(not e.pinyin[:1].isupper() for e in chosen):
        chosen = [e for e in chosen if not e.pinyin[:1].isupper()]
    senses: list[str] = []
    for entry in chosen:
        for sense in entry.senses:
            if not sense.startswith("CL:") and sense not in senses:
                senses.append(sense)
    if chosen and len(chosen[0].simplified) == 1:
        # A character that is a card stands alone in its sentence, where a sense
        # CC-CEDICT marks "(bound form)" (only ever inside words) is not what it
        # means: those after the others (岗 "sentry post" before "hillock").
        senses.sort(key=lambda sense: sense.startswith("(bound form)"))
    classifiers = _classifiers([s for e in chosen for s in e.senses])
    useful = [clean_sense(s) for s in senses if not _NOISE.search(s)]
    useful = [s for s in useful if s]
    if not useful:
        # A sense only marked as dialect or old is still a meaning ("(dialect) to
        # look at", 瞅); a cross-reference to another word is the last resort.
        useful = [clean_sense(s) for s in senses if _REGISTER.match(s) and not _NOISE.search(_REGISTER.sub("", s))]
    if not useful:
        useful = [clean_sense(s, True) for s in senses if clean_sense(s, True)]
    return tuple(dict.fromkeys(useful)), classifiers


@lru_cache(maxsize=_MEMO)
def _sense_words(sense: str) -> frozenset[str]:
    """A sense's content words in lower case, as written."""
    return frozenset(w.lower() for w in _content_words(sense))


@lru_cache(maxsize=_MEMO)
def _sense_starts(sense: str) -> frozenset[str]:
    """The first three letters (in lower case) of every word of a sense, stop words
    too (a whole part such as "to get" is a candidate). Two words meet by their
    `_key` only if they begin alike (British spellings differ later: litre,
    liter; labour, labor), so a sense none of whose words begins as a word of the
    sentence does cannot match it; this test needs no stemming."""
    return frozenset([w[:3] for w in _WORD.findall(sense.lower())])


# Prepositions a sense uses around its content word ("to model after", "to look
# over"): the sentence's "after you breathe out" is no evidence for 套 "to model
# after". A sense that is nothing but one ("after", 之后) keeps it.
_PREPOSITIONS = frozenset(
    "after before over under about through between against within without around "
    "across along behind beyond toward towards upon off onto".split()
)


_DOMAIN = re.compile(r"^\((?:of |in |on )?([^)]*)\)")
_SHORT_DOMAIN = 24  # characters: "(of a video game)"; a longer one is an explanation
_NOT_DOMAINS = frozenset({"fig.", "lit.", "figuratively", "literally"})  # ways of use, not fields


@lru_cache(maxsize=_MEMO)
def _domain_stems(sense: str) -> frozenset[str] | None:
    """The stems of the words of a sense's leading qualifier ("(of alcohol)",
    "(slang)"); None when it has none."""
    found = _DOMAIN.match(sense)
    if not found or found.group(1) in _NOT_DOMAINS:
        return None
    return frozenset(_key(w) for w in _WORD.findall(found.group(1)) if w.lower() not in _STOP)


@lru_cache(maxsize=_MEMO)
def _ranking_stems(sense: str) -> frozenset[str]:
    """The stems by which a sense is found in the sentence, for ranking senses."""
    words = [w for w in _content_words(sense) if w.lower() not in _PREPOSITIONS]
    return frozenset(_key(w) for w in words) if words else _sense_stems(sense)


@lru_cache(maxsize=_MEMO)
def _field_adverb(sense: str) -> str | None:
    """The stem of the adverb of a field (in -ically, from statistics, chemistry,
    politics...) that opens a sense of two or more words ("statistically
    significant"), or None. Degree adverbs ("entirely different") are no field."""
    words = _WORD.findall(_PAREN.sub("", sense))
    return _key(words[0]) if len(words) >= 2 and words[0].lower().endswith("ically") else None


@lru_cache(maxsize=_MEMO)
def _part_stems(sense: str) -> tuple[frozenset[str], ...]:
    """The ranking stems of each part of a sense ("to improve; to make better"):
    a sentence meets the sense whole when it has all the stems of one part. A
    bracket goes first: its commas split no part ("just (one thing, no need...)")."""
    return tuple(stems for part in _PART_SPLIT.split(_PAREN.sub(" ", sense)) if (stems := _ranking_stems(part)))


@lru_cache(maxsize=_MEMO)
def _sense_stems(sense: str) -> frozenset[str]:
    """The stems of a sense's content words."""
    return frozenset(_key(w) for w in _content_words(sense))


def english_match(
    senses: Sequence[str], english: str | English, near: float | None = None
) -> tuple[int, int] | None:
    """The span of `english` that translates a term whose senses are `senses`.

    The longest sense (or, failing that, content word of a sense) found in the
    sentence, case-insensitively, allowing English inflections (-s, -ed, -ing);
    None when nothing matches.

    `near` is where the term stands in its Chinese sentence (0 at the start, 1 at
    the end): of several places the best candidate matches, the one nearest the
    same share of the English is taken (施工基槽 is "the construction trenches",
    not the "Construction Site" before it, which is 工地)."""
    if not english:
        return None
    sentence = _english(english)
    options = match_options(tuple(senses), sentence)
    if not options:
        return None
    # The best candidate met by its stem, else one met as a derivation only.
    first = min(order for _, inexact, _, order, _, _ in options if inexact < 2) if any(
        o[1] < 2 for o in options
    ) else options[0][3]
    spans = [(a, b) for _, _, _, order, a, b in options if order == first]
    if near is None:
        return spans[0]
    return min(spans, key=lambda span: abs(span[0] / len(sentence.text) - near))


def match_options(senses: tuple[str, ...], sentence: English) -> tuple[tuple[int, int, int, int, int, int], ...]:
    """Every place `sentence` holds a candidate of `senses` (`_candidate_patterns`):
    (words in the candidate, how many of them differ from the English as written
    (2: a derivation the stemmer leaves apart), 1 if the candidate is only part of
    a sense (its head words) else 0, the candidate's rank, start, end),
    best candidate
    first, each candidate's places in text order. The sentence is split into words
    once and each candidate is matched word by word: this runs for every word of
    every sentence, and a regular expression per candidate cost more than the rest
    of the gloss."""
    key = (senses, sentence.text)
    found = _OPTIONS.get(key)
    if found is not None:
        return found
    text, words, present = sentence.text, sentence.words, sentence.stems
    options = []
    lowered = sentence.lowered
    # Only the senses with a content word in the sentence can match: working out
    # the candidates of those alone is most of the saving (an article's words
    # have a dozen senses each, of which one or two meet their sentence).
    starts = sentence.starts
    relevant = tuple([sense for sense in senses if not _sense_starts(sense).isdisjoint(starts)])
    for order, (keys, written, partial) in enumerate(_candidate_patterns(relevant) if relevant else ()):
        if not all(map(present.__contains__, keys)):
            if len(keys) == 1 and len(keys[0]) >= _DERIVED_STEM and keys[0][:3] in starts:
                # A derivation the stemmer leaves apart (spirit, spiritual; pursue,
                # pursuit; advise, advisors): the sentence's word is the stem and
                # at most three letters more, as written (not "eventually" for
                # "event"). Ranked after every candidate met by its stem.
                stem = keys[0]
                for found, s, e in words:
                    if found != stem and found.startswith(stem) and e - s - len(stem) <= _DERIVED_TAIL:
                        if _suffix(lowered[s + len(stem) : e]):
                            options.append((1, 2, partial, order, s, e))
            continue  # cheap test first: every word must occur somewhere
        n = len(keys)
        first = keys[0]
        for k in range(len(words) - n + 1):
            if words[k][0] != first:
                continue
            window = words[k : k + n]
            if all(key == found for key, (found, _, _) in zip(keys, window)):
                if all(text[a[2] : b[1]] in _GAPS for a, b in zip(window, window[1:])):
                    # Words met as written (or plural) before words met by their stem
                    # only: "manufacturers" is 厂家's "manufacturer", not 生产's
                    # "to manufacture".
                    inexact = sum(
                        lowered[s:e].removesuffix("s") != w.removesuffix("s") for w, (_, s, e) in zip(written, window)
                    )
                    options.append((n, inexact, partial, order, window[0][1], window[-1][2]))
    if len(_OPTIONS) >= _MEMO:
        _OPTIONS.clear()
    found = _OPTIONS[key] = tuple(options)
    return found


_DERIVED_STEM = 5  # letters
_DERIVED_TAIL = 3  # letters
# Derivational suffixes begin with a vowel (-al, -ive, -or, -ion, -y) but for a few
# (and the plural of child); a tail that begins otherwise makes a compound ("stand"
# + "by": 立 "to stand" is not the English "standby").
_CONSONANT_SUFFIXES = frozenset(["ful", "ly", "ry", "ty", "th", "cy", "s", "ren"])


def _suffix(tail: str) -> bool:
    """Whether `tail`, what a word adds to a stem, may be a derivational suffix."""
    return tail[:1] in ("a", "e", "i", "o", "u", "y") or tail in _CONSONANT_SUFFIXES
_GAPS = frozenset([" ", "-", "  "])  # between the words of a candidate met in the sentence
# match_options per (senses, sentence): an article asks for each of its sentences
# once per term whose example it is and once per word it holds (`assign_english`).
_OPTIONS: dict[tuple[tuple[str, ...], str], tuple[tuple[int, int, int, int, int, int], ...]] = {}


def assign_english(
    items: Sequence[tuple[Sequence[str], float]],
    english: str | English,
    backup: Sequence[Sequence[str]] = (),
    focus: Sequence[int] | None = None,
    hints: Sequence[str] | None = None,
    related: Sequence[Sequence[str]] = (),
) -> list[tuple[int, int] | None]:
    """The English span of each of a sentence's words, one word to one span.

    `items` are the words' (senses, relative position in the Chinese sentence).
    Every place each word's candidates match is an option; options are taken best
    first — more English words, then words as written rather than by their stem,
    then nearer the word's own position, then the
    word's better candidate — and one a word or a span already has is passed
    over: 精简 and 减少 both say "reduce", and the "reduced" nearest 减少 is its.

    `backup[i]`, when given, are further senses of item i (its characters'), tried
    only for the words and spans left over, for a single word near the item's own
    place (救援 "to save; to help": 救 gives "rescue"). `related[i]`, likewise,
    are the senses of item i's near-synonyms (`terms.related_senses`), tried
    after the backup on what is still left.

    `focus`, when given, are the items whose spans are wanted: the others only
    compete for the English words those may take, and their own spans may be
    None where they are not worked out (most of the sentence's words, most of the
    time: an article asks this for its terms' examples). `hints[i]`, when given,
    is the text of item i's senses (all its dictionary senses will do) in
    `hint_text` form: an item whose hint holds, at the start of a word, the `_key`
    of no English word a focus item may take is passed over without working out
    its senses."""
    sentence = _english(english)
    if not sentence.text:
        return [None] * len(items)
    size = len(sentence.text)
    ranked = []
    wanted: set[tuple[int, int]] | None = None  # the English words focus items may take
    text = sentence.text
    if focus is not None:
        # Only the English words some focus item may take are worth competing
        # for: the other items are matched only when a sense of theirs holds one.
        wanted = set()
        for index in focus:
            spans = [(a, b) for *_, a, b in match_options(tuple(items[index][0]), sentence)]
            if not spans and index < len(backup):  # (a word that matches fails over seldom)
                spans = [(a, b) for *_, a, b in match_options(tuple(backup[index]), sentence)]
            for start, end in spans:
                wanted.update((a, b) for _, a, b in sentence.words if start <= a and b <= end)
        focus = set(focus)
        starts = frozenset([base_form(text[a:b].lower())[:3] for a, b in wanted])
        # A sense word meets an English word when both have its `_key`, which
        # begins the (American) spelling of each: CC-CEDICT writes American.
        # Stop words inside a focus item's span ("the", "of") need not be probed:
        # no competitor takes a span by them alone.
        probes = {" " + key for key, a, b in sentence.words if (a, b) in wanted and key not in _STOP}
    for index in range(len(items)):
        if wanted is not None and index not in focus:
            if hints is not None and not any(map(hints[index].__contains__, probes)):
                continue  # cheap test first: items[index] may be worked out on demand
            if all(_sense_starts(s).isdisjoint(starts) for s in items[index][0]):
                continue
        senses, near = items[index]
        for n, inexact, partial, order, start, end in match_options(tuple(senses), sentence):
            # Part of a sense counts as PARTIAL_COST further from the word's place:
            # 政府 "government" takes it from 政务 "government affairs" nearby, not
            # from a word whose part of a sense meets it at the far end.
            ranked.append((-n, inexact, abs(start / size - near) + PARTIAL_COST * partial, order, index, start, end))
    spans: list[tuple[int, int] | None] = [None] * len(items)
    taken: list[tuple[int, int, tuple[str, ...]]] = []
    _take(ranked, items, spans, taken)
    # The backups only for the words left without a span (asked lazily: most words
    # have one, and their characters' senses cost a dictionary look-up each).
    for tier in (backup, related):
        ranked = []
        for index in range(len(items)):
            if spans[index] is not None or index >= len(tier) or focus is not None and index not in focus:
                continue
            near = items[index][1]
            for n, inexact, partial, order, start, end in match_options(tuple(tier[index]), sentence):
                distance = abs(start / size - near)
                # A stem of three letters says too little of a word it is not ("set", "setting").
                if (n == 1 or tier is related) and len(_key(text[start:end])) >= 4 and distance <= BACKUP_REACH:
                    # Nearness before exactness here: a character's sense is weak
                    # evidence, and its word said as written far off is another
                    # word's (担当: "undertaking" here, not 担 "shoulder" further on).
                    ranked.append((-n, distance + PARTIAL_COST * partial, inexact, order, index, start, end))
        _take(ranked, items, spans, taken)
    return spans


def _take(
    ranked: list[tuple[int, int, float, int, int, int, int]],
    items: Sequence[tuple[Sequence[str], float]],
    spans: list[tuple[int, int] | None],
    taken: list[tuple[int, int, tuple[str, ...]]],
) -> None:
    """assign_english's greedy step: the best options first, each to a word still
    without a span, on English words no other word has."""
    ranked.sort()
    for *_, index, start, end in ranked:
        # Occurrences of one word (one list of senses) do not compete: the English
        # often says "16 to 18 years old" once for 16周岁 and 18周岁.
        own = tuple(items[index][0])
        if spans[index] is None and not any(a < end and start < b and who != own for a, b, who in taken):
            spans[index] = (start, end)
            taken.append((start, end, own))


def content_words(sentence: English) -> tuple[tuple[str, int, int], ...]:
    """The words of `sentence` that may translate a word on their own: (`_key`,
    start, end) of each word of four letters or more that is no stop word and
    not capitalised past the sentence's first word (a name)."""
    return _content_words_of(sentence.text)


@lru_cache(maxsize=2048)  # per sentence: an article asks for each of its sentences again
def _content_words_of(text: str) -> tuple[tuple[str, int, int], ...]:
    sentence = English.of(text)
    return tuple(
        [
            (key, a, b)
            for k, (key, a, b) in enumerate(sentence.words)
            if b - a >= 4
            and text[a:b].lower() not in _STOP
            and text[a:b].lower() not in _FUNCTION_WORDS
            and text[a:b].lower() not in _PARTICLES
            and (k == 0 or not text[a].isupper())
        ]
    )


# Words of four letters or more that carry grammar, not a meaning of their own.
_FUNCTION_WORDS = frozenset(
    "also although because been being both could does each either even every from have having here "
    "into just many more most much must neither only other ought over shall should some such than "
    "that their them then there these they this those though very were what when where whether which "
    "while whom whose will with within would your yours".split()
)


_NOT_LETTER = re.compile(r"[^a-z]+")


def hint_text(text: str) -> str:
    """`text` as assign_english's hints read it: lower case, each word after a space."""
    return " " + _NOT_LETTER.sub(" ", text.lower())


PARTIAL_COST = 0.15  # a match of some words of a sense, as a distance (a share of the sentence)
BACKUP_REACH = 0.3  # how far from its own place a word may take a match of its characters' senses


@lru_cache(maxsize=_MEMO)
def _candidate_patterns(senses: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], tuple[str, ...], int], ...]:
    """english_match's candidates for `senses`, longest first, each as the `_key`
    of each of its words, its words in lower case and whether it is only part of a
    sense (1) or a whole one (0).

    A candidate is a whole part of a sense ("division of labor") or one of its
    words before "of", "for"... (`_head_words`): "station" is not 站长."""
    if len(senses) == 1:
        return tuple([(keys, written, partial) for _, keys, written, partial in _sense_candidates(senses[0])])
    merged = dict.fromkeys(c for sense in senses for c in _sense_candidates(sense))
    return tuple([(keys, written, partial) for _, keys, written, partial in sorted(merged, key=lambda c: c[0])])


@lru_cache(maxsize=_MEMO)
def _sense_candidates(sense: str) -> tuple[tuple[tuple[int, int], tuple[str, ...], tuple[str, ...], int], ...]:
    """The candidates of one sense, longest first, each with its sort key (fewer
    words and letters after), its words' `_key`, its words in lower case and 1 if
    it is only some words of a part of the sense (政务 "government affairs" says
    "government" less fully than 政府 "government" does). They
    are worked out once a sense: match_options asks for the few senses of a word
    that meet a sentence, a different few for each sentence."""
    candidates: list[str] = []
    wholes: set[str] = set()  # candidates that are a whole part (others are some of its words)
    for part in _PART_SPLIT.split(_PAREN.sub(" ", sense)):
        verb = part.strip().lower().startswith("to ")
        part = _ARTICLE.sub("", " ".join(_FILLER.sub(" ", part).split()))
        if not part:
            continue
        candidates.append(part)
        wholes.add(part)
        # A verb's object is no translation of it ("to enroll new students").
        if verb:
            # The verb and the adverbs that make its meaning ("penetrate deeply").
            words = _WORD.findall(part)
            some = [w for w in words[:1] if w.lower() not in _STOP]
            some += [w for w in words[1:] if w.lower().endswith("ly") and len(w) > 4]
            if words[:1] and words[0].lower() in _COPULAS:
                # "to be pregnant", "to be widely known as": the word after the
                # copula (and its adverbs) is what the English says ("known for").
                head = [w for w in words[1:] if not (w.lower().endswith("ly") and len(w) > 4)][:1]
                some += [w for w in head if w.lower() not in _STOP]
        else:
            some = _head_words(part)
        candidates.extend(some)
    found = []
    for candidate in dict.fromkeys(candidates):
        partial = 0 if candidate in wholes else 1
        wanted = _WORD.findall(candidate)
        if not wanted or len(wanted) != len(candidate.split()) or (len(wanted) == 1 and len(wanted[0]) < 2):
            continue  # candidates with digits or symbols never match
        order = (-len(wanted), -len(candidate))
        found.append((order, tuple(_key(w) for w in wanted), tuple(w.lower() for w in wanted), partial))
    return tuple(sorted(found, key=lambda c: c[0]))


_COPULAS = frozenset(["be", "become"])
_ARTICLE = re.compile(r"^(the|a|an) (?=\S)", re.IGNORECASE)  # "the starting line": the span is "starting line"
_HEAD_CUT = re.compile(r"\b(of|for|in|on|with|from|at|by|as|to)\b", re.IGNORECASE)


def _head_words(part: str) -> list[str]:
    """The content words of a sense part that translate the term alone: those
    before "of", "for", "in"...; what follows them says what the term is about
    ("head of a station": not "station"; "last third of the month"). A part of
    more than three content words is a description, not a translation ("problems
    get more and more intense"): only all of it together counts."""
    if len([w for w in _WORD.findall(part) if w.lower() not in _STOP]) > 3:
        return []
    part = _LEADING_PREPOSITION.sub("", part.replace("'s", " "))  # "on invitation"
    return [w for w in _WORD.findall(_HEAD_CUT.split(part)[0]) if w.lower() not in _STOP and w.lower() not in _PARTICLES]


# Words that say where, never what: no translation of a word alone ("all around"
# is not 围 where the English says "around the square"). Words that say when stay
# (前夕 "the day before" is the English "before").
_PARTICLES = frozenset(
    "about above across against along among around behind below beneath beside between "
    "beyond down over through throughout toward towards under upon within without".split()
)


_LEADING_PREPOSITION = re.compile(r"^\s*((at|on|in|of|for|by|with|from|as)\s+)+", re.IGNORECASE)


def english_match_text(senses: Sequence[str], english: str | English) -> str:
    """The words of `english` that `english_match` finds, or ""."""
    span = english_match(senses, english)
    text = english.text if isinstance(english, English) else english
    return text[span[0] : span[1]] if span else ""


# --- names and set phrases --------------------------------------------------------


def _only_names(word: str, lexicon: Lexicon) -> bool:
    entries = lexicon.entries(word)
    return bool(entries) and all(e.pinyin[:1].isupper() for e in entries)


def is_surname(char: str, lexicon: Lexicon) -> bool:
    return len(char) in (1, 2) and any(
        s.startswith("surname ") for e in lexicon.entries(char) for s in e.senses
    )


def is_set_phrase(word: str, lexicon: Lexicon, pos: str = "") -> bool:
    """A four-character idiom or set phrase, learnt whole: jieba's idiom tag (i),
    or a four-character CC-CEDICT word. jieba's "l" (habitual expression) is not
    enough: it glues free combinations such as 深入基层 and 思想作风, which a
    learner studies as their two words."""
    if len(word) != 4:
        return False
    return pos == "i" or any(not e.pinyin[:1].isupper() for e in lexicon.entries(word))
