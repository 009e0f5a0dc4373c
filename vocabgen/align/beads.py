"""What the two searches share: the bead they return and the band of cells they visit.

The lexical search (search.py) and the semantic one (semantic.py) each import this
module, not each other, so neither needs the other to be loaded first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bead:
    """Chinese and English sentence indices aligned together."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float  # lexical evidence, 0..1
    confidence: float = 0.0


def band(zh_len: list[int], en_len: list[int], width: int) -> tuple[list[int], list[int]]:
    """Per Chinese prefix a, the English prefixes lo[a]..hi[a] a search visits:
    `width` either side of where the lengths say the texts stand (`zh_len` and
    `en_len` are prefix sums of sentence lengths), each row overlapping the one
    before (so the end is always reachable)."""
    import numpy as np  # here, not at the top: importing the lexical search loads no numpy

    m, n = len(zh_len) - 1, len(en_len) - 1
    zl, el = np.asarray(zh_len, dtype=np.float64), np.asarray(en_len, dtype=np.float64)
    zl = zl / max(zl[-1], 1.0)
    el = el / max(el[-1], 1.0)
    centre = np.searchsorted(el, zl, side="left")
    lo = [max(0, int(c) - width) for c in centre]
    hi = [min(n, int(c) + width) for c in centre]
    lo[0], hi[m] = 0, n
    for a in range(1, m + 1):
        lo[a] = min(max(lo[a], lo[a - 1]), hi[a - 1])
    for a in range(m - 1, -1, -1):
        hi[a] = max(min(hi[a], hi[a + 1]), lo[a])
    return lo, hi
