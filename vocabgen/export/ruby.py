"""Pinyin markup for cards: tone-coloured syllables and pinyin above characters.

Tone classes are `tone1` … `tone5` (5 = neutral), the classes the Chinese Support 3
add-on writes, so its users' own styles apply to our cards too.

Ruby needs one syllable per character, but a sentence's pinyin arrives as words
with tone marks ("gōngzuò", "Xī'ān", punctuation attached), as the reading stage
writes it. `syllables` cuts a word back into syllables (pinyin orthography makes
that unambiguous: a syllable beginning with a, o or e after another one gets an
apostrophe, i/u/ü-initial ones are spelt with y/w, so the consonants between two
vowel groups split into a final -n/-ng/-r and the next initial). When the
syllables of a sentence do not come out one per Han character (a Latin word that
looks like pinyin, a character without a reading), the sentence gets no ruby rather
than a wrong one: the caller shows its pinyin as a line instead.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Sequence

# han_count: the readings' Han characters; ruby counts what han_syllables reads.
from ..text import han_count  # noqa: F401  (anki.py and commands/pinyin.py use it from here)
from ..text import is_han as _is_han

_TONE_OF_MARK = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_VOWELS = set("aeiouüv")
_INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw")
_CODAS = ("ng", "n", "r", "")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ao|an|ei|en|er|ia|ie|in|iu|ou"
    r"|ua|ue|üe|ve|ui|un|ün|vn|uo|a|e|i|o|u|ü|v)r?"
)
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")


@lru_cache(maxsize=4096)
def _plain(char: str) -> tuple[str, int]:
    """A letter without its tone mark (ü kept), and the tone the mark gave (0: none)."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = next((_TONE_OF_MARK[c] for c in decomposed if c in _TONE_OF_MARK), 0)
    bare = "".join(c for c in decomposed if c not in _TONE_OF_MARK)
    return unicodedata.normalize("NFC", bare).lower(), tone


@lru_cache(maxsize=8192)
def tone_of(syllable: str) -> int:
    """1-4 from the tone mark, 5 for a syllable without one (the neutral tone)."""
    for char in syllable:
        tone = _plain(char)[1]
        if tone:
            return tone
    return 5


def syllables(word: str) -> list[str] | None:
    """A pinyin word with tone marks cut into its syllables, or None if it is not pinyin."""
    cut = _syllables(word)
    return list(cut) if cut is not None else None


# Cards cut the same words article after article (every sentence's pinyin line is
# cut for ruby and coloured): a pure function of the word, so it is remembered.
@lru_cache(maxsize=65536)
def _syllables(word: str) -> tuple[str, ...] | None:
    word = unicodedata.normalize("NFC", word)
    out: list[str] = []
    for chunk in re.split(r"['’]", word):
        if not chunk:
            continue
        plain = "".join(_plain(c)[0] for c in chunk)
        if len(plain) != len(chunk) or not plain.isalpha():
            return None
        runs = [m.span() for m in re.finditer(r"[aeiouüv]+", plain)]
        if not runs:
            return None
        cuts = [0]
        for (_, end), (start, _) in zip(runs, runs[1:]):
            cluster = plain[end:start]
            cut = None
            for coda in _CODAS:  # the longest final consonant that leaves a real initial
                if cluster.startswith(coda) and cluster[len(coda):] in _INITIALS:
                    cut = end + len(coda)
                    break
            if cut is None:
                return None
            cuts.append(cut)
        cuts.append(len(chunk))
        for a, b in zip(cuts, cuts[1:]):
            if not _SYLLABLE.fullmatch(plain[a:b]):
                return None
            out.append(chunk[a:b])
    return tuple(out) or None


def tone_spans(pinyin: str, numbered: str = "") -> str:
    """Pinyin with each syllable in <span class="toneN">, text escaped.

    With `numbered` (CC-CEDICT's digits, one per syllable) the tones come from it;
    otherwise from the tone marks. Words stay separated by their spaces."""
    toned = numbered_tones(pinyin, numbered)
    if toned is not None:
        return " ".join(_span(word, tone) for word, tone in toned)
    return " ".join(_word_spans(word) for word in pinyin.split())


