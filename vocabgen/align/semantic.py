"""The aligner's second search, for free translations: sentence embeddings beside the
lexical evidence, over beads up to 1-4 and 4-1 (as Vecalign does).

A bead's cost adds, per sentence it holds,
- how unlike its two sides' embeddings are: the cosine of the summed embeddings
  of each side's sentences, normalised by how unlike each side is to sentences
  picked across the other text (Vecalign's normalisation: a pair is judged
  against what a random pair scores in this very text, so a chapter whose
  translation is free everywhere is not penalised everywhere);
- the length mismatch (as the lexical search measures it);
and, per bead, its shape's prior, the lexical evidence (`_Lexical`, with a lower
bar than news needs) and the paragraph costs. Leaving a sentence unaligned costs a
fixed amount. Summed embeddings stand in for embeddings of the joined text (as
Vecalign embeds it): the encoder then runs once per sentence, not once per span.

A bead's confidence is its probability over all paths through the band
(forward-backward at `temperature`), times a factor that falls once its
embeddings are about as far apart as unrelated sentences'.

The search runs inside a band around the path the two texts' lengths suggest (the
English position whose share of the English letters matches the Chinese share
read so far), widened when the best path touches its edge, with a ceiling on the
number of cells: time and memory grow with the text's length times the band's
width, never with the square of the text; a text whose band would exceed
`max_cells` is left to the lexical search. Every bead's cost is computed by numpy
for the whole band at once; the rows are then combined one after another.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .beads import Bead, band

if TYPE_CHECKING:
    from .search import _Aligner

# Bead shapes (Chinese sentences, English sentences) and their priors. The 1-1
# bead comes first: of equal costs, the first shape tried wins.
SHAPES: dict[tuple[int, int], float] = {
    (1, 1): 0.0, (1, 2): 0.1, (2, 1): 0.2, (2, 2): 1.5, (1, 3): 0.3, (3, 1): 0.5,
    (2, 3): 2.0, (3, 2): 2.0, (1, 4): 0.5, (4, 1): 0.8,
}


@dataclass(frozen=True, slots=True)
class Weights:
    """The few numbers of the combined cost. `encoder_zero`, `skip`, `length`,
    `lexical` and `lexical_zero` were chosen on a small grid, checked by
    leave-one-chapter-out on the six development chapters (`bench/align_eval.py
    --loo`: five of six held-out chapters chose these); the shape priors and `encoder` by
    hand, the priors of 2-2/2-3/3-2 raised once the first runs made too many of
    them; `temperature` by the precision of pairs above and below 0.5."""

    encoder: float = 4.0  # per sentence and unit of normalised embedding distance
    encoder_zero: float = 0.85  # normalised distance at which pairing costs nothing
    lexical: float = 2.0  # per sentence and unit of lexical evidence
    lexical_zero: float = 0.2
    length: float = 1.0
    skip: float = 1.5  # leaving one sentence unaligned
    orphan: float = 5.0  # leaving a lone closing quote or bracket unaligned
    paragraph: float = 0.6
    cross: float = 1.5  # per paragraph break inside a bead: no cheaper than a skip
    temperature: float = 0.4  # of the costs, for a bead's probability (its confidence)
    band: int = 12  # first half-width of the band, in English sentences
    max_cells: int = 300_000  # the band never holds more cells than this (~100 MB)


WEIGHTS = Weights()
_TRUST_ZERO = 0.92  # embedding distance at which a pair keeps half its confidence
_TRUST_SCALE = 0.03
_SAMPLE = 24  # sentences of the other side a span is compared with, to normalise


def _spans(emb: np.ndarray, size: int) -> np.ndarray:
    """Row k: the L2-normalised sum of emb[k:k+size] (one row per start)."""
    prefix = np.zeros((emb.shape[0] + 1, emb.shape[1]), dtype=np.float64)
    np.cumsum(emb, axis=0, out=prefix[1:])
    spans = prefix[size:] - prefix[:-size]
    norms = np.linalg.norm(spans, axis=1, keepdims=True)
    return (spans / np.maximum(norms, 1e-9)).astype(np.float32)


def _sample(emb: np.ndarray) -> np.ndarray:
    """Evenly spread rows of `emb` (deterministic): the 'random' sentences."""
    n = emb.shape[0]
    if n <= _SAMPLE:
        return emb.astype(np.float64)
    return emb[np.linspace(0, n - 1, _SAMPLE).round().astype(int)].astype(np.float64)


class Embedded:
    """Per shape size, the span embeddings of each side and their normalisers."""

    def __init__(self, zh: np.ndarray, en: np.ndarray) -> None:
        self.m, self.n = zh.shape[0], en.shape[0]
        zh_sample, en_sample = _sample(zh), _sample(en)
        self.zh: dict[int, np.ndarray] = {}
        self.en: dict[int, np.ndarray] = {}
        self.zh_norm: dict[int, np.ndarray] = {}
        self.en_norm: dict[int, np.ndarray] = {}
        for size in sorted({p for p, _ in SHAPES}):
            if size <= self.m:
                self.zh[size] = _spans(zh, size)
                self.zh_norm[size] = 1.0 - (self.zh[size] @ en_sample.T).mean(axis=1)
        for size in sorted({q for _, q in SHAPES}):
            if size <= self.n:
                self.en[size] = _spans(en, size)
                self.en_norm[size] = 1.0 - (self.en[size] @ zh_sample.T).mean(axis=1)

    def distance(self, i: int, p: int, j0: int, j1: int, q: int) -> np.ndarray:
        """Normalised embedding distance of zh[i:i+p] to en[j:j+q], j in j0..j1-1."""
        cos = self.en[q][j0:j1] @ self.zh[p][i]
        norm = 0.5 * (self.zh_norm[p][i] + self.en_norm[q][j0:j1])
        return (1.0 - cos) / np.maximum(norm, 1e-3)


class _Lexical:
    """The lexical evidence of any bead in the band, by numpy: for each pair (zh t,
    en k) near the band, the share of en[k]'s content words zh[t] explains and the
    share of zh[t]'s content characters en[k] explains. A sentence of a bead counts
    the largest share any one sentence of the other side explains (the lexical
    search takes the union of what they explain: the largest share is a little
    lower; on the development chapters it chose beads as well or better). Stored
    as bands, row t from English sentence `base[t]` on: memory grows with the text's
    length times the band's width."""

    def __init__(self, al: _Aligner, lo: list[int], hi: list[int]) -> None:
        m, n = al.m, al.n
        self.base = np.asarray([lo[max(0, t - 3)] for t in range(m)] or [0])
        ends = [min(n, hi[min(m, t + 4)]) for t in range(m)]
        self.width = max([e - b for e, b in zip(ends, self.base.tolist())] or [0]) + 1
        self.en_share = np.zeros((max(m, 1), self.width))
        self.zh_share = np.zeros((max(m, 1), self.width))
        for t in range(m):
            k0, k1 = int(self.base[t]), ends[t]
            al.fill(t, k0, k1)
            em_row, zm_row, zt = al.em[t], al.zm[t], al.zh_weight[t]
            for k in range(k0, k1):
                et = al.en_weight[k]
                if et:
                    self.en_share[t, k - k0] = em_row[k].bit_count() / et
                if zt:
                    self.zh_share[t, k - k0] = zm_row[k].bit_count() / zt
        self.m = m
        self.en_count = np.concatenate([[0], np.cumsum(np.asarray(al.en_weight) > 0)])
        self.zh_count = np.concatenate([[0], np.cumsum(np.asarray(al.zh_weight) > 0)])

    def _at(self, table: np.ndarray, t: np.ndarray, k: np.ndarray) -> np.ndarray:
        t = np.clip(t, 0, self.m - 1)
        col = k - self.base[t]
        inside = (col >= 0) & (col < self.width)
        return np.where(inside, table[t, np.clip(col, 0, self.width - 1)], 0.0)

    def evidence(self, a: np.ndarray, b: np.ndarray, p: int, q: int) -> tuple[np.ndarray, np.ndarray]:
        """(summed shares, sentences with content) of the beads zh[a-p:a] + en[b-q:b]."""
        i, j = a - p, b - q
        total = np.zeros(b.shape)
        for o in range(q):
            share = self._at(self.en_share, i, j + o)
            for t in range(1, p):
                share = np.maximum(share, self._at(self.en_share, i + t, j + o))
            total += share
        for o in range(p):
            share = self._at(self.zh_share, i + o, j)
            for k in range(1, q):
                share = np.maximum(share, self._at(self.zh_share, i + o, j + k))
            total += share
        count = self.en_count[np.clip(b, 0, None)] - self.en_count[np.clip(j, 0, None)]
        count = count + self.zh_count[np.clip(a, 0, None)] - self.zh_count[np.clip(i, 0, None)]
        return total, count


