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
when that does not hold, the simplified form stands in for it (view.py, which makes
every per-script form the exporters show).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from .errors import VocabgenError
from .models import SentencePair
from .view import headword  # noqa: F401  (the word as a card's front shows it)

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
