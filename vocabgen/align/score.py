"""Scoring sentence alignments: strict and lax precision, recall and F1 over beads.

The definitions are Vecalign's `score.py` (also used by Bertalign's evaluation), so
our figures compare with the published ones:

- a bead is a pair (zh ids, en ids); beads empty on both sides are ignored;
- strict: a test bead counts as right only if the gold has exactly that bead;
- lax: a test bead counts as right if some Chinese sentence of it is aligned in the
  gold to some English sentence of it;
- recall is precision with gold and test swapped; counts are summed over documents
  before dividing (micro average).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float


def _norm(beads: Iterable[Sequence[Sequence[int]]]) -> set[BeadIds]:
    return {(tuple(z), tuple(e)) for z, e in beads if len(z) or len(e)}


def _counts(gold: set[BeadIds], test: set[BeadIds]) -> tuple[int, int, int, int]:
    """(true strict, false strict, true lax, false lax) of `test` against `gold`."""
    to_gold_en: dict[int, set[int]] = defaultdict(set)
    for zh, en in gold:
        for i in zh:
            to_gold_en[i].update(en)
    tps = fps = tpl = fpl = 0
    for zh, en in test:
        if (zh, en) in gold:
            tps += 1
            tpl += 1
            continue
        fps += 1
        en_set = set(en)
        if any(to_gold_en[i] & en_set for i in zh):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


def _ratio(a: int, b: int) -> float:
    return a / (a + b) if a + b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_beads(
    gold: Sequence[Iterable[Sequence[Sequence[int]]]],
    test: Sequence[Iterable[Sequence[Sequence[int]]]],
) -> Scores:
    """Score test alignments against gold ones, one list of beads per document."""
    if len(gold) != len(test):
        raise ValueError("gold and test must hold the same number of documents")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for g, t in zip(gold, test):
        gs, ts = _norm(g), _norm(t)
        p = [a + b for a, b in zip(p, _counts(gs, ts))]
        r = [a + b for a, b in zip(r, _counts(ts, gs))]
    ps, pl = _ratio(p[0], p[1]), _ratio(p[2], p[3])
    rs, rl = _ratio(r[0], r[1]), _ratio(r[2], r[3])
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))
