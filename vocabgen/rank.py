"""Which words of an article are worth a card, and in what order.

The score of a word w is the product of four factors, each with a reason:

    score(w) = salience(w) * difficulty(w) * usefulness(w) * level(w)

salience   = 1 + ln(count) + 0.5 * [w is in the headline]
    Words the article repeats, or puts in its headline, are what it is about; a
    learner meets them again on the next page. The log keeps one word repeated
    twenty times from crowding out everything else.

difficulty = clamp((6.3 - zipf) / 2.5, 0.05, 1)
    zipf is the word's general frequency (wordfreq, log10 per billion words).
    Above ~6 (的, 我们, 工作) a reader of newspapers already knows the word; the
    factor grows as the word gets rarer and saturates at zipf 3.8.

usefulness = clamp((zipf - 1.5) / 2.0, 0.15, 1)
    A word rare in all of Chinese (below zipf ~3.5: archaic or highly technical
    terms) pays a learner back less than a common one of the same difficulty,
    unless the article leans on it (salience can still lift it).

level      = by HSK 3.0 level: 1-2: 0.3, 3: 0.6, 4: 0.85, 5-6 and band 7-9: 1.0,
             not listed: 0.9
    HSK levels say what a learner at each stage is expected to know. Words of
    levels 1-2 are usually known already; unlisted words include good domain
    vocabulary (基层, 厂矿) as well as odd compounds, so they are damped a little.

Ties break on the first occurrence, so the order is deterministic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .lexicon import Lexicon
from .options import RankOptions  # defined apart so config.py need not import ranking
from .vocabulary import Occurrence

_LEVEL_WEIGHT = {1: 0.3, 2: 0.3, 3: 0.6, 4: 0.85, 5: 1.0, 6: 1.0, 7: 1.0}
_UNLISTED_WEIGHT = 0.9


@dataclass(frozen=True, slots=True)
class Ranked:
    word: str
    count: int
    score: float
    occurrences: tuple[Occurrence, ...]  # in text order


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@lru_cache(maxsize=1 << 15)  # bounded; articles repeat (count, headline, zipf, level)
def score(count: int, in_headline: bool, zipf: float, hsk: int | None) -> float:
    """The formula in the module docstring."""
    salience = 1 + math.log(count) + (0.5 if in_headline else 0.0)
    difficulty = _clamp((6.3 - zipf) / 2.5, 0.05, 1.0)
    usefulness = _clamp((zipf - 1.5) / 2.0, 0.15, 1.0)
    level = _LEVEL_WEIGHT.get(hsk, _UNLISTED_WEIGHT) if hsk else _UNLISTED_WEIGHT
    return salience * difficulty * usefulness * level


def rank_all(
    occurrences: Sequence[Occurrence], lexicon: Lexicon, known: frozenset[str] = frozenset()
) -> tuple[Ranked, ...]:
    """Every word the learner does not know, grouped, scored and best first."""
    by_word: dict[str, list[Occurrence]] = {}
    in_headline: set[str] = set()
    for occurrence in occurrences:
        by_word.setdefault(occurrence.word, []).append(occurrence)
        if occurrence.in_headline:
            in_headline.add(occurrence.word)
    ranked: list[tuple[float, int, Ranked]] = []
    facts = lexicon.memo("rank")  # word -> (estimated zipf, HSK level)
    for order, (word, found) in enumerate(by_word.items()):
        if word in known:
            continue
        zipf_hsk = facts.get(word)
        if zipf_hsk is None:
            zipf_hsk = facts[word] = (lexicon.estimated_zipf(word), lexicon.hsk(word))
        value = score(len(found), word in in_headline, *zipf_hsk)
        ranked.append((-value, order, Ranked(word, len(found), round(value, 4), tuple(found))))
    ranked.sort(key=lambda item: item[:2])
    return tuple(item[2] for item in ranked)


def select(ranked: Sequence[Ranked], lexicon: Lexicon, options: RankOptions) -> tuple[Ranked, ...]:
    """The deck's words out of `rank_all`'s order: --min-hsk, then --max-terms.

    Coverage needs the whole order and the deck a filtered head of it, so a build
    ranks once and selects (filtering keeps the relative order)."""
    chosen = [
        r for r in ranked
        if not (options.min_hsk and (hsk := lexicon.hsk(r.word)) is not None and hsk <= options.min_hsk)
    ]
    return tuple(chosen[: options.max_terms])


def rank(
    occurrences: Sequence[Occurrence], lexicon: Lexicon, options: RankOptions
) -> tuple[Ranked, ...]:
    """Group occurrences by word, score, filter and order them."""
    return select(rank_all(occurrences, lexicon, options.known), lexicon, options)
