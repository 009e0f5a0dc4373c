"""Sentence alignment: which English sentences translate which Chinese ones.

Two searches. A close translation (news) is aligned by the lexical search below; a
free one (a novel, a graded reader), where few sentences find a partner their
dictionary words explain (`_Aligner.lexical_share`), by `semantic`, which
adds multilingual sentence embeddings (`encoder`) and beads up to 1-4/4-1.

The lexical search: dynamic programming over beads (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0, 0-1), scored by

- lexical evidence (`features`): how much of the English sentence's content
  words a CC-CEDICT gloss of some Chinese word accounts for, and how much of the
  Chinese sentence's content characters are accounted for by the English, with
  numbers, dates, Latin words and pinyin-spelled names as keys of their own;
- length: English letters per Chinese character, the ratio measured on the text
  itself (Gale-Church's idea, on a log scale);
- paragraph structure, when given: a bead that starts a paragraph on one side and
  not on the other costs a little, so paragraphs guide without forcing.

The search is banded around the diagonal and widened when the best path touches the
band's edge, so its cost grows with the text's length, not its square. Each pair's
confidence comes from its own evidence (how much of both sentences the other
explains) and from the margin over its neighbours (would a nearby sentence have
explained it as well?).
"""

from __future__ import annotations

import math
from typing import Sequence

from ..errors import VocabgenError
from ..lexicon import Lexicon
from ..models import SentencePair
from .beads import Bead, band
from .features import EnglishKeys, Side, en_side, translations, zh_side

# Bead shapes with a prior cost (rarer shapes cost more).
_BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.0, (1, 2): 0.9, (2, 1): 0.9, (2, 2): 4.0, (1, 3): 1.8, (3, 1): 1.8,
}
_SIM_WEIGHT = 10.0  # cost per sentence and unit of evidence
_SIM_ZERO = 0.42  # evidence at which pairing costs as much as nothing
_SKIP = 0.3  # cost of leaving one sentence unaligned
_LENGTH_WEIGHT = 1.6
_PARAGRAPH = 0.6
_CROSS = 0.5  # per paragraph break inside a bead
_ORPHAN = 1.5  # a bead that starts with a lone closing quote or bracket
_CLOSERS = "”’」』）)》】\"'"  # a bead that starts a paragraph on one side only
# Below this share of sentences with a well-explained partner near them
# (`_Aligner.lexical_share`), the text is a free translation and the encoder joins
# the search. Measured: news articles (seeds, WMT22) 0.94-1.00, literary chapters
# 0.28-0.78; the bar sits between the two. Of the scale bench's 1,000 synthetic
# articles (news paragraphs recombined) about 4% fall under it: each costs ~0.1 s
# more, and each build worker loads the encoder once (~2 s).
_LEXICAL_SHARE = 0.86
_WELL_EXPLAINED = 0.4


