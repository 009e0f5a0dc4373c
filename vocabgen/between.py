"""The English word a term's neighbours leave between them: matching by elimination.

A translation often renders a word freely, in a word none of its dictionary senses
is (富强 "rich and powerful" as "prosperity", 备用 "reserve; spare" as "standby",
问责 "to hold accountable" as "accountability"). When the words right before and
right after it in the Chinese matched English words that stand in the same order
with a single content word between them (at most an article or a conjunction
besides), that word is the term's: the sentence has nothing else to say it. A
term that ends (begins) its clause has a clause break there instead of a
neighbour, and the English clause break nearest the other neighbour's word bounds
the word instead.

It takes only what no other word of the sentence, nor a character outside the
words that matched, may mean (`claimed`): a word the dictionary gives another
Chinese word is that word's, said by a word left out of the competition (a stop
word, a name's part).
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from .gloss import _STOP, _WORD, English, content_words

# Between a term and a neighbour in the Chinese: at most one character (的, 和, 、,
# 了, 地), and no clause break, after which a translation's order is its own.
MAX_ZH_GAP = 1
_CLAUSE_BREAK = re.compile(r"[，。；：！？,;:!?\n]")
_NOT_COUNTED = re.compile(r"[\s\u3000、“”‘’\"'（）()《》「」『』·…—-]")
# Between the neighbours' English words: the content word and at most one more,
# a stop word ("a standby", "and innovative", "taken the").
MAX_GAP_WORDS = 2


def neighbours(
    words: Sequence[tuple[str, str, int]], index: int, zh: str
) -> tuple[int | None, int | None] | None:
    """The indexes of the words right before and right after words[index] in `zh`
    (each given as (word, reading, start)); None for a side where the term ends its
    clause instead (a clause break next to it, such as the sentence's last 。).
    None when a side is neither (its neighbour further than MAX_ZH_GAP characters,
    none before the sentence's first word) or both sides are clause breaks."""
    word, _, start = words[index]
    end = start + len(word)
    before = [k for k, (w, _, s) in enumerate(words) if s + len(w) <= start]
    after = [k for k, (_, _, s) in enumerate(words) if s >= end]
    left = max(before, key=lambda k: words[k][2] + len(words[k][0])) if before else None
    right = min(after, key=lambda k: words[k][2]) if after else None
    left_gap = zh[words[left][2] + len(words[left][0]) : start] if left is not None else zh[:start]
    right_gap = zh[end : words[right][2]] if right is not None else zh[end:]
    sides: list[int | None] = []
    for side, gap, edge in ((left, left_gap, _edge_before), (right, right_gap, _edge_after)):
        if edge(gap):
            sides.append(None)
        elif side is not None and not _CLAUSE_BREAK.search(gap) and len(_NOT_COUNTED.sub("", gap)) <= MAX_ZH_GAP:
            sides.append(side)
        else:
            return None
    if sides == [None, None]:
        return None
    return sides[0], sides[1]


def _edge_before(gap: str) -> bool:
    """Whether the text before a word, `gap`, ends with a clause break."""
    bare = _NOT_COUNTED.sub("", gap)
    return bool(bare) and _CLAUSE_BREAK.fullmatch(bare[-1]) is not None


def _edge_after(gap: str) -> bool:
    """Whether the text after a word, `gap`, begins with a clause break."""
    bare = _NOT_COUNTED.sub("", gap)
    return bool(bare) and _CLAUSE_BREAK.fullmatch(bare[0]) is not None


def between(
    english: English,
    left: tuple[int, int] | None,
    right: tuple[int, int] | None,
    spans: Sequence[tuple[int, int] | None],
    claimed: Callable[[str], bool],
    edges: tuple[bool, bool] = (False, False),
) -> tuple[int, int] | None:
    """The span of the one content word (`gloss.content_words`) between the English
    spans of a term's neighbours `left` and `right`, in that order, with at most
    MAX_GAP_WORDS words between them, the others stop words; None if there is no
    such word, if a span of `spans` covers it or if `claimed(its key)`.
    `edges[0]` (`edges[1]`): the term begins (ends) its clause: the English clause
    break nearest the other side's span stands for `left` (`right`)."""
    text = english.text
    # A neighbour that matched a function word ("more", "should") places the term
    # less surely than one that matched a content word: only the latter anchor.
    if not all(_holds_content(english, side) for side, edge in zip((left, right), edges) if not edge):
        return None
    if edges[0] and right is not None:
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, right[0])]
        left = (0, breaks[-1] if breaks else 0)
    if edges[1] and left is not None:
        found = _CLAUSE_BREAK.search(text, left[1])
        right = (found.start() if found else len(text),) * 2
    if left is None or right is None or left[1] > right[0]:
        return None
    gap = [(m.start() + left[1], m.end() + left[1]) for m in _WORD.finditer(text[left[1] : right[0]])]
    if not gap or len(gap) > MAX_GAP_WORDS:
        return None
    content = [(key, a, b) for key, a, b in content_words(english) if left[1] <= a and b <= right[0]]
    if len(content) != 1:
        return None
    key, a, b = content[0]
    if any(english.lowered[x:y] not in _STOP for x, y in gap if (x, y) != (a, b)):
        return None
    if any(span is not None and span[0] < b and a < span[1] for span in spans) or claimed(key):
        return None
    return (a, b)


def _holds_content(english: English, span: tuple[int, int] | None) -> bool:
    """Whether `span` holds a content word of `english` (`gloss.content_words`)."""
    return span is not None and any(span[0] <= a and b <= span[1] for _, a, b in content_words(english))
