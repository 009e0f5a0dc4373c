"""Which words of a sentence are names: people, places and organisations.

- `is_name` reads one token: jieba's name tags, or a word CC-CEDICT knows only as a
  name (capitalised readings only).
- `find_names` finds a sentence's names as token spans: it joins a surname jieba
  split from its given name (陈 / 万邦) and the parts of a transliterated name
  (凯莱什·贾古特帕尔); with the sentence's readings and its aligned English, the
  English confirms or overrules jieba's guesses (a name the English spells, a
  common noun it says in lower case).
- `english_spells` tells whether the English spells some readings as a name.

Names are kept out of the deck (listed apart) and capitalised in the sentence
pinyin (reading/pinyin.name_spans). The senses and English matching they use are
gloss.py's.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from .gloss import _NAME_TAGS, _WORD, English, _only_names, choose_gloss, english_match, is_surname
from .lexicon import Lexicon
from .models import Token, TokenKind
from .reading.words import Reading
from .text import has_han


def is_name(token: Token, lexicon: Lexicon) -> bool:
    """A person, place or organisation: jieba's name tags, or a word CC-CEDICT knows
    only as a name (capitalised readings only). Abbreviations (jieba's j, like
    日电), numbers and time words are not names."""
    if token.kind not in (TokenKind.WORD, TokenKind.NAME):
        return False
    if token.pos in _NAME_TAGS or token.kind is TokenKind.NAME:
        # jieba tags some common words nr (e.g. single surnames used as words):
        # a word CC-CEDICT knows as a common word with a name tag only on one
        # character is not trusted.
        if len(token.text) == 1 and any(not e.pinyin[:1].isupper() for e in lexicon.entries(token.text)):
            return False
        # jieba's tagger also calls common words names (智慧 nr, 新生事物 ns).
        # Where CC-CEDICT knows the word, it decides: a name has a capitalised reading.
        entries = lexicon.entries(token.text)
        if entries and not any(e.pinyin[:1].isupper() for e in entries):
            return False
        # A name jieba guessed that begins with a numeral (二人 "the two of them",
        # 几拜) is a number and its noun: a numeral starts no name.
        if not entries and len(token.text) > 1 and lexicon.knows(token.text[0]) and _numeral(token.text[0]):
            return False
        # Nor is a person's name jieba guessed that CC-CEDICT's common words of two
        # or more characters cover whole (今天上午 = 今天 + 上午): a person's name has
        # a surname or a part of its own. Places and organisations (海湾合作委员会)
        # are often made of common words.
        if not entries and token.pos.startswith("nr") and _common_words(token.text, lexicon):
            return False
        return True
    # Nor are time words (jieba's t) that CC-CEDICT capitalises (十月 "October"),
    # nor words it capitalises for a proper adjective in a common noun ("Buddhist
    # texts", 佛经), which jieba does not tag as names.
    return (
        len(token.text) > 1
        and token.pos not in ("j", "m", "t")
        and _only_names(token.text, lexicon)
        and not _common_noun_sense(token.text, lexicon)
    )


_NUMERALS = frozenset("一二三四五六七八九十两几")  # not 百/千/万, surnames and brand starts


def _common_words(text: str, lexicon: Lexicon, *, none_proper: bool = False) -> bool:
    """Whether `text` splits into two or more CC-CEDICT words of two characters or
    more, each a common word (a lower-case entry): 今天 + 上午. With `none_proper`,
    none may ever be a proper noun either (统一 + 安排; not 海湾 + 合作 + 委员会, 海湾
    being also the Persian Gulf)."""
    def common(part: str) -> bool:
        entries = lexicon.entries(part)
        if none_proper:
            return bool(entries) and all(e.pinyin[:1].islower() for e in entries)
        return any(not e.pinyin[:1].isupper() for e in entries)

    parts = lexicon.split_known(text)
    return len(parts) > 1 and all(len(p) > 1 and common(p) for p in parts)


def _numeral(char: str) -> bool:
    return char in _NUMERALS


def _common_noun_sense(word: str, lexicon: Lexicon) -> bool:
    """Whether CC-CEDICT's first sense of a capitalised-only word is a common noun:
    its head phrase (up to a bracket or comma) ends in a lower-case word and does
    not begin with the word's own pinyin ("Buddhist texts"; not "Joe Biden",
    "Bodhisattva (Buddhism)", "Lanzhou prefecture-level city")."""
    entries = lexicon.entries(word)
    if not entries or not entries[0].senses:
        return False
    words = _WORD.findall(re.split(r"[(,;]", entries[0].senses[0], maxsplit=1)[0])
    own = _ROMAN.sub("", entries[0].pinyin.lower())
    return len(words) >= 2 and words[-1].islower() and words[0].lower() != own


def find_names(
    tokens: Sequence[Token],
    lexicon: Lexicon,
    readings: Sequence[Reading] | None = None,
    english: English | None = None,
) -> tuple[tuple[int, int, str], ...]:
    """Names in a sentence as (first token index, end token index, text).

    A surname jieba cut off from a one- or two-character given name (陈 / 万邦,
    tagged nr then anything not a common function word) is joined to it.

    With the sentence's `readings` and aligned `english`, what the English says is
    evidence too (see `_english_evidence`)."""
    names: list[tuple[int, int, str]] = []
    # is_name looks the word up in CC-CEDICT up to three times; the same few
    # hundred words come back in every sentence, so each answer is kept.
    memo = lexicon.memo("is_name")
    k = 0
    while k < len(tokens):
        token = tokens[k]
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if token.pos == "nr" and _surname_then_given(token, nxt, lexicon):  # nr: cheap test first
            names.append((k, k + 2, token.text + nxt.text))
            k += 2
            continue
        key = (token.text, token.pos, token.kind)
        name = memo.get(key)
        if name is None:
            name = memo[key] = is_name(token, lexicon)
        if name:
            names.append((k, k + 1, token.text))
        k += 1
    names = _joined_by_dots(tokens, names)
    if english is None or readings is None or not english.words:
        return tuple(names)
    return _english_evidence(tokens, readings, english, lexicon, names)


_MAX_NAME_TOKENS = 4
_NAME_DOTS = frozenset("·•・‧")  # between the parts of a transliterated name


def _joined_by_dots(tokens: Sequence[Token], names: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A transliterated name is written in parts joined by a middle dot (凯莱什·贾古特帕尔):
    the dot and the names jieba found on either side of it, with a single character
    it cut off at the dot, are one name (什 is no word there). A dot with no name
    next to it (文化·旅游) is left alone."""
    if not any(t.text in _NAME_DOTS for t in tokens):
        return names
    starts = {first: end for first, end, _ in names}
    ends = {end: first for first, end, _ in names}

    def lone(k: int) -> bool:  # a single character jieba cut off a name part
        return 0 <= k < len(tokens) and len(tokens[k].text) == 1 and _word_token(tokens[k])

    joined: list[tuple[int, int]] = []
    for dot, token in enumerate(tokens):
        if token.text not in _NAME_DOTS:
            continue
        # Names on either side, and a lone character right at the dot (什 in 凯莱什·):
        # further away a single character is more often a word (美国的约翰·史密斯).
        first = dot - 1 if dot not in ends and lone(dot - 1) else dot
        while first in ends:
            first = ends[first]
        end = dot + 2 if dot + 1 not in starts and lone(dot + 1) else dot + 1
        while end in starts:
            end = starts[end]
        named = any(first <= a and b <= end for a, b, _ in names)
        if first < dot and end > dot + 1 and named:
            if joined and joined[-1][1] >= first:
                first = joined.pop()[0]
            joined.append((first, end))
    if not joined:
        return names
    kept = [(a, b) for a, b, _ in names if not any(f <= a and b <= e for f, e in joined)]
    return [(a, b, "".join(t.text for t in tokens[a:b])) for a, b in sorted(kept + joined)]