def search(
    al: _Aligner, emb: Embedded, width: int, w: Weights
) -> tuple[list[tuple[int, int, int, int, float]], bool, _Tables]:
    """Best path within the band; True if it touches the band's edge; the tables.

    The cost of every bead in the band depends on the texts only, so it is worked
    out for all rows at once (arrays of rows x band cells); the rows are then
    combined one after another, each a few numpy operations over its cells."""
    m, n = al.m, al.n
    lo, hi = band(al.zh_len, al.en_len, width)
    lo_a = np.asarray(lo)
    span = np.asarray(hi) - lo_a + 1
    cells = int(span.max())
    rows = np.arange(m + 1)[:, None]
    bs = lo_a[:, None] + np.arange(cells)[None, :]  # the English prefix of each cell
    inside = np.arange(cells)[None, :] < span[:, None]
    lexical = _Lexical(al, lo, hi)
    zh_len = np.asarray(al.zh_len, dtype=np.float64)
    en_len = np.asarray(al.en_len, dtype=np.float64)
    foreign_before = np.asarray(al.foreign_before)
    zh_start = np.asarray(al.zh_start, dtype=bool)
    en_start = np.asarray(al.en_start, dtype=bool)
    zh_breaks, en_breaks = np.asarray(al.zh_breaks), np.asarray(al.en_breaks)
    paragraphs = al.has_paragraphs
    shapes = [(p, q, prior) for (p, q), prior in SHAPES.items() if p <= m and q <= n]
    inf = math.inf
    # Per shape: the step cost of each cell (inf where the bead cannot be), the
    # column of its start cell in the row it starts from, and its lexical share.
    steps, starts, sims = [], [], []
    for p, q, prior in shapes:
        a = np.broadcast_to(rows, bs.shape)
        i = np.maximum(a - p, 0)
        b = np.minimum(bs, n)
        j = b - q
        col = j - lo_a[i]
        ok = inside & (a >= p) & (j >= 0) & (col >= 0) & (col < span[i])
        ok &= foreign_before[b] == foreign_before[np.maximum(j, 0)]
        j = np.maximum(j, 0)
        size = 0.5 * (p + q)
        dist = np.full(bs.shape, inf)
        for r in range(p, m + 1):  # one matrix product per row
            c = ok[r]
            if c.any():
                k0, k1 = int(j[r][c].min()), int(j[r][c].max()) + 1
                d = emb.distance(r - p, p, k0, k1, q)
                dist[r, c] = d[j[r][c] - k0]
        step = w.encoder * size * (dist - w.encoder_zero)
        zl = zh_len[a] - zh_len[i]
        el = en_len[b] - en_len[j]
        step += w.length * size * np.abs(np.log((el + 15) / (zl * al.ratio + 15)))
        step += prior
        total, count = lexical.evidence(a, b, p, q)
        step += w.lexical * (w.lexical_zero * count - total) / 2
        if paragraphs:
            step += w.paragraph * (zh_start[i] != en_start[j])
            if p > 1 or q > 1:
                step += w.cross * (zh_breaks[a] - zh_breaks[np.minimum(i + 1, m)] + en_breaks[b] - en_breaks[np.minimum(j + 1, n)])
        steps.append(np.where(ok, step, inf))
        starts.append(np.where(ok, col, 0).astype(np.int32))
        sims.append(np.where(count > 0, total / np.maximum(count, 1), 0.0))
    # 1-0: from the cell of the same English prefix in the row before.
    a = np.broadcast_to(rows, bs.shape)
    i = np.maximum(a - 1, 0)
    b = np.minimum(bs, n)
    col = b - lo_a[i]
    ok = inside & (a >= 1) & (col >= 0) & (col < span[i])
    skip = np.where(np.asarray(al.zh_orphan + [False])[i], w.orphan, w.skip)
    if paragraphs:
        skip = skip + w.paragraph * (zh_start[i] != en_start[b])
    steps.append(np.where(ok, skip, inf))
    starts.append(np.where(ok, col, 0).astype(np.int32))
    shapes.append((1, 0, 0.0))
    step_all = np.stack(steps)  # shape x row x cell
    start_all = np.stack(starts)
    # 0-1 along a row: the cost of stepping into each cell from the one before.
    en_skip = np.asarray([0.0 if f else w.skip for f in al.foreign] + [0.0])
    prev_en = np.maximum(bs - 1, 0)
    moves = np.where(inside & (np.arange(cells)[None, :] > 0), en_skip[np.minimum(prev_en, n)], inf)
    if paragraphs:
        moves = moves + w.paragraph * (zh_start[:, None] != en_start[np.minimum(prev_en, n)])
    moves[:, 0] = 0.0
    tables = _Tables(lo, hi, span, shapes, step_all, start_all, moves, sims)
    path, edge = tables.viterbi()
    return path, edge, tables


