"""What the aligner knows about one sentence: the evidence two sentences share.

Both languages are mapped into one space of "keys" (short strings):

- English content words, cut to a stem (a 5-letter prefix after light suffix
  stripping: crude, but the same on both sides, which is all matching needs);
  Chinese words get the keys of the English words of their CC-CEDICT glosses;
- numbers as ``#149`` (Arabic, full-width, Chinese numerals 一百四十九, 1.2万 also as
  12000 and as 12 thousand, English number words "three"), months as ``m5``;
- names: a capitalised English word also gets ``@`` + its letters, and every run of
  one to three Chinese characters gets ``@`` + its toneless pinyin, so 陈万邦 meets
  "Chen Wanbang" without a dictionary entry; Latin words written in the Chinese
  text meet the same word in the English.

Per sentence we keep, for every key, a bitmask of the positions it covers (Chinese
characters, English tokens), so the evidence of a bead of several sentences is a
few integer ORs and popcounts. The per-word translations are cached per lexicon,
in bounded caches (builds run over thousands of articles). A Chinese sentence keeps
only the keys its article's English uses: no other key can ever be shared evidence,
and dropping them early spares most of the work.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..lexicon import Lexicon
from ..models import DictEntry
from ..text import HAN_CHAR

_STOP_EN = frozenset(
    """a an the of to and or but nor in on at by for with from as into onto upon about
    is are was were be been being am do does did done has have had having will would
    shall should can could may might must this that these those it its it's they them
    their theirs he him his she her hers we us our ours you your i me my mine who whom
    whose which what when where why how than then there here so such not no also very
    just only some any all each every both either neither other another same own one's
    sb sth someone something etc e.g i.e lit fig variant abbr see used cl pr old
    same if while because though although whether up out over under again further once
    s t let via per""".split()
)
# Chinese characters that carry grammar rather than content: not counted when we
# measure how much of a Chinese sentence the English accounts for.
_ZH_FUNCTION = frozenset("的了是在和与及把被将这那也都就而又并其之于以为对从等着过们个所该此")
_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\bpinyin\b[^)]*\)")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "first": 1,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "half": 0.5, "dozen": 12,
    "twice": 2, "double": 2, "triple": 3,
}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUMBER = re.compile(
    r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)(万|亿|万亿)?(多|余)?(年|月|日|号|%|个|人|名|次|家|倍|天|岁)?"
)
_MAX_WORD = 4
_HAN_RUN = re.compile(HAN_CHAR.pattern + "+")
_ZH_FUNCTION_CHAR = re.compile("[" + "".join(sorted(_ZH_FUNCTION)) + "]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_NOT_LETTER = re.compile(r"[^a-z]")
# Bounds of the per-word caches: far more than one article's distinct words, so a
# build keeps hitting them, and a fixed ceiling on memory however many articles run
# (a character's or word's keys take ~1 KB: at most ~16 MB).
_WORD_CACHE = 1 << 14


def stem(word: str) -> str:
    """A crude shared stem: lower case, light suffix stripping, a 5-letter prefix."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ies", "ing", "ed", "es", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)]
            break
    return w[:5]


def _number_key(value: float) -> str:
    # A number of 309+ digits is infinite as a float (int() of it would raise):
    # every such number gets one key, so they still match one another.
    if not math.isfinite(value):
        return "#inf"
    if value == int(value):
        return f"#{int(value)}"
    return f"#{value:g}"


@lru_cache(maxsize=_WORD_CACHE)
def en_word_keys(word: str) -> tuple[str, ...]:
    """The keys of one English token (empty for stop words). Memoised: a build meets
    the same few thousand words in every article and every gloss."""
    lower = word.lower().replace("’", "'")
    if (m := _ORDINAL.match(lower)):
        return (_number_key(float(m.group(1))),)
    if lower[0].isdigit():
        if "," in lower and re.fullmatch(r"\d{1,3}(,\d{3})+", lower):
            lower = lower.replace(",", "")
        try:
            return (_number_key(float(lower.replace(",", ""))),)
        except ValueError:
            return ()
    if lower in _NUMBER_WORDS:
        return (_number_key(_NUMBER_WORDS[lower]),)
    if lower in _MONTHS:
        return (f"m{_MONTHS[lower]}",)
    if lower in _STOP_EN or len(lower) < 2:
        return ()
    return (stem(lower),)