class _Aligner:
    def __init__(
        self,
        zh: Sequence[Side],
        en: Sequence[Side],
        zh_par: Sequence[int] | None,
        en_par: Sequence[int] | None,
    ) -> None:
        self.zh, self.en = zh, en
        self.m, self.n = len(zh), len(en)
        # What each pair of sentences explains in each other (see `fill`); None until
        # it is first needed.
        self.em: list[list[int | None]] = [[None] * self.n for _ in range(self.m)]
        self.zm: list[list[int | None]] = [[None] * self.n for _ in range(self.m)]
        zl = sum(s.length for s in zh) or 1
        el = sum(s.length for s in en if not s.foreign) or 1
        self.ratio = el / zl
        self.zh_start = _starts(zh_par, self.m)
        self.en_start = _starts(en_par, self.n)
        self.has_paragraphs = zh_par is not None and en_par is not None
        self.zh_len = _prefix([s.length for s in zh])
        self.en_len = _prefix([s.length for s in en])
        self.zh_weight = [s.weight for s in zh]
        self.en_weight = [s.weight for s in en]
        self.foreign = [s.foreign for s in en]
        self.zh_orphan = [not s.weight and s.text[:1] in _CLOSERS for s in zh]
        # Running counts, so a bead's paragraph breaks and foreign sentences are a
        # subtraction, and each sentence's cost of being left unaligned.
        self.zh_breaks = _prefix(self.zh_start[: self.m])
        self.en_breaks = _prefix(self.en_start[: self.n])
        self.foreign_before = _prefix(self.foreign)
        self.zh_skip = [_ORPHAN if orphan else _SKIP for orphan in self.zh_orphan]
        self.en_skip = [0.0 if foreign else _SKIP for foreign in self.foreign]

    def fill(self, t: int, k0: int, k1: int) -> None:
        """Work out what zh[t] and each of en[k0:k1] explain in each other: the English
        positions (`em`) and the Chinese content positions (`zm`), once per pair."""
        z = self.zh[t]
        em_row, zm_row = self.em[t], self.zm[t]
        for k in range(k0, k1):
            if em_row[k] is None:
                e = self.en[k]
                em = zm = 0
                for c in z.keys & e.keys:
                    em |= e.cover[c]
                    zm |= z.cover[c]
                em_row[k] = em
                zm_row[k] = zm & z.content

    def pair(self, i: int, k: int) -> tuple[int, int]:
        """(English positions, Chinese positions) that zh[i] and en[k] explain in each other."""
        self.fill(i, k, k + 1)
        return self.em[i][k], self.zm[i][k]  # type: ignore[return-value]

    def evidence(self, i: int, a: int, j: int, b: int) -> tuple[float, int]:
        """Lexical evidence of the bead zh[i:a] + en[j:b]: the summed share of each
        sentence's content (English words, Chinese characters) that the other side
        explains, and the number of sentences with any content."""
        for t in range(i, a):
            self.fill(t, j, b)
        return _evidence(self.em, self.zm, self.zh_weight, self.en_weight, i, a, j, b)

    def similarity(self, i: int, a: int, j: int, b: int) -> float:
        total, count = self.evidence(i, a, j, b)
        return total / count if count else 0.0

    def weakest(self, i: int, a: int, j: int, b: int) -> float:
        """The least-explained sentence's share: low when a bead swallowed a stranger."""
        shares = []
        for k in range(j, b):
            if self.en_weight[k]:
                mask = 0
                for t in range(i, a):
                    mask |= self.pair(t, k)[0]
                shares.append(mask.bit_count() / self.en_weight[k])
        for t in range(i, a):
            if self.zh_weight[t]:
                mask = 0
                for k in range(j, b):
                    mask |= self.pair(t, k)[1]
                shares.append(mask.bit_count() / self.zh_weight[t])
        return min(shares) if shares else 0.0

    def length_cost(self, i: int, a: int, j: int, b: int) -> float:
        zl = self.zh_len[a] - self.zh_len[i]
        el = self.en_len[b] - self.en_len[j]
        return abs(math.log((el + 15) / (zl * self.ratio + 15)))

    def lexical_share(self, width: int = 6) -> float:
        """How close a translation is: the share of sentences (with content) that a
        sentence of the other side, near where the lengths place them, explains
        well (1-1 evidence at least `_WELL_EXPLAINED`), on the side where that share
        is higher. High for news; low for a free translation, on both sides. A
        passage one side leaves out lowers only the other side's share."""
        lo, hi = band(self.zh_len, self.en_len, width)
        zh_good = zh_total = 0
        en_good = [False] * self.n
        for t in range(self.m):
            zt = self.zh_weight[t]
            if not zt:
                continue
            zh_total += 1
            k0, k1 = lo[t], min(self.n, hi[t + 1] + 1)
            self.fill(t, k0, k1)
            em_row, zm_row = self.em[t], self.zm[t]
            found = False
            for k in range(k0, k1):
                et = self.en_weight[k]
                if et and 0.5 * (em_row[k].bit_count() / et + zm_row[k].bit_count() / zt) >= _WELL_EXPLAINED:
                    found = en_good[k] = True
            zh_good += found
        en_total = sum(1 for k in range(self.n) if self.en_weight[k] and not self.foreign[k])
        shares = [good / total for good, total in ((zh_good, zh_total), (sum(en_good), en_total)) if total]
        return max(shares, default=1.0)

    def search(self, width: int) -> tuple[list[tuple[int, int, int, int, float]], bool]:
        """Best path within `width` of the diagonal; True if it touches the band edge."""
        m, n = self.m, self.n
        lo = [0] * (m + 1)
        hi = [0] * (m + 1)
        for i in range(m + 1):
            centre = i * n / m if m else 0
            lo[i] = max(0, int(centre) - width)
            hi[i] = min(n, int(math.ceil(centre)) + width)
        lo[m], hi[0] = min(lo[m], n), max(hi[0], 0)
        lo[0] = 0
        hi[m] = n
        inf = math.inf
        cost = [[inf] * (hi[i] - lo[i] + 1) for i in range(m + 1)]
        back: list[list[tuple[int, int, float] | None]] = [
            [None] * (hi[i] - lo[i] + 1) for i in range(m + 1)
        ]
        cost[0][0] = 0.0
        # The other shapes, in the order they are tried (the first of equal costs
        # wins), with their prior and size; then the two skips.
        shapes = [(di, dj, prior, (di + dj) / 2) for (di, dj), prior in _BEADS.items() if (di, dj) != (1, 1)]
        # Every pair a bead inside the band can hold (lo and hi never decrease).
        for t in range(m):
            self.fill(t, lo[max(0, t - 2)], min(n, hi[min(m, t + 3)]))
        em_rows, zm_rows = self.em, self.zm
        zh_start, en_start = self.zh_start, self.en_start
        zh_breaks, en_breaks = self.zh_breaks, self.en_breaks
        paragraphs = self.has_paragraphs
        zh_w, en_w, foreign = self.zh_weight, self.en_weight, self.foreign
        foreign_before, zh_orphan = self.foreign_before, self.zh_orphan
        zh_skip, en_skip = self.zh_skip, self.en_skip
        zh_len, en_len, ratio = self.zh_len, self.en_len, self.ratio
        log = math.log
        # Row by row; within a row, shape by shape over the row's cells (in the order
        # the shapes are tried, so the first of equal costs still wins), each shape
        # over just the cells whose start lies in the band; the 0-1 skip comes last,
        # cell after cell, as it starts from the cell before in the same row.
        for a in range(m + 1):
            row_lo, row_hi = lo[a], hi[a]
            row_cost, row_back = cost[a], back[a]
            i = a - 1
            if i >= 0:
                # 1-1, inlined: most of the work.
                prev, prev_lo = cost[i], lo[i]
                em_row, zm_row, zt = em_rows[i], zm_rows[i], zh_w[i]
                zh_par, zl = zh_start[i], zh_len[a] - zh_len[i]
                for b in range(max(row_lo, prev_lo + 1), min(row_hi, hi[i] + 1) + 1):
                    j = b - 1
                    base = prev[j - prev_lo]
                    if base == inf or foreign[j]:
                        continue
                    em, zm = em_row[j], zm_row[j]
                    et = en_w[j]
                    if et and zt:
                        sim = 0.5 * (em.bit_count() / et + zm.bit_count() / zt)
                        count = 2
                    elif et or zt:
                        sim = em.bit_count() / et if et else zm.bit_count() / zt
                        count = 1
                    else:
                        sim, count = 0.0, 0
                    el = en_len[b] - en_len[j]
                    step = (
                        _LENGTH_WEIGHT * abs(log((el + 15) / (zl * ratio + 15)))
                        + _SIM_WEIGHT * (_SIM_ZERO - sim) * count / 2
                    )
                    if paragraphs and zh_par != en_start[j]:
                        step += _PARAGRAPH
                    if base + step < row_cost[b - row_lo]:
                        row_cost[b - row_lo] = base + step
                        row_back[b - row_lo] = (i, j, sim)
            # 1-2, 2-1, 2-2, 1-3, 3-1, their cost inlined too.
            for di, dj, prior, size in shapes:
                i = a - di
                if i < 0:
                    continue
                prev, prev_lo = cost[i], lo[i]
                zh_par, zl = zh_start[i], zh_len[a] - zh_len[i]
                orphan = di > 1 and zh_orphan[i]
                joins = not zh_orphan[a - 1]
                breaks = zh_breaks[a] - zh_breaks[i + 1]
                for b in range(max(row_lo, prev_lo + dj), min(row_hi, hi[i] + dj) + 1):
                    j = b - dj
                    base = prev[j - prev_lo]
                    if base == inf or foreign_before[b] != foreign_before[j]:
                        continue
                    step = 0.0
                    if paragraphs and zh_par != en_start[j]:
                        step += _PARAGRAPH
                    if orphan:
                        step += _ORPHAN
                    if joins:
                        step += prior
                    if paragraphs:
                        step += _CROSS * (breaks + en_breaks[b] - en_breaks[j + 1])
                    el = en_len[b] - en_len[j]
                    step += _LENGTH_WEIGHT * abs(log((el + 15) / (zl * ratio + 15))) * size
                    total, count = _evidence(em_rows, zm_rows, zh_w, en_w, i, a, j, b)
                    step += _SIM_WEIGHT * (_SIM_ZERO * count - total) / 2
                    if base + step < row_cost[b - row_lo]:
                        row_cost[b - row_lo] = base + step
                        row_back[b - row_lo] = (i, j, total / count if count else 0.0)
            # 1-0: a Chinese sentence left unaligned.
            i = a - 1
            if i >= 0:
                prev, prev_lo = cost[i], lo[i]
                skip, zh_par = zh_skip[i], zh_start[i]
                for b in range(max(row_lo, prev_lo), min(row_hi, hi[i]) + 1):
                    step = skip
                    if paragraphs and zh_par != en_start[b]:
                        step = _PARAGRAPH + step
                    if prev[b - prev_lo] + step < row_cost[b - row_lo]:
                        row_cost[b - row_lo] = prev[b - prev_lo] + step
                        row_back[b - row_lo] = (i, b, 0.0)
            # 0-1: an English sentence left unaligned.
            zh_par = zh_start[a]
            for b in range(row_lo + 1, row_hi + 1):
                j = b - 1
                step = en_skip[j]
                if paragraphs and zh_par != en_start[j]:
                    step = _PARAGRAPH + step
                if row_cost[j - row_lo] + step < row_cost[b - row_lo]:
                    row_cost[b - row_lo] = row_cost[j - row_lo] + step
                    row_back[b - row_lo] = (a, j, 0.0)
        path = []
        a, b = m, n
        edge = False
        while a or b:
            step = back[a][b - lo[a]]
            assert step is not None
            i, j, sim = step
            if (b == lo[a] and lo[a] > 0) or (b == hi[a] and hi[a] < n):
                edge = True
            path.append((i, a, j, b, sim))
            a, b = i, j
        path.reverse()
        return path, edge

    def align(self) -> list[Bead]:
        if not self.m or not self.n:
            return [Bead((k,), (), 0.0) for k in range(self.m)] + [
                Bead((), (k,), 0.0) for k in range(self.n)
            ]
        width = abs(self.m - self.n) + 4
        while True:
            path, edge = self.search(width)
            if not edge or width >= max(self.m, self.n):
                break
            width *= 2
        path = self._pair_orphans(path)
        return [
            Bead(tuple(range(i, a)), tuple(range(j, b)), round(sim, 4), self.confidence(i, a, j, b, sim))
            for i, a, j, b, sim in path
        ]

    def _pair_orphans(self, path: list[tuple[int, int, int, int, float]]) -> list[tuple[int, int, int, int, float]]:
        """Join a lone Chinese sentence and a lone English one that stand side by
        side into a 1-1 bead. Short headings (深入深入再深入 / "Deeper, Deeper, and
        Still Deeper") share too few dictionary words to win a bead, yet in the same
        gap they are almost always each other's translation. The joined pair keeps the
        confidence its evidence earns, so a wrong one is marked low and not used as
        an example."""
        out: list[tuple[int, int, int, int, float]] = []
        for step in path:
            if out:
                i, a, j, b, _ = out[-1]
                i2, a2, j2, b2, _ = step
                zh_then_en = a - i == 1 and j == b and a2 == i2 and b2 - j2 == 1
                en_then_zh = a - i == 0 and b - j == 1 and a2 - i2 == 1 and j2 == b2
                if zh_then_en or en_then_zh:
                    lo_zh, hi_zh = min(i, i2), max(a, a2)
                    lo_en, hi_en = min(j, j2), max(b, b2)
                    out[-1] = (lo_zh, hi_zh, lo_en, hi_en, self.similarity(lo_zh, hi_zh, lo_en, hi_en))
                    continue
            out.append(step)
        return out

    def confidence(self, i: int, a: int, j: int, b: int, sim: float) -> float:
        if i == a or j == b:
            return 0.0
        # Margin: the best evidence a neighbouring English sentence has for these
        # Chinese sentences, and a neighbouring Chinese one for these English ones.
        rival = 0.0
        for k in (j - 2, j - 1, b, b + 1):
            if 0 <= k < self.n and not self.en[k].foreign:
                rival = max(rival, self.similarity(i, a, k, k + 1))
        for t in (i - 2, i - 1, a, a + 1):
            if 0 <= t < self.m:
                rival = max(rival, self.similarity(t, t + 1, j, b))
        length = self.length_cost(i, a, j, b)
        weakest = self.weakest(i, a, j, b)
        z = 8.0 * (sim - 0.45) + 8.0 * (weakest - 0.4) + 4.0 * (sim - rival) - 2.0 * length
        return round(1 / (1 + math.exp(-z)), 3)


