"""Chinese word segmentation: the only module that imports jieba.

We use our own `jieba.Tokenizer` (never jieba's global one, which other libraries
mutate), keep its prefix-dictionary cache in our cache directory instead of the
system temp directory, and silence its DEBUG logging. Tokens are spans of the
original sentence, so `"".join(t.text for t in tokens) == sentence` always holds.
"""

from __future__ import annotations

import logging
import marshal
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .atomic import write_bytes_atomic
from .cachedir import collector_paused, user_cache_dir
from .models import Token, TokenKind

# jieba's tags for proper names: person (nr, nrfg, nrt), place (ns), organisation (nt).
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt"})

_NUMERAL = re.compile(r"^[0-9０-９.,．，%％]+$|^[零〇一二三四五六七八九十百千万亿两]{2,}$|^[0-9０-９]+[多余]?$")
_LATIN = re.compile(r"^[A-Za-zＡ-Ｚａ-ｚ][A-Za-zＡ-Ｚａ-ｚ0-9'’.\-]*$")


# The CJK stroke 丨 (U+4E28, "Kangxi radical 2") is set as a vertical bar between a
# headline's parts (新华全媒+丨北京…): punctuation, no word to learn or read aloud.
_BAR_LIKE = frozenset("丨")


def _is_punct(text: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PS" or ch in _BAR_LIKE for ch in text)


@lru_cache(maxsize=1 << 16)  # a token's kind depends on these two only; most tokens recur
def classify(text: str, pos: str) -> TokenKind:
    """The kind of a token, from its characters first and jieba's tag second."""
    if text.isspace():
        return TokenKind.SPACE
    if _is_punct(text):
        return TokenKind.PUNCT
    if _NUMERAL.match(text):
        return TokenKind.NUMBER
    if _LATIN.match(text):
        return TokenKind.LATIN
    if pos in NAME_TAGS:
        return TokenKind.NAME
    return TokenKind.WORD


def _load_dictionary(jieba, tokenizer) -> dict[str, str]:
    """Fill `tokenizer`'s prefix dictionary and return each word's tag, from one cache.

    jieba would read its prefix dictionary (580,000 words and prefixes) from its
    own marshal cache, and jieba.posseg the words' tags from the 350,000-line
    dictionary itself (0.7 s). We keep both in one marshal, the tags keyed by the
    very string objects of the prefix dictionary: marshal writes a shared object
    once, so each word is made once on load. That is ~0.3 s and ~20 MB less than
    two tables with a copy of every word each."""
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME  # what get_dict_file reads
    stamp = [source.stat().st_size, int(source.stat().st_mtime), 2]
    cache = user_cache_dir() / "jieba-dict.marshal"
    try:
        with collector_paused():
            cached_stamp, freq, total, tags = marshal.loads(cache.read_bytes())
        if cached_stamp == stamp and isinstance(freq, dict) and isinstance(tags, dict):
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
            return tags
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing, stale or unreadable: rebuild
    freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    same = {word: word for word in freq}  # to key the tags by freq's own strings
    tags = {}
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 3:
                tags[same.get(parts[0], parts[0])] = parts[2]
    del same
    try:
        write_bytes_atomic(cache, marshal.dumps((stamp, freq, total, tags)))
    except OSError:
        pass  # a read-only cache only costs speed
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return tags


def _import_posseg(jieba, tags: dict[str, str]):
    """Import jieba.posseg without its import-time read of the dictionary's tags.

    Its module-level tagger reads them through Tokenizer.get_dict_file; for the
    import we hand it an empty file, then give it the tags from our cache, so
    the global tagger stays correct for anyone else in the process."""
    import io
    import sys

    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    real = jieba.Tokenizer.get_dict_file
    jieba.Tokenizer.get_dict_file = lambda self: io.BytesIO(b"")
    try:
        import jieba.posseg as posseg
    finally:
        jieba.Tokenizer.get_dict_file = real
    posseg.dt.word_tag_tab = tags
    return posseg


def _tagger_class(posseg):
    """jieba's POSTokenizer, decoding unknown spans with our numpy Viterbi.

    The subclass overrides the private method that runs the HMM on a span of
    unknown characters (`__cut`, so `_POSTokenizer__cut`); its output is the same,
    see pos_viterbi.py."""
    from .reading.pos_viterbi import PosViterbi  # numpy: not for commands that never segment

    decode = PosViterbi(posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)

    class Tagger(posseg.POSTokenizer):
        def _POSTokenizer__cut(self, sentence):
            states = decode(sentence)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                position, tag = states[i]
                if position == "B":
                    begin = i
                elif position == "E":
                    yield posseg.pair(sentence[begin : i + 1], tag)
                    nexti = i + 1
                elif position == "S":
                    yield posseg.pair(char, tag)
                    nexti = i + 1
            if nexti < len(sentence):
                yield posseg.pair(sentence[nexti:], states[nexti][1])

    return Tagger


def _import_jieba():
    """Import jieba without pkg_resources.

    jieba imports pkg_resources (0.1 s, a tenth of a cold start) only to open its
    own data files, and opens them by path when it is missing; so it is made
    missing for that one import. Anyone importing pkg_resources later gets it."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import → ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=1)
def _tokenizers():
    jieba = _import_jieba()

    # jieba attaches a DEBUG stream handler to stderr; its loading chatter is noise
    # in a command-line tool. Only jieba's own logger is touched.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.default_logger.setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tags = _load_dictionary(jieba, tokenizer)
    posseg = _import_posseg(jieba, tags)
    # POSTokenizer() would read the dictionary's tags once more; ours shares the
    # table with jieba's global tagger (350,000 entries, ~40 MB a copy). Our user
    # words' tags join it on the first cut: real words, harmless to the global one.
    tagger = _tagger_class(posseg)
    pos_tokenizer = tagger.__new__(tagger)
    pos_tokenizer.tokenizer = tokenizer
    pos_tokenizer.word_tag_tab = posseg.dt.word_tag_tab
    user_dict = resources.files("vocabgen") / "data" / "userdict.txt"
    with resources.as_file(user_dict) as path:
        # The tags of these words reach the POS tokenizer on its first cut
        # (POSTokenizer.makesure_userdict_loaded).
        tokenizer.load_userdict(str(path))
    return tokenizer, pos_tokenizer


def in_dictionary(word: str) -> bool:
    """Whether jieba's own dictionary (or our user words) lists `word` as a word,
    not only as the prefix of one. jieba knows words CC-CEDICT lacks (回迁, 农垦,
    旱田): vocabulary.py keeps those whole instead of cutting them to characters."""
    tokenizer, _ = _tokenizers()
    return bool(tokenizer.FREQ.get(word))


def segment(sentence: str) -> tuple[Token, ...]:
    """Split a Chinese sentence into classified tokens that join back to it."""
    _, pos_tokenizer = _tokenizers()
    tokens: list[Token] = []
    offset = 0
    for pair in pos_tokenizer.cut(sentence, HMM=True):
        text, pos = pair.word, pair.flag
        if not text:
            continue
        start = sentence.index(text, offset)
        if start != offset:  # jieba dropped characters: keep them as their own span
            gap = sentence[offset:start]
            tokens.append(Token(gap, offset, start, classify(gap, "x"), "x"))
        tokens.append(Token(text, start, start + len(text), classify(text, pos), pos))
        offset = start + len(text)
    if offset < len(sentence):
        rest = sentence[offset:]
        tokens.append(Token(rest, offset, len(sentence), classify(rest, "x"), "x"))
    return _join_full_width_numbers(_aspect_zhe(tokens, pos_tokenizer.word_tag_tab))


# One-character verbs that take another verb, not an object with 着: 应着手 is
# "should set about", 要着眼 "must focus on".
_MODALS = frozenset("应要需须可能会该得将敢肯")


def _aspect_zhe(tokens: list[Token], tags: dict[str, str]) -> list[Token]:
    """着 after a one-character verb is the aspect particle, not the first character
    of a word jieba took it for: 拉|着手 is 拉着|手 "holding hands" (lā zhe shǒu),
    not 着手 zhuóshǒu "to set about"; 睁|着眼 "with open eyes"."""
    out: list[Token] = []
    for k, token in enumerate(tokens):
        before = tokens[k - 1] if k else None
        if len(token.text) == 2 and token.text[0] == "着" and before is not None and len(before.text) == 1 \
                and before.pos == "v" and before.text not in _MODALS and before.end == token.start:
            rest = token.text[1]
            tag = tags.get(rest, "n")
            out.append(Token("着", token.start, token.start + 1, classify("着", "uz"), "uz"))
            out.append(Token(rest, token.start + 1, token.end, classify(rest, tag), tag))
        else:
            out.append(token)
    return out


_FULL_WIDTH = frozenset("０１２３４５６７８９．")
_NUMBER_CHARS = _FULL_WIDTH | frozenset("0123456789")


def _join_full_width_numbers(tokens: list[Token]) -> tuple[Token, ...]:
    """One token for a number written with full-width digits or point: jieba cuts
    １９９８ into one token a digit and 66．9 into three (ASCII 1998 and 66.9 stay
    whole), and the pinyin then showed "１ ９ ９ ８" and "66． 9"."""
    if not any(ch in _FULL_WIDTH for t in tokens for ch in t.text[:1]):
        return tuple(tokens)
    out: list[Token] = []
    for token in tokens:
        last = out[-1] if out else None
        if last is not None and token.text[:1] in _NUMBER_CHARS and last.text[-1:] in _NUMBER_CHARS \
                and all(ch in _NUMBER_CHARS for ch in last.text + token.text) \
                and any(ch in _FULL_WIDTH for ch in last.text + token.text):
            text = last.text + token.text
            out[-1] = Token(text, last.start, token.end, classify(text, "m"), "m")
        else:
            out.append(token)
    return tuple(out)