def numbered_tones(pinyin: str, numbered: str) -> list[tuple[str, int]] | None:
    """Each space-separated piece of `pinyin` with its tone (1-4, 5 = neutral) from
    the matching syllable of `numbered`; None when the two do not line up. Cards
    (tone_spans) and sheets (sheet_view.pinyin_syllables) colour by it."""
    digits = numbered.split()
    words = pinyin.split()
    if not digits or len(digits) != len(words):
        return None
    return [(word, int(d[-1]) if d[-1:] in ("1", "2", "3", "4") else 5) for word, d in zip(words, digits)]


def _span(text: str, tone: int) -> str:
    return f'<span class="tone{tone}">{html.escape(text)}</span>'


@lru_cache(maxsize=65536)
def _word_spans(word: str) -> str:
    """One word of a pinyin line: its syllables coloured, punctuation around it plain."""
    match = _EDGE_PUNCT.search(word)
    lead = word[: len(word) - len(word.lstrip("\"'“‘([{-"))] if match else ""
    core = word[len(lead):]
    trail_len = len(core) - len(core.rstrip(",.!?;:\"'”’)]}-…~%"))
    trail = core[len(core) - trail_len:] if trail_len else ""
    core = core[: len(core) - trail_len] if trail_len else core
    if not core or syllables(core) is None:
        return html.escape(word)
    # Apostrophes stay where the orthography put them (kǒu'àn, Xī'ān): a piece
    # between two is cut into its syllables on its own.
    out = []
    for piece in re.split(r"(['’])", core):
        if piece in ("'", "’"):
            out.append(html.escape(piece))
        elif piece:
            out.extend(_span(p, tone_of(p)) for p in syllables(piece) or ())
    return html.escape(lead) + "".join(out) + html.escape(trail)


def sentence_syllables(sentence: str, pinyin: str) -> list[str] | None:
    """One syllable per Han character of the sentence, from its pinyin line; None when
    the two do not line up."""
    found = _sentence_syllables(sentence, pinyin)
    return list(found) if found is not None else None


# A sentence is the example of several cards, its cloze item and its quiz question:
# cut once (a pure function of the sentence and its line).
@lru_cache(maxsize=4096)
def _sentence_syllables(sentence: str, pinyin: str) -> tuple[str, ...] | None:
    found: list[str] = []
    for word in pinyin.split():
        core = _EDGE_PUNCT.sub("", word)
        if not core:
            continue
        parts = _syllables(core)
        if parts is None or (core != core.lower() and all(tone_of(p) == 5 for p in parts)):
            continue  # a Latin word or a number kept as written (names in pinyin carry tones)
        found.extend(parts)
    han = han_count(sentence)
    return tuple(found) if han and len(found) == han else None


def ruby(sentence: str, readings: Sequence[str], marks: Sequence[tuple[int, int]] = ()) -> str:
    """The sentence, escaped, each Han character in <ruby> with its toned syllable
    in <rt class="toneN">; characters inside the (start, end) ranges of `marks` are
    wrapped in <b class="hl">. `readings` holds one syllable per Han character."""
    pieces = ruby_pieces(sentence, tuple(readings))
    if not marks:
        return "".join(pieces)
    inside = [False] * len(sentence)
    for a, b in marks:
        a, b = max(a, 0), max(b, 0)
        inside[a:b] = [True] * len(inside[a:b])
    out: list[str] = []
    bold = False
    for flag, piece in zip(inside, pieces):
        if flag != bold:
            bold = flag
            out.append('<b class="hl">' if bold else "</b>")
        out.append(piece)
    if bold:
        out.append("</b>")
    return "".join(out)


# A sentence is the example of several cards (each marking another word), its
# cloze item and quiz question: its characters are set once.
@lru_cache(maxsize=4096)
def ruby_pieces(sentence: str, readings: tuple[str, ...]) -> tuple[str, ...]:
    """The markup of each character of the sentence, in order."""
    out: list[str] = []
    k = 0
    for char in sentence:
        if k < len(readings) and _is_han(char):
            out.append(_ruby_char(char, readings[k]))
            k += 1
        else:
            out.append(html.escape(char))
    return tuple(out)


# Every card's sentence is set character by character, and the same characters
# with the same syllables come back sentence after sentence: remembered.
@lru_cache(maxsize=65536)
def _ruby_char(char: str, syllable: str) -> str:
    return f'<ruby>{html.escape(char)}<rt class="tone{tone_of(syllable)}">{html.escape(syllable)}</rt></ruby>'
