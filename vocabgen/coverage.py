"""Coverage: what share of an article's running words a learner already knows.

Reading research (Nation; Hu & Nation 2000) puts comfortable reading at about 98%
of running words known and adequate reading at 95%; 90% is where a dictionary is
in constant use. So for each article we report:

- `by_hsk[L-1]`: the share known by a learner who knows HSK 1..L (L = 1..7, 7 being
  band 7-9);
- `known`: the share this learner knows (their `--known` lists and `--hsk-known`);
- `new_words_for`: how many new words, taken in the deck's rank order, bring the
  learner to 90%, 95% and 98% (None when the ranked words never get there, e.g.
  because rare characters no dictionary entry covers are left).

Units are counted as the deck counts words: each word or name token with Han
characters; a token CC-CEDICT does not know counts as its dictionary pieces (as in
vocabulary.py). Proper names and stop words count as known in every figure: names
are not vocabulary (the usual convention in coverage studies), and the stop words
are the grammatical words no deck teaches (的, 了, 我们).
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from .lexicon import HSK_BAND, Lexicon
from .models import Coverage, Token, TokenKind
from .rank import Ranked, rank_all
from .text import has_han, hsk_label  # noqa: F401  (hsk_label: also the stats table's)
from .vocabulary import Occurrence, _pieces

TARGETS = (90, 95, 98)


def units(tokens_by_pair: Sequence[Sequence[Token]], lexicon: Lexicon) -> tuple[Counter, int]:
    """(count of each vocabulary unit, number of units that are always known)."""
    counts: Counter = Counter()
    free = 0
    memo = lexicon.memo("units")  # token -> _token_units(token)
    for tokens in tokens_by_pair:
        for token in tokens:
            key = (token.text, token.kind)
            found = memo.get(key)
            if found is None:
                found = memo[key] = _token_units(token, lexicon)
            always_known, pieces = found
            free += always_known
            for piece in pieces:
                counts[piece] += 1
    return counts, free


def _token_units(token: Token, lexicon: Lexicon) -> tuple[int, tuple[str, ...]]:
    """(how many of a token's units are always known, its other units). It depends
    on the token's text and kind alone, and articles repeat their words: `units`
    keeps the answers."""
    if token.kind not in (TokenKind.WORD, TokenKind.NAME) or not has_han(token.text):
        return 0, ()
    if token.kind is TokenKind.NAME:
        return 1, ()
    # The units are the words the vocabulary makes of the token (vocabulary._pieces).
    # A token that gives none (a stop word; characters inside a word nobody
    # lists, which get no card) counts as one unit known to everyone.
    pieces = tuple(word for word, _, _ in (_pieces(token, lexicon) or ()))
    return (0 if pieces else 1), pieces


def measure(
    tokens_by_pair: Sequence[Sequence[Token]],
    occurrences: Sequence[Occurrence],
    lexicon: Lexicon,
    known: frozenset[str] = frozenset(),
    targets: Sequence[int] = TARGETS,
    ranked: Sequence[Ranked] | None = None,
) -> Coverage:
    """Coverage of one article for a learner who knows `known` (simplified words,
    HSK words already included by the caller). `ranked` is `rank_all`'s order for
    the same occurrences and known words, when the caller has it already."""
    counts, free = units(tokens_by_pair, lexicon)
    total = free + sum(counts.values())
    if not total:
        return Coverage(0, tuple(1.0 for _ in range(HSK_BAND)), 1.0, tuple((t, 0) for t in targets))

    at_level = Counter()
    for word, n in counts.items():
        at_level[lexicon.hsk(word) or HSK_BAND + 1] += n
    by_hsk = []
    cumulative = free
    for level in range(1, HSK_BAND + 1):
        cumulative += at_level[level]
        by_hsk.append(cumulative / total)
    covered = free + sum(n for word, n in counts.items() if word in known)
    learner = covered / total

    if ranked is None:
        ranked = rank_all(occurrences, lexicon, known)
    needed: list[tuple[int, int | None]] = []
    pending = sorted(targets)
    if pending:
        for index, item in enumerate([None, *ranked]):
            if item is not None:
                covered += counts.get(item.word, 0)
            while pending and covered * 100 >= pending[0] * total - 1e-9:
                needed.append((pending.pop(0), index))
            if not pending:
                break
        needed += [(target, None) for target in pending]
    return Coverage(
        running_words=total,
        by_hsk=tuple(round(v, 4) for v in by_hsk),
        known=round(learner, 4),
        new_words_for=tuple(needed),
    )


def as_dict(coverage: Coverage | None) -> dict | None:
    """The manifest's `coverage` object."""
    if coverage is None:
        return None
    return {
        "running_words": coverage.running_words,
        "by_hsk": {hsk_label(level): value for level, value in enumerate(coverage.by_hsk, start=1)},
        "known": coverage.known,
        "new_words_for": {f"{target}%": n for target, n in coverage.new_words_for},
    }


def summary(coverage: Coverage | None) -> str:
    """One cell of the build summary: `87% (+48 → 95%)`."""
    if coverage is None:
        return ""
    text = f"{coverage.known:.0%}"
    for target, n in coverage.new_words_for:
        if target == 95:
            text += f" (+{n} → 95%)" if n is not None else " (95% not reached)"
    return text
