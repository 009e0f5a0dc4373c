"""Sentence splitting for Chinese and English paragraphs.

Chinese: a sentence ends after 。！？ (or …… / ！？ runs), and closing quotes or
brackets that follow stay with it (。” ends 本报讯 “...。” as one sentence). We never
cut at ；, matching how the gold alignments were made.

English: a sentence ends after . ! ? followed by space and an upper-case letter,
digit or opening quote, unless the dot ends a known abbreviation (Mr., Dr., U.S.,
initials) or sits inside brackets or an open quotation.
"""

from __future__ import annotations

import re

_ZH_END = "。！？!?"
_ZH_CLOSERS = "”’」』）)》〉】\"'＂"
_ZH_CLOSING = "”」』）)＂"  # what closes an opener (＂, the full-width straight quote, too)
_ZH_OPENERS = {"“": "”", "「": "」", "『": "』", "（": "）", "(": ")"}


def split_zh(paragraph: str) -> tuple[str, ...]:
    """Split one Chinese paragraph into sentences; the pieces join back to it (stripped)."""
    text = paragraph.strip()
    sentences: list[str] = []
    start = 0
    depth = 0  # open quotes/brackets: a 。 inside “…” ends a sentence only with its quote
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _ZH_OPENERS:
            depth += 1
        elif ch in _ZH_CLOSING and depth > 0:
            depth -= 1
        if ch in _ZH_END or text.startswith("……", i):
            j = i + (2 if text.startswith("……", i) else 1)
            while j < n and text[j] in _ZH_END:
                j += 1
            closers = 0
            while j < n:
                k = j
                while k < n and text[k] in " \u3000":  # 。 ” with a space between
                    k += 1
                if k < n and text[k] in _ZH_CLOSERS:
                    j = k + 1
                    closers += 1
                else:
                    break
            depth = max(0, depth - closers)
            # A 。 inside an open quote that the quote does not close at once is
            # a quoted sentence inside a longer one: keep going, but only if
            # something closes it later: a quote never closed in the paragraph (a
            # typo, or “ closed by a stray mark) would swallow the rest of it.
            if depth and not any(c in _ZH_CLOSING for c in text[j:]):
                depth = 0
            if depth == 0:
                piece = text[start:j].strip()
                if piece:
                    sentences.append(piece)
                start = j
            i = j
            continue
        i += 1
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return tuple(sentences)


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "vol", "vs", "etc", "e.g",
    "i.e", "u.s", "u.k", "u.n", "p.m", "a.m", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt", "gov", "sen", "rep",
    "co", "corp", "inc", "ltd", "dept", "approx", "fig", "cf", "al", "ca",
}
_EN_BOUNDARY = re.compile(r"([.!?]+)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
_OPEN = {"(": ")", "[": "]", "“": "”"}


def _ends_with_abbreviation(before: str) -> bool:
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", before)
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return True
    # Initials such as "J." or "U.S." (a single letter before the dot).
    return len(token) == 1 and token.isalpha() and token.upper() == word.group(1)[0]


def _balanced(text: str) -> bool:
    """True when no bracket or curly/straight double quote is left open in text."""
    for opener, closer in _OPEN.items():
        if text.count(opener) > text.count(closer):
            return False
    return text.count('"') % 2 == 0


def split_en(paragraph: str) -> tuple[str, ...]:
    """Split one English paragraph into sentences."""
    text = " ".join(paragraph.split())
    sentences: list[str] = []
    start = 0
    paragraph_balanced = _balanced(text)
    for match in _EN_BOUNDARY.finditer(text):
        end = match.end(2)
        candidate = text[start:end]
        if match.group(1) == "." and _ends_with_abbreviation(text[start : match.start(1)]):
            continue
        # Inside an open quote or bracket, keep going, but only if it closes later:
        # translations of multi-paragraph quotes open a quote they never close here.
        if not _balanced(candidate) and paragraph_balanced:
            continue
        sentences.append(candidate.strip())
        start = match.end(3)
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return tuple(s for s in sentences if s)