def _word_token(token: Token) -> bool:
    return token.kind in (TokenKind.WORD, TokenKind.NAME) and has_han(token.text)

_PLACE_TAGS = frozenset({"ns", "nt"})
# jieba tags of words that never continue an organisation's name: verbs, adverbs,
# prepositions, conjunctions, particles, pronouns, numerals, time and place words.
_NOT_IN_NAMES = ("v", "d", "p", "c", "u", "r", "m", "t", "f", "a")


def _english_evidence(
    tokens: Sequence[Token],
    readings: Sequence[Reading],
    english: English,
    lexicon: Lexicon,
    names: list[tuple[int, int, str]],
) -> tuple[tuple[int, int, str], ...]:
    """The names of `find_names`, corrected by the aligned English sentence:

    1. tokens whose pinyin the English spells as a capitalised word or words are a
       name (三江 + 源 = "Sanjiangyuan", 麦棠源 = "Mai Tangyuan", 友谊 in "Youyi Farm");
    2. a name whose pinyin the English does not spell, whose meaning it gives in
       lower case, is a common noun (藏羚羊: "Tibetan antelopes");
    3. a name followed by words the English capitalises is an organisation
       (兰州 + 水泵 + 厂: "Lanzhou Water Pump Factory").
    A headline in title case capitalises everything, so 2 and 3 do not read it."""
    spelled = _capitalised_runs(english)
    title_case = _title_case(english)
    words = [(t.kind in (TokenKind.WORD, TokenKind.NAME) and has_han(t.text)) for t in tokens]
    romanised: list[tuple[int, int]] = []
    if spelled:
        k = 0
        while k < len(tokens):
            found = None
            for end in range(min(len(tokens), k + _MAX_NAME_TOKENS), k, -1):
                if not all(words[k:end]) or not 2 <= sum(len(t.text) for t in tokens[k:end]) <= 6:
                    continue
                if _letters(readings[k:end]) in spelled:
                    found = end
                    break
            if not found and _spelled_family(tokens[k], readings[k], spelled, lexicon):
                found = k + 1
            if found:
                romanised.append((k, found))
                k = found
            else:
                k += 1
    kept: list[tuple[int, int]] = []
    for first, end, text in names:
        if any(a <= first < b or first <= a < end for a, b in romanised):
            continue
        if (
            not title_case
            and end - first == 1
            and not _spelled_out(_letters(readings[first:end]), spelled)
            and (_said_in_lower_case(text, english, lexicon) or _common_person_tag(tokens[first], lexicon))
        ):
            continue  # a common noun jieba or the dictionary takes for a name
        kept.append((first, end))
    spans = sorted(kept + romanised)
    if not title_case:
        extended = []
        for first, end in spans:
            if tokens[first].pos not in _PLACE_TAGS and not _only_names(tokens[first].text, lexicon):
                extended.append((first, end))  # a person's name is no organisation's start
                continue
            limit = min(len(tokens), end + 3)
            while (
                end < limit
                and words[end]
                and not tokens[end].pos.startswith(_NOT_IN_NAMES)
                and not any(a == end for a, _ in spans)
                and _capitalised_match(tokens[end].text, english, lexicon)
            ):
                end += 1
            extended.append((first, end))
        spans = extended
    return tuple((first, end, "".join(t.text for t in tokens[first:end])) for first, end in spans)