def zh_numbers(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, keys) for every number written in a Chinese sentence (NFKC text)."""
    found = []
    for m in _ZH_NUMBER.finditer(text):
        raw, big, _approx, unit = m.groups()
        value = _parse_zh_number(raw)
        if value is None:
            continue
        if len(raw) == 1 and raw in "一两" and not big and unit in (None, "个", "名", "家", "次"):
            continue  # 一 is mostly "a", not a number worth anchoring on
        keys = []
        if big:
            mult = 1
            for ch in big:
                mult *= _ZH_BIG[ch]
            total = value * mult
            keys += [_number_key(total), _number_key(value)]
            for scale in (1e3, 1e6, 1e9):
                if math.isfinite(total) and total >= scale and (total / scale) * 1000 == int(total / scale * 1000):
                    keys.append(_number_key(round(total / scale, 3)))
        else:
            keys.append(_number_key(value))
        if unit == "月" and 1 <= value <= 12 and not big:
            keys.append(f"m{int(value)}")
        found.append((m.start(), m.end(1) + (len(big) if big else 0), tuple(keys)))
    return found


def _parse_zh_number(raw: str) -> float | None:
    if raw[0].isdigit():
        try:
            return float(raw)
        except ValueError:
            return None
    if all(ch in _ZH_DIGITS for ch in raw):
        if len(raw) == 1:
            return float(_ZH_DIGITS[raw])
        return float("".join(str(_ZH_DIGITS[ch]) for ch in raw))  # 二〇一六
    total, digit = 0, None
    for ch in raw:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            total += (1 if digit is None else digit) * _ZH_UNITS[ch]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return float(total)


class _Translations:
    """CC-CEDICT glosses and readings as keys, memoised per word (one instance per
    lexicon). The memos are bounded LRU caches holding single characters and words
    the dictionary knows; runs of characters it does not know are read in `zh_side`
    without being remembered (there are as many of them as there is text)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # Every word the dictionary has, as one set: `zh_side` asks about each run of
        # up to four characters (some 2,000 an article), and one probe of a set costs
        # a third of `lexicon.knows`'s two dictionary look-ups. Built once per
        # lexicon (some 20 ms, 8 MB).
        self.known = frozenset(lexicon.by_simplified).union(lexicon.by_traditional)
        self.max_word = min(_MAX_WORD, lexicon.max_word_length)
        self.word_keys = lru_cache(maxsize=_WORD_CACHE)(self._word_keys)
        self.readings = lru_cache(maxsize=_WORD_CACHE)(self._readings)
        self.name_initials = lru_cache(maxsize=_WORD_CACHE)(self._name_initials)

    def _gloss_keys(self, word: str, entries: tuple[DictEntry, ...]) -> set[str]:
        """The keys of a word's glosses (`entries` are its dictionary entries)."""
        keys: set[str] = set()
        # A single character's long tail of senses is mostly noise: keep the head.
        limit = 3 if len(word) == 1 else 12
        for entry in entries[: 3 if len(word) == 1 else 6]:
            for sense in entry.senses[:limit]:
                if sense.startswith(("CL:", "variant of", "old variant", "see ", "used in", "surname ")):
                    continue
                if "[" in sense or "(" in sense:  # most senses have neither: spare the regex
                    sense = _BRACKETS.sub(" ", sense)
                keys.update(*map(en_word_keys, _EN_TOKEN.findall(sense)))
        return keys

    def _word_keys(self, word: str) -> frozenset[str]:
        """Every key a run of characters brings: its glosses' and its pinyin's."""
        entries = self.lexicon.entries(word)
        keys = self._gloss_keys(word, entries) if len(word) == 1 or self.lexicon.knows(word) else set()
        if len(word) <= 3:
            # What `readings` gives, without a second look-up of the entries.
            spellings = {_toneless(e.pinyin) for e in entries} if entries else self.readings(word)
            keys.update("@" + spelling for spelling in spellings if spelling)
        return frozenset(keys)

    def _name_initials(self, ch: str) -> tuple[str, ...]:
        """The name keys a run the dictionary lacks can start with at `ch`."""
        return tuple("@" + spelling for spelling in self.readings(ch)[:3])

    def _readings(self, chars: str) -> tuple[str, ...]:
        """Toneless pinyin spellings of a run of characters (a few, for names)."""
        if len(chars) > 1:
            entries = self.lexicon.entries(chars)
            if entries:
                spellings = {_toneless(e.pinyin) for e in entries}
            else:
                spellings = {""}
                for ch in chars:
                    spellings = {a + b for a in spellings for b in self.readings(ch)[:3]}
        else:
            spellings = {_toneless(e.pinyin) for e in self.lexicon.entries(chars)}
        return tuple(sorted(s for s in spellings if s))


def _toneless(pinyin: str) -> str:
    return _NOT_LETTER.sub("", pinyin.lower().replace("u:", "v"))


_CACHE: dict[int, tuple[Lexicon, _Translations]] = {}


