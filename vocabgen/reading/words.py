"""Readings of words and characters out of context: the dictionaries' candidates,
the one a word takes (`read_word`), tone marks and tone numbers.

pinyin.py reads words in their sentence and polyphones.py decides a character
standing alone; both start from here, and neither imports the other's back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..lexicon import Lexicon
from ..models import TokenKind
from ..text import pinyin_key

_TONE_MARKS = {
    "a": "āáǎàa", "e": "ēéěèe", "i": "īíǐìi", "o": "ōóǒòo", "u": "ūúǔùu", "ü": "ǖǘǚǜü",
}
_SYLLABLE = re.compile(r"^([a-zü:]+?)([1-5])$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    numbered: str  # "yin2 hang2"; "" for punctuation and the like
    alternatives: tuple[str, ...] = ()  # other readings the word may have here
    # Syllable indices where a new word starts inside the token (jieba's 现场会议 is
    # the words 现场 and 会议: (2,)); pinyin writes each word apart.
    breaks: tuple[int, ...] = ()

    @property
    def marks(self) -> str:
        return numbered_to_marks(self.numbered)


@lru_cache(maxsize=8192)  # depends on the syllable only; a few thousand exist
def syllable_to_marks(syllable: str) -> str:
    """'hang2' -> 'háng', 'lu:4' / 'lv4' -> 'lǜ', 'ma5' -> 'ma', 'Lan2' -> 'Lán'.

    Syllables without a vowel to mark (m2, ng4, r5) lose the digit; anything that
    is not a numbered syllable passes through (ü spelt u: or v is still fixed).
    Memoised: a sentence's pinyin asks for every syllable of it."""
    match = _SYLLABLE.match(syllable)
    if not match:
        if syllable.isalpha() or ":" in syllable:
            return syllable.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
        return syllable
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
            # m, n, ng (呣 m2, 嗯 ng4): the mark goes on the first letter.
            if lower in ("m", "n", "ng", "hm", "hng"):
                first = 0 if lower[0] != "h" else 1
                combining = "\u0304\u0301\u030c\u0300"[tone - 1]
                import unicodedata

                return unicodedata.normalize(
                    "NFC", body[: first + 1] + combining + body[first + 1 :]
                )
            return body  # r5 (儿) and the like
    vowel = lower[index]
    marked = _TONE_MARKS[vowel][tone - 1]
    if body[index].isupper():
        marked = marked.upper()
    return body[:index] + marked + body[index + 1 :]


def numbered_to_marks(numbered: str) -> str:
    return " ".join(syllable_to_marks(s) for s in numbered.split())


# --- pypinyin, behind two small functions ---------------------------------------


@lru_cache(maxsize=16384)
def _pypinyin_numbered(text: str) -> str:
    """pypinyin's reading of a text on its own (its own phrase matching)."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
    return " ".join(s.replace("v", "u:") for s in syllables)


@lru_cache(maxsize=8192)  # a few thousand syllables spell every word
def _numbered(marked: str) -> str:
    """A syllable of pypinyin's data (tone marks) in CC-CEDICT's numbered form."""
    from pypinyin.contrib.tone_convert import to_tone3

    return to_tone3(marked, v_to_u=False, neutral_tone_with_five=True).replace("v", "u:")


@lru_cache(maxsize=65536)
def pypinyin_phrase(word: str) -> str | None:
    """pypinyin's phrase-dictionary reading of a whole word, numbered; None if absent."""
    from pypinyin.constants import PHRASES_DICT

    items = PHRASES_DICT.get(word)
    if not items or len(items) != len(word):
        return None
    syllables = [_numbered(item[0]) for item in items]
    # pypinyin's phrases spell 一 and 不 with their tone changes (一个 yí gè);
    # a dictionary form keeps the base tones.
    for k, char in enumerate(word):
        if char == "一" and syllables[k].startswith("yi"):
            syllables[k] = "yi1"
        elif char == "不" and syllables[k].startswith("bu"):
            syllables[k] = "bu4"
    return " ".join(syllables)


@lru_cache(maxsize=65536)
def char_readings(char: str) -> tuple[str, ...]:
    """A character's readings as a word of its own, most frequent first (numbered).

    The order is pypinyin's (its single-character data lists the common reading
    first), then any further CC-CEDICT reading; 5 is the neutral tone."""
    from pypinyin.constants import PINYIN_DICT

    readings: list[str] = []
    raw = PINYIN_DICT.get(ord(char))
    if raw:
        for item in raw.split(","):
            numbered = _numbered(item)
            if numbered not in readings:
                readings.append(numbered)
    return tuple(readings)


# --- words ----------------------------------------------------------------------