# What a surname names when one of these follows it: a family (王家 "the Wang
# family"), its house or mansion (荣府 "the Rong Mansion"), a woman by her birth
# family (王氏 "Lady Wang").
_FAMILY = frozenset("家府氏")


def _spelled_family(token: Token, reading: Reading, spelled: frozenset[str], lexicon: Lexicon) -> bool:
    """A surname and a family word jieba made one word (王家, which CC-CEDICT also
    has as "princely"), where the English spells the surname as a name ("the Wang
    clan"): that family, a name. A surname that the English does not spell is left
    to the word's own senses (王家 "royal" stays a word)."""
    text = token.text
    if len(text) != 2 or text[1] not in _FAMILY or not is_surname(text[0], lexicon):
        return False
    syllables = reading.numbered.split()
    return len(syllables) == 2 and _ROMAN.sub("", syllables[0].lower().replace("u:", "u")) in spelled


def _common_person_tag(token: Token, lexicon: Lexicon) -> bool:
    """A word jieba tags as a person's name that CC-CEDICT also knows as a common
    word (武功 "martial art", besides a county): where the English does not spell
    its pinyin, it is the common word (a person's name is romanised, or translated
    as a whole and then no dictionary word either)."""
    return token.pos.startswith("nr") and any(not e.pinyin[:1].isupper() for e in lexicon.entries(token.text))


