"""From segmented sentences to candidate study words, with where each occurs.

This is where jieba's output becomes words a learner would look up:

- punctuation, numbers, Latin and names are set aside (names: names.find_names,
  which also reads the aligned English for romanised names and common nouns);
- neighbouring tokens that together make one CC-CEDICT word are one word
  (三江 + 源 -> 三江源); a number's unit is cut off the word jieba glued it to
  (2 + 升水 -> 2 + 升 + 水);
- a token CC-CEDICT does not know is, by evidence in this order: a glued phrase
  when it splits into dictionary words of two or more characters (提前完成,
  尽量减少: split); a word when jieba's own dictionary lists it (回迁, 农垦: kept
  whole, glossed from its characters); otherwise a name or rare compound, whose
  single characters only occur inside it and get no card (纸筋厂: no 筋);
- a character that stands three times or more always next to the same content
  character, the two no CC-CEDICT word, is a piece of a unit jieba cut up: no
  card (袭 of the name 袭人);
- stop words are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

from .gloss import English, _only_names, _sense_stems, is_unit
from .names import english_spells, find_names
from .lexicon import Lexicon
from .models import Token, TokenKind
from .reading.words import Reading, read_word
from .text import pinyin_key
from .segment import classify, in_dictionary
from .text import has_han


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One running occurrence of a candidate word."""

    word: str
    reading: Reading
    pair_index: int  # which SentencePair it is in
    start: int  # character offset in that pair's Chinese text
    in_headline: bool
    pos: str = ""  # jieba's tag of the token it came from ("" for a piece of one)
    after_number: bool = False  # a number stands right before it (2升: a unit)
    after_name: bool = False  # a name stands right before it (蓉大爷: a form of address)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    occurrences: tuple[Occurrence, ...]
    names: tuple[str, ...]  # proper names, in order of first appearance
    running_words: int  # word and name tokens, the base for coverage figures


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = (resources.files("vocabgen") / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


_UNSEEN = object()  # a memo's "not asked yet", since None is an answer there


def collect(
    tokenized: Sequence[tuple[Sequence[Token], Sequence[Reading]]],
    headline_pairs: int,
    lexicon: Lexicon,
    english: Sequence[str] = (),
) -> Vocabulary:
    """Candidates from each pair's tokens and readings.

    `tokenized[i]` holds pair i's tokens and their readings; the first
    `headline_pairs` pairs are the headline; `english[i]`, when given, is pair i's
    English, the evidence for names (a romanised or capitalised rendering) and for
    common nouns jieba tags as names (a lower-case one)."""
    occurrences: list[Occurrence] = []
    names: dict[str, None] = {}
    running = 0
    memo = lexicon.memo("collect")  # token -> _pieces(token)
    found = []
    for index, (tokens, readings) in enumerate(tokenized):
        tokens, readings = regroup(tokens, readings, lexicon)
        sentence = English.of(english[index]) if index < len(english) and english[index] else None
        found.append((tokens, readings, find_names(tokens, lexicon, readings, sentence)))
    # The first characters of the article's place names: alone before a noun, such
    # a character is the place's short form (塞政府 after 塞浦路斯, 澳 for 澳门).
    # A place CC-CEDICT knows as a proper noun counts too, though no name span covers
    # it (伊朗 "Iran": 对伊制裁, 伊核协议 use 伊 for it).
    initials = frozenset(
        text[0] for tokens, _, spans in found for first, end, text in spans
        if len(text) > 1 and tokens[first].pos in _PLACE_TAGS
    ) | frozenset(
        token.text[0] for tokens, _, _ in found for token in tokens
        if token.pos == "ns" and len(token.text) > 1 and _only_names(token.text, lexicon)
    )
    # A word jieba tags as a person's name that is a name in one sentence (the
    # English spells it: 宝玉 "Bao-yu") is that person in the others too, where the
    # translation says "he" or nothing.
    people = frozenset(
        text for tokens, _, spans in found for first, end, text in spans
        if end - first == 1 and tokens[first].pos.startswith("nr")
    )
    # Each sentence's text: its tokens join back to it, so their offsets index it.
    texts = ["".join(t.text for t in tokens) for tokens, _, _ in found]
    for index, (tokens, readings, spans) in enumerate(found):
        headline = index < headline_pairs
        sentence = English.of(english[index]) if index < len(english) and english[index] else None
        in_name: set[int] = set()
        for first, end, text in spans:
            names.setdefault(text)
            in_name.update(range(first, end))
        in_name.update(k for k, t in enumerate(tokens) if t.text in people and t.pos.startswith("nr"))
        for position, (token, reading) in enumerate(zip(tokens, readings)):
            key = (token.text, token.pos, token.kind)
            pieces = memo.get(key, _UNSEEN)
            if pieces is _UNSEEN:
                pieces = memo[key] = _pieces(token, lexicon)
            if pieces is None:
                continue
            running += 1
            if position in in_name or _place_short_form(tokens, position, initials, lexicon):
                continue
            if _prefix_before_noun(tokens, position, lexicon):
                continue  # 微 in 微纪录片, 准 in 准员工: part of the compound, no word of its own
            if _dispatch_marker(tokens, position):
                continue  # 电 in 新华社北京12月11日电: "(by) wire", the dateline's, no word of the text
            if _erhua_suffix(tokens, position, lexicon):
                continue  # 儿 in 信儿, 点手儿: the r of the word before, not "child"
            if reading.numbered[:1].isupper() and any(not e.pinyin[:1].isupper() for e in lexicon.entries(token.text)):
                # Read as a name (jieba tagged it one) but no name here: the word's
                # common reading (海湾 hǎiwān "gulf", not Hǎiwān "Persian Gulf").
                reading = read_word(token.text, lexicon)
            after_number = position > 0 and (
                tokens[position - 1].kind is TokenKind.NUMBER or _approximate_number(tokens[position - 1], lexicon)
            )
            # A name right before: in a span, or one character the English spells
            # as a name (蓉 of 蓉大爷, "Master Rong"), which no span holds.
            after_name = position > 0 and (
                position - 1 in in_name
                or sentence is not None
                and len(tokens[position - 1].text) == 1
                and has_han(tokens[position - 1].text)
                and english_spells(readings[position - 1 : position], sentence)
            )
            for word, offset, own in pieces:
                occurrences.append(
                    Occurrence(
                        word, reading if own is None else own, index, token.start + offset, headline,
                        token.pos if offset == 0 and word == token.text else "",
                        after_number and offset == 0, after_name and offset == 0,
                    )
                )
    bound = _bound_characters(occurrences, texts, lexicon)
    if bound:
        occurrences = [o for o in occurrences if o.word not in bound]
    return Vocabulary(tuple(occurrences), tuple(names), running)


# How often a character must occur, always with the same neighbour, to count as
# part of a word jieba does not know rather than a word that happened to recur.
_BOUND_MIN = 3


def _bound_characters(
    occurrences: Sequence[Occurrence], texts: Sequence[str], lexicon: Lexicon
) -> frozenset[str]:
    """Single characters that are only ever part of one longer unit jieba cut up:
    a character that stands every time (three or more) before the same character,
    or every time after the same one, where the two make no CC-CEDICT word. A word
    of its own meets different neighbours; one that never does is a piece of a
    name or a rare compound (a story's 袭 of 袭人, whose English says "Aroma"),
    and learning it alone would teach a meaning (袭 "to raid") the text never has."""
    # character -> (characters seen before it, characters seen after it, its places)
    sides: dict[str, tuple[set[str], set[str], set[tuple[int, int]]]] = {}
    for o in occurrences:
        if len(o.word) != 1:
            continue
        text = texts[o.pair_index]
        before, after, places = sides.setdefault(o.word, (set(), set(), set()))
        before.add(text[o.start - 1 : o.start])  # ("" at either end of the sentence)
        after.add(text[o.start + 1 : o.start + 2])
        places.add((o.pair_index, o.start))
    # A function word as the one neighbour says nothing (交的, 看谁交的朋友多): the
    # word before it is free; a unit's other character is a content character.
    stop = stopwords()
    bound = set()
    for word, (before, after, places) in sides.items():
        if len(places) < _BOUND_MIN:
            continue
        for neighbours, pair in ((after, lambda c: word + c), (before, lambda c: c + word)):
            if len(neighbours) != 1:
                continue
            c = next(iter(neighbours))
            if has_han(c) and c not in stop and not lexicon.knows(pair(c)):
                bound.add(word)
    return frozenset(bound)


_PLACE_TAGS = frozenset({"ns", "nt"})


# A character more frequent than this (Zipf 5.5: 新 6.1, 中 6.7, 人 6.7 against 美
# 5.4, 塞 4.5) is mostly a word of its own even where a place name starts with it.
_SHORT_FORM_ZIPF = 5.5


def _place_short_form(
    tokens: Sequence[Token], position: int, initials: frozenset[str], lexicon: Lexicon
) -> bool:
    """A single character that begins one of the article's place names, standing
    alone right before a noun (塞 + 政府, 毛 + 卫生部长, 澳 + 大人文学院): the place
    named by its first character, as Chinese shortens country and city names. Not
    an adjective or a locality word jieba sees (新 + 征程, 在…中): those are words."""
    token = tokens[position]
    if len(token.text) != 1 or token.text not in initials or position + 1 >= len(tokens):
        return False
    if token.pos.startswith(("a", "f", "m")) or lexicon.zipf(token.text) >= _SHORT_FORM_ZIPF:
        return False
    following = tokens[position + 1]
    return _word_token(following) and (following.pos.startswith("n") or following.pos == "vn")  # (伊 + 核谈判)


def _dispatch_marker(tokens: Sequence[Token], position: int) -> bool:
    """电 or 讯 closing a dateline, after its date or its paper (12月11日电, 本报讯):
    a card would teach 电 as "lightning" from the one place it means "by wire"."""
    return tokens[position].text in ("电", "讯") and position > 0 and tokens[position - 1].text[-1:] in ("日", "报", "社")


def _erhua_suffix(tokens: Sequence[Token], position: int, lexicon: Lexicon) -> bool:
    """A lone character CC-CEDICT reads as the non-syllabic suffix (r5: 儿), written
    right after a word jieba cut it from (东西 + 儿, 点手 + 儿): the word's final r.
    After a particle or a pronoun it is the noun (我儿 "my son")."""
    token = tokens[position]
    if len(token.text) != 1 or position == 0:
        return False
    if not any(pinyin_key(e.pinyin) == "r5" for e in lexicon.entries(token.text)):
        return False
    before = tokens[position - 1]
    return (
        before.end == token.start
        and _word_token(before)
        and before.text[-1] not in _PARTICLES
        and not before.pos.startswith(("r", "u", "m"))
    )


_MAX_MERGE = 4  # tokens
# Grammatical particles never start or end a word with their neighbour here
# (的 + 确定 is not 的确); a preposition may (在 + 岗 is 在岗, "at one's post").
_PARTICLES = frozenset("的了着过得地之吗呢吧啊")
_MAX_MERGED_LENGTH = 5  # characters
_SET_PHRASE = 4  # characters


def regroup(
    tokens: Sequence[Token], readings: Sequence[Reading], lexicon: Lexicon
) -> tuple[tuple[Token, ...], tuple[Reading, ...]]:
    """The sentence's tokens as dictionary words: neighbours that make one CC-CEDICT
    word together, at least one of them a single character, are one token (三江 + 源,
    五道 + 梁 stay apart unless the dictionary has 五道梁); a unit jieba glued to
    the word after a number is its own token (1.5 + 升至 -> 升 + 至). Readings of
    new tokens are their dictionary readings. Text and offsets are kept, so the
    tokens still join back to the sentence."""
    out_tokens: list[Token] = []
    out_readings: list[Reading] = []
    k = 0
    n = len(tokens)
    while k < n:
        token = tokens[k]
        # New words out of this token (a unit split off, tagged a measure word) or
        # out of this token and the next (a cut jieba made in the wrong place).
        pieces, used, first_tag = None, 1, "q"
        if k and tokens[k - 1].kind is TokenKind.NUMBER:
            pieces = _unit_split(token, lexicon)
        if not pieces:
            pieces, used, first_tag = _recut_at(tokens, k, lexicon), 2, ""
        if pieces:
            for i, (text, start) in enumerate(pieces):
                out_tokens.append(Token(text, start, start + len(text), classify(text, ""), "" if i else first_tag))
                out_readings.append(read_word(text, lexicon))
            k += used
            continue
        # After a number, a token jieba tags as part of it (9 + 日, 11 + 月) or a
        # unit is the number's: 日 + 至 is "from the 9th to", not 日至 "solstice".
        counted = k and tokens[k - 1].kind is TokenKind.NUMBER and (token.pos == "m" or is_unit(token.text, lexicon))
        merged = None if counted else _merge_at(tokens, k, lexicon)
        if merged:
            end, text = merged
            kind = TokenKind.NAME if _only_names(text, lexicon) else TokenKind.WORD
            out_tokens.append(Token(text, token.start, tokens[end - 1].end, kind, tokens[end - 1].pos))
            out_readings.append(read_word(text, lexicon, name=kind is TokenKind.NAME))
            k = end
            continue
        out_tokens.append(token)
        out_readings.append(readings[k])
        k += 1
    return tuple(out_tokens), tuple(out_readings)


def _word_token(token: Token) -> bool:
    return token.kind in (TokenKind.WORD, TokenKind.NAME) and has_han(token.text)


def _merge_at(tokens: Sequence[Token], k: int, lexicon: Lexicon) -> tuple[int, str] | None:
    """(end, text) of the longest run of tokens from k that is one CC-CEDICT word."""
    if not _word_token(tokens[k]):
        return None
    for end in range(min(len(tokens), k + _MAX_MERGE), k + 1, -1):
        run = tokens[k:end]
        text = "".join(t.text for t in run)
        if len(text) > _MAX_MERGED_LENGTH or not all(_word_token(t) for t in run):
            continue
        # A single character jieba left alone is the sign of a word it missed; two
        # words that happen to spell a dictionary entry are more often two words,
        # unless the entry is a set phrase of four or more characters (风水 +
        # 轮流转, 脑洞 + 大开: an idiom or saying jieba does not list).
        if any(t.text in _PARTICLES for t in run):
            continue
        if not any(len(t.text) == 1 for t in run) and not (
            len(text) >= _SET_PHRASE and _idiomatic(text, run, lexicon)
        ):
            continue
        if lexicon.knows(text):
            return end, text
    return None


def _recut_at(tokens: Sequence[Token], k: int, lexicon: Lexicon) -> tuple[tuple[str, int], ...] | None:
    """Two tokens jieba cut in the wrong place, as (text, offset) of the two
    CC-CEDICT words they are (初 + 生婴儿 -> 初生 + 婴儿: jieba's dictionary lists
    junk like 生婴儿, and its HMM makes some). Only where one token is a single
    character and the other no CC-CEDICT word, the two new words are both in
    CC-CEDICT and more frequent together than the old pair (wordfreq), so that
    在 + 后半夜 and 十六岁 + 时 stay as they are; numbers are left alone (二十年 + 前
    is not 二十 + 年前)."""
    if k + 1 >= len(tokens):
        return None
    first, second = tokens[k], tokens[k + 1]
    if not (_word_token(first) and _word_token(second)) or "m" in (first.pos, second.pos):
        return None
    if len(first.text) == 1:
        single, other = first, second
    elif len(second.text) == 1:
        single, other = second, first
    else:
        return None
    if single.text in _PARTICLES or len(other.text) < 2 or lexicon.knows(other.text):
        return None
    split = lexicon.split_known(first.text + second.text)
    if len(split) != 2 or split == (first.text, second.text):
        return None
    if not all(len(piece) > 1 and lexicon.knows(piece) for piece in split):
        return None
    if sum(_zipf(piece, lexicon) for piece in split) <= _zipf(first.text, lexicon) + _zipf(second.text, lexicon):
        return None
    return ((split[0], first.start), (split[1], first.start + len(split[0])))


def _zipf(word: str, lexicon: Lexicon) -> float:
    # A word wordfreq has never seen counts as Zipf 1, rarer than any it lists.
    return lexicon.zipf(word) or 1.0


def _idiomatic(text: str, run: Sequence[Token], lexicon: Lexicon) -> bool:
    """A CC-CEDICT entry whose meaning is not its words' meanings: marked "(idiom)",
    or no content word of its senses in any sense of its parts (风水轮流转 "fortunes
    rise and fall" against 风水 "feng shui"; but 经济增长 "economic growth" is
    经济 + 增长, two words to learn)."""
    whole = [sense for e in lexicon.entries(text) if not e.pinyin[:1].isupper() for sense in e.senses]
    if not whole:
        return False
    if any("(idiom)" in sense for sense in whole):
        return True
    stems = frozenset().union(*(_sense_stems(sense) for sense in whole))
    parts = frozenset().union(
        *(_sense_stems(sense) for t in run for e in lexicon.entries(t.text) for sense in e.senses)
    )
    return bool(stems) and not stems & parts


def _unit_split(token: Token, lexicon: Lexicon) -> tuple[tuple[str, int], ...] | None:
    """A token after a number that starts with a unit jieba glued to the next word
    (升至, 升水, 个人): the unit and the rest, when the rest is a word or one
    character and the token is not itself a unit (公里)."""
    text = token.text
    if len(text) < 2 or not _word_token(token) or is_unit(text, lexicon):
        return None
    if not is_unit(text[0], lexicon):
        return None
    rest = text[1:]
    if len(rest) > 1 and not lexicon.knows(rest):
        return None
    return ((text[0], token.start), (rest, token.start + 1))


def _pieces(token: Token, lexicon: Lexicon) -> tuple[tuple[str, int, Reading | None], ...] | None:
    """What a token gives the vocabulary, as (word, offset in the token, reading;
    None for the token's own reading in context); None when it is no running word.

    It depends on the token's text, tag and kind alone, so `collect` keeps it: an
    article repeats its words, and every article the common ones."""
    if token.kind not in (TokenKind.WORD, TokenKind.NAME) or not has_han(token.text):
        return None
    if _approximate_number(token, lexicon):
        return None  # 三百多, 一百多个, 三十余家: a number, counted as numbers are
    if lexicon.knows(token.text):
        pieces = [(token.text, 0, None)]
    else:
        split = lexicon.split_known(token.text)
        glued = len(split) > 1 and all(len(p) > 1 and lexicon.knows(p) for p in split)
        listed = not glued and in_dictionary(token.text)
        bound = any(len(p) == 1 and lexicon.zipf(p) < _FREE_CHARACTER for p in split)
        if listed and bound:
            # A word jieba knows and CC-CEDICT lacks, with a character that is
            # seldom a word alone (回迁, 农垦, 温开水, 一环扣一环): learnt whole;
            # terms.py glosses it from its parts.
            pieces = [(token.text, 0, None)]
        else:
            pieces = []
            offset = 0
            for piece in split:
                # A glued phrase gives its words (提前完成); a lone character out of
                # a compound (工业部, 纸筋厂, 麦棠源) or a phrase (喝一杯) only occurs
                # inside it here: no card. Nor does a name inside (湖南日报).
                if len(piece) > 1 and lexicon.knows(piece) and not _only_names(piece, lexicon):
                    pieces.append((piece, offset, read_word(piece, lexicon)))
                offset += len(piece)
    stop = stopwords()
    return tuple(
        (word, offset, reading)
        for word, offset, reading in pieces
        # A split can uncover a number (六十 out of 六十多); numbers get no card,
        # nor do a numeral and its measure word (三项, 一周, 四条).
        if word not in stop and has_han(word) and classify(word, "") is TokenKind.WORD
        and not _counted(word, lexicon)
    )


# A character read as a word of its own less often than this (Zipf 4.5, about 30
# times per million words: 迁 4.4, 垦 2.9 against 杯 4.7, 抓 5.2) is mostly bound
# inside words.
_FREE_CHARACTER = 4.5
_NUMERALS = frozenset("零〇一二三四五六七八九十百千万亿两几")
_COUNT_SENSE = re.compile(r"^(one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|several)\b")


_PREFIX_SENSE = re.compile(r"^[a-z]+-$")  # micro-, quasi-, pseudo-


def _prefix_before_noun(tokens: Sequence[Token], position: int, lexicon: Lexicon) -> bool:
    """A single character that CC-CEDICT gives a prefix sense ("micro-", "quasi-")
    right before a noun jieba cut off from it (微 + 纪录片, 准 + 员工): the prefix
    of a compound, no word of its own here."""
    token = tokens[position]
    if len(token.text) != 1 or position + 1 >= len(tokens):
        return False
    following = tokens[position + 1]
    if not (_word_token(following) and following.pos.startswith("n") and len(following.text) > 1):
        return False
    memo = lexicon.memo("prefix_sense")
    found = memo.get(token.text)
    if found is None:
        found = memo[token.text] = any(
            _PREFIX_SENSE.match(sense) for e in lexicon.entries(token.text) for sense in e.senses
        )
    return found


_MULTIPLIERS = frozenset("十百千万亿多余几")


def _approximate_number(token: Token, lexicon: Lexicon) -> bool:
    """A numeral jieba tags m and keeps whole, with 多/余/几 and perhaps its
    measure word or noun (三百多, 一百多个, 三十余家, 十余年): a number, not a word. Its
    characters are numerals or those three, one a multiplier (十, 百, 多...), and
    it opens with a numeral (多余 "superfluous" does not)."""
    text = token.text
    if token.pos != "m" or len(text) < 2:
        return False
    # The measure word or noun jieba glued on (三十余家, 十余年: 年 is no
    # classifier in CC-CEDICT, but 十|余年 "one's remaining years" is no word here).
    core = text[:-1] if len(text) > 2 and text[-1] not in _NUMERALS and text[-1] not in _MULTIPLIERS else text
    return (
        core[0] in _NUMERALS
        and all(c in _NUMERALS or c in _MULTIPLIERS for c in core)
        and any(c in _MULTIPLIERS for c in core)
    )


def _counted(word: str, lexicon: Lexicon) -> bool:
    """A numeral and its measure word (三项 "three items", 一周 "one week", 四条):
    a count, not a word to learn; 一样, 一起, 一致 mean more than their count."""
    if len(word) != 2 or word[0] not in _NUMERALS or not is_unit(word[1], lexicon):
        return False
    senses = [s for e in lexicon.entries(word) for s in e.senses]
    return not senses or bool(_COUNT_SENSE.match(senses[0]))
