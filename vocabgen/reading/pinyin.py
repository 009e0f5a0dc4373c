"""Readings in context: pinyin for the words of a sentence (words.py reads a word
out of context).

How a reading is chosen, in order:

1. A word the dictionaries know fixes the reading of its characters (银行 yín háng,
   行走 xíng zǒu). A word's candidates are its CC-CEDICT readings; when it has
   several, pypinyin's phrase data (which records one reading per phrase, the
   common one) breaks the tie, then the number of senses. A common word never gets
   a capitalised name reading (日电 "Ri4 dian4", NEC) unless jieba tagged the token
   as a name; a name keeps CC-CEDICT's capitals (Lan2 zhou1). Where CC-CEDICT
   writes a neutral tone and pypinyin's phrase the full tone of the same syllable
   (知识 zhī shi / zhī shí), the dictionary form takes the full (citation) tone;
   see `_full_tones`.
2. A token neither dictionary knows (jieba glues 提前完成) is split into the fewest
   dictionary words (`Lexicon.split_known`) and each piece is read as in 1. A
   CC-CEDICT word of three characters or more that jieba cut apart (一|觉醒|来)
   gives its reading to its pieces (`_across_cuts`).
3. A polyphonic character standing alone (了, 得, 地, 还, 长 ...) is decided from its
   context by `polyphones.by_rules`: the rule table (neighbouring words, jieba's part
   of speech), a surname opening an unknown name, grammatical positions read from
   CC-CEDICT's senses (a modal particle at a clause end, a classifier after a
   numeral), a dictionary word straddling jieba's cut; when none applies, its most
   frequent reading as a word of its own.

A reading is kept in CC-CEDICT's numbered form ("hang2", "lu:4", neutral tone 5)
internally and turned into tone marks for display. Tone sandhi of 一 and 不 is an
optional layer for sentences (`sentence_pinyin(..., tone_sandhi=True)`), never
applied to a word's dictionary form.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from . import polyphones
from ..lexicon import Lexicon
from ..models import Token, TokenKind
from ..text import is_han
from .words import (  # noqa: F401  (Reading, read_word: also the package's API)
    _known,
    _neutral_apart,
    _toneless,
    _pypinyin_numbered,
    complement_reading,
    read_word,
    Reading,
    syllable_to_marks,
    Unit,
)


def _units(tokens: Sequence[Token], lexicon: Lexicon) -> list[Unit]:
    pieces_of = lexicon.memo("pieces")
    units: list[Unit] = []
    for index, token in enumerate(tokens):
        text = token.text
        pieces = None
        if token.kind in (TokenKind.WORD, TokenKind.NAME) and len(text) > 1:
            pieces = pieces_of.get(text)
            if pieces is None:
                pieces = pieces_of[text] = _pieces(text, lexicon)
            if not pieces and token.pos[:1] == "v" and text[-1] == "着" and len(text) == 2:
                pieces = _verb_and_zhe(text, lexicon)
            if len(text) == 2 and index and tokens[index - 1].kind is TokenKind.NUMBER \
                    and tokens[index - 1].text[-1:].isdigit() and _measure_and_noun(text, lexicon):
                # After a number in digits jieba glues the measure word to its noun
                # (5个人 -> 5|个人 "individual", 3本书 -> 3|本书 "this book", 3条路):
                # the measure word and the noun, written apart (5 gè rén).
                pieces = ((text[0], _MEASURE_BEFORE_NOUN), (text[1], _dictionary_tag(text[1])))
        if pieces:
            offset = token.start
            for piece, tag in pieces:
                units.append(Unit(piece, offset, tag, index, token.kind, True, token.pos))
                offset += len(piece)
        else:
            units.append(Unit(text, token.start, token.pos, index, token.kind))
    return units


def _pieces(text: str, lexicon: Lexicon) -> tuple[tuple[str, str], ...]:
    """A word token's dictionary words and their tags when the dictionaries do not
    know it whole; () when they do (or it is not all Han). Memoised by `_units`."""
    if not is_han(text):
        return ()
    if text[-1] in _PARTICLES and len(text) > 1 and lexicon.zipf(text) == 0 and lexicon.knows(text[:-1]):
        # jieba glues a particle to the word before it (眼中的 -> 眼|中的, read zhòngdì
        # "hit the mark"); a dictionary word that wordfreq never meets as one token
        # in running text is that accident, not the word: the word and its particle.
        return ((text[:-1], _dictionary_tag(text[:-1])), (text[-1], _PARTICLES[text[-1]]))
    if _known(text, lexicon) or (len(text) == 2 and text[0] == text[1]):
        return ()  # (a character said twice is read as one word: see _read_unit)
    pieces: list[tuple[str, str]] = []
    for piece in lexicon.split_known(text):
        if piece[0] == "着" and len(piece) == 2 and len(pieces) and len(pieces[-1][0]) == 1 \
                and polyphones._first_gloss(pieces[-1][0], lexicon).startswith("to ") and lexicon.knows(piece[1]):
            # The aspect particle after a one-character verb, not the word the
            # split found across it (眯着眼 is 眯|着|眼, not 眯|着眼 zhuóyǎn).
            pieces += [("着", "uz"), (piece[1], _dictionary_tag(piece[1]))]
        else:
            pieces.append((piece, _dictionary_tag(piece)))
    return tuple(pieces)


def _verb_and_zhe(text: str, lexicon: Lexicon) -> tuple[tuple[str, str], ...]:
    """A verb with the aspect particle 着 that jieba keeps as one token tagged as a
    verb, while CC-CEDICT knows the token only as a noun (穿着 chuānzhuó "attire";
    她穿着睡衣 is chuān zhe): the verb and its particle."""
    memo = lexicon.memo("verb_and_zhe")
    if text not in memo:
        senses = [s for e in lexicon.entries(text) if e.pinyin[:1].islower() for s in e.senses]
        nominal = bool(senses) and not any(s.startswith("to ") for s in senses)
        memo[text] = ((text[0], "v"), ("着", "uz")) if nominal else ()
    return memo[text]


# The tag of a measure word split from the noun jieba glued it to (not one of
# jieba's tags, so that _joined can tell it from a piece jieba tags q: 场|长).
_MEASURE_BEFORE_NOUN = "qn"


def _measure_and_noun(text: str, lexicon: Lexicon) -> bool:
    """A two-character token that could be a classifier (CC-CEDICT glosses its first
    character "classifier ...") and a word of one character (个人, 本书)."""
    memo = lexicon.memo("measure_and_noun")
    if text not in memo:
        memo[text] = lexicon.knows(text[1]) and any(
            sense.lower().lstrip("(").startswith("classifier")
            for entry in lexicon.entries(text[0]) if entry.pinyin[:1].islower()
            for sense in entry.senses
        )
    return memo[text]


# Structural and aspect particles, with jieba's tags for them.
_PARTICLES = {"的": "uj", "地": "uv", "得": "ud", "着": "uz", "了": "ul"}


@lru_cache(maxsize=16384)
def _dictionary_tag(word: str) -> str:
    """jieba's tag for a word out of context (for pieces of a split token)."""
    from ..segment import segment

    tokens = segment(word)
    return tokens[0].pos if len(tokens) == 1 else ""