@dataclass(slots=True)
class _Tables:
    """The band and the cost of every bead in it: what both passes over it read."""

    lo: list[int]
    hi: list[int]
    span: np.ndarray  # cells per row
    shapes: list[tuple[int, int, float]]  # the bead shapes; the last is 1-0
    steps: np.ndarray  # shape x row x cell: the cost of the bead ending there
    starts: np.ndarray  # shape x row x cell: its start cell, in the row it starts
    moves: np.ndarray  # row x cell: the cost of a 0-1 bead ending there
    sims: list[np.ndarray]  # shape x row x cell: the bead's lexical evidence

    def viterbi(self) -> tuple[list[tuple[int, int, int, int, float]], bool]:
        """The cheapest path; True if it touches the band's edge."""
        lo, hi, shapes = self.lo, self.hi, self.shapes
        m, cells = self.steps.shape[1] - 1, self.steps.shape[2]
        n = hi[m]
        cost = np.full((m + 1, cells), math.inf)
        back = np.full((m + 1, cells), -1, dtype=np.int8)
        order = np.arange(cells)
        cands = np.empty((len(shapes), cells))
        for r in range(m + 1):
            cands.fill(math.inf)
            for s, (p, _, _) in enumerate(shapes):
                if r >= p:
                    cands[s] = cost[r - p][self.starts[s, r]] + self.steps[s, r]
            best = cands.argmin(axis=0)
            row = cands[best, order]
            choice = best.astype(np.int8)
            if r == 0:
                row[0], choice[0] = 0.0, -1
            # 0-1: cost[b] = min over k <= b of row[k] + the moves from k to b.
            width_r = int(self.span[r])
            run = np.cumsum(self.moves[r, :width_r])
            via = np.minimum.accumulate(row[:width_r] - run) + run
            moved = via < row[:width_r] - 1e-9  # (x - run) + run may round below x
            row[:width_r][moved] = via[moved]
            choice[:width_r][moved] = len(shapes)
            cost[r] = row
            back[r] = choice
        path = []
        a, b = m, n
        edge = False
        while a or b:
            k = b - lo[a]
            s = int(back[a, k])
            if (b == lo[a] and lo[a] > 0) or (b == hi[a] and hi[a] < n):
                edge = True
            if s == len(shapes):  # 0-1
                i, j, sim = a, b - 1, 0.0
            else:
                p, q, _ = shapes[s]
                i, j = a - p, b - q
                sim = float(self.sims[s][a, k]) if q else 0.0
            path.append((i, a, j, b, sim))
            a, b = i, j
        path.reverse()
        return path, edge

    def marginals(self, path: list[tuple[int, int, int, int, float]], temperature: float) -> list[float]:
        """For each bead of `path`, the probability that a path drawn with weight
        exp(-cost / temperature) holds it (forward-backward over the band): near 1
        where no other way of cutting the text comes close, low where another
        bead boundary, or another partner, costs about the same."""
        lo, shapes = self.lo, self.shapes
        m, cells = self.steps.shape[1] - 1, self.steps.shape[2]
        steps = -self.steps / temperature
        moves = -self.moves / temperature
        fwd = np.full((m + 1, cells), -math.inf)
        cands = np.empty((len(shapes), cells))
        for r in range(m + 1):
            cands.fill(-math.inf)
            for s, (p, _, _) in enumerate(shapes):
                if r >= p:
                    cands[s] = fwd[r - p][self.starts[s, r]] + steps[s, r]
            row = np.logaddexp.reduce(cands, axis=0)
            if r == 0:
                row[0] = 0.0
            width_r = int(self.span[r])
            run = np.cumsum(moves[r, :width_r])
            fwd[r, :width_r] = np.logaddexp.accumulate(row[:width_r] - run) + run
        bwd = np.full((m + 1, cells), -math.inf)
        for r in range(m, -1, -1):
            row = np.full(cells, -math.inf)
            if r == m:
                row[self.hi[m] - lo[m]] = 0.0
            for s, (p, _, _) in enumerate(shapes):
                if r + p <= m:
                    np.logaddexp.at(row, self.starts[s, r + p], bwd[r + p] + steps[s, r + p])
            width_r = int(self.span[r])
            # 0-1 forwards along the row: bwd[c] = lse over c2 >= c of row[c2] + moves (c, c2].
            run = np.cumsum(moves[r, :width_r])
            tail = np.logaddexp.accumulate((row[:width_r] + run)[::-1])[::-1]
            bwd[r, :width_r] = tail - run
        total = fwd[m, self.hi[m] - lo[m]]
        out = []
        for i, a, j, b, _ in path:
            if i == a or j == b:
                out.append(0.0)
                continue
            s = next(k for k, (p, q, _) in enumerate(shapes) if (p, q) == (a - i, b - j))
            logp = fwd[i, j - lo[i]] + steps[s, a, b - lo[a]] + bwd[a, b - lo[a]] - total
            out.append(float(min(1.0, math.exp(min(0.0, logp)))))
        return out


