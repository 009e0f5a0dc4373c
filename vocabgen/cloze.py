"""Cloze items: which sentences to quiz and which words to blank.

Each ranked term, in rank order, proposes its example sentence. A sentence is used
once; a pair below LOW_CONFIDENCE, or with no English hint, is never used, since
its hint might teach the wrong meaning. With `blanks > 1`, other deck terms in the
same sentence are blanked too, best-ranked first.
"""

from __future__ import annotations

from typing import Sequence

from .models import LOW_CONFIDENCE, ClozeItem, SentencePair, Term

MAX_ITEMS = 30


def _spans(sentence: str, words: Sequence[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping first occurrences of words in sentence, in sentence order."""
    taken: list[tuple[int, int, str]] = []
    for word in words:
        start = sentence.find(word)
        while start >= 0 and any(start < e and start + len(word) > s for s, e, _ in taken):
            start = sentence.find(word, start + 1)
        if start >= 0:
            taken.append((start, start + len(word), word))
    return sorted(taken)


def blank(sentence: str, words: Sequence[str]) -> tuple[str, ...]:
    """The sentence cut into parts: text, answer, text, answer, ..., text."""
    parts: list[str] = []
    cursor = 0
    for start, end, word in _spans(sentence, words):
        parts.append(sentence[cursor:start])
        parts.append(word)
        cursor = end
    parts.append(sentence[cursor:])
    return tuple(parts)


def make_cloze(
    terms: Sequence[Term], pairs: Sequence[SentencePair], blanks: int = 1, max_items: int = MAX_ITEMS
) -> tuple[ClozeItem, ...]:
    items: list[ClozeItem] = []
    used: set[int] = set()
    for term in terms:
        index = term.sentence_index
        pair = pairs[index]
        if index in used or pair.confidence < LOW_CONFIDENCE or not pair.en or term.hanzi not in pair.zh:
            continue
        used.add(index)
        # Other deck terms in the sentence, best first (looked for only when wanted).
        others = [t.hanzi for t in terms if t is not term and t.hanzi in pair.zh] if blanks > 1 else []
        parts = blank(pair.zh, [term.hanzi] + others[: max(0, blanks - 1)])
        items.append(
            ClozeItem(
                sentence_index=index,
                zh=pair.zh,
                en=pair.en,
                answers=tuple(parts[1::2]),
                parts=parts,
            )
        )
        if len(items) >= max_items:
            break
    return tuple(items)
