"""Small text helpers several stages share: Han characters and pinyin keys."""

from __future__ import annotations

import re

# A character of the CJK Unified Ideographs block or Extension A (the characters
# ingest and alignment look for).
HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Wider: compatibility ideographs and the supplementary planes too (readings).
_HAN_WIDE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def has_han(text: str) -> bool:
    """Whether `text` holds at least one Han character (U+3400..U+9FFF)."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def is_han(text: str) -> bool:
    """Whether `text` is non-empty and all Han characters (supplementary planes included)."""
    return bool(text) and all(_HAN_WIDE.match(ch) for ch in text)


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
