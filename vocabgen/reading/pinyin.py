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
   dictionary words (`Lexicon.split_known`) and each piece is read as in 1.
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

from functools import lru_cache
from typing import Sequence

from . import polyphones
from ..lexicon import Lexicon
from ..models import Token, TokenKind
from ..text import is_han
from .words import (  # noqa: F401  (Reading, read_word: also the package's API)
    _known,
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
                units.append(Unit(piece, offset, tag, index, token.kind, True))
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
                and polyphones._first_gloss(unit.text[0], lexicon).startswith("to ") \
                and not _not_tentative(units, k):
            # A verb said twice, "have a go" (看看 kànkan, 问问 wènwen): the second
            # syllable is neutral; CC-CEDICT, where it lists one, decides instead.
            # (jieba tags 问问 n: the character's own gloss says it is a verb.)
            syllables = reading.numbered.split()
            if len(syllables) == 2:
                return Reading(f"{syllables[0]} {syllables[1][:-1]}5", (reading.numbered,))
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
    ruled = polyphones.by_rules(units, k, lexicon)
    if ruled is None:  # not reached: _context_free answers for a single reading
        return read_word(unit.text, lexicon, name=unit.kind is TokenKind.NAME)
    options, chosen = ruled
    return options if chosen is None else polyphones.settle(options, chosen)


def _not_tentative(units: Sequence[Unit], k: int) -> bool:
    """A doubled character that is not the tentative verb "have a go": an adjective
    doubled before 的/地 (热热的, 慢慢地: AA的 describes), or one said three times
    (买买买, insistence), whose syllables keep their full tones."""
    text = units[k].text
    after = units[k + 1].text if k + 1 < len(units) else ""
    before = units[k - 1].text if k > 0 else ""
    return after[:1] in ("的", "地", text[0]) or before[-1:] == text[0]


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
    for token, parts, pieces in zip(tokens, readings, texts):
        if len(parts) == 1:
            result.append(parts[0])
        else:
            # Function words stand apart only in a common word jieba glued, not in
            # a name, an idiom or a set phrase (英才, 风清气正: written whole).
            functions = _FUNCTION_WORD_TAGS if token.kind is TokenKind.WORD and token.pos not in ("i", "l") else ()
            # Words of two or more syllables are written apart, and a particle
            # jieba glued on (细心地 xìxīn de) and what follows it (眯着眼 mī zhe
            # yǎn), and a noun after its measure word
            # (5 gè rén), and a preposition, conjunction or adverb, which are words
            # of their own (愿|同 yuàn tóng, 组|与 zǔ yǔ); any other one-character
            # piece stays with its neighbour (场长, 小组长: a suffix, not a word).
            breaks, count, before, tag, previous, function = [], 0, 0, "", "", False
            for part, piece in zip(parts, pieces):
                size = len(part.numbered.split())
                if count and ((before >= 2 and size >= 2) or piece.text in _PARTICLES or tag == _MEASURE_BEFORE_NOUN
                              or previous in _PARTICLES or _function_word(piece, size, functions, lexicon)
                              or (before == 1 and function)):
                    breaks.append(count)
                count += size
                before, tag, previous = size, piece.pos, piece.text
                function = _function_word(piece, size, functions, lexicon)
            result.append(Reading(" ".join(p.numbered for p in parts if p.numbered), breaks=tuple(breaks)))
    return tuple(result)


# jieba's tags of words that are never a suffix of the piece before them:
# prepositions, conjunctions, adverbs.
_FUNCTION_WORD_TAGS = frozenset({"p", "c", "d"})
# How common a character must be to count as such a word standing alone: jieba
# tags some rare characters p or d out of context (靶, 务, 略), where they are only
# ever parts of words.
_FREE_FUNCTION_ZIPF = 5.4


def _function_word(piece: Unit, size: int, tags: frozenset[str] | tuple, lexicon: Lexicon) -> bool:
    """Whether a one-character piece of a split token is a preposition, conjunction
    or adverb in its own right (同, 与, 更, 最), written apart from its neighbours."""
    return size == 1 and piece.pos in tags and lexicon.zipf(piece.text) >= _FREE_FUNCTION_ZIPF


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
_ASCII = str.maketrans({
    "，": ",", "。": ".", "！": "!", "？": "?", "；": ";", "：": ":", "、": ",",
    "“": '"', "”": '"', "‘": "'", "’": "'", "（": "(", "）": ")", "《": '"', "》": '"',
    "〈": "'", "〉": "'", "「": '"', "」": '"', "『": '"', "』": '"', "【": "[", "】": "]",
    "〔": "(", "〕": ")", "—": "-", "…": "...", "·": "-", "～": "~", "％": "%",
    "．": ".", **{chr(0xFF10 + d): str(d) for d in range(10)},  # full-width digits: １９９８ -> 1998
})


def sentence_pinyin(
    tokens: Sequence[Token],
    readings: Sequence[Reading],
    *,
    tone_sandhi: bool = False,
    marks: bool = True,
    ascii_punctuation: bool = True,
    names: Sequence[tuple[int, int, int, int]] = (),
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
    (Lánzhōu), a person's as surname and given name, each capitalised (Chén Wànbāng)."""
    parts: list[str] = []
    pending_open = ""
    name_at = {start: (end, surname, common) for start, end, surname, common in names}
    open_quotes: set[str] = set()  # ASCII quotes seen opening, not yet closed
    skip_to = 0
    ascii_of = (lambda text: text.translate(_ASCII)) if ascii_punctuation else (lambda text: text)
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
                reading.breaks if end == index + 1 else (), common,
            )
            if word:
                parts.append(pending_open + word)
                pending_open = ""
                skip_to = end
                continue
        if reading.numbered:
            word = _token_pinyin(reading.numbered.lower(), token.text if tone_sandhi else "", marks,
                                 _word_breaks(token, reading))
            if token.text == "们" and parts and not pending_open and index and readings[index - 1].numbered:
                parts[-1] += word  # the plural suffix is written with its word (gōngrénmen)
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
                if opening:
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


def name_spans(
    tokens: Sequence[Token], lexicon: Lexicon, readings: Sequence[Reading] = (), english: str = ""
) -> tuple[tuple[int, int, int], ...]:
    """The names of a sentence as token spans [start, end) with the length of the
    surname when it is a person's (0 otherwise) and the syllable where a tail of
    common words begins (0: none), for `sentence_pinyin`.

    The names are gloss.find_names's from the Chinese (`vocabgen pinyin` has no
    English). With the sentence's `readings` and its aligned `english` (a deck), the
    English corrects them where it spells a person's name: jieba cuts 顾|天成 (顾
    "to look after"), and "Gu Tiancheng" says it is one name; and a name jieba
    guessed that no dictionary knows and the English does not spell is no name
    (之日起 "from the day", tagged a place), nor one the English says in lower case
    (藏羚羊 "Tibetan antelopes"). Spans of several words that the English
    makes an organisation (兰州 + 水泵 + 厂) are not taken: one capitalised pinyin
    word would misspell them (Lánzhōu Shuǐbèngchǎng is two).
    A name CC-CEDICT also lists as a common word is written as that word here.
    jieba keeps a place with the common noun after it as one name (北京地区, 北京高校
    "Beijing universities"): where the English follows the place's spelling with a
    word in lower case, that tail is written as common words (Běijīng dìqū)."""
    from ..gloss import English, english_spells, find_names, is_surname

    def compound(word: str) -> bool:  # 欧阳, 司马: "two-character surname Ouyang"
        return any("surname" in s for e in lexicon.entries(word) for s in e.senses)

    def overlaps(a: int, b: int, spans) -> bool:
        return any(x < b and a < y for x, y, _ in spans)

    found = list(find_names(tokens, lexicon))
    if english and len(readings) == len(tokens):
        checked = English.of(english)
        if checked.words:
            confirmed = find_names(tokens, lexicon, readings, checked)
            found = [
                (a, b, text) for a, b, text in found
                if (lexicon.entries(text) or english_spells(readings[a:b], checked))
                and overlaps(a, b, confirmed)  # not a common noun by the English
            ]
            for a, b, text in confirmed:
                han = "".join(ch for ch in text if is_han(ch))
                person = b - a > 1 and 2 <= len(han) <= 4 and is_surname(han[0], lexicon)
                if person and english_spells(readings[a:b], checked) and not overlaps(a, b, found):
                    found.append((a, b, text))
            found.sort()
    spans = []
    for start, end, text in found:
        han = "".join(ch for ch in text if is_han(ch))
        entries = lexicon.entries(han)
        if any(e.pinyin[:1].islower() for e in entries):
            continue  # a common word first (周五 zhōuwǔ, Friday), whatever jieba tagged
        capitals = [sum(x[:1].isupper() for x in e.pinyin.split()) for e in entries]
        surname = 0
        if capitals and max(capitals) == 1:
            pass  # CC-CEDICT writes it as one name (Shātè, Lánzhōu): not a person's
        elif (tokens[start].pos in ("nr", "nrfg") or end - start > 1) and 2 <= len(han) <= 4:
            if len(han) >= 3 and compound(han[:2]):
                surname = 2
            elif is_surname(han[0], lexicon):
                surname = 1
        common = 0
        if english and end == start + 1 and not surname and len(readings) == len(tokens):
            common = _common_tail(text, readings[start], English.of(english), lexicon)
        spans.append((start, end, surname, common))
    return tuple(spans)


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
    head = "".join(x.rstrip("012345") for x in syllables[: cuts[0]]).lower().replace("u:", "u").replace("v", "u")
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


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


_DEMONSTRATIVES = set("这那哪每某该此各")
_DIGIT_CHARS = set("一二三四五六七八九十百千万亿两零〇几多半0123456789")


def _word_breaks(token: Token, reading: Reading) -> tuple[int, ...]:
    """Where the orthography rules write a token's syllables apart: between the
    dictionary words of a token jieba glued (现场会议 xiànchǎng huìyì), and in a
    numeral-measure token between demonstrative, numeral and measure word (这三项
    zhè sān xiàng; 三百多名 sānbǎi duō míng stays with its numeral whole)."""
    text = token.text
    if token.pos not in ("m", "mq") or len(text) < 2 or not all(is_han(ch) for ch in text):
        return reading.breaks
    breaks = []
    first = 1 if text[0] in _DEMONSTRATIVES else 0
    if first:
        breaks.append(1)
    numeral = text[first:-1]
    if text[-1] not in _DIGIT_CHARS and numeral and all(ch in _DIGIT_CHARS for ch in numeral):
        breaks.append(len(text) - 1)
    return tuple(b for b in breaks if 0 < b < len(text))


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