_ROMAN = re.compile(r"[^a-z]")


def english_spells(readings: Sequence[Reading], english: English) -> bool:
    """Whether the English sentence spells these readings as a capitalised name (or
    its first part): "Gu Tiancheng" for 顾天成, "Qinghai" for 青海省."""
    return _spelled_out(_letters(readings), _capitalised_runs(english))


def _spelled_out(letters: str, spelled: frozenset[str]) -> bool:
    """Whether the English spells the name or its first part ("Qinghai" for 青海省)."""
    return letters in spelled or any(len(run) >= 4 and letters.startswith(run) for run in spelled)


def _letters(readings: Sequence[Reading]) -> str:
    """Toneless pinyin letters of some readings run together: "sanjiangyuan"."""
    return _ROMAN.sub("", "".join(r.numbered for r in readings).lower().replace("u:", "u").replace("ü", "u"))


def _capitalised_runs(english: English) -> frozenset[str]:
    """Each capitalised word of a sentence and each run of two or three of them, in
    lower case run together ("Mai Tangyuan" -> "mai", "tangyuan", "maitangyuan")."""
    text = english.text
    runs: set[str] = set()
    current: list[str] = []
    previous_end = -1
    for _, start, end in english.words:
        original = text[start:end]
        word = original.lower()
        joined = previous_end >= 0 and text[previous_end:start] in (" ", "-")
        # A romanised given name hyphenates its syllables, the second in lower case
        # (Bao-yu, Xi-feng): the part after the hyphen continues the name.
        hyphenated = bool(current) and previous_end >= 0 and text[previous_end:start] == "-"
        if original[:1].isupper() or hyphenated:
            if not joined:
                current = []
            current.append(word.replace("'", "").replace("-", ""))
            for size in range(1, min(3, len(current)) + 1):
                runs.add("".join(current[-size:]))
        else:
            current = []
        previous_end = end
    return frozenset(runs)


def _title_case(english: English) -> bool:
    """A headline style sentence: most of its longer words capitalised."""
    long_words = [english.text[s:e] for _, s, e in english.words if e - s >= 4]
    return len(long_words) >= 3 and sum(w[:1].isupper() for w in long_words) * 2 >= len(long_words)


def _word_senses(word: str, lexicon: Lexicon, characters: bool = False) -> tuple[str, ...]:
    """A word's senses, name readings included; for a word CC-CEDICT lacks, those of
    its dictionary words of two or more characters (characters alone say little,
    unless `characters`: 纸筋 in "Paper ... Factory")."""
    entries = lexicon.entries(word)
    if entries:
        return choose_gloss(entries, name=True, limit=12).senses
    senses: list[str] = []
    for part in lexicon.split_known(word):
        if (characters or len(part) > 1) and lexicon.knows(part):
            senses.extend(choose_gloss(lexicon.entries(part), limit=6).senses)
    return tuple(senses)


def _said_in_lower_case(word: str, english: English, lexicon: Lexicon) -> bool:
    senses = _word_senses(word, lexicon)
    if _only_names(word, lexicon):
        # A dictionary name is said by its name, not by the description after it:
        # "Joe Biden (1942-), US president" is not met by "the U.S. president".
        senses = tuple(dict.fromkeys(h for h in (_NAME_HEAD.split(s, 1)[0].strip() for s in senses) if h))
    span = english_match(senses, english)
    if span is None:
        return False
    # The head of the match (its last word) in lower case: "Tibetan antelopes";
    # not "the capital of Saudi Arabia", which describes 利雅得.
    found = _WORD.findall(english.text[span[0] : span[1]])
    return bool(found) and found[-1][:1].islower()


_NAME_HEAD = re.compile(r"[(,;]")


def _capitalised_match(word: str, english: English, lexicon: Lexicon) -> bool:
    span = english_match(_word_senses(word, lexicon, characters=True), english)
    if span is None or _sentence_initial(english.text, span[0]):
        return False
    return all(w[:1].isupper() for w in _WORD.findall(english.text[span[0] : span[1]]))