def _evidence(
    em: list[list], zm: list[list], zh_weight: list[int], en_weight: list[int], i: int, a: int, j: int, b: int
) -> tuple[float, int]:
    """`_Aligner.evidence` over filled pair tables."""
    total, count = 0.0, 0
    if a - i == 1:  # one Chinese sentence (1-1, 1-2, 1-3): the same sums, flat
        em_row, zm_row = em[i], zm[i]
        zh_mask = 0
        for k in range(j, b):
            zh_mask |= zm_row[k]
            if en_weight[k]:
                total += em_row[k].bit_count() / en_weight[k]
                count += 1
        if zh_weight[i]:
            total += zh_mask.bit_count() / zh_weight[i]
            count += 1
        return total, count
    if b - j == 1:  # one English sentence (2-1, 3-1)
        if en_weight[j]:
            mask = 0
            for t in range(i, a):
                mask |= em[t][j]
            total += mask.bit_count() / en_weight[j]
            count += 1
        for t in range(i, a):
            if zh_weight[t]:
                total += zm[t][j].bit_count() / zh_weight[t]
                count += 1
        return total, count
    zh_masks = [0] * (a - i)
    for k in range(j, b):
        mask = 0
        for t in range(i, a):
            mask |= em[t][k]
            zh_masks[t - i] |= zm[t][k]
        if en_weight[k]:
            total += mask.bit_count() / en_weight[k]
            count += 1
    for t in range(i, a):
        if zh_weight[t]:
            total += zh_masks[t - i].bit_count() / zh_weight[t]
            count += 1
    return total, count


