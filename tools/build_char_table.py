"""Make vocabgen/data/char_readings.tsv: how often each reading of a polyphonic
character occurs in running text (see vocabgen/reading/polyphones.py, which reads it).

    python tools/build_char_table.py

Computed from the shipped dictionaries only (wordfreq's word frequencies, each
word read by CC-CEDICT and pypinyin's phrase data); no benchmark sentence is used.
"""

from __future__ import annotations

import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import wordfreq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vocabgen.lexicon import Lexicon, load_lexicon  # noqa: E402
from vocabgen.reading.polyphones import TABLE  # noqa: E402
from vocabgen.reading.words import char_readings, pypinyin_phrase, read_word  # noqa: E402
from vocabgen.text import is_han  # noqa: E402


def _zipf(freq: float) -> float:
    return math.log10(freq) + 9 if freq > 0 else 0.0


def build_char_table(lexicon: Lexicon) -> str:
    """The text of data/char_readings.tsv (run `python tools/build_char_table.py`).

    One line per character with two or more readings:
    char TAB zipf-as-a-word TAB reading=zipf-in-words ...; zipf values are
    log10(per billion words), 0 = unseen."""
    frequencies = wordfreq.get_frequency_dict("zh")
    in_words: dict[str, Counter] = defaultdict(Counter)
    for word, freq in frequencies.items():
        if len(word) < 2 or not is_han(word):
            continue
        if not (lexicon.knows(word) or pypinyin_phrase(word)):
            continue
        syllables = read_word(word, lexicon).numbered.lower().split()
        if len(syllables) != len(word):
            continue
        for char, syllable in zip(word, syllables):
            in_words[char][syllable] += freq
    chars = set(in_words) | {w for w in lexicon.by_simplified if len(w) == 1}
    lines = []
    for char in sorted(chars):
        readings = set(char_readings(char)) | set(in_words[char])
        readings |= {e.pinyin.lower() for e in lexicon.entries(char) if len(e.pinyin.split()) == 1}
        if len(readings) < 2:
            continue
        alone = frequencies.get(char, 0.0)
        cells = [
            f"{r}={_zipf(in_words[char][r]):.2f}"
            for r, _ in sorted(in_words[char].items(), key=lambda kv: -kv[1])
        ]
        lines.append(f"{char}\t{_zipf(alone):.2f}\t{' '.join(cells)}")
    return "# char\tzipf as a word\treading=zipf in words (see polyphones.py)\n" + "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "vocabgen" / "data" / TABLE
    target.write_text(build_char_table(load_lexicon()), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