def translations(lexicon: Lexicon) -> _Translations:
    cached = _CACHE.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        cached = (lexicon, _Translations(lexicon))
        _CACHE[id(lexicon)] = cached
    return cached[1]


@dataclass(slots=True)
class Side:
    """One sentence's evidence: key -> bitmask of covered positions."""

    text: str
    length: int  # characters (Chinese) or letters-and-digits (English), for length cost
    content: int  # bitmask of the positions that should be accounted for
    weight: int  # popcount of content
    cover: dict[str, int]
    keys: frozenset[str]
    foreign: bool = False  # an "English" sentence that is mostly Chinese characters


@dataclass(frozen=True, slots=True)
class EnglishKeys:
    """The keys an article's English sentences use: only these can be shared evidence,
    so a Chinese sentence keeps no others."""

    keys: frozenset[str]
    name_prefixes: frozenset[str]  # every prefix of an "@" key: reading a name stops early

    @classmethod
    def of(cls, sides: Iterable[Side]) -> EnglishKeys:
        keys = frozenset().union(*(s.keys for s in sides))
        prefixes = {key[:k] for key in keys if key[:1] == "@" for k in range(1, len(key) + 1)}
        return cls(keys, frozenset(prefixes))


def zh_side(text: str, trans: _Translations, english: EnglishKeys) -> Side:
    norm = unicodedata.normalize("NFKC", text)
    cover: dict[str, int] = {}
    get = cover.get
    wanted, prefixes = english.keys, english.name_prefixes
    word_keys, known, readings, name_initials = trans.word_keys, trans.known, trans.readings, trans.name_initials
    max_word = trans.max_word
    han = 0
    for m in _HAN_RUN.finditer(norm):
        start, end = m.span()
        han |= ((1 << (end - start)) - 1) << start
        for i in range(start, end):
            ch = norm[i]
            found = word_keys(ch)
            if not found.isdisjoint(wanted):
                bit = 1 << i
                for key in found & wanted:
                    cover[key] = get(key, 0) | bit
            # The run norm[i:j] spelled character by character (each character's
            # first three readings), as `readings` spells a run the dictionary lacks;
            # only spellings some English name begins with are kept: most often none.
            names = None
            if prefixes:
                initials = name_initials(ch)
                if not prefixes.isdisjoint(initials):
                    names = [s for s in initials if s in prefixes]
            for j in range(i + 2, min(end, i + max_word) + 1):
                word = norm[i:j]
                if names and j - i <= 3:
                    names = [s + r for s in names for r in readings(norm[j - 1])[:3] if s + r in prefixes]
                if word in known:
                    found = word_keys(word)
                    if found.isdisjoint(wanted):
                        continue
                    keys: Iterable[str] = found & wanted
                elif names and j - i <= 3:
                    keys = [s for s in names if s in wanted]
                else:
                    continue
                bits = ((1 << (j - i)) - 1) << i
                for key in keys:
                    cover[key] = get(key, 0) | bits
    content = han
    for m in _ZH_FUNCTION_CHAR.finditer(norm):
        content &= ~(1 << m.start())
    for m in _ASCII_ALNUM.finditer(norm):
        content |= ((1 << (m.end() - m.start())) - 1) << m.start()
    for start, end, keys in zh_numbers(norm):
        bits = ((1 << (end - start)) - 1) << start
        for key in keys:
            cover[key] = get(key, 0) | bits
    for m in _LATIN_WORD.finditer(norm):
        start, end = m.span()
        bits = ((1 << (end - start)) - 1) << start
        for key in en_word_keys(m.group()) + ("@" + _toneless(m.group()),):
            cover[key] = get(key, 0) | bits
    length = len(norm) - sum(map(str.isspace, norm))
    return Side(text, length, content, content.bit_count(), cover, frozenset(cover))


@lru_cache(maxsize=_WORD_CACHE)
def _en_token_keys(word: str) -> tuple[str, ...]:
    """An English token's keys, with its name key if it is capitalised."""
    keys = en_word_keys(word)
    if keys and word[0].isupper() and word.lower() not in _STOP_EN:
        keys += ("@" + _toneless(word),)
    return keys


def en_side(text: str) -> Side:
    cover: dict[str, int] = {}
    content = 0
    pos = 0
    for word in _EN_TOKEN.findall(text):
        keys = _en_token_keys(word)
        if not keys:
            continue
        bit = 1 << pos
        pos += 1
        content |= bit
        for key in keys:
            cover[key] = cover.get(key, 0) | bit
    han = len(HAN_CHAR.findall(text))
    length = sum(map(str.isalnum, text)) + sum(map(str.isspace, text))
    foreign = han > 0 and han * 2 >= sum(map(str.isalpha, text))
    return Side(text, length, content, content.bit_count(), cover, frozenset(cover), foreign)
