"""Words a learner already knows: read from their own lists and decks.

`--known FILE` accepts, told apart by suffix and content:

- a plain word list, one word a line, `#` starting a comment;
- a CSV (`.csv`) or TSV (`.tsv`, or any text with tabs) whose first column is the word;
- an Anki "Notes in Plain Text" export (its `#separator:`/`#html:` header lines give it
  away; the `#guid`/`#notetype`/`#deck`/`#tags column:` headers say which columns are
  not fields, and a `#columns:` header naming the field is honoured);
- an Anki package or collection (`.apkg`, `.colpkg`, `.anki2`, `.anki21`): the words of
  one field (default `Hanzi`) of every note that has it, read with the `anki` library.

A cell may hold markup (`<b>银行</b>`, `[sound:x.mp3]`, `银行[yin2 hang2]`) or both
scripts (`汉字 / 漢字`): what counts is each run of Han characters in it. Traditional
forms are mapped to simplified through CC-CEDICT (`to_simplified`), since the deck's
words are simplified.

The `anki` package (about 30 MB with its Rust backend and protobuf) is imported only
when a package or collection is read, with a clear message if it is missing: plain
lists and text exports need nothing beyond the standard library.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import VocabgenError
from .lexicon import Lexicon

DEFAULT_FIELD = "Hanzi"
ANKI_SUFFIXES = (".apkg", ".colpkg", ".anki2", ".anki21")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_TAG = re.compile(r"<[^>]*>")
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_BRACKETS = re.compile(r"\[[^\]]*\]")  # ruby-style readings: 银行[yin2 hang2]
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_META_COLUMNS = ("guid", "notetype", "deck", "tags")


class KnownWordsError(VocabgenError):
    """A known-words file that cannot be read; the message names it and says why."""


def words_in(cell: str) -> list[str]:
    """The words a field or cell holds: its runs of Han characters, markup removed."""
    text = html.unescape(_TAG.sub(" ", _SOUND.sub(" ", cell)))
    return _HAN.findall(_BRACKETS.sub(" ", text))


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KnownWordsError(f"{path}: is neither UTF-8 nor GB18030 text (save it as UTF-8)")


def _anki_text_export(lines: list[str], field: str) -> list[str]:
    """An Anki "Notes in Plain Text" export: header lines, then delimited rows."""
    separator = "\t"
    meta: set[int] = set()
    columns: list[str] = []
    body: list[str] = []
    for line in lines:
        if line.startswith("#") and ":" in line and not body:
            key, _, value = line[1:].partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "separator":
                separator = _SEPARATORS.get(value.lower(), value[:1] or "\t")
            elif key == "columns":
                columns = [c.strip() for c in next(csv.reader([value], delimiter=separator))]
            elif key.endswith(" column") and key[: -len(" column")] in _META_COLUMNS and value.isdigit():
                meta.add(int(value) - 1)
            continue
        body.append(line)
    if field in columns:
        index = columns.index(field)
    else:
        index = next(i for i in range(len(meta) + 1) if i not in meta)
    words: list[str] = []
    for row in csv.reader(io.StringIO("\n".join(body)), delimiter=separator):
        if len(row) > index:
            words.extend(words_in(row[index]))
    return words


def _delimited(text: str, delimiter: str) -> list[str]:
    words: list[str] = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        if row and not row[0].lstrip().startswith("#"):
            words.extend(words_in(row[0]))
    return words


def _plain(lines: list[str]) -> list[str]:
    words: list[str] = []
    for line in lines:
        words.extend(words_in(line.split("#", 1)[0]))
    return words


def read_text_list(path: Path, field: str = DEFAULT_FIELD) -> list[str]:
    text = _decode(path)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if re.match(r"#(separator|html|notetype|deck|guid|tags|columns)\b", first, re.IGNORECASE):
        return _anki_text_export(lines, field)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _delimited(text, ",")
    if suffix == ".tsv" or any("\t" in line for line in lines):
        return _delimited(text, "\t")
    return _plain(lines)


def _open_collection(path: Path, workdir: Path):
    """A collection holding the notes of `path`, opened from a private copy."""
    try:
        from anki.collection import Collection
    except ImportError:
        raise KnownWordsError(
            f"{path}: reading Anki packages and collections needs the 'anki' package "
            "(pip install 'vocabgen[anki]'), or export the notes as plain text from Anki "
            "(File > Export > Notes in Plain Text) and pass that file"
        ) from None
    suffix = path.suffix.lower()
    target = workdir / "collection.anki2"
    if suffix in (".anki2", ".anki21"):
        # Opening a collection may upgrade and rewrite it: never touch the learner's file.
        shutil.copyfile(path, target)
        for extra in ("-wal",):
            if path.with_name(path.name + extra).exists():
                shutil.copyfile(path.with_name(path.name + extra), workdir / ("collection.anki2" + extra))
        return Collection(str(target))
    if suffix == ".colpkg":
        from anki._backend import RustBackend

        media = workdir / "media"
        media.mkdir()
        RustBackend().import_collection_package(
            col_path=str(target), backup_path=str(path),
            media_folder=str(media), media_db=str(workdir / "media.db"),
        )
        return Collection(str(target))
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(target))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(path),
                options=ImportAnkiPackageOptions(with_scheduling=False, merge_notetypes=False),
            )
        )
    except Exception:
        col.close()
        raise
    return col


def read_anki(path: Path, field: str = DEFAULT_FIELD) -> list[str]:
    """The words in `field` of every note (of any note type having that field)."""
    with tempfile.TemporaryDirectory(prefix="vocabgen-known-") as tmp:
        try:
            col = _open_collection(path, Path(tmp))
        except KnownWordsError:
            raise
        except Exception as exc:  # the backend's errors are many and undocumented
            raise KnownWordsError(f"{path}: Anki could not open it ({exc})") from None
        try:
            words: list[str] = []
            names: set[str] = set()
            found = False
            for model in col.models.all():
                fields = [f["name"] for f in model["flds"]]
                names.update(fields)
                if field not in fields:
                    continue
                found = True
                index = fields.index(field)
                for nid in col.models.nids(model["id"]):
                    words.extend(words_in(col.get_note(nid).fields[index]))
        finally:
            col.close()
    if not found:
        listed = ", ".join(sorted(names)) or "none"
        raise KnownWordsError(
            f"{path}: no note type has a field named {field!r} (fields: {listed}); "
            "name the field with --known-field"
        )
    return words


def read_known(path: Path, field: str = DEFAULT_FIELD) -> list[str]:
    """The words one file lists, in file order (duplicates kept)."""
    path = Path(path)
    if not path.is_file():
        raise KnownWordsError(f"{path}: no such file (a list of known words was expected)")
    if path.suffix.lower() in ANKI_SUFFIXES:
        return read_anki(path, field)
    return read_text_list(path, field)


def to_simplified(words: Iterable[str], lexicon: Lexicon) -> frozenset[str]:
    """The words, plus the simplified form of each traditional one CC-CEDICT knows."""
    out: set[str] = set()
    for word in words:
        out.add(word)
        if word not in lexicon.by_simplified:
            out.update(e.simplified for e in lexicon.entries(word))
    return frozenset(out)


def hsk_known(lexicon: Lexicon, level: int) -> frozenset[str]:
    """Every word of HSK levels 1..level (7 = band 7-9)."""
    return frozenset(w for w, lv in lexicon.hsk_words.items() if lv <= level) if level else frozenset()


def load_known(paths: Iterable[Path], field: str = DEFAULT_FIELD, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Every word in every file; with a lexicon, traditional forms become simplified too."""
    words: list[str] = []
    for path in paths:
        words.extend(read_known(Path(path), field))
    return to_simplified(words, lexicon) if lexicon is not None else frozenset(words)
