"""The English word a term's neighbours leave between them: matching by elimination.

A translation often renders a word freely, in a word none of its dictionary senses
is (富强 "rich and powerful" as "prosperity", 备用 "reserve; spare" as "standby",
问责 "to hold accountable" as "accountability"). When the words right before and
right after it in the Chinese matched English words that stand in the same order
with a single content word between them (at most an article or a conjunction
besides), that word is the term's: the sentence has nothing else to say it.

It takes only what no other word of the sentence, nor any of its characters, may
mean (`claimed`): a word the dictionary gives another Chinese word is that word's,
said by a word left out of the competition (a stop word, a name's part).
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


def neighbours(words: Sequence[tuple[str, str, int]], index: int, zh: str) -> tuple[int, int] | None:
    """The indexes of the words right before and right after words[index] in `zh`
    (each given as (word, reading, start)), or None when either is further than
    MAX_ZH_GAP characters or across a clause break."""
    word, _, start = words[index]
    end = start + len(word)
    before = [k for k, (w, _, s) in enumerate(words) if s + len(w) <= start]
    after = [k for k, (_, _, s) in enumerate(words) if s >= end]
    if not before or not after:
        return None
    left = max(before, key=lambda k: words[k][2] + len(words[k][0]))
    right = min(after, key=lambda k: words[k][2])
    gaps = (zh[words[left][2] + len(words[left][0]) : start], zh[end : words[right][2]])
    if any(_CLAUSE_BREAK.search(gap) or len(_NOT_COUNTED.sub("", gap)) > MAX_ZH_GAP for gap in gaps):
        return None
    return left, right


def between(
    english: English,
    left: tuple[int, int] | None,
    right: tuple[int, int] | None,
    spans: Sequence[tuple[int, int] | None],
    claimed: Callable[[str], bool],
) -> tuple[int, int] | None:
    """The span of the one content word (`gloss.content_words`) between the English
    spans of a term's neighbours `left` and `right`, in that order, with at most
    MAX_GAP_WORDS words between them, the others stop words; None if there is no
    such word, if a span of `spans` covers it or if `claimed(its key)`."""
    if left is None or right is None or left[1] > right[0]:
        return None
    gap = [(m.start() + left[1], m.end() + left[1]) for m in _WORD.finditer(english.text[left[1] : right[0]])]
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
