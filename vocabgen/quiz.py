"""Cloze quiz logic shared by the terminal quiz and the quiz page: no heavy imports.

Everything here works from the article's view (view.py), read back from its
manifest (`vocab.json`), so `vocabgen quiz` never loads jieba or the dictionaries.

Answer checking (`check_answer`) accepts, for the blanked word 工作 (gong1 zuo4):

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

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .view import ArticleView, Blank, from_manifest, shown_parts  # noqa: F401  (Blank: the quiz's API)

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


@dataclass(frozen=True, slots=True)
class QuizItem:
    """One cloze sentence: text parts and blanks alternate, as in ClozeItem.parts."""

    number: int  # 1-based, in the order of the manifest
    zh: str
    en: str
    pinyin: str  # the whole sentence's pinyin, if known
    parts: tuple[str, ...]
    blanks: tuple[Blank, ...]
    audio: str | None  # the sentence's audio file name, if built
    # The same cut of the sentence in traditional characters, when the build made
    # them (--script traditional/both); () otherwise.
    parts_traditional: tuple[str, ...] = ()

    def shown_parts(self, script: str = "simplified") -> tuple[str, ...]:
        """The parts in the characters the learner asked for (--script)."""
        return shown_parts(self.parts, self.parts_traditional, script)

    def questions(self) -> tuple[Blank, ...]:
        """The blanks to ask for: one per distinct word (a word that stands twice in
        its sentence is blanked twice and asked once)."""
        first: dict[str, Blank] = {}
        for blank in self.blanks:
            first.setdefault(blank.hanzi, blank)
        return tuple(first.values())

    def prompt(self, mask: str = "＿＿", script: str = "simplified") -> str:
        """The sentence with each blank shown as a gap, numbered by the word it hides
        when it hides one of several."""
        numbers = {b.hanzi: n for n, b in enumerate(self.questions(), start=1)}
        out = []
        for k, part in enumerate(self.shown_parts(script)):
            if k % 2 == 0:
                out.append(part)
            else:
                blank = self.blanks[k // 2] if k // 2 < len(self.blanks) else None
                n = numbers.get(blank.hanzi, k // 2 + 1) if blank else k // 2 + 1
                out.append(f"({n}){mask}" if len(numbers) > 1 else mask)
        return "".join(out)


def items_from_manifest(data: Mapping[str, Any]) -> list[QuizItem]:
    """The quiz items of one article's manifest, in order."""
    return items_of(from_manifest(data))


def items_of(view: ArticleView) -> list[QuizItem]:
    """The quiz items of an article's view, in order."""
    items = []
    for cloze in view.cloze:
        sentence = view.sentence(cloze.item.sentence_index)
        items.append(
            QuizItem(
                number=cloze.number,
                zh=cloze.item.zh,
                en=cloze.item.en,
                pinyin=sentence.pinyin if sentence else "",
                parts=cloze.item.parts,
                blanks=cloze.blanks,
                audio=sentence.audio.filename if sentence and sentence.audio else None,
                parts_traditional=cloze.parts_traditional,
            )
        )
    return items


def select(items: Sequence[QuizItem], count: int | None = None, shuffle: bool = False, seed: int | None = None) -> list[QuizItem]:
    """The items to ask: optionally shuffled (by a seeded generator), then the first `count`."""
    chosen = list(items)
    if shuffle:
        random.Random(seed).shuffle(chosen)
    return chosen[:count] if count else chosen