def word_readings(word: str, lexicon: Lexicon, *, name: bool = False) -> tuple[str, ...]:
    """The distinct CC-CEDICT readings of a word, most useful first.

    Lower-case readings (common words) come before capitalised ones (names) unless
    `name` is set, and readings with many senses before rarer ones."""
    entries = sorted(
        lexicon.entries(word),
        key=lambda e: ((not e.pinyin[:1].isupper()) if name else e.pinyin[:1].isupper(),
                       -len(e.senses)),
    )
    seen: dict[str, str] = {}
    for entry in entries:
        if len(entry.pinyin.split()) != len(word):
            continue  # erhua spellings and Latin letters: cannot be read per character
        seen.setdefault(pinyin_key(entry.pinyin), entry.pinyin)
    return tuple(seen.values())


def word_is_name(numbered: str) -> bool:
    return numbered[:1].isupper()


def read_word(word: str, lexicon: Lexicon, *, name: bool = False) -> Reading:
    """The reading of a word out of context (its dictionary form).

    Memoised per lexicon (the pipeline reads the same words in every sentence).

    Candidates are CC-CEDICT's readings; pypinyin's phrase reading picks among them
    when it is one of them; otherwise the reading with most senses. A capitalised
    (name) reading is only given to a word when `name` is set or it has no other."""
    cache = lexicon.memo("read_word")
    key = (word, name)
    reading = cache.get(key)
    if reading is None:
        reading = cache[key] = _read_word(word, lexicon, name)
    return reading


def _read_word(word: str, lexicon: Lexicon, name: bool) -> Reading:
    readings = word_readings(word, lexicon, name=name)
    phrase = pypinyin_phrase(word) if len(word) > 1 else None
    if not readings:
        if phrase:
            return Reading(_neutral_from_parts(word, phrase, lexicon))
        if len(word) == 1:
            options = char_readings(word)
            if options:
                return Reading(options[0], options[1:])
        return Reading(_pypinyin_numbered(word))
    lower = [r for r in readings if not word_is_name(r)]
    if not name and lower:
        readings = tuple(lower) + tuple(r for r in readings if word_is_name(r))
    chosen = readings[0]
    if phrase:
        match = next((r for r in readings if pinyin_key(r) == pinyin_key(phrase)), None)
        if match is not None and (name or not word_is_name(match) or not lower):
            chosen = match
        elif match is not None and not any(_toneless(r) == _toneless(match) for r in lower):
            # pypinyin's phrase reads the word as the proper noun does, in other
            # syllables than the common word (明朝: Míng Cháo "Ming dynasty", the common
            # reading, against míngzhāo "tomorrow", a literary word): its syllables,
            # without the capital when no name is wanted.
            chosen = match
    chosen = _learners_tones(word, chosen, readings, lexicon)
    if not name:
        chosen = chosen.lower()
    others = tuple(
        dict.fromkeys(
            r.lower() for r in readings
            if pinyin_key(r) != pinyin_key(chosen) and not word_is_name(r)
        )
    )
    return Reading(chosen, others)


def _neutral_from_parts(word: str, phrase: str, lexicon: Lexicon) -> str:
    """pypinyin's phrase reading of a word CC-CEDICT lacks (穿衣服), with the
    neutral tones CC-CEDICT writes for its parts (衣服 yīfu): pypinyin writes
    citation tones only."""
    parts = lexicon.split_known(word)
    if len(parts) < 2:
        return phrase
    ours = " ".join(read_word(p, lexicon).numbered for p in parts).lower().split()
    theirs = phrase.split()
    if len(ours) != len(theirs):
        return phrase
    return " ".join(
        mine if mine.endswith("5") and mine[:-1] == other[:-1] else other
        for mine, other in zip(ours, theirs)
    )


_COMPLEMENT = ("(after a verb", "(verb complement", "(used after a verb")
_CROSS_REFS = ("see ", "variant of", "old variant of", "also pr.", "also written")


def _glosses(word: str, numbered: str, lexicon: Lexicon) -> int:
    """How many glosses CC-CEDICT gives a word read this way, not counting
    cross-references and the uses after a verb (a complement's reading is the
    context's business: see `complement_reading`)."""
    count = 0
    for entry in lexicon.entries(word):
        if entry.pinyin != numbered or entry.senses[:1] and entry.senses[0].startswith(_COMPLEMENT):
            continue  # an entry that opens with a complement's use is all about it
        for sense in entry.senses:
            if sense.startswith(_CROSS_REFS) or sense.startswith(_COMPLEMENT):
                continue
            count += len([g for g in sense.split(";") if g.strip()])
    return count