def _prefix(values: Sequence[int]) -> list[int]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out


def _starts(paragraphs: Sequence[int] | None, count: int) -> list[bool]:
    """Whether each position (sentence index, or count for the end) starts a paragraph."""
    if paragraphs is None:
        return [False] * (count + 1)
    starts = [k == 0 or paragraphs[k] != paragraphs[k - 1] for k in range(count)]
    return starts + [True]


def align_sentences(
    zh: Sequence[str],
    en: Sequence[str],
    lexicon: Lexicon,
    *,
    zh_paragraphs: Sequence[int] | None = None,
    en_paragraphs: Sequence[int] | None = None,
    encoder: bool | None = None,
) -> list[Bead]:
    """Align two lists of sentences; every sentence lands in exactly one bead, in order.

    `zh_paragraphs` / `en_paragraphs` optionally give each sentence's paragraph
    number, which the search then uses as (soft) evidence.

    A close translation (news: most Chinese sentences find an English one nearby
    that their dictionary words explain) is aligned by the lexical search alone. A
    free one (a novel) goes to `semantic`, which adds sentence embeddings
    and beads up to 1-4 and 4-1. `encoder=True` sends every text there,
    `encoder=False` none; without the encoder installed the lexical search aligns
    every text."""
    _check_size(len(zh), len(en))
    trans = translations(lexicon)
    en_sides = [en_side(s) for s in en]
    english = EnglishKeys.of(en_sides)
    zh_sides = [zh_side(s, trans, english) for s in zh]
    al = _Aligner(zh_sides, en_sides, zh_paragraphs, en_paragraphs)
    if encoder is not False and al.m and al.n and (encoder or al.lexical_share() < _LEXICAL_SHARE):
        from . import encoder, semantic

        vectors = encoder.embed(list(zh) + list(en))
        if vectors is not None:
            beads = semantic.align_beads(al, semantic.Embedded(vectors[: al.m], vectors[al.m :]))
            if beads is not None:
                return beads
    return al.align()