_SILENT = (TokenKind.PUNCT, TokenKind.SPACE, TokenKind.LATIN)
_NO_READING = Reading("")


def _read_unit(units: Sequence[Unit], k: int, lexicon: Lexicon) -> Reading | tuple[str, ...]:
    """The reading of units[k]; for a lone polyphonic character no rule decides,
    its readings (most likely first), left to g2pM (see read_all_tokens)."""
    unit = units[k]
    if unit.kind in _SILENT:
        return _NO_READING
    # What does not depend on the context is memoised by text and kind; None
    # marks a lone character with several readings, which the context decides.
    free = lexicon.memo("context_free")
    key = (unit.text, unit.kind)
    reading = free.get(key, False)
    if reading is False:
        reading = free[key] = _context_free(unit.text, unit.kind, lexicon)
    if reading is not None:
        if len(unit.text) == 2 and unit.text[0] == unit.text[1] and not lexicon.entries(unit.text) \
                and polyphones._first_gloss(unit.text[0], lexicon).startswith("to "):
            # A verb said twice, "have a go" (看看 kànkan, 问问 wènwen): the second
            # syllable is neutral; CC-CEDICT, where it lists one, decides instead.
            # (jieba tags 问问 n: the character's own gloss says it is a verb.)
            syllables = reading.numbered.split()
            verbs = polyphones.verb_readings(unit.text[0], lexicon)
            if verbs and syllables[:1] and syllables[0] not in verbs \
                    and polyphones.ranked_readings(unit.text[0], lexicon)[:1] == verbs[:1]:
                # The verb's reading when it is the character's commonest, not another
                # the pair spells in pypinyin's phrases (查查 is chácha "check it", not
                # the name Zhāzhā; 露露 keeps lùlu, 露 lù being no verb's reading).
                syllables = [verbs[0], verbs[0]]
            if len(syllables) == 2 and not _not_tentative(units, k):
                return Reading(f"{syllables[0]} {syllables[1][:-1]}5", (reading.numbered,))
            if len(syllables) == 2 and " ".join(syllables) != reading.numbered:
                return Reading(" ".join(syllables), (reading.numbered,))
        if len(unit.text) > 1 and k > 0 and (units[k - 1].pos[:1] == "v" or (
                k > 1 and units[k - 1].text == "了" and units[k - 2].pos[:1] == "v")):
            # A directional complement after its verb (站起来 zhàn qilai), or after
            # the verb and its 了 (站了起来 zhàn le qilai).
            complements = lexicon.memo("complement")
            if unit.text not in complements:
                complements[unit.text] = complement_reading(unit.text, lexicon)
            complement = complements[unit.text]
            if complement:
                return Reading(complement, (reading.numbered,))
        return reading
    if _nickname_suffix(units, k):
        # 小桂子, 小玄子, 老六子: how people are called, 小/老/阿 + a name + the noun
        # suffix 子, neutral as in every 子-noun CC-CEDICT lists (桌子 zhuōzi).
        return Reading("zi5")
    ruled = polyphones.by_rules(units, k, lexicon)
    if ruled is None:  # not reached: _context_free answers for a single reading
        return read_word(unit.text, lexicon, name=unit.kind is TokenKind.NAME)
    options, chosen = ruled
    return options if chosen is None else polyphones.settle(options, chosen)


def _nickname_suffix(units: Sequence[Unit], k: int) -> bool:
    """Whether units[k] is the 子 ending a three-character unknown token that opens
    with a familiar 小/老/阿 (小玄子, the pieces 小|玄|子)."""
    unit = units[k]
    if unit.text != "子" or not unit.split or k < 2:
        return False
    first = units[k - 2]
    return (first.token == unit.token and first.text in _FAMILIAR and units[k - 1].token == unit.token
            and (k < 2 + 1 or units[k - 3].token != unit.token)
            and (k + 1 >= len(units) or units[k + 1].token != unit.token))


def _not_tentative(units: Sequence[Unit], k: int) -> bool:
    """A doubled character that is not the tentative verb "have a go": an adjective
    doubled before 的/地 (热热的, 慢慢地: AA的 describes), one said three times
    (买买买, insistence), or a verb after 一 "as soon as", said again as the main
    verb (一查查出…: the tentative form is 查一查), whose syllables keep their full
    tones."""
    text = units[k].text
    after = units[k + 1].text if k + 1 < len(units) else ""
    before = units[k - 1].text if k > 0 else ""
    return after[:1] in ("的", "地", text[0]) or before[-1:] in (text[0], "一")


def _context_free(text: str, kind: TokenKind, lexicon: Lexicon) -> Reading | None:
    """The reading of a unit that its text and kind fix, or None for a lone Han
    character with several readings."""
    if kind is TokenKind.NUMBER:
        han = "".join(ch for ch in text if is_han(ch))
        return Reading(_pypinyin_numbered(han)) if han else _NO_READING
    if not is_han(text):
        # Mixed tokens (8日, Ｘ光): read the Chinese characters only.
        return Reading(_pypinyin_numbered(text))
    if len(text) == 1 and len(polyphones.ranked_readings(text, lexicon)) >= 2:
        return None
    return read_word(text, lexicon, name=kind is TokenKind.NAME)


