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
few integer ORs and popcounts. The per-word translations are cached per lexicon.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .lexicon import Lexicon
from .text import HAN_CHAR

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
    if value == int(value):
        return f"#{int(value)}"
    return f"#{value:g}"


def en_word_keys(word: str) -> tuple[str, ...]:
    """The keys of one English token (empty for stop words)."""
    lower = word.lower().replace("’", "'")
    if (m := _ORDINAL.match(lower)):
        return (f"#{int(m.group(1))}",)
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
                if total >= scale and (total / scale) * 1000 == int(total / scale * 1000):
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
    """CC-CEDICT glosses as key sets, memoised per word (one instance per lexicon)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.memo: dict[str, frozenset[str]] = {}
        self.pinyin: dict[str, tuple[str, ...]] = {}
        self.all: dict[str, tuple[str, ...]] = {}
        self.max_word = min(_MAX_WORD, lexicon.max_word_length)

    def keys(self, word: str) -> frozenset[str]:
        found = self.memo.get(word)
        if found is not None:
            return found
        keys: set[str] = set()
        entries = self.lexicon.entries(word)
        # A single character's long tail of senses is mostly noise: keep the head.
        limit = 3 if len(word) == 1 else 12
        for entry in entries[: 3 if len(word) == 1 else 6]:
            for sense in entry.senses[:limit]:
                if sense.startswith(("CL:", "variant of", "old variant", "see ", "used in", "surname ")):
                    continue
                sense = _BRACKETS.sub(" ", sense)
                for token in _EN_TOKEN.findall(sense):
                    keys.update(en_word_keys(token))
        result = frozenset(keys)
        self.memo[word] = result
        return result

    def word_keys(self, word: str) -> tuple[str, ...]:
        """Every key a run of characters brings: its glosses' and its pinyin's."""
        found = self.all.get(word)
        if found is not None:
            return found
        keys: set[str] = set()
        if len(word) == 1 or self.lexicon.knows(word):
            keys.update(self.keys(word))
        if len(word) <= 3:
            keys.update("@" + spelling for spelling in self.readings(word))
        result = tuple(keys)
        self.all[word] = result
        return result

    def readings(self, chars: str) -> tuple[str, ...]:
        """Toneless pinyin spellings of a run of characters (a few, for names)."""
        found = self.pinyin.get(chars)
        if found is not None:
            return found
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
        result = tuple(sorted(s for s in spellings if s))
        self.pinyin[chars] = result
        return result


def _toneless(pinyin: str) -> str:
    return re.sub(r"[^a-z]", "", pinyin.lower().replace("u:", "v"))


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


def zh_side(text: str, trans: _Translations) -> Side:
    norm = unicodedata.normalize("NFKC", text)
    n = len(norm)
    cover: dict[str, int] = {}

    def add(key: str, start: int, end: int) -> None:
        cover[key] = cover.get(key, 0) | (((1 << (end - start)) - 1) << start)

    content = 0
    for p, ch in enumerate(norm):
        if (HAN_CHAR.match(ch) and ch not in _ZH_FUNCTION) or ch.isalnum() and ch.isascii():
            content |= 1 << p
    han = [bool(HAN_CHAR.match(ch)) for ch in norm]
    word_keys = trans.word_keys
    for i in range(n):
        if not han[i]:
            continue
        for j in range(i + 1, min(n, i + trans.max_word) + 1):
            if not han[j - 1]:
                break
            keys = word_keys(norm[i:j])
            if keys:
                bits = ((1 << (j - i)) - 1) << i
                for key in keys:
                    cover[key] = cover.get(key, 0) | bits
    for start, end, keys in zh_numbers(norm):
        for key in keys:
            add(key, start, end)
    for m in re.finditer(r"[A-Za-z][A-Za-z'\-]*", norm):
        for key in en_word_keys(m.group()):
            add(key, m.start(), m.end())
        add("@" + _toneless(m.group()), m.start(), m.end())
    length = sum(1 for ch in norm if not ch.isspace())
    return Side(text, length, content, content.bit_count(), cover, frozenset(cover))


def en_side(text: str) -> Side:
    cover: dict[str, int] = {}
    content = 0
    pos = 0
    for k, m in enumerate(_EN_TOKEN.finditer(text)):
        word = m.group()
        keys = list(en_word_keys(word))
        if not keys:
            continue
        if word[0].isupper() and word.lower() not in _STOP_EN:
            keys.append("@" + _toneless(word))
        bit = 1 << pos
        pos += 1
        content |= bit
        for key in keys:
            cover[key] = cover.get(key, 0) | bit
    han = len(HAN_CHAR.findall(text))
    length = sum(1 for ch in text if ch.isalnum()) + sum(1 for ch in text if ch.isspace())
    foreign = han > 0 and han * 2 >= sum(1 for ch in text if ch.isalpha())
    return Side(text, length, content, content.bit_count(), cover, frozenset(cover), foreign)
