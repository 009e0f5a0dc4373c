"""Small text helpers several stages share: Han characters and pinyin keys."""

from __future__ import annotations

import re

# A character of the CJK Unified Ideographs block or Extension A (the characters
# ingest and alignment look for).
HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_BASIC = re.compile(r"[\u3400-\u9fff]")
# Wider: compatibility ideographs and the supplementary planes too (readings).
_HAN_WIDE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
# The same class, whole strings at a time: is_han runs for every token and character
# of every article, and one regex call is ~10x cheaper than a Python loop over chars.
_HAN_WIDE_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def has_han(text: str) -> bool:
    """Whether `text` holds at least one Han character (U+3400..U+9FFF)."""
    return _HAN_BASIC.search(text) is not None


def is_han(text: str) -> bool:
    """Whether `text` is non-empty and all Han characters (supplementary planes included)."""
    return _HAN_WIDE_RUN.fullmatch(text) is not None


def han_count(text: str) -> int:
    """How many characters of `text` is_han accepts."""
    return len(_HAN_WIDE.findall(text))


def pinyin_key(numbered: str) -> str:
    """A numbered reading in the form readings are compared in: lower case, ü as v,
    no spaces ("Lu:4 dian4" -> "lv4dian4")."""
    return numbered.lower().replace("u:", "v").replace(" ", "")


def hsk_label(level: int | None) -> str:
    """An HSK 3.0 level as cards, sheets and tables show it: "1".."6", "7-9" for the
    advanced band (level 7), "" for a word on no list."""
    if not level:
        return ""
    return "7-9" if level >= 7 else str(level)