# The search keeps two tables of sentence pairs (about 16 bytes a cell) and may widen
# its band to all of them: past this many cells an article costs hundreds of MB and
# minutes, so it is refused with a clear message instead (issue 19).
MAX_SENTENCE_PAIRS = 4_000_000


def _check_size(zh_count: int, en_count: int) -> None:
    if zh_count * en_count > MAX_SENTENCE_PAIRS:
        raise VocabgenError(
            f"has {zh_count:,} Chinese and {en_count:,} English sentences, too many to align as one "
            f"article (at most {int(MAX_SENTENCE_PAIRS ** 0.5):,} on each side); split it into several articles"
        )


def _pairs(zh: Sequence[str], en: Sequence[str], beads: list[Bead]) -> tuple[SentencePair, ...]:
    return tuple(
        SentencePair(
            zh="".join(zh[k] for k in bead.zh),
            en=" ".join(en[k] for k in bead.en),
            confidence=bead.confidence,
            zh_ids=bead.zh,
            en_ids=bead.en,
        )
        for bead in beads
    )


def align_article(zh: Sequence[str], en: Sequence[str], lexicon: Lexicon) -> tuple[SentencePair, ...]:
    """Align an article's sentences into SentencePairs, in order."""
    return _pairs(zh, en, align_sentences(zh, en, lexicon))


def align_paragraphs(
    zh_paragraphs: Sequence[str], en_paragraphs: Sequence[str], lexicon: Lexicon
) -> tuple[SentencePair, ...]:
    """Split paragraphs into sentences and align them, using the paragraphs as evidence.

    The SentencePairs' ids index the sentences in reading order over all paragraphs
    (what `split_zh` / `split_en` give paragraph by paragraph)."""
    from ..sentences import split_en, split_zh

    zh, zp = _flatten([split_zh(p) for p in zh_paragraphs])
    en, ep = _flatten([split_en(p) for p in en_paragraphs])
    beads = align_sentences(zh, en, lexicon, zh_paragraphs=zp, en_paragraphs=ep)
    return _pairs(zh, en, beads)


def _flatten(paragraphs: list[tuple[str, ...]]) -> tuple[list[str], list[int]]:
    sentences, numbers = [], []
    for p, pieces in enumerate(paragraphs):
        sentences.extend(pieces)
        numbers.extend([p] * len(pieces))
    return sentences, numbers