def align_beads(al: _Aligner, emb: Embedded, w: Weights | None = None) -> list[Bead] | None:
    """The aligned beads; a bead's confidence is its probability under the search's
    own costs (`_Tables.marginals`), so it falls where the translation is loose
    enough that another cut would do about as well. None if the texts' shape
    would need more than `max_cells` cells (then the lexical search aligns them)."""
    w = w or WEIGHTS
    found = align(al, emb, w)
    if found is None:
        return None
    path, tables = found
    beads = []
    for (i, a, j, b, sim), share in zip(path, tables.marginals(path, w.temperature)):
        if share and i < a and j < b:
            # However sure the search is of its cut, a pair whose embeddings lie
            # farther apart than a pairing is worth (`encoder_zero`: about what two
            # unrelated sentences score) earns little trust: without this, two
            # unrelated texts would be paired line by line with confidence.
            distance = float(emb.distance(i, a - i, j, j + 1, b - j)[0])
            share *= 1 / (1 + math.exp((distance - _TRUST_ZERO) / _TRUST_SCALE))
        beads.append(Bead(tuple(range(i, a)), tuple(range(j, b)), round(sim, 4), round(share, 3)))
    return beads


def align(
    al: _Aligner, emb: Embedded, w: Weights | None = None
) -> tuple[list[tuple[int, int, int, int, float]], _Tables] | None:
    """The best path, widening the band while the path runs along its edge, and
    the tables of the last search; None if even the first band would hold more
    than `max_cells` cells (a sentence so long that the band must jump across
    much of the other text)."""
    w = w or WEIGHTS
    limit = max(1, w.max_cells // (al.m + 1) // 2)
    width = min(w.band, limit)
    while True:
        lo, hi = band(al.zh_len, al.en_len, width)
        if (al.m + 1) * (max(h - l for l, h in zip(lo, hi)) + 1) > w.max_cells:
            return None
        path, edge, tables = search(al, emb, width, w)
        if not edge or width >= max(al.m, al.n) or width >= limit:
            return path, tables
        width = min(width * 2, limit)
