"""From segmented sentences to candidate study words, with where each occurs.

This is where jieba's output becomes words a learner would look up: punctuation,
numbers, Latin and names are set aside; a token CC-CEDICT does not know (jieba
glues 提前完成, 生产战线) is split into dictionary words, so no card goes out
without a meaning; stop words are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

from .gloss import find_names, is_set_phrase
from .lexicon import Lexicon
from .models import Token, TokenKind
from .pinyin import Reading, read_word
from .segment import classify
from .text import has_han


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One running occurrence of a candidate word."""

    word: str
    reading: Reading
    pair_index: int  # which SentencePair it is in
    start: int  # character offset in that pair's Chinese text
    in_headline: bool


@dataclass(frozen=True, slots=True)
class Vocabulary:
    occurrences: tuple[Occurrence, ...]
    names: tuple[str, ...]  # proper names, in order of first appearance
    running_words: int  # word and name tokens, the base for coverage figures


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = (resources.files("vocabgen") / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


_UNSEEN = object()  # a memo's "not asked yet", since None is an answer there


def collect(
    tokenized: Sequence[tuple[Sequence[Token], Sequence[Reading]]],
    headline_pairs: int,
    lexicon: Lexicon,
) -> Vocabulary:
    """Candidates from each pair's tokens and readings.

    `tokenized[i]` holds pair i's tokens and their readings; the first
    `headline_pairs` pairs are the headline."""
    occurrences: list[Occurrence] = []
    names: dict[str, None] = {}
    running = 0
    memo = lexicon.memo("collect")  # token -> _pieces(token)
    for index, (tokens, readings) in enumerate(tokenized):
        headline = index < headline_pairs
        in_name: set[int] = set()
        for first, end, text in find_names(tokens, lexicon):
            names.setdefault(text)
            in_name.update(range(first, end))
        for position, (token, reading) in enumerate(zip(tokens, readings)):
            key = (token.text, token.pos, token.kind)
            pieces = memo.get(key, _UNSEEN)
            if pieces is _UNSEEN:
                pieces = memo[key] = _pieces(token, lexicon)
            if pieces is None:
                continue
            running += 1
            if position in in_name:
                continue
            for word, offset, own in pieces:
                occurrences.append(
                    Occurrence(word, reading if own is None else own, index, token.start + offset, headline)
                )
    return Vocabulary(tuple(occurrences), tuple(names), running)


def _pieces(token: Token, lexicon: Lexicon) -> tuple[tuple[str, int, Reading | None], ...] | None:
    """What a token gives the vocabulary, as (word, offset in the token, reading;
    None for the token's own reading in context); None when it is no running word.

    It depends on the token's text, tag and kind alone, so `collect` keeps it: an
    article repeats its words, and every article the common ones."""
    if token.kind not in (TokenKind.WORD, TokenKind.NAME) or not has_han(token.text):
        return None
    if lexicon.knows(token.text) or is_set_phrase(token.text, lexicon, token.pos):
        # Idioms and set phrases (包办代替) are learnt whole, even when the
        # dictionary does not list them; terms.py glosses them from their parts.
        pieces = [(token.text, 0, None)]
    else:
        pieces = []
        offset = 0
        for piece in lexicon.split_known(token.text):
            if lexicon.knows(piece):  # a lone character no entry covers: no card
                pieces.append((piece, offset, read_word(piece, lexicon)))
            offset += len(piece)
    stop = stopwords()
    return tuple(
        (word, offset, reading)
        for word, offset, reading in pieces
        # A split can uncover a number (六十 out of 六十多); numbers get no card.
        if word not in stop and has_han(word) and classify(word, "") is TokenKind.WORD
    )
