"""The sheets as PDF, typeset by Typst: the only module that imports typst.

The `typst` wheel is the Typst compiler with Python bindings. It lays out the
sheets from Typst templates (vocabgen/templates/*.typ) and the same view the HTML
sheets render (sheet_view.py), passed as JSON through `sys.inputs`: article text
is never parsed as markup, so nothing needs escaping. It embeds the fonts, subset
to the glyphs used, itself. A compiler is made once per process and reused (it
keeps the parsed fonts and templates): a sheet then takes ~15-25 ms, against
0.5-0.8 s for the HTML through WeasyPrint that this replaces.

Fonts, shipped through pip so a PDF looks the same from every machine and prints
anywhere (system fonts are ignored):
- Chinese: Noto Sans CJK (the `noto-cjk-sans-otc` wheel, SIL OFL 1.1): a clear
  Hei face drawn for screen and print, complete for GB 2312 and Big5, with its SC
  face for simplified and TC face for traditional sheets.
- Latin, pinyin and English: Source Sans Pro (`font-source-sans-pro`, OFL), the
  Latin that Noto Sans CJK's own was made from, with bold and italic. It is needed
  for more than looks: some CJK fonts map ǎ ǐ ǒ ǔ to empty glyphs (WenQuanYi did),
  and tests/test_sheets.py checks that every glyph a PDF draws has ink.

Typst runs its work on a pool of threads, and a process forked after that pool
started inherits a pool without threads: the fork's first PDF waits forever. A
build forks its workers from its main process (pipeline.py), so the main process
never compiles: it hands its PDFs to a renderer subprocess of its own (started on
first use, ended when it exits), and worker processes, which never fork, compile
themselves.
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
import signal
import sys
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..atomic import note_published, write_bytes_atomic
from ..child import Child, own
from ..errors import VocabgenError

TEMPLATES = {"vocab": "sheet_vocab.typ", "cloze": "cloze_sheet.typ"}

CJK_PACKAGE = "noto_cjk_sans_otc"
CJK_FILE = "NotoSansCJK-Regular.ttc"
# The faces of the collection the sheets use, by script (see sheet_common.typ).
CJK_FACES = {"simplified": "Noto Sans CJK SC", "traditional": "Noto Sans CJK TC"}
LATIN_FAMILY = "Source Sans Pro"


class PdfError(VocabgenError):
    """A sheet that could not be made into a PDF (the message names the file)."""


def templates_dir() -> Path:
    return Path(str(resources.files("vocabgen") / "templates"))


def cjk_font_path() -> Path:
    """The shipped CJK font: an OpenType collection (SC, TC, HK, JP and KR faces)."""
    return Path(str(resources.files(CJK_PACKAGE) / CJK_FILE))


def latin_font_path(name: str = "SourceSansPro-Regular.otf") -> Path:
    return Path(str(resources.files("font_source_sans_pro") / "files" / name))


def _font_dirs() -> list[str]:
    return [str(cjk_font_path().parent), str(latin_font_path().parent)]


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why PDFs cannot be made here, or None when they can (checked without
    starting the compiler, so `vocabgen build --no-pdf` never loads typst)."""
    import importlib.util

    if importlib.util.find_spec("typst") is None:
        return "PDF sheets are skipped: the typst package is missing; reinstall vocabgen (pip install vocabgen)"
    for path in (cjk_font_path(), latin_font_path()):
        if not path.is_file():
            return f"PDF sheets are skipped: the font {path} is missing; reinstall vocabgen"
    return None


# --- compiling, in this process -----------------------------------------------------


@lru_cache(maxsize=1)
def _compiler():
    import typst

    # Only the shipped fonts: a sheet must not change with the machine it is made on.
    return typst.Compiler(root=str(templates_dir()), font_paths=_font_dirs(), ignore_system_fonts=True)


def _timestamp(view: Mapping[str, Any]) -> datetime.datetime:
    """The PDF's creation date: the article's date, so that the same article makes
    the same bytes (Typst would write the time of the build)."""
    try:
        day = datetime.date.fromisoformat(view["head"].get("date") or "")
    except ValueError:
        day = datetime.date(2000, 1, 1)
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.timezone.utc)


