"""Cloze items: which sentences to quiz and which words to blank.

Each ranked term, in rank order, gets one item, in a sentence chosen so that the
item teaches and gives nothing away:

- the blank is a whole word: the term must match whole tokens of the sentence
  (jieba's; 升 is not blanked inside 升级);
- the word stands once in its sentence, as a whole word: a sentence where it
  stands twice (深入[____]以后……深入基层以后) or also shows inside another word
  (生产 in 生产力) would give the answer away, so another sentence holding the
  word is taken, or none (`blank` can still blank every occurrence, and
  `cloze_text` numbers repeated answers alike, for items made elsewhere);
- the body first: the headline (a fragment) and the dateline sentence only when
  no other sentence holds the word;
- short sentences first: the term's own example when it is under `SHORT`
  characters (a learner can hold it in mind), else the shortest such sentence
  holding the word, else the shortest of any length;
- a sentence is used once; a pair below LOW_CONFIDENCE, or with no English hint, is
  never used, since its hint might teach the wrong meaning.

With `blanks > 1`, other deck terms in the same sentence are blanked too (every
occurrence of each), best-ranked first, when they too are whole words.

Whether a sentence's clip plays by itself on a card is decided by the Anki exporter
from the clip's real duration (export/anki.py: is_long, AUTOPLAY_SECONDS).
"""

from __future__ import annotations

from typing import Sequence

from .models import LOW_CONFIDENCE, ClozeItem, SentencePair, Term, Token

MAX_ITEMS = 30
SHORT = 60  # characters: a sentence a learner can hold in mind


def word_spans(tokens: Sequence[Token], word: str) -> list[tuple[int, int]] | None:
    """Where `word` stands in the sentence as whole tokens, as (start, end) spans;
    None when it also shows where it is not a whole word (inside 生产力), so that
    blanking its spans would still give it away. [] when absent."""
    sentence = "".join(t.text for t in tokens)
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    spans: list[tuple[int, int]] = []
    at = sentence.find(word)
    while at >= 0:
        end = at + len(word)
        if at not in starts or end not in ends:
            return None
        spans.append((at, end))
        at = sentence.find(word, end)
    return spans


def blank_spans(sentence: str, spans: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """The sentence cut into parts: text, answer, text, answer, ..., text."""
    parts: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        parts.append(sentence[cursor:start])
        parts.append(sentence[start:end])
        cursor = end
    parts.append(sentence[cursor:])
    return tuple(parts)


def blank(sentence: str, words: Sequence[str]) -> tuple[str, ...]:
    """The sentence cut into parts with every occurrence of each word blanked (words
    earlier in the list win where two overlap); no token boundaries are checked."""
    taken: list[tuple[int, int]] = []
    for word in words:
        at = sentence.find(word) if word else -1
        while at >= 0:
            end = at + len(word)
            if not any(at < e and end > s for s, e in taken):
                taken.append((at, end))
            at = sentence.find(word, end)
    return blank_spans(sentence, taken)


def gives_away(item: ClozeItem) -> bool:
    """Whether an answer can still be read in the visible text of its item."""
    visible = item.parts[0::2]
    return any(answer in part for answer in set(item.answers) for part in visible)


def _usable(pair: SentencePair) -> bool:
    return pair.confidence >= LOW_CONFIDENCE and bool(pair.en)


def make_cloze(
    terms: Sequence[Term],
    pairs: Sequence[SentencePair],
    blanks: int = 1,
    max_items: int = MAX_ITEMS,
    tokens: Sequence[Sequence[Token]] | None = None,
    headline: int = 0,
) -> tuple[ClozeItem, ...]:
    """One item per term, in rank order, up to max_items (see the module's doc).
    `tokens[i]`, when given, are the tokens of pairs[i].zh (else they are made);
    the first `headline` pairs are the headline, which, like a dateline sentence,
    is quizzed only when no other sentence holds the word."""
    from .terms import is_dateline

    if tokens is None:
        from .segment import segment

        tokens = [segment(pair.zh) for pair in pairs]
    spans_memo: dict[tuple[int, str], list[tuple[int, int]] | None] = {}

    def spans(index: int, word: str) -> list[tuple[int, int]] | None:
        key = (index, word)
        if key not in spans_memo:
            spans_memo[key] = word_spans(tokens[index], word) if word in pairs[index].zh else []
        return spans_memo[key]

    items: list[ClozeItem] = []
    used: set[int] = set()
    for term in terms:
        # A sentence where the word stands once: one blank per word keeps every
        # quiz (Anki's, the page's, the terminal's) asking each word once.
        candidates = [
            i for i, pair in enumerate(pairs)
            if i not in used and _usable(pair) and len(spans(i, term.hanzi) or ()) == 1
        ]
        if not candidates:
            continue

        def rank(i: int) -> tuple:
            return (
                i < headline or is_dateline(pairs[i].zh),  # the body first
                len(pairs[i].zh) > SHORT,  # a sentence a learner can hold in mind
                i != term.sentence_index,  # the card's own example
                len(pairs[i].zh),
                i,
            )

        index = min(candidates, key=rank)
        used.add(index)
        pair = pairs[index]
        taken = list(spans(index, term.hanzi) or [])
        if blanks > 1:
            extra = 0
            for other in terms:
                if extra >= blanks - 1:
                    break
                if other is term or other.hanzi not in pair.zh:
                    continue
                found = spans(index, other.hanzi)
                if not found or len(found) > 1 or any(s < e2 and e > s2 for s, e in found for s2, e2 in taken):
                    continue
                taken.extend(found)
                extra += 1
        parts = blank_spans(pair.zh, taken)
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