def _sentence_initial(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence or quotation (capitalised anyway)."""
    before = text[:start].rstrip(" \"'“‘(（[")
    return not before or before[-1] in ".!?:;…。"


def _surname_then_given(token: Token, nxt: Token | None, lexicon: Lexicon) -> bool:
    if nxt is None or token.pos != "nr" or len(token.text) != 1 or not is_surname(token.text, lexicon):
        return False
    if nxt.kind not in (TokenKind.WORD, TokenKind.NAME) or not 1 <= len(nxt.text) <= 2:
        return False
    # The given name: tagged as a name or a rare word by jieba, or unknown to the
    # dictionary; a common noun, verb or function word after a surname is not one.
    return nxt.pos in ("nr", "nrfg", "nz") or not lexicon.knows(nxt.text)


def split_glued_names(token_lists: Sequence[Sequence[Token]], lexicon: Lexicon) -> list[tuple[Token, ...]]:
    """The article's sentences with a person's name jieba glued to the word after or
    before it cut apart. jieba's name guesser takes a story's names with what follows
    them (凤姐笑, 贾蓉忙: "Xi-feng laughed", "Jia Rong hurried") or a word before (那凤姐,
    向凤姐): one name nobody has, read out as Fèng Jiěxiào, and the verb lost to the
    deck. Evidence, per article: the name is a name (tagged nr somewhere, no
    CC-CEDICT common word) and stands alone more often than the glued form does (凤姐 against 凤姐笑;
    not 刘老 against 刘老老, nor 小宝 against 韦小宝: there the longer one is the name);
    the rest is a common word that is no noun (a noun after a name is often part of
    it, 宝玉哥)."""
    counts = Counter(t.text for tokens in token_lists for t in tokens)
    names = {
        t.text for tokens in token_lists for t in tokens
        if t.pos.startswith("nr") and 2 <= len(t.text) <= 4 and all(has_han(c) for c in t.text)
        and not _common(t.text, lexicon)
    }
    if not names:
        return [tuple(tokens) for tokens in token_lists]
    by_length = sorted(names, key=len, reverse=True)
    return [tuple(_split_tokens(tokens, by_length, counts, lexicon)) for tokens in token_lists]


def _common(word: str, lexicon: Lexicon) -> bool:
    return any(e.pinyin[:1].islower() for e in lexicon.entries(word))


def _split_tokens(
    tokens: Sequence[Token], names: Sequence[str], counts: Counter[str], lexicon: Lexicon
) -> list[Token]:
    from .segment import segment

    out: list[Token] = []
    for token in tokens:
        text = token.text
        if token.pos.startswith("nr") and len(text) >= 3 and not lexicon.entries(text):
            split = _name_and_word(token, [n for n in names if counts[n] > counts[text]], lexicon, segment)
            if split:
                out.extend(split)
                continue
        out.append(token)
    return out


def _name_and_word(token: Token, names: Sequence[str], lexicon: Lexicon, segment) -> tuple[Token, Token] | None:
    """`token` as a known name and the word glued to it, in text order, or None."""
    text = token.text
    for name in names:
        if len(name) >= len(text):
            continue
        if text.startswith(name):
            name_first, rest = True, text[len(name):]
        elif text.endswith(name):
            name_first, rest = False, text[: -len(name)]
        else:
            continue
        pieces = segment(rest)
        # 凤姐儿 is the name's familiar form, not 凤姐 + "child".
        if rest == "儿" or len(pieces) != 1 or not _common(rest, lexicon) or pieces[0].pos.startswith("n"):
            continue
        cut = token.start + (len(name) if name_first else len(rest))
        head, tail = Token(text[: cut - token.start], token.start, cut, token.kind, token.pos), Token(
            text[cut - token.start :], cut, token.end, token.kind, token.pos
        )
        word = pieces[0]
        if name_first:
            return head, Token(tail.text, tail.start, tail.end, word.kind, word.pos)
        return Token(head.text, head.start, head.end, word.kind, word.pos), tail
    return None