def read_tokens(tokens: Sequence[Token], lexicon: Lexicon) -> tuple[Reading, ...]:
    """One Reading per token of a sentence, in context: `read_all_tokens` for one
    sentence."""
    return read_all_tokens([tokens], lexicon)[0]


def read_all_tokens(
    sentences: Sequence[Sequence[Token]], lexicon: Lexicon
) -> list[tuple[Reading, ...]]:
    """One Reading per token of each sentence (an article's), in context.

    Empty for punctuation, spaces, Latin words and Arabic numbers; a token that had
    to be split into dictionary words gets its pieces' readings joined, with the
    alternatives of its pieces dropped. Lone characters the rules leave open
    (`polyphones.by_rules`) are put to g2pM together, in one batched run over all the
    sentences (each read as if alone): the model's time loop costs about the same
    for nine sentences side by side as for one."""
    units = [_units(tokens, lexicon) for tokens in sentences]
    read = [[_read_unit(u, k, lexicon) for k in range(len(u))] for u in units]
    for us, rs in zip(units, read):
        _across_cuts(us, rs, lexicon)
    for us, rs in zip(units, read):
        for k, r in enumerate(rs):
            if isinstance(r, tuple) and not polyphones.worth_asking(us[k].text, r, lexicon):
                rs[k] = polyphones.settle(r, None)
    waiting = [[k for k, r in enumerate(rs) if isinstance(r, tuple)] for rs in read]
    if any(waiting):
        options = [[rs[k] for k in ks] for rs, ks in zip(read, waiting)]
        chosen = polyphones.by_model_all(units, waiting, options)
        for rs, ks, picks, opts in zip(read, waiting, chosen, options):
            for k, pick, choices in zip(ks, picks, opts):
                rs[k] = polyphones.settle(choices, pick)
    return [_joined(tokens, u, rs, lexicon) for tokens, u, rs in zip(sentences, units, read)]


# Words of this many characters or more that jieba cut across give their reading.
ACROSS_MIN = 3
ACROSS_MAX = 6


def _across_cuts(units: Sequence[Unit], read: list, lexicon: Lexicon) -> None:
    """A CC-CEDICT word of three characters or more that jieba cut into several
    tokens (一觉醒来 -> 一|觉醒|来, 长记性 -> 长|记性), whose cuts fall on the
    units' edges: its reading for those units, in place of theirs (jiào, not the
    jué of 觉醒; zhǎng, not the cháng of a lone 长). A word this long is rarely
    spelt by accident across a cut, unlike a two-character one (会长|命 holds
    会长 and 长命). Common words only (lower case), between Chinese words."""
    memo = lexicon.memo("across_cuts")
    k = 0
    while k < len(units):
        found = None
        if units[k].kind is TokenKind.WORD:
            text = ""
            for j in range(k, len(units)):
                if units[j].kind is not TokenKind.WORD or not is_han(units[j].text):
                    break
                text += units[j].text
                if len(text) > ACROSS_MAX:
                    break
                if len(text) >= ACROSS_MIN and units[j].token != units[k].token:
                    if text not in memo:
                        memo[text] = _common_word_reading(text, lexicon)
                    if memo[text]:
                        found = (j, memo[text])  # the longest wins
        if found is None:
            k += 1
            continue
        end, syllables = found
        ours = " ".join((r.numbered if isinstance(r, Reading) else r[0]) for r in read[k:end + 1])
        word = " ".join(syllables)
        if _toneless(ours.lower()) == _toneless(word) and _neutral_apart(ours.lower(), word):
            # Only where the word says other syllables or full tones (数小时 shù, not
            # shǔ): where it differs in neutral tones alone (每个人 měi ge rén), the
            # readings of the pieces stand.
            k = end + 1
            continue
        offset = 0
        for j in range(k, end + 1):
            size = len(units[j].text)
            mine = " ".join(syllables[offset:offset + size])
            offset += size
            if isinstance(read[j], Reading) and read[j].numbered.lower() == mine:
                continue
            read[j] = Reading(mine)
        k = end + 1


