"""Cloze quiz logic shared by the terminal quiz and the quiz page: no heavy imports.

Everything here works from the article's view (view.py), read back from its
manifest (`vocab.json`), so `vocabgen quiz` never loads jieba or the dictionaries.

Answer checking is answers.py's (`check_answer`, re-exported here).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .answers import canonical_pinyin, check_answer, has_tone  # noqa: F401  (the quiz's API)
from .view import ArticleView, Blank, from_manifest, shown_parts  # noqa: F401  (Blank: the quiz's API)


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
