"""Build vocabgen/data/strokes.bin.xz and copy hanzi-writer into vocabgen/data.

Usage (needs npm; the result is committed, so builds never need the network):

    python tools/build_stroke_data.py            # npm pack into a temporary folder
    python tools/build_stroke_data.py --from DIR # DIR holds hanzi-writer-*.tgz, hanzi-writer-data-*.tgz

Which characters: the COMMON most frequent characters of simplified Chinese (by
wordfreq's Chinese word frequencies, summed per character), plus the
traditional form (OpenCC s2tw) of each of them, so a deck in either script finds its
characters. 3,500 is the size of the first level of the 2013 Table of General
Standard Chinese Characters (the "common" level) and covers well over 99% of running
news text; a rarer character simply gets no stroke-order view.

The data file is xz-compressed, in the compact form of vocabgen/stroke_codec.py:
the `strokes` and `medians` of hanzi-writer-data (`radStrokes` dropped: only the
animation is used). The Arphic Public License asks that a modified copy carry a
notice of how and when it was changed: that is the file's first line, and each
per-character media file written from it repeats it.
"""

from __future__ import annotations

import argparse
import json
import lzma
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from vocabgen import stroke_codec  # noqa: E402

COMMON = 3500
DATA = Path(__file__).resolve().parents[1] / "vocabgen" / "data"


def _unpack(tgz: Path, into: Path) -> Path:
    with tarfile.open(tgz) as archive:
        archive.extractall(into, filter="data")
    return into / "package"


def character_frequencies() -> dict[str, float]:
    """How often each character is written: the summed frequency of the words it is
    in (wordfreq's own per-character figure counts it only as a word on its own, so
    a character such as 酝, seen only inside 酝酿, would rank far too low)."""
    from wordfreq import get_frequency_dict

    usage: dict[str, float] = {}
    for word, frequency in get_frequency_dict("zh").items():
        for char in word:
            usage[char] = usage.get(char, 0.0) + frequency
    return usage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="folder with the two npm tarballs")
    args = parser.parse_args()

    import opencc

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = args.source
        if source is None:
            subprocess.run(["npm", "pack", "hanzi-writer@3.7.3", "hanzi-writer-data@2.0.1"], cwd=work, check=True)
            source = work
        writer = _unpack(next(source.glob("hanzi-writer-3*.tgz")), work / "writer")
        data_tgz = next(source.glob("hanzi-writer-data-*.tgz"))
        data = _unpack(data_tgz, work / "data")
        version = json.loads((data / "package.json").read_text(encoding="utf-8"))["version"]

        available = {p.stem for p in data.glob("*.json") if len(p.stem) == 1}
        to_traditional = opencc.OpenCC("s2tw.json").convert
        to_simplified = opencc.OpenCC("t2s.json").convert
        # wordfreq counts traditional text too: rank the characters of simplified
        # writing, then add their traditional forms.
        simplified = {c for c in available if to_simplified(c) == c}
        usage = character_frequencies()
        ranked = sorted(simplified, key=lambda c: (-usage.get(c, 0.0), c))[:COMMON]
        chosen = set(ranked) | {t for c in ranked if (t := to_traditional(c)) in available}

        notice = (
            f"Stroke data of {len(chosen)} characters from hanzi-writer-data {version} (Make Me a Hanzi, "
            "from Arphic PL KaitiM GB and UKai; Arphic Public License, see ARPHICPL.TXT). Modified by "
            "vocabgen's tools/build_stroke_data.py: a subset of the characters, radStrokes removed, "
            "coordinates rounded to whole units, re-encoded (vocabgen/stroke_codec.py)."
        )
        records = []
        for char in sorted(chosen):
            entry = json.loads((data / f"{char}.json").read_text(encoding="utf-8"))
            records.append((char, stroke_codec.encode_char(entry["strokes"], entry["medians"])))
        blob = lzma.compress(stroke_codec.pack(notice, records), preset=9 | lzma.PRESET_EXTREME)
        (DATA / "strokes.bin.xz").write_bytes(blob)
        shutil.copyfile(data / "ARPHICPL.TXT", DATA / "ARPHICPL.TXT")
        shutil.copyfile(writer / "dist" / "hanzi-writer.min.js", DATA / "hanzi-writer.min.js")
        print(f"{len(chosen)} characters, strokes.bin.xz {len(blob):,} bytes")


if __name__ == "__main__":
    main()