def _common_word_reading(word: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The syllables of a word CC-CEDICT lists in lower case (a common word), or ()."""
    if not any(e.pinyin[:1].islower() for e in lexicon.entries(word)):
        return ()
    syllables = tuple(read_word(word, lexicon).numbered.lower().split())
    return syllables if len(syllables) == len(word) else ()


def _joined(
    tokens: Sequence[Token], units: Sequence[Unit], read: Sequence[Reading], lexicon: Lexicon
) -> tuple[Reading, ...]:
    """One Reading per token from its units' readings (a split token's joined)."""
    readings: list[list[Reading]] = [[] for _ in tokens]
    texts: list[list[Unit]] = [[] for _ in tokens]
    for unit, reading in zip(units, read):
        readings[unit.token].append(reading)
        texts[unit.token].append(unit)
    result = []
    for parts, pieces in zip(readings, texts):
        if len(parts) == 1:
            result.append(parts[0])
        else:
            # Words of two or more syllables are written apart, and a particle
            # jieba glued on (细心地 xìxīn de) and what follows it (眯着眼 mī zhe
            # yǎn), and a noun after its measure word
            # (5 gè rén); so is a function word (a pronoun, adverb, preposition,
            # conjunction, place word or negation: jieba glues 我会, 没断, 千万别,
            # 月光下披; none of them is ever a suffix: wǒ huì, méi duàn); any other
            # one-character piece stays with its neighbour (场长, 小组长: a suffix,
            # not a word).
            free = [_function_word(pieces, i, lexicon) for i in range(len(pieces))]
            breaks, count, before, tag, previous = [], 0, 0, "", ""
            for i, (part, piece) in enumerate(zip(parts, pieces)):
                size = len(part.numbered.split())
                if count and ((before >= 2 and size >= 2) or piece.text in _PARTICLES or tag == _MEASURE_BEFORE_NOUN
                              or previous in _PARTICLES or free[i] or free[i - 1]):
                    breaks.append(count)
                count += size
                before, tag, previous = size, piece.pos, piece.text
            result.append(Reading(" ".join(p.numbered for p in parts if p.numbered), breaks=tuple(breaks)))
    return tuple(result)


_FUNCTION_TAGS = frozenset({"r", "d", "p", "c", "f"})  # jieba: pronoun, adverb, preposition, conjunction, place word
_NEGATIONS = frozenset("不没别")  # jieba tags 没 a verb, 别 a pronoun
_NAME_SOUNDS = frozenset({"f", "r"})  # tags of characters that are often sounds of a foreign name


def _function_word(pieces: Sequence[Unit], i: int, lexicon: Lexicon) -> bool:
    """Whether pieces[i], one character of a token jieba glued, is a word of its own.

    Not in a four-character token (a set phrase: 以点带面, 浮而不深 are written
    whole), nor in a verb with its potential complement (抓不起, 用不上) or an ABB
    adjective (直挺挺); a negation is (没断 méi duàn, 千万别); 所 ending it is the noun
    suffix "place" (指挥所)."""
    text, tag = pieces[i].text, pieces[i].pos
    if pieces[i].kind is TokenKind.NAME and tag in _NAME_SOUNDS:
        return False  # a place word or pronoun sound inside a name jieba tagged (迪里耶: Dílǐyē)
    if len(text) != 1 or sum(len(p.text) for p in pieces) == 4:
        return False
    if any(p.text[0] in "不得" for p in pieces[1:]):
        return False  # a verb with its potential complement (用不上, 抓不起): one word
    if len(pieces) >= 3 and pieces[-1].text == pieces[-2].text:
        return False  # an adjective with a doubled suffix (直挺挺, 绿油油): one word
    if text == "别":  # "don't" opens a token or follows an adverb (千万别); 组别 is "category"
        return i == 0 or pieces[i - 1].pos[:1] in ("d", "m")
    if text in _NEGATIONS:
        return True
    if text == "所" and i == len(pieces) - 1:
        return False
    if text in _CLAUSE_VERBS and i and pieces[i - 1].pos[:1] == "n":
        return True  # after a noun jieba's HMM glued it to (登记局说: jú shuō, 人员是)
    # jieba tags some rare characters p or d out of context (靶 in 箭靶, 务), where
    # they are only ever parts of words: a function word is a common character.
    return tag in _FUNCTION_TAGS and lexicon.zipf(text) >= _FREE_FUNCTION_ZIPF


_FREE_FUNCTION_ZIPF = 5.4
# Verbs that open what follows them (say, be, will, come): after a noun they are
# words of their own. Not every common verb: 到 and 会 there are a complement
# (嗅到 xiùdào) or the noun "meeting" (茶博会, 参会).
_CLAUSE_VERBS = frozenset("说是要来")


def syllable_at(tokens: Sequence[Token], readings: Sequence[Reading], index: int) -> str:
    """The numbered syllable read for the character at `index` of the sentence."""
    for token, reading in zip(tokens, readings):
        if token.start <= index < token.end:
            syllables = reading.numbered.split()
            han = [k for k, ch in enumerate(token.text) if is_han(ch)]
            if len(syllables) == len(han) and (index - token.start) in han:
                return syllables[han.index(index - token.start)]
            return _pypinyin_numbered(token.text[index - token.start])
    return ""


def han_syllables(tokens: Sequence[Token], readings: Sequence[Reading]) -> list[str]:
    """One numbered syllable per Chinese character of the sentence, in order (the
    form `vocabgen pinyin --format numbers` prints and the benches score). A token
    whose reading does not spell one syllable per character is read character by
    character by pypinyin, so the count always matches."""
    out: list[str] = []
    for token, reading in zip(tokens, readings):
        han = [ch for ch in token.text if is_han(ch)]
        if not han:
            continue
        syllables = reading.numbered.split()
        if len(syllables) != len(han):
            syllables = [_pypinyin_numbered(ch) or ch for ch in han]
        out.extend(syllables)
    return out


# --- tone sandhi and display ----------------------------------------------------

_YI_KEEPS = set("第十初")  # 第一, 十一, 初一: ordinal and counting uses keep yī


def apply_tone_sandhi(syllables: Sequence[str], chars: str) -> list[str]:
    """The tone changes of 一 and 不 in running speech (a display layer).

    不 bù becomes bú before a fourth tone; 一 yī becomes yí before a fourth tone
    and yì before the others, except when it is counted or ordinal (第一, 十一,
    一 at the end of a phrase, before digits). `chars` holds one character per
    syllable."""
    out = list(syllables)
    for k, (syllable, char) in enumerate(zip(syllables, chars)):
        nxt = syllables[k + 1] if k + 1 < len(syllables) else ""
        tone = nxt[-1:] if nxt[-1:].isdigit() else ""
        if char == "不" and syllable.lower() == "bu4" and tone == "4":
            out[k] = "bu2"
        elif char == "一" and syllable.lower() == "yi1" and tone:
            if k > 0 and chars[k - 1] in _YI_KEEPS:
                continue
            if k + 1 < len(chars) and chars[k + 1] in "一二三四五六七八九十零〇":
                continue
            out[k] = "yi2" if tone == "4" else ("yi4" if tone in "123" else syllable)
    return out


_OPENING = set("“‘（《〈「『【〔([{\"")
_APART = frozenset("|-—―")  # punctuation written between words, not after one

_ASCII = str.maketrans({
    "，": ",", "。": ".", "！": "!", "？": "?", "；": ";", "：": ":", "、": ",",
    "“": '"', "”": '"', "‘": "'", "’": "'", "（": "(", "）": ")", "《": '"', "》": '"',
    "〈": "'", "〉": "'", "「": '"', "」": '"', "『": '"', "』": '"', "【": "[", "】": "]",
    "〔": "(", "〕": ")", "—": "-", "…": "...", "·": "-", "～": "~", "％": "%",
    "．": ".", "丨": "|", **{chr(0xFF10 + d): str(d) for d in range(10)},  # full-width digits: １９９８ -> 1998
})


def sentence_pinyin(
    tokens: Sequence[Token],
    readings: Sequence[Reading],
    *,
    tone_sandhi: bool = False,
    marks: bool = True,
    ascii_punctuation: bool = True,
    names: Sequence[tuple[int, int, int, int]] = (),
    lexicon: Lexicon | None = None,
) -> str:
    """Pinyin of a whole sentence: one word per token, punctuation kept.

    Opening quotes and brackets attach to the following word, other punctuation to
    the previous one; full-width punctuation becomes ASCII unless
    `ascii_punctuation` is off. `tone_sandhi` applies the changes of 一 and 不;
    `marks=False` keeps tone numbers.

    Words are written as the pinyin orthography rules (GB/T 16159) ask: one word a
    token, in lower case, syllables joined; a name, given as `names` (token spans
    [start, end), the length of a person's surname and the syllable where a tail of
    common words begins: see `name_spans`), is written as one word with a capital
    (Lánzhōu), a person's as surname and given name, each capitalised (Chén Wànbāng).
    With the `lexicon`, a numeral token CC-CEDICT knows as a word of its own is
    written whole (一起 yīqǐ, see `_word_breaks`)."""
    parts: list[str] = []
    pending_open = ""
    name_at = {start: (end, surname, common) for start, end, surname, common in names}
    open_quotes: set[str] = set()  # ASCII quotes seen opening, not yet closed
    skip_to = 0
    ascii_of = (lambda text: text.translate(_ASCII)) if ascii_punctuation else (lambda text: text)
    glued = _cut_words(tokens, lexicon) if lexicon is not None else frozenset()
    for index, (token, reading) in enumerate(zip(tokens, readings)):
        if index < skip_to:
            continue
        if parts and not pending_open and _joins_numbers(tokens, index):
            # A range or a season between numbers stays one piece (2021-2022, 5~10).
            parts[-1] += ascii_of(token.text.strip()) + ascii_of(tokens[index + 1].text)
            skip_to = index + 2
            continue
        if index in name_at:
            end, surname, common = name_at[index]
            word = _name_pinyin(
                tuple(r.numbered for r in readings[index:end] if r.numbered),
                "".join(t.text for t in tokens[index:end]), surname, marks,
                _words_of_a_name(reading.breaks, len(reading.numbered.split())) if end == index + 1 else (), common,
            )
            if word:
                parts.append(pending_open + word)
                pending_open = ""
                skip_to = end
                continue
        if reading.numbered:
            word = _token_pinyin(reading.numbered.lower(), token.text if tone_sandhi else "", marks,
                                 _word_breaks(token, reading, lexicon, tokens[index + 1:index + 2]))
            if token.text == "们" and parts and not pending_open and index and readings[index - 1].numbered:
                parts[-1] += word  # the plural suffix is written with its word (gōngrénmen)
                continue
            if index in glued and parts and not pending_open:
                parts[-1] = _apostrophes([parts[-1], word])  # one word jieba cut (àomìkèróng)
                continue
            parts.append(pending_open + word)
            pending_open = ""
        elif token.kind in (TokenKind.PUNCT, TokenKind.SPACE):
            for char in token.text.strip():
                shown = char.translate(_ASCII) if ascii_punctuation else char
                opening = char in _OPENING and char not in "\"'"
                if char in "\"'":  # an ASCII quote opens, then closes
                    opening = char not in open_quotes or not parts
                    open_quotes.symmetric_difference_update({char})
                if shown in _APART and parts and not pending_open:
                    # A bar or a dash between words stands apart (guǎnlǐ - Xīnhuáwǎng,
                    # shuāngniánzhǎn -- Dílǐyē); the two halves of —— stay together.
                    if set(parts[-1]) <= _APART:
                        parts[-1] += shown
                    else:
                        parts.append(shown)
                elif opening:
                    pending_open += shown
                elif parts and not pending_open:
                    parts[-1] += shown
                else:
                    pending_open += shown
        else:
            parts.append(pending_open + (token.text.translate(_ASCII) if ascii_punctuation else token.text))
            pending_open = ""
    if pending_open:
        parts.append(pending_open)
    return " ".join(parts)


_RANGE_MARKS = set("-~～－—–")


def _joins_numbers(tokens: Sequence[Token], index: int) -> bool:
    """Whether token `index` is a dash or tilde between two numbers in digits."""
    if not 0 < index < len(tokens) - 1 or tokens[index].text.strip() not in _RANGE_MARKS:
        return False
    before, after = tokens[index - 1], tokens[index + 1]
    return before.kind is TokenKind.NUMBER and after.kind is TokenKind.NUMBER \
        and before.text[-1:].translate(_ASCII).isdigit() and after.text[:1].translate(_ASCII).isdigit()


def recurring_people(token_lists: Sequence[Sequence[Token]], lexicon: Lexicon) -> frozenset[str]:
    """The people's names (tokens jieba tags nr, 2 to 4 characters, no common word
    in CC-CEDICT) found in two or more sentences of an article: a character of the
    story. For `name_spans`: a translator may call such a person otherwise (韦小宝 is
    "Trinket" in the English), and then the English cannot confirm the name."""
    from ..gloss import is_surname
    from ..names import find_names

    def common(word: str) -> bool:
        return any(e.pinyin[:1].islower() for e in lexicon.entries(word))

    def person(text: str) -> bool:
        # A surname and a given name (韦小宝, 刘姥姥), or a familiar 小/老/阿 and a
        # name (小玄子); not 小 + a common noun (小丫头, 小太监 "young eunuch").
        return not common(text) and (
            is_surname(text[0], lexicon) or (text[0] in _FAMILIAR and not common(text[1:])))

    seen: dict[str, int] = {}
    for tokens in token_lists:
        for text in {
            text for start, end, text in find_names(tokens, lexicon)
            # Three characters or more: news has two-character tokens jieba tags as
            # people that are terms or pieces of foreign names (卫勤, 凯鲁).
            if end - start == 1 and tokens[start].pos in ("nr", "nrfg") and 3 <= len(text) <= 4
            and all(is_han(ch) for ch in text) and person(text)
        }:
            seen[text] = seen.get(text, 0) + 1
    return frozenset(text for text, count in seen.items() if count >= 2)


def place_initials(
    sentences: Sequence[tuple[Sequence[Token], Sequence[Reading]]], lexicon: Lexicon
) -> dict[str, str]:
    """The first character of each place name of an article (jieba's ns/nt, two
    characters or more) with its syllable there (塞浦路斯: 塞 -> sai4): Chinese
    shortens a country or city to it (塞政府 "the Cypriot government"), and then it
    is read as in the name and written with its capital (Sài)."""
    from ..names import find_names

    initials: dict[str, str] = {}
    for tokens, readings in sentences:
        for start, end, text in find_names(tokens, lexicon):
            if len(text) > 1 and is_han(text[0]) and tokens[start].pos in ("ns", "nt") and readings[start].numbered:
                initials.setdefault(text[0], readings[start].numbered.split()[0].lower())
    return initials


def short_forms(
    tokens: Sequence[Token], readings: Sequence[Reading], initials: dict[str, str], lexicon: Lexicon
) -> tuple[tuple[Reading, ...], frozenset[int]]:
    """The sentence's readings with each place's short form (see `place_initials`;
    which lone characters are short forms: vocabulary._place_short_form) read as
    in its place name, and the indices of those tokens, for `name_spans`."""
    from ..vocabulary import _place_short_form

    if not initials:
        return tuple(readings), frozenset()
    # Only a character rarely a word of its own: 黄 "yellow" and 云 "cloud" (Zipf 5.2,
    # 5.0) before a noun are those words, though 黄河 and 云南 start with them; 塞
    # (4.5), 俄, 英, 韩, 港, 沪 are far less common alone.
    keys = frozenset(ch for ch in initials if lexicon.zipf(ch) < _SHORT_FORM_ZIPF)
    found = [k for k in range(len(tokens)) if _place_short_form(tokens, k, keys, lexicon)]
    out = list(readings)
    for k in found:
        out[k] = Reading(initials[tokens[k].text])
    return tuple(out), frozenset(found)


_SHORT_FORM_ZIPF = 4.8


def name_spans(
    tokens: Sequence[Token], lexicon: Lexicon, readings: Sequence[Reading] = (), english: str = "",
    people: frozenset[str] = frozenset(), places: frozenset[int] = frozenset(),
) -> tuple[tuple[int, int, int, int], ...]:
    """The names of a sentence as token spans [start, end) with the length of the
    surname when it is a person's (0 otherwise) and the syllable where a tail of
    common words begins (0: none), for `sentence_pinyin`.

    The names are names.find_names's from the Chinese (`vocabgen pinyin` has no
    English). With the sentence's `readings` and its aligned `english` (a deck), the
    English corrects them where it spells a person's name: jieba cuts 顾|天成 (顾
    "to look after"), and "Gu Tiancheng" says it is one name; and a name jieba
    guessed that no dictionary knows and the English does not spell is no name
    (之日起 "from the day", tagged a place), nor one the English says in lower case
    (藏羚羊 "Tibetan antelopes"). Spans of several words that the English
    makes an organisation (兰州 + 水泵 + 厂) are not taken: one capitalised pinyin
    word would misspell them (Lánzhōu Shuǐbèngchǎng is two). A person in `people`
    (see `recurring_people`) stays a name whatever the English calls them, and so
    does a place's one-character short form at the token indices `places`.
    A name CC-CEDICT also lists as a common word is written as that word here.
    jieba keeps a place with the common noun after it as one name (北京地区, 北京高校
    "Beijing universities"): where the English follows the place's spelling with a
    word in lower case, that tail is written as common words (Běijīng dìqū)."""
    from ..gloss import English, is_surname
    from ..names import _common_words, english_spells, find_names

    def compound(word: str) -> bool:  # 欧阳, 司马: "two-character surname Ouyang"
        return any("surname" in s for e in lexicon.entries(word) for s in e.senses)

    def overlaps(a: int, b: int, spans) -> bool:
        return any(x < b and a < y for x, y, _ in spans)

    # The aligned English, when there is one for these readings (a deck's sentence).
    checked = English.of(english) if english and len(readings) == len(tokens) else None
    found = _whole_transliterations(tokens, list(find_names(tokens, lexicon)))
    if checked is not None and checked.words:
        confirmed = _whole_transliterations(tokens, list(find_names(tokens, lexicon, readings, checked)))
        found = [
            (a, b, text) for a, b, text in found
            if text in people or (
                (lexicon.entries(text) or english_spells(readings[a:b], checked))
                and overlaps(a, b, confirmed)  # not a common noun by the English
                and not (_noun_and_place_word(text, lexicon) and not english_spells(readings[a:b], checked))
            )
        ]
        for a, b, text in confirmed:
            han = "".join(ch for ch in text if is_han(ch))
            person = b - a > 1 and 2 <= len(han) <= 4 and is_surname(han[0], lexicon)
            if person and english_spells(readings[a:b], checked) and not overlaps(a, b, found):
                found.append((a, b, text))
        found.sort()
    # 老吴, 小李, 阿王: how people are called, a familiar prefix and a surname,
    # written apart with a capital each (GB/T 16159 6.1.3: Lǎo Wú, Xiǎo Lǐ); jieba
    # glues some (老张, tagged a noun) and cuts others (小|李, 李 "plum" no name alone).
    familiar: list[tuple[int, int, int]] = []

    def said(k: int) -> bool:  # the surname (the token's last syllable) is in the English, if any
        return checked is None or english_spells([Reading(readings[k].numbered.split()[-1])], checked)

    for k, token in enumerate(tokens):
        text = token.text
        if overlaps(k, k + 1, [(a, b, 0) for a, b, _ in found]) and not (
                len(text) == 1 and k and tokens[k - 1].text in _FAMILIAR):
            continue
        # (With the English, only where it says the surname: 阿|米 in a transliterated
        # name, "Khairul Aminus", is no Ā Mǐ.)
        if len(text) == 2 and text[0] in _FAMILIAR and is_surname(text[1], lexicon) \
                and not lexicon.entries(text) and said(k):
            familiar.append((k, k + 1, 1))
        elif len(text) == 1 and k and tokens[k - 1].text in _FAMILIAR and token.pos == "nr" \
                and is_surname(text, lexicon) and said(k):
            familiar.append((k - 1, k + 1, 1))
    familiar += [(k, k + 1, 0) for k in sorted(places)
                 if not overlaps(k, k + 1, familiar) and not overlaps(k, k + 1, [(a, b, 0) for a, b, _ in found])]
    found = [f for f in found if not overlaps(f[0], f[1], familiar)]
    spans = [(a, b, surname, 0) for a, b, surname in familiar]
    for start, end, text in found:
        han = "".join(ch for ch in text if is_han(ch))
        entries = lexicon.entries(han)
        if any(e.pinyin[:1].islower() for e in entries):
            continue  # a common word first (周五 zhōuwǔ, Friday), whatever jieba tagged
        if not english and _noun_and_place_word(han, lexicon):
            continue  # 山上 "on the hill" (no English here to say it is Yamagami)
        if not entries and _common_words(han, lexicon, none_proper=True):
            continue  # 统一安排, 国家机关: jieba's nt on two common words, no name
        capitals = [sum(x[:1].isupper() for x in e.pinyin.split()) for e in entries]
        surname = 0
        if capitals and max(capitals) == 1:
            pass  # CC-CEDICT writes it as one name (Shātè, Lánzhōu): not a person's
        elif (tokens[start].pos in ("nr", "nrfg") or end - start > 1) and 2 <= len(han) <= 4:
            if len(han) >= 3 and compound(han[:2]):
                surname = 2
            elif len(han) == 2 and han[0] in _FAMILIAR and is_surname(han[1], lexicon):
                surname = 1  # 小李 as one token: Xiǎo Lǐ, like 老 + 吴 above
            elif is_surname(han[0], lexicon):
                surname = 1
        common = 0
        if checked is not None and end == start + 1 and not surname:
            common = _common_tail(text, readings[start], checked, lexicon)
        spans.append((start, end, surname, common))
    return tuple(sorted(spans))


def _cut_words(tokens: Sequence[Token], lexicon: Lexicon) -> frozenset[int]:
    """Indices of tokens that end a CC-CEDICT word jieba cut in two, each piece
    tagged as a name (a transliteration: 奥密克|戎 is 奥密克戎, Omicron): pinyin
    writes the word whole."""
    return frozenset(
        k for k in range(1, len(tokens))
        if tokens[k - 1].pos in _FOREIGN_TAGS and tokens[k].pos in _FOREIGN_TAGS
        and len(tokens[k - 1].text) + len(tokens[k].text) >= 3
        and is_han(tokens[k - 1].text + tokens[k].text)
        and any(e.pinyin[:1].islower() for e in lexicon.entries(tokens[k - 1].text + tokens[k].text))
    )


def _whole_transliterations(
    tokens: Sequence[Token], found: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """A transliterated name jieba cut before its last character (奥密克|戎, both
    tagged as names): the name of three or more characters and that character, one
    name (a transliteration is one word: Àomìkèróng). A person's name is not
    extended: its surname and given name are whole (陈万邦 + 说)."""
    starts = {a for a, _, _ in found}
    out = []
    for a, b, text in found:
        if (b - a == 1 and len(text) >= 3 and b < len(tokens) and b not in starts
                and tokens[a].pos in _FOREIGN_TAGS and tokens[b].pos in _FOREIGN_TAGS
                and len(tokens[b].text) == 1 and is_han(tokens[b].text)):
            out.append((a, b + 1, text + tokens[b].text))
        else:
            out.append((a, b, text))
    return out


_FOREIGN_TAGS = frozenset({"nr", "nrt", "ns", "nz"})
_FAMILIAR = frozenset("老小阿")  # before a surname, in how people are called
_PLACE_WORDS = frozenset("上下里中内外前后边旁")  # 方位词 after a noun


def _noun_and_place_word(han: str, lexicon: Lexicon) -> bool:
    """A two-character word CC-CEDICT knows only as a name (a Japanese surname, a
    Taiwan township), made of a common noun and a place word: in Chinese text it is
    mostly the noun and its place (山上 "on the hill", 山下, 村上), not the name."""
    if len(han) != 2 or han[1] not in _PLACE_WORDS:
        return False
    entries = lexicon.entries(han)
    return bool(entries) and all(e.pinyin[:1].isupper() for e in entries) and all(
        any(word in sense for word in ("surname", "township")) for e in entries for sense in e.senses[:1]
    ) and any(e.pinyin[:1].islower() for e in lexicon.entries(han[0]))  # (河内 Hanoi is a city: a name)


def _common_tail(text: str, reading: Reading, english: "English", lexicon: Lexicon) -> int:
    """The syllable where a one-token name's tail of common words begins, or 0:
    its words after the first (at the reading's breaks) are words CC-CEDICT knows
    only in lower case, and the English spells the first word as a run of
    capitalised words followed by a word in lower case ("the Beijing area")."""
    syllables = reading.numbered.split()
    if not reading.breaks or len(syllables) != len(text):
        return 0
    cuts = [*reading.breaks, len(text)]
    for a, b in zip(cuts, cuts[1:]):
        entries = lexicon.entries(text[a:b])
        if b - a < 2 or not entries or any(e.pinyin[:1].isupper() for e in entries):
            return 0
    from ..names import _letters

    head = _letters([Reading(" ".join(syllables[: cuts[0]]))])
    words, sentence = english.words, english.text
    for k in range(len(words)):
        run, end = "", k
        while end < len(words) and len(run) < len(head) and sentence[words[end][1]:words[end][1] + 1].isupper():
            run += sentence[words[end][1]:words[end][2]].lower()
            end += 1
        if run == head and end < len(words) and sentence[words[end][1]:words[end][1] + 1].islower() \
                and not sentence[words[end - 1][2]:words[end][1]].strip():
            return cuts[0]
    return 0


def _name_pinyin(
    readings: tuple[str, ...], text: str, surname: int, marks: bool, breaks: tuple[int, ...] = (), common: int = 0
) -> str:
    """A name's pinyin: one capitalised word, a person's surname apart from the
    given name (Chén Wànbāng, Ōuyáng Xiū); "" when its syllables do not match its
    characters one to one."""
    syllables = " ".join(readings).lower().split()
    han = "".join(ch for ch in text if is_han(ch))
    if not syllables or len(syllables) != len(han):
        return ""
    if marks:
        shown = [syllable_to_marks(x) for x in syllables]
        join = _apostrophes
    else:
        shown = syllables
        join = "".join
    if 0 < surname < len(han):
        return f"{_capital(join(shown[:surname]))} {_capital(join(shown[surname:]))}"
    if 0 < common < len(shown):
        # The place's name, then the common words after it (Běijīng dìqū).
        cuts = [common, *(x for x in breaks if x > common), len(shown)]
        head = _name_pinyin((" ".join(syllables[:common]),), han[:common], 0, marks, tuple(x for x in breaks if x < common))
        return " ".join([head, *(join(shown[a:b]) for a, b in zip(cuts, cuts[1:]))])
    if breaks and max(breaks) < len(shown):
        # A name made of words, each with its capital (Zhōngguó Wàijiāobù).
        cuts = [0, *breaks, len(shown)]
        return " ".join(_capital(join(shown[a:b])) for a, b in zip(cuts, cuts[1:]))
    return _capital(join(shown))


def _words_of_a_name(breaks: tuple[int, ...], size: int) -> tuple[int, ...]:
    """The breaks of a name token between words of two syllables or more
    (Zhōngguó Wàijiāobù): a one-syllable piece of a name is a sound of it, not a
    function word (迪|里|耶 is Dílǐyē)."""
    cuts = [0, *breaks, size]
    return tuple(b for i, b in enumerate(breaks) if b - cuts[i] >= 2 and cuts[i + 2] - b >= 2)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


_DEMONSTRATIVES = set("这那哪每某该此各")
_DIGIT_CHARS = set("一二三四五六七八九十百千万亿两零〇几多半0123456789")


def _word_breaks(
    token: Token, reading: Reading, lexicon: Lexicon | None = None, after: Sequence[Token] = ()
) -> tuple[int, ...]:
    """Where the orthography rules write a token's syllables apart: between the
    dictionary words of a token jieba glued (现场会议 xiànchǎng huìyì), and in a
    numeral-measure token between demonstrative, numeral and measure word (这三项
    zhè sān xiàng; 三百多名 sānbǎi duō míng stays with its numeral whole). jieba tags
    some words m that are no count (一起 "together", 一定 "surely", 十分 "very"):
    when CC-CEDICT, given as `lexicon`, knows one with no counting sense ("a ...",
    "one ...", "three items") and what follows is no noun or description of one
    (一道走 yīdào, but 一道菜 and 一层薄薄的 count: the word `after` tells), it is a
    word, written whole (yīqǐ)."""
    text = token.text
    if token.pos not in ("m", "mq") or len(text) < 2 or not all(is_han(ch) for ch in text):
        return reading.breaks
    if lexicon is not None and _not_counting(after) and _numeral_word(text, lexicon):
        return reading.breaks
    breaks = []
    first = 1 if text[0] in _DEMONSTRATIVES else 0
    if first:
        breaks.append(1)
    numeral = text[first:-1]
    if text[-1] not in _DIGIT_CHARS and numeral and all(ch in _DIGIT_CHARS for ch in numeral):
        breaks.append(len(text) - 1)
    return tuple(b for b in breaks if 0 < b < len(text))


_COUNTING = re.compile(
    r"(a|an|the|one|first|single|two|three|four|five|six|seven|eight|nine|ten|several|how many"
    r"|hundred|thousand|century|all|both)\b", re.IGNORECASE)


def _not_counting(after: Sequence[Token]) -> bool:
    """Whether what follows a numeral word shows it counts nothing: a verb, adverb,
    preposition, conjunction, particle or the end of a clause (一起去, 一生的)."""
    if not after or after[0].kind in (TokenKind.PUNCT, TokenKind.SPACE):
        return True
    return after[0].pos[:1] in ("v", "d", "p", "c", "u")


def _numeral_word(text: str, lexicon: Lexicon) -> bool:
    """A numeral-looking token CC-CEDICT lists as a word that counts nothing
    (一起 "together", 十分 "very"; not 一块 "one piece", 一声 "first tone", 几个 "a few")."""
    entries = [e for e in lexicon.entries(text) if e.pinyin[:1].islower()]
    return bool(entries) and not any(
        _COUNTING.match(sense.lstrip("( ")) for e in entries for sense in e.senses)


@lru_cache(maxsize=65536)  # bounded: one entry per (reading, word) a build meets
def _token_pinyin(numbered: str, sandhi_text: str, marks: bool, breaks: tuple[int, ...] = ()) -> str:
    """One token's pinyin as a sentence shows it: its syllables joined, with tone
    marks and apostrophes when `marks`, with the sandhi of 一 and 不 when
    `sandhi_text` (the token's text) is given.

    A function of the word and its reading only, so memoised: the same words and
    readings recur in every article."""
    syllables = numbered.split()
    if sandhi_text:
        han = "".join(ch for ch in sandhi_text if is_han(ch))
        if len(han) == len(syllables):
            syllables = apply_tone_sandhi(syllables, han)
    if breaks and max(breaks) < len(syllables):
        cuts = [0, *breaks, len(syllables)]
        return " ".join(
            _token_pinyin(" ".join(syllables[a:b]), "", marks) for a, b in zip(cuts, cuts[1:])
        )
    if not marks:
        return "".join(syllables)
    return _apostrophes([syllable_to_marks(s) for s in syllables])


def _apostrophes(pieces: Sequence[str]) -> str:
    """Join marked syllables, with the syllable-dividing apostrophe before a, o, e
    (xī'ān, Tiān'ānmén)."""
    out = list(pieces[:1])
    for piece in pieces[1:]:
        if piece[:1].lower() in "aāáǎàoōóǒòeēéěè":
            out.append("'" + piece)
        else:
            out.append(piece)
    return "".join(out)


# --- whole texts (`vocabgen pinyin`) ---------------------------------------------


def read_lines(lines: Sequence[str], lexicon: Lexicon) -> list[tuple[tuple[Token, ...], tuple[Reading, ...]]]:
    """Tokens and their readings for each line of a text, read as the decks read
    an article's sentences (one g2pM batch for all)."""
    from ..segment import segment

    token_lists = [segment(line) for line in lines]
    return list(zip(token_lists, read_all_tokens(token_lists, lexicon)))


def numbers_line(tokens: Sequence[Token], readings: Sequence[Reading]) -> str:
    """One numbered syllable per Chinese character, space-separated (ü as v, 5 =
    neutral); other characters dropped: a form a script can check."""
    return " ".join(s.lower().replace("u:", "v") for s in han_syllables(tokens, readings))

