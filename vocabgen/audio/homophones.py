"""Our readings for the offline voice: a polyphone eSpeak NG would read otherwise
is replaced by a homophone it cannot misread.

eSpeak NG reads Chinese with its own small dictionary and a default reading per
character, so it says 长得很高 cháng de and 卡在 kǎ zài where the cards write zhǎng
and qiǎ. It does take phonemes (``[[...]]``), but in its own mnemonics, which
would need a table from pinyin to them; instead we ask eSpeak how it would read
the sentence (`espeak_TextToPhonemes`), and where a polyphonic character's
syllable is not the one we chose, put in its place the commonest character that
has that one reading only (长 zhǎng -> 掌), then check that eSpeak now reads it
so. Neutral tones, 一 and 不 (their tone changes) and text eSpeak does not read
one syllable per character (digits, Latin) are left alone.

edge-tts takes plain text only (the service rejects SSML <phoneme>), so the neural
voice reads with its own, usually good, context model; nothing is done there.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from ..text import is_han

# eSpeak NG's cmn tones, as its phoneme strings write them (55 high, 35 rising,
# 214 dipping, 51 falling, 11 neutral).
_SYLLABLE = re.compile(r"[^\d_| ]+?(?:55|35|214|51|11)")
_STRESS = str.maketrans("", "", "',%=")


def syllables(phonemes: str) -> list[str]:
    """eSpeak NG's phoneme string cut into syllables, stress marks dropped."""
    return [s.translate(_STRESS) for s in _SYLLABLE.findall(phonemes)]


@lru_cache(maxsize=1)
def _homophone_table() -> dict[str, str]:
    """numbered syllable -> the most frequent character pypinyin reads that one
    way only (zhang3 -> 掌)."""
    from pypinyin.pinyin_dict import pinyin_dict

    from ..lexicon import load_lexicon
    from ..reading.words import _numbered

    lexicon = load_lexicon()
    best: dict[str, tuple[float, str]] = {}
    for code, marked in pinyin_dict.items():
        if "," in marked:
            continue
        char = chr(code)
        if not is_han(char):
            continue
        zipf = lexicon.zipf(char)
        if zipf < 3.0:
            continue
        syllable = _numbered(marked).lower()
        if syllable not in best or zipf > best[syllable][0]:
            best[syllable] = (zipf, char)
    return {syllable: char for syllable, (_, char) in best.items()}


def with_our_readings(text: str, phonemes: Callable[[str], str]) -> str:
    """`text` with each polyphone eSpeak NG would misread replaced by a homophone
    (see the module's docstring); `text` itself when nothing needs it or the
    readings cannot be lined up. `phonemes` is eSpeak's reading of a text."""
    han_at = [k for k, ch in enumerate(text) if is_han(ch)]
    if not han_at:
        return text
    from ..lexicon import load_lexicon
    from ..reading.pinyin import han_syllables, read_tokens
    from ..reading.polyphones import ranked_readings
    from ..segment import segment

    lexicon = load_lexicon()
    tokens = segment(text)
    ours = han_syllables(tokens, read_tokens(tokens, lexicon))
    theirs = syllables(phonemes(text))
    if len(ours) != len(han_at) or len(theirs) != len(han_at):
        return text
    table = _homophone_table()
    wanted: dict[int, tuple[str, str]] = {}  # text position -> (homophone, its phonemes)
    for k, (position, syllable) in enumerate(zip(han_at, ours)):
        char = text[position]
        syllable = syllable.lower()
        if syllable.endswith("5") or char in "一不" or len(ranked_readings(char, lexicon)) < 2:
            continue
        homophone = table.get(syllable)
        if homophone is None:
            continue
        said = syllables(phonemes(homophone))
        if len(said) == 1 and said[0] != theirs[k]:
            wanted[position] = (homophone, said[0])
    if not wanted:
        return text
    changed = "".join(wanted[k][0] if k in wanted else ch for k, ch in enumerate(text))
    check = syllables(phonemes(changed))
    if len(check) != len(han_at):
        return text
    # Keep only the replacements eSpeak now reads as meant (a homophone could join
    # a word of eSpeak's dictionary with its neighbour).
    kept = {p for k, p in enumerate(han_at) if p in wanted and check[k] == wanted[p][1]}
    return "".join(wanted[k][0] if k in kept else ch for k, ch in enumerate(text))
