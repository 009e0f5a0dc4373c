"""Sentence alignment: which English sentences translate which Chinese ones.

A first version: dynamic programming over beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1) over
the article's sentences, scored by length (Gale-Church: English characters run at
about 3x Chinese characters in these articles) and by CC-CEDICT lexical overlap
(English words that translate a Chinese word of the candidate). Each pair's
confidence is the bead's lexical evidence squashed to 0..1.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from .lexicon import Lexicon
from .models import SentencePair

# Beads allowed, with a prior cost (rarer shapes cost more).
_BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.0, (1, 2): 1.6, (2, 1): 1.6, (2, 2): 2.8, (1, 3): 3.6, (3, 1): 3.6,
    (1, 0): 4.5, (0, 1): 4.5,
}
_RATIO = 3.2  # English characters per Chinese character
_STOP_EN = frozenset(
    "the a an of to and in on for with by at from as is are was were be been this that "
    "these those it its their they he she his her we our not or but also which who".split()
)
_WORD = re.compile(r"[A-Za-z]+|\d+")


@dataclass(frozen=True, slots=True)
class Bead:
    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float  # lexical evidence, 0..1


def _zh_length(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _translations(lexicon: Lexicon, text: str) -> frozenset[str]:
    """English content words that CC-CEDICT gives for the Chinese words of text."""
    words: set[str] = set(re.findall(r"\d+", text))
    n = len(text)
    for i in range(n):
        for j in range(i + 1, min(n, i + 4) + 1):
            for entry in lexicon.entries(text[i:j]):
                for sense in entry.senses:
                    for w in _WORD.findall(sense.lower()):
                        if w not in _STOP_EN and len(w) > 2:
                            words.add(_stem(w))
    return frozenset(words)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _en_words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP_EN and len(w) > 2 or w.isdigit()]


def _lexical(zh_words: frozenset[str], en_words: list[str]) -> float:
    if not en_words:
        return 0.0
    hits = sum(1 for w in en_words if w in zh_words)
    return hits / len(en_words)


def _length_cost(zh_len: int, en_len: int) -> float:
    if zh_len == 0 or en_len == 0:
        return 0.0
    expected = zh_len * _RATIO
    return abs(math.log((en_len + 10) / (expected + 10))) * 4


def align_sentences(zh: Sequence[str], en: Sequence[str], lexicon: Lexicon) -> list[Bead]:
    """Align two lists of sentences; every sentence lands in exactly one bead."""
    zh_words = [_translations(lexicon, s) for s in zh]
    en_words = [_en_words(s) for s in en]
    zh_len = [_zh_length(s) for s in zh]
    en_len = [len(s) for s in en]
    m, n = len(zh), len(en)
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(m + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (n + 1) for _ in range(m + 1)]
    cost[0][0] = 0.0
    for i in range(m + 1):
        for j in range(n + 1):
            base = cost[i][j]
            if base == inf:
                continue
            for (di, dj), prior in _BEADS.items():
                a, b = i + di, j + dj
                if a > m or b > n:
                    continue
                lexical = 0.0
                if di and dj:
                    words = frozenset().union(*zh_words[i:a])
                    lexical = _lexical(words, [w for k in range(j, b) for w in en_words[k]])
                step = prior + _length_cost(sum(zh_len[i:a]), sum(en_len[j:b])) - 6 * lexical
                if base + step < cost[a][b]:
                    cost[a][b] = base + step
                    back[a][b] = (i, j, lexical)
    beads: list[Bead] = []
    a, b = m, n
    while a or b:
        step = back[a][b]
        assert step is not None
        i, j, lexical = step
        beads.append(Bead(tuple(range(i, a)), tuple(range(j, b)), lexical))
        a, b = i, j
    beads.reverse()
    return beads


def _confidence(bead: Bead) -> float:
    if not bead.zh or not bead.en:
        return 0.0
    # 0.35 of an English sentence's content words found in the dictionary
    # translations is typical of a right pair in these articles; squash around it.
    return round(1 / (1 + math.exp(-12 * (bead.score - 0.18))), 3)


def align_article(zh: Sequence[str], en: Sequence[str], lexicon: Lexicon) -> tuple[SentencePair, ...]:
    """Align an article's sentences into SentencePairs, in order."""
    pairs = []
    for bead in align_sentences(zh, en, lexicon):
        pairs.append(
            SentencePair(
                zh="".join(zh[k] for k in bead.zh),
                en=" ".join(en[k] for k in bead.en),
                confidence=_confidence(bead),
                zh_ids=bead.zh,
                en_ids=bead.en,
            )
        )
    return tuple(pairs)
