"""The typed values that pass between the pipeline's stages.

Every class here is a frozen, slotted dataclass holding tuples rather than lists, so
a stage can never change what an earlier stage produced, and values can be hashed,
cached and compared in tests.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """One bilingual article as read from disk, before any language processing."""

    id: str  # stable, filesystem-safe: date plus a short slug
    source: str  # the path it was read from, for messages
    title_en: str
    title_zh: str
    author: str
    date: str  # ISO yyyy-mm-dd, or "" when unknown
    page: str  # "3" for 第3版, or ""
    # Headline lines first (they are translated too), then body paragraphs.
    en_paragraphs: tuple[str, ...]
    zh_paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A bead of the alignment: Chinese sentences with the English that translates them.

    Either side may be empty (a sentence the other language left out)."""

    zh: str
    en: str
    confidence: float  # 0..1; below LOW_CONFIDENCE a pair is not used as an example
    zh_ids: tuple[int, ...] = ()  # indices into the article's Chinese sentences
    en_ids: tuple[int, ...] = ()  # indices into the article's English sentences


LOW_CONFIDENCE = 0.5


class TokenKind(str, enum.Enum):
    WORD = "word"
    NAME = "name"  # people, places, organisations: kept out of the deck
    NUMBER = "number"
    PUNCT = "punct"
    LATIN = "latin"
    SPACE = "space"


@dataclass(frozen=True, slots=True)
class Token:
    """A span of the original text: text == sentence[start:end]."""

    text: str
    start: int
    end: int
    kind: TokenKind
    pos: str = ""  # jieba's part-of-speech tag


@dataclass(frozen=True, slots=True)
class DictEntry:
    """One CC-CEDICT line: one reading of one headword, with its senses."""

    traditional: str
    simplified: str
    pinyin: str  # CC-CEDICT's numbered syllables, e.g. "yin2 hang2"
    senses: tuple[str, ...]

    @property
    def classifiers(self) -> tuple[str, ...]:
        return tuple(s for s in self.senses if s.startswith("CL:"))


@dataclass(frozen=True, slots=True)
class Term:
    """A word chosen for study, with everything a card or a sheet shows of it."""

    hanzi: str
    traditional: str
    pinyin: str  # tone marks, syllables separated by spaces
    pinyin_numbered: str  # tone digits, e.g. "gong1 zuo4"
    meaning: str  # the senses that fit, joined with "; "
    hsk: int | None  # HSK 3.0 level 1..7 (7 = band 7-9), None if not listed
    zipf: float  # general frequency in Chinese, wordfreq's Zipf scale
    count: int  # occurrences in this article
    score: float
    sentence_index: int  # index of its example in the article's SentencePairs
    sentence_zh: str
    sentence_en: str
    classifiers: tuple[str, ...] = ()
    pinyin_alternatives: tuple[str, ...] = ()  # other plausible readings
    english_match: str = ""  # the words of sentence_en that translate the term
    # where english_match is in sentence_en: (start, end) character offsets; () if none
    english_span: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ClozeItem:
    """A sentence with one or more terms blanked."""

    sentence_index: int
    zh: str
    en: str
    answers: tuple[str, ...]  # the blanked terms, in sentence order
    # The sentence cut into text and blanks: even indices are text, odd are answers.
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AudioClip:
    """A synthesised recording, stored under a content-hashed file name."""

    text: str
    path: str  # absolute path of the audio file
    filename: str  # its media file name inside a package
    engine: str  # which engine spoke it: "edge", "offline"


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of an article's running words a learner already knows.

    Running words are the article's Chinese words as the deck counts them (a token
    CC-CEDICT does not know counts as its dictionary pieces); proper names and stop
    words count as known in every figure. See coverage.py."""

    running_words: int
    by_hsk: tuple[float, ...]  # share known when HSK 1..L is known, L = 1..7 (7 = band 7-9)
    known: float  # share this learner knows: --known lists and --hsk-known
    # (target percent, how many new words in rank order reach it; None: never)
    new_words_for: tuple[tuple[int, int | None], ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleStudy:
    """Everything the exporters need for one article."""

    article: Article
    pairs: tuple[SentencePair, ...]
    terms: tuple[Term, ...]
    cloze: tuple[ClozeItem, ...]
    pair_pinyin: tuple[str, ...] = ()  # pinyin of each pair's Chinese, in context
    names: tuple[str, ...] = ()  # proper names found, kept out of the deck
    audio: tuple[AudioClip, ...] = field(default=())  # keyed by text
    running_words: int = 0  # word tokens in the article, for coverage
    coverage: Coverage | None = None  # what share of the text the learner knows
    script: str = "simplified"  # "simplified" | "traditional" | "both": the front of cards
    pair_traditional: tuple[str, ...] = ()  # each pair's Chinese in traditional characters

    def pinyin_of(self, sentence_index: int) -> str:
        return self.pair_pinyin[sentence_index] if sentence_index < len(self.pair_pinyin) else ""

    def clip_for(self, text: str) -> AudioClip | None:
        for clip in self.audio:
            if clip.text == text:
                return clip
        return None
