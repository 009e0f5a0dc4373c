"""Simplified or traditional characters on the front of cards and sheets.

Words take CC-CEDICT's traditional headword (`Term.traditional`, chosen for the
word's reading); sentences are converted with OpenCC (the `opencc` package, the
project's own Python binding) using its `s2tw` configuration: character by character
with context for one-to-many cases (头发 → 頭髮, 发展 → 發展), and the variant forms
CC-CEDICT itself uses (為, 裡), without `s2twp`'s vocabulary swaps (软件 → 軟體)
that would no longer match the word on the card.

A note's identity (its GUID) stays the simplified headword and reading, so a learner
who switches script re-imports and gets the same notes updated, not new ones.
OpenCC converts character for character here, so a traditional sentence is as long
as its simplified original and blanks and highlights are cut at the same offsets;
when that does not hold, the traditional form falls back to a plain search.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from .errors import VocabgenError
from .models import ArticleStudy, ClozeItem, SentencePair

SCRIPTS = ("simplified", "traditional", "both")
OPENCC_CONFIG = "s2tw.json"


class ScriptError(VocabgenError):
    """The traditional-character converter is missing or the script is unknown."""


def check(script: str) -> str:
    if script not in SCRIPTS:
        raise ScriptError(f"unknown script {script!r}; choose one of {', '.join(SCRIPTS)}")
    return script


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError:
        raise ScriptError(
            "traditional characters need the 'opencc' package (pip install opencc)"
        ) from None
    return opencc.OpenCC(OPENCC_CONFIG)


def to_traditional(text: str) -> str:
    """Simplified text in traditional characters (OpenCC s2tw)."""
    return _converter().convert(text) if text else text


def traditional_pairs(pairs: Sequence[SentencePair], script: str) -> tuple[str, ...]:
    """Each pair's Chinese in traditional characters; () when only simplified is shown."""
    if check(script) == "simplified":
        return ()
    return tuple(to_traditional(pair.zh) for pair in pairs)


def headword(simplified: str, traditional: str, script: str) -> str:
    """The word as the front of a card shows it: 汉字, 漢字 or 汉字（漢字）."""
    traditional = traditional or simplified
    if script == "traditional":
        return traditional
    if script == "both" and traditional != simplified:
        return f"{simplified}（{traditional}）"
    return simplified


def _traditional_of(study: ArticleStudy, index: int) -> str:
    if index < len(study.pair_traditional):
        return study.pair_traditional[index]
    return to_traditional(study.pairs[index].zh)


def sentence_forms(
    study: ArticleStudy, index: int, simplified: str, word: str = "", word_traditional: str = ""
) -> list[tuple[str, str]]:
    """Sentence `simplified` (the Chinese of pair `index`) in the study's script, each
    form with the word to highlight in it: one form, or simplified then traditional
    for "both"."""
    if study.script == "simplified":
        return [(simplified, word)]
    traditional = _traditional_of(study, index) if study.pairs[index].zh == simplified else to_traditional(simplified)
    start = simplified.find(word) if word else -1
    if start >= 0 and len(traditional) == len(simplified):
        trad_word = traditional[start : start + len(word)]
    else:
        trad_word = word_traditional or word
    if study.script == "both" and traditional != simplified:
        return [(simplified, word), (traditional, trad_word)]
    return [(traditional, trad_word)]


def cloze_forms(study: ArticleStudy, item: ClozeItem) -> list[tuple[str, ...]]:
    """The cloze item's parts (text, answer, text, ...) in the study's script."""
    if study.script == "simplified":
        return [item.parts]
    traditional = _traditional_of(study, item.sentence_index)
    if len(traditional) != len(item.zh) or "".join(item.parts) != item.zh:
        return [item.parts]  # cannot cut the same blanks: keep the simplified cloze
    parts: list[str] = []
    cursor = 0
    for part in item.parts:
        parts.append(traditional[cursor : cursor + len(part)])
        cursor += len(part)
    converted = tuple(parts)
    if study.script == "both" and converted != item.parts:
        return [item.parts, converted]
    return [converted]