def _learners_tones(word: str, chosen: str, readings: Sequence[str], lexicon: Lexicon) -> str:
    """Between readings that differ only in tone (告诉 gào su / gào sù, 东西 dōngxi /
    dōngxī), the one with most glosses of its own in CC-CEDICT.

    pypinyin's phrases (which pick among CC-CEDICT's readings first) write every
    syllable in its citation tone, so they cannot choose between a neutral and a
    full tone; a learner's dictionary writes the neutral tone of the common word
    (衣服 yīfu, 知识 zhīshi), and the common word is the one with more senses."""
    if len(readings) < 2:
        return chosen  # (most words: nothing to choose between)
    key = _toneless(chosen)
    # Only readings that differ from the chosen one by neutral tones: two full tones
    # are two words, which pypinyin's phrase has chosen between (字帖 zìtiè
    # "copybook", not zìtiě "short note", which has more glosses).
    variants = [r for r in readings if _toneless(r) == key and word_is_name(r) == word_is_name(chosen)
                and _neutral_apart(r, chosen)]
    if len(variants) < 2:
        return chosen
    return max(variants, key=lambda r: (_glosses(word, r, lexicon), r == chosen))


def _neutral_apart(one: str, other: str) -> bool:
    """Two readings of the same syllables whose tones differ only where one of them
    is neutral (告诉 gao4 su5 / gao4 su4)."""
    return all(a[-1:] == b[-1:] or "5" in (a[-1:], b[-1:]) for a, b in zip(one.split(), other.split()))


def _toneless(numbered: str) -> str:
    return re.sub(r"[1-5]", "", pinyin_key(numbered))


def complement_reading(word: str, lexicon: Lexicon) -> str | None:
    """The reading CC-CEDICT gives a word used after a verb (起来 qi5 lai5, 出来
    chu5 lai5: directional complements are neutral), or None."""
    entries = [e for e in lexicon.entries(word) if len(e.pinyin.split()) == len(word) and e.pinyin[:1].islower()]
    for entry in entries:
        if entry.senses[:1] and entry.senses[0].startswith(_COMPLEMENT):
            return entry.pinyin.lower()
    # Otherwise a directional word CC-CEDICT also writes with neutral tones after its
    # first syllable (过来 guo4 lai5, 过去 guo4 qu5 "(verb suffix)"): that reading.
    readings = {e.pinyin.lower() for e in entries}
    for reading in readings:
        syllables = reading.split()
        if syllables[-1].endswith("5") and any(
            other != reading and _toneless(other) == _toneless(reading) and not other.endswith("5")
            for other in readings
        ) and is_directional(word):
            return reading
    return None


_DIRECTIONS = frozenset("来去上下进出回过起开")


def is_directional(word: str) -> bool:
    """A directional complement: 来/去 after a verb of direction, or one of those
    verbs (过来, 出去, 上去; not 过失)."""
    return all(ch in _DIRECTIONS for ch in word) and word[-1] in "来去"


def _full_tones(numbered: str, phrase: str) -> str:
    """CC-CEDICT's reading with its neutral tones replaced by pypinyin's full tones
    where the two agree on the syllable and disagree only on tone 5 (知识 zhi1 shi5
    -> zhi1 shi2, 衣服 yi1 fu5 -> yi1 fu2).

    The dictionary form of a word is its citation form: the issue asks for neutral
    tones as an optional layer, never silently in the dictionary form, and a learner
    who sees shí can still hear it weakened, while one who sees shi cannot recover
    the tone. Syllables that are neutral in both sources (桌子 zi5, 弟弟 di5) and
    words whose reading the sources disagree on otherwise keep CC-CEDICT's reading.
    (On cpp-dev, whose labels use citation tones, this is worth about 0.5 point.)"""
    ours, theirs = numbered.split(), phrase.split()
    if len(ours) != len(theirs):
        return numbered
    out = []
    for mine, other in zip(ours, theirs):
        if mine.endswith("5") and not other.endswith("5") and mine[:-1].lower() == other[:-1].lower():
            out.append(mine[:-1] + other[-1])
        elif mine[:-1].lower() == other[:-1].lower():
            out.append(mine)
        else:
            return numbered
    return " ".join(out)


def _known(word: str, lexicon: Lexicon) -> bool:
    if lexicon.knows(word):
        return True
    from pypinyin.constants import PHRASES_DICT

    return word in PHRASES_DICT and pypinyin_phrase(word) is not None


# --- sentences ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of a sentence read as one: a dictionary word, or a character alone."""

    text: str
    start: int
    pos: str  # jieba's tag of the token it came from ("" for a piece of a split token)
    token: int  # index of the token it came from
    kind: TokenKind
    split: bool = False  # a piece of a token the dictionaries do not know
    token_pos: str = ""  # for such a piece, jieba's tag of the whole token
