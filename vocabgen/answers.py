"""What counts as a right answer to a blank: accepts, for the blanked word 工作 (gong1 zuo4):

- the characters, simplified or traditional (full-width or half-width, any spaces);
- pinyin with tone numbers: ``gong1 zuo4``, ``gong1zuo4``, ``GONG1 ZUO4``; the
  neutral tone as 5, 0 or no digit; ü typed as ü, v or u:;
- pinyin with tone marks: ``gōngzuò``, ``gōng zuò``, composed or decomposed
  (combining marks), or mixed with numbers.

Pinyin without tones is refused (``gongzuo``): the tones are part of the word.
Spaces, apostrophes and hyphens never matter. Both sides are brought to one
canonical form (tone marks, lower case, no separators) and compared; the rules are
mirrored in the quiz page's JavaScript, and one table of cases
(tests/data/quiz_answers.json) tests both.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = {
    "a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ",
}
_NUMBERED = re.compile(r"([a-zü]+)([0-5])")
_SEPARATORS = re.compile(r"[\s'’‘`\-‐·•.,，。、]+")


def _mark_syllable(body: str, tone: int) -> str:
    """'zuo', 4 -> 'zuò' by the usual rule: a or e takes the mark; in ou, the o;
    otherwise the last vowel. Tones 5 and 0 are neutral: no mark."""
    if tone in (0, 5):
        return body
    for vowel in ("a", "e"):
        if vowel in body:
            index = body.index(vowel)
            break
    else:
        if "ou" in body:
            index = body.index("o")
        else:
            vowels = [k for k, ch in enumerate(body) if ch in _MARKS]
            if not vowels:
                return body  # m, n, ng, r: nothing to mark
            index = vowels[-1]
    return body[:index] + _MARKS[body[index]][tone - 1] + body[index + 1 :]


def canonical_pinyin(text: str) -> str:
    """Pinyin in any of the accepted spellings -> tone marks, lower case, no spaces."""
    text = unicodedata.normalize("NFC", text.strip().lower())
    text = text.replace("u:", "ü").replace("v", "ü")
    text = _NUMBERED.sub(lambda m: _mark_syllable(m.group(1), int(m.group(2))), text)
    return _SEPARATORS.sub("", text)


def _canonical_hanzi(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def has_tone(pinyin: str) -> bool:
    """Whether canonical pinyin carries any tone mark."""
    return any(ch in marks for marks in _MARKS.values() for ch in pinyin)


def check_answer(expected_hanzi: str, expected_pinyin_numbered: str, given: str, *, traditional: str = "") -> bool:
    """Whether `given` names the expected word, as characters or as toned pinyin."""
    answer = _canonical_hanzi(given)
    if not answer:
        return False
    if answer in {_canonical_hanzi(expected_hanzi), _canonical_hanzi(traditional)} - {""}:
        return True
    expected = canonical_pinyin(expected_pinyin_numbered)
    if not expected:
        return False
    typed = canonical_pinyin(given)
    if typed != expected:
        return False
    # All-neutral words (rare) have no marks to require.
    return has_tone(typed) or not has_tone(expected)