def pdf_bytes(kind: str, view: Mapping[str, Any]) -> bytes:
    """The PDF of one sheet (`kind` "vocab" or "cloze"), compiled in this process."""
    data = json.dumps(view, ensure_ascii=False, separators=(",", ":"))
    return _compiler().compile(
        input=str(templates_dir() / TEMPLATES[kind]), sys_inputs={"data": data}, timestamp=_timestamp(view),
        # No accessibility tags: they cost a tenth of the time, and the text of a
        # sheet reads in order without them (pdftotext, screen readers' fallback).
        pdf_tags=False,
    )


def _write_here(kind: str, view: Mapping[str, Any], path: Path) -> None:
    try:
        pdf = pdf_bytes(kind, view)
    except Exception as error:  # typst.TypstError: a template or data problem, reported per file
        raise PdfError(f"{path}: could not typeset the sheet: {error}") from error
    write_bytes_atomic(path, pdf)


# --- the renderer subprocess of a process that may fork -------------------------------


class _Renderer(Child):
    """A `python -m vocabgen.export.pdf` child that writes the PDFs it is sent:
    one JSON line per sheet in, one line with an error message (or none) out."""

    def __init__(self) -> None:
        super().__init__("vocabgen.export.pdf")
        self.lock = threading.Lock()

    def write(self, jobs: list[tuple[str, Mapping[str, Any], Path]]) -> None:
        with self.lock:
            try:
                for kind, view, path in jobs:
                    # Absolute: the renderer runs in vocabgen's own folder (see child.py),
                    # where a relative --out (the default, decks/) would land its PDFs.
                    line = json.dumps({"kind": kind, "view": view, "path": os.path.abspath(path)}, ensure_ascii=False)
                    self.process.stdin.write(line.encode("utf-8") + b"\n")
                self.process.stdin.flush()
                answers = [self.process.stdout.readline() for _ in jobs]
            except OSError as error:
                answers = [json.dumps(f"the PDF renderer stopped ({error})").encode()]
        for (_, _, path), answer in zip(jobs, answers):
            if not answer:
                raise PdfError(f"{path}: the PDF renderer stopped unexpectedly; build again")
            if message := json.loads(answer):
                raise PdfError(message)


_renderer: _Renderer | None = None


def _shared_renderer() -> _Renderer:
    global _renderer
    _renderer = own(_renderer, _Renderer)
    return _renderer


def _compiles_here() -> bool:
    """Whether this process may start Typst's threads: a worker process (forked
    by multiprocessing) or the renderer, which never fork; not a main process."""
    return multiprocessing.parent_process() is not None or _SERVING


_SERVING = False


def write_pdfs(jobs: Iterable[tuple[str, Mapping[str, Any], Path]]) -> list[Path]:
    """Write each (kind, view, path) as a PDF, atomically; returns the paths."""
    jobs = list(jobs)
    if _compiles_here():
        for kind, view, path in jobs:
            _write_here(kind, view, path)
    else:
        # Making the compiler (it reads the fonts' tables: ~0.1 s) starts no thread,
        # so it is made here, unused, for the workers this process may fork: they
        # inherit it ready instead of each making its own.
        _compiler()
        _shared_renderer().write(jobs)
        for _, _, path in jobs:
            if not os.path.isfile(path):  # never report a sheet written elsewhere as built
                raise PdfError(f"{path}: the PDF renderer said it wrote it, but it is not there; build again")
            # Written by the renderer process, so this process's open journals did
            # not see them: counted here, or the build would sweep them as stale.
            note_published(path)
    return [path for _, _, path in jobs]


def serve(stdin=None, stdout=None) -> None:
    """The renderer's loop: a sheet per line in, an answer per line out, until EOF."""
    global _SERVING
    _SERVING = True
    # Ctrl-C reaches the whole process group: the build handles it and closes our
    # input, which ends this loop; a traceback from here would only be noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    for line in stdin:
        job = json.loads(line)
        try:
            _write_here(job["kind"], job["view"], Path(job["path"]))
            answer = None
        except PdfError as error:
            answer = str(error)
        except OSError as error:
            answer = f"{job['path']}: cannot write the PDF: {error}"
        stdout.write(json.dumps(answer, ensure_ascii=False).encode("utf-8") + b"\n")
        stdout.flush()


if __name__ == "__main__":
    serve()
