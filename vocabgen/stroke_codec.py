"""The compact form of hanzi-writer's stroke data that vocabgen ships.

hanzi-writer wants, per character, `strokes` (SVG path strings such as
"M 254 596 Q 244 603 202 608 Z") and `medians` (lists of [x, y] points), on a
1024-unit grid. As JSON text that is about 2.3 KB a character; here each character
is a record of bytes: per stroke its path commands and coordinates, then the
medians, every coordinate as the difference from the previous one (zigzag varint),
so that xz finds the repetition. 4,700 characters take about 2.5 MB instead of
4.3 MB as xz-compressed JSON. Coordinates are whole numbers (15 of the 3 million in
hanzi-writer-data 2.0.1 had a fraction; they are rounded).

File layout (before xz): a notice line, a line with the characters in record
order, then each record preceded by its length as a varint, so a reader can find
a character's record without decoding the others.
"""

from __future__ import annotations

from typing import Iterable, Sequence

_ARGS = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}
_CODES = "MLQCZ"


def _varint(value: int, out: bytearray) -> None:
    value = value << 1 if value >= 0 else ((-value) << 1) - 1  # zigzag: small magnitudes, few bytes
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            break
        shift += 7
    return (result >> 1) if not result & 1 else -((result + 1) >> 1), pos


def encode_char(strokes: Sequence[str], medians: Sequence[Sequence[Sequence[float]]]) -> bytes:
    out = bytearray()
    previous = [0, 0]

    def point(x: float, y: float) -> None:
        x, y = round(float(x)), round(float(y))
        _varint(x - previous[0], out)
        _varint(y - previous[1], out)
        previous[:] = [x, y]

    _varint(len(strokes), out)
    for path in strokes:
        tokens = path.split()
        commands = [t for t in tokens if t in _ARGS]
        _varint(len(commands), out)
        out.extend(_CODES.index(c) for c in commands)
        numbers = [t for t in tokens if t not in _ARGS]
        if len(numbers) != sum(_ARGS[c] for c in commands):
            raise ValueError(f"unexpected path: {path[:60]}")
        for k in range(0, len(numbers), 2):
            point(numbers[k], numbers[k + 1])
    for median in medians:
        _varint(len(median), out)
        for x, y in median:
            point(x, y)
    return bytes(out)


def _raw_varints(data: bytes) -> list[int]:
    """Every varint of a record, before zigzag (command codes are single bytes below
    0x80, so they come out as themselves): one pass over the bytes."""
    out: list[int] = []
    value = shift = 0
    for byte in data:
        if byte < 0x80:
            out.append(value | (byte << shift))
            value = shift = 0
        else:
            value |= (byte & 0x7F) << shift
            shift += 7
    return out


def decode_char(data: bytes) -> dict[str, list]:
    """{"strokes": [...], "medians": [...]} as hanzi-writer reads them."""
    # A deck decodes every character it shows, so this is a flat walk over the
    # record's numbers (read in one pass) rather than a varint read per coordinate.
    raw = _raw_varints(data)
    x = y = 0
    pos = 1
    count = raw[0] >> 1  # counts are never negative: zigzag is a shift
    strokes = []
    for _ in range(count):
        n = raw[pos] >> 1
        commands = raw[pos + 1 : pos + 1 + n]
        pos += 1 + n
        tokens: list[str] = []
        for code in commands:
            command = _CODES[code]
            tokens.append(command)
            for _ in range(_ARGS[command] // 2):
                dx, dy = raw[pos], raw[pos + 1]
                pos += 2
                x += -((dx + 1) >> 1) if dx & 1 else dx >> 1
                y += -((dy + 1) >> 1) if dy & 1 else dy >> 1
                tokens.append(str(x))
                tokens.append(str(y))
        strokes.append(" ".join(tokens))
    medians = []
    for _ in range(count):
        n = raw[pos] >> 1
        pos += 1
        median = []
        for _ in range(n):
            dx, dy = raw[pos], raw[pos + 1]
            pos += 2
            x += -((dx + 1) >> 1) if dx & 1 else dx >> 1
            y += -((dy + 1) >> 1) if dy & 1 else dy >> 1
            median.append([x, y])
        medians.append(median)
    return {"strokes": strokes, "medians": medians}


def pack(notice: str, records: Iterable[tuple[str, bytes]]) -> bytes:
    records = list(records)
    out = bytearray((notice.replace("\n", " ") + "\n" + "".join(c for c, _ in records) + "\n").encode("utf-8"))
    for _, record in records:
        _varint(len(record), out)
        out.extend(record)
    return bytes(out)


def unpack_index(blob: bytes) -> tuple[str, dict[str, tuple[int, int]]]:
    """The notice and {character: (start, end) of its record in blob}."""
    first = blob.index(b"\n")
    second = blob.index(b"\n", first + 1)
    notice = blob[:first].decode("utf-8")
    chars = blob[first + 1 : second].decode("utf-8")
    index = {}
    pos = second + 1
    for char in chars:
        length, pos = _read_varint(blob, pos)
        index[char] = (pos, pos + length)
        pos += length
    return notice, index
