"""Compare two build folders (`vocabgen build --out A` and `--out B`) by content.

A refactor of the exporters must leave what a learner gets unchanged. Byte
comparison of the outputs does not say that: a package is a zip holding an SQLite
collection with write times in it, and a PDF holds its creation date. So:

- vocab.json, *.html, *.csv, *.txt and media/ files: byte for byte;
- *.apkg: the notes (GUID, note type, fields, tags, sort field), the cards (note,
  template, deck, due position), the note types (fields, templates, CSS, kind) and
  decks (ID, name, description) read from collection.anki2 with sqlite3, and the
  media files by name and content (not the zip, nor the collection's times and IDs
  made from the clock);
- *.pdf: the text pdftotext extracts (poppler-utils), page by page;
- the incremental stamps (the build's own bookkeeping) are skipped.

Usage: python tools/compare_builds.py BEFORE AFTER  (exit status 1 on any difference)
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SKIP_SUFFIXES = (".stamp",)


def _files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root)) for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(SKIP_SUFFIXES)
    }


def _col_models(value: str) -> dict:
    """Note types without what changes from run to run (modification time, usn)."""
    models = json.loads(value)
    return {
        key: {k: v for k, v in model.items() if k not in ("mod", "usn")}
        for key, model in models.items()
    }


def _col_decks(value: str) -> dict:
    decks = json.loads(value)
    return {key: (deck.get("name"), deck.get("desc"), deck.get("dyn")) for key, deck in decks.items()}


def apkg_content(path: Path) -> dict:
    """What a package holds, as comparable values."""
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
        media_index = json.loads(archive.read("media"))
        media = {name: archive.read(number) for number, name in media_index.items()}
        with sqlite3.connect(db) as con:
            notes = sorted(con.execute("select guid, mid, flds, tags, sfld from notes"))
            note_guid = dict(con.execute("select id, guid from notes"))
            cards = sorted(
                (note_guid[nid], ord_, did, due, type_, queue)
                for nid, ord_, did, due, type_, queue in con.execute("select nid, ord, did, due, type, queue from cards")
            )
            models, decks = con.execute("select models, decks from col").fetchone()
        con.close()
    return {
        "notes": notes, "cards": cards, "models": _col_models(models), "decks": _col_decks(decks),
        "media": sorted(media), "media content": media,
    }


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def compare(before: Path, after: Path) -> list[str]:
    problems = []
    a, b = _files(before), _files(after)
    problems += [f"only in {before}: {name}" for name in sorted(a - b)]
    problems += [f"only in {after}: {name}" for name in sorted(b - a)]
    for name in sorted(a & b):
        x, y = before / name, after / name
        if name.endswith(".apkg"):
            cx, cy = apkg_content(x), apkg_content(y)
            for key in cx:
                if cx[key] != cy[key]:
                    detail = ""
                    if key == "notes":
                        diff = sorted(set(cx[key]) ^ set(cy[key]))
                        detail = f": {len(diff)} notes differ, e.g. {str(diff[:2])[:400]}"
                    problems.append(f"{name}: {key} differ{detail}")
        elif name.endswith(".pdf"):
            if pdf_text(x) != pdf_text(y):
                problems.append(f"{name}: text differs")
        elif x.read_bytes() != y.read_bytes():
            problems.append(f"{name}: bytes differ")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    before, after = map(Path, argv)
    problems = compare(before, after)
    for line in problems:
        print(line)
    count = len(_files(before) & _files(after))
    print(f"{count} files compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
