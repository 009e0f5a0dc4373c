"""Readings: pinyin for words in their sentence, tone marks and tone numbers.

A word's reading comes from whole-word data first (CC-CEDICT's readings of the
word, checked against pypinyin's phrase data), since a word fixes the reading of
its polyphonic characters (银行 yín háng, 行走 xíng zǒu). A reading is kept in
CC-CEDICT's numbered form ("hang2") internally and turned into tone marks for
display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .lexicon import Lexicon
from .models import Token, TokenKind

_TONE_MARKS = {
    "a": "āáǎàa", "e": "ēéěèe", "i": "īíǐìi", "o": "ōóǒòo", "u": "ūúǔùu", "ü": "ǖǘǚǜü",
}
_SYLLABLE = re.compile(r"^([a-zü:]+?)([1-5])$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    numbered: str  # "yin2 hang2"; "" for punctuation and the like
    alternatives: tuple[str, ...] = ()  # other readings the word may have here

    @property
    def marks(self) -> str:
        return numbered_to_marks(self.numbered)


def syllable_to_marks(syllable: str) -> str:
    """'hang2' -> 'háng', 'lu:4' / 'lv4' -> 'lǜ', 'ma5' -> 'ma'. Others pass through."""
    match = _SYLLABLE.match(syllable)
    if not match:
        return syllable.replace("u:", "ü").replace("v", "ü") if syllable.isalpha() else syllable
    body, tone = match.group(1), int(match.group(2))
    body = body.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    if tone == 5:
        return body
    lower = body.lower()
    # The standard placement rule: a or e takes the mark; in "ou" the o does;
    # otherwise the last vowel.
    if "a" in lower:
        index = lower.index("a")
    elif "e" in lower:
        index = lower.index("e")
    elif "ou" in lower:
        index = lower.index("o")
    else:
        index = max((k for k, ch in enumerate(lower) if ch in "iouü"), default=-1)
        if index < 0:
            return body  # m2, ng4 and the like: no vowel to mark
    vowel = lower[index]
    marked = _TONE_MARKS[vowel][tone - 1]
    if body[index].isupper():
        marked = marked.upper()
    return body[:index] + marked + body[index + 1 :]


def numbered_to_marks(numbered: str) -> str:
    return " ".join(syllable_to_marks(s) for s in numbered.split())


def _pypinyin_numbered(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
    return " ".join(s.replace("v", "u:") for s in syllables)


def _normal(numbered: str) -> str:
    return numbered.lower().replace("u:", "v").replace(" ", "")


def word_readings(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The distinct CC-CEDICT readings of a word, most useful first.

    Lower-case readings (common words) come before capitalised ones (names), and
    readings with many senses before rarer ones."""
    entries = sorted(
        lexicon.entries(word),
        key=lambda e: (e.pinyin[:1].isupper(), -len(e.senses)),
    )
    seen: dict[str, str] = {}
    for entry in entries:
        seen.setdefault(_normal(entry.pinyin), entry.pinyin)
    return tuple(seen.values())


def read_word(word: str, lexicon: Lexicon) -> Reading:
    """The reading of a word out of context: pypinyin's phrase reading when CC-CEDICT
    lists it too, else CC-CEDICT's most common reading, else pypinyin's."""
    readings = word_readings(word, lexicon)
    guess = _pypinyin_numbered(word)
    if not readings:
        return Reading(guess)
    chosen = next((r for r in readings if _normal(r) == _normal(guess)), readings[0])
    others = tuple(r.lower() for r in readings if r != chosen and not r[:1].isupper())
    return Reading(chosen.lower() if not word_is_name(chosen) else chosen, others)


def word_is_name(numbered: str) -> bool:
    return numbered[:1].isupper()


def read_tokens(tokens: Sequence[Token], lexicon: Lexicon) -> tuple[Reading, ...]:
    """One Reading per token of a sentence (empty for punctuation, numbers, Latin)."""
    readings = []
    for token in tokens:
        if token.kind in (TokenKind.PUNCT, TokenKind.SPACE, TokenKind.LATIN, TokenKind.NUMBER):
            if token.kind is TokenKind.NUMBER and not token.text.isascii():
                readings.append(Reading(_pypinyin_numbered(token.text)))
            else:
                readings.append(Reading(""))
            continue
        readings.append(read_word(token.text, lexicon))
    return tuple(readings)


def sentence_pinyin(tokens: Sequence[Token], readings: Sequence[Reading]) -> str:
    """Pinyin of a whole sentence with tone marks: words spaced, punctuation kept."""
    parts: list[str] = []
    for token, reading in zip(tokens, readings):
        if reading.numbered:
            parts.append(reading.marks.replace(" ", ""))
        elif token.kind in (TokenKind.PUNCT, TokenKind.SPACE):
            mark = token.text.strip()
            if mark and parts:
                parts[-1] += mark
            elif mark:
                parts.append(mark)
        else:
            parts.append(token.text)
    return " ".join(parts)
