"""Stroke order, offline: hanzi-writer and the stroke data of the characters a deck uses.

The package ships `data/strokes.bin.xz` (made by tools/build_stroke_data.py from the
npm package hanzi-writer-data: the 3,500 most common simplified characters and their
traditional forms, 4,734 in all, 2.5 MB in the form of stroke_codec.py) and
`data/hanzi-writer.min.js` (hanzi-writer, MIT).
A deck or a quiz page gets, as media files:

- `_hanzi-writer.min.js`, the library;
- `_vocabgen-strokes.js`, our loader (templates/strokes.js), which draws the
  characters of every `.strokes` element and animates them, one after the other;
- `_hw-<code point in hex>.js` per character the deck shows, which registers that
  character's data on `window.vocabgenStrokeData` (a script, not JSON to fetch: Anki's
  mobile clients load media scripts but not always fetch() from file URLs);
- `_hanzi-writer-data-ARPHICPL.txt`, the licence the data asks to travel with it.

Anki keeps media files whose names start with `_` even though no field names them.
A character without data (rare ones, punctuation) simply gets no drawing.
"""

from __future__ import annotations

import json
import lzma
from functools import lru_cache
from importlib import resources
from typing import Iterable

from .. import stroke_codec

WRITER_JS = "_hanzi-writer.min.js"
LOADER_JS = "_vocabgen-strokes.js"
LICENCE = "_hanzi-writer-data-ARPHICPL.txt"


@lru_cache(maxsize=1)
def _table() -> tuple[str, dict[str, tuple[int, int]], bytes]:
    """The notice, {character: where its record is}, and the records, read once per
    process (xz decompression of about 3 MB: 0.1 s); records are decoded on demand."""
    blob = lzma.decompress((resources.files("vocabgen") / "data" / "strokes.bin.xz").read_bytes())
    notice, index = stroke_codec.unpack_index(blob)
    return notice, index, blob


def has_strokes(char: str) -> bool:
    return char in _table()[1]


def char_data(char: str) -> dict[str, list]:
    _, index, blob = _table()
    start, end = index[char]
    return stroke_codec.decode_char(blob[start:end])


def media_name(char: str) -> str:
    return f"_hw-{ord(char):x}.js"


# A deck ships the same common characters as the last one, and its quiz page them
# again: each character's record is decoded and serialised once per process.
@lru_cache(maxsize=8192)
def _data_json(char: str) -> str:
    return json.dumps(char_data(char), separators=(",", ":"))


def char_script(char: str) -> str:
    """The media file of one character: a notice, then its data on window.vocabgenStrokeData."""
    return (
        f"/* {_table()[0]} */\n"
        f'(window.vocabgenStrokeData = window.vocabgenStrokeData || {{}})["{char}"] = {_data_json(char)};\n'
    )


def _package_file(folder: str, name: str) -> bytes:
    return (resources.files("vocabgen") / folder / name).read_bytes()


@lru_cache(maxsize=1)  # the same three files for every deck and quiz page
def _static_files() -> dict[str, bytes]:
    return {
        WRITER_JS: _package_file("data", "hanzi-writer.min.js"),
        LOADER_JS: _package_file("templates", "strokes.js"),
        LICENCE: _package_file("data", "ARPHICPL.TXT"),
    }


def characters(texts: Iterable[str]) -> list[str]:
    """The characters with stroke data in these texts, each once, sorted."""
    table = _table()[1]
    return sorted({c for text in texts for c in text if c in table})


def static_media() -> dict[str, bytes]:
    """{media file name: bytes}: the library, our loader and the data's licence."""
    return dict(_static_files())


def data_of(texts: Iterable[str]) -> dict[str, dict[str, list]]:
    """{character: its stroke data} for the characters of `texts` that have some: what
    a page that carries its data inline (the quiz page) sets on window.vocabgenStrokeData."""
    return {c: json.loads(_data_json(c)) for c in characters(texts)}  # parsed: a tenth of decoding


def media(texts: Iterable[str]) -> dict[str, bytes]:
    """{media file name: bytes} that animate the characters of `texts`; {} if none has data."""
    chars = characters(texts)
    if not chars:
        return {}
    files = dict(_static_files())
    files.update({media_name(c): char_script(c).encode("utf-8") for c in chars})
    return dict(sorted(files.items()))
