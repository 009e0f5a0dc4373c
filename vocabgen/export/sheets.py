"""Study sheets for one article: vocab.html / vocab.pdf, cloze.html / cloze.pdf,
vocab.csv and pleco.txt (and quiz.html, through quiz_page.py).

Everything is rendered from the article's manifest (the same data as vocab.json),
so the sheets, the quiz page and the terminal quiz show the same words and items.
sheet_view.py turns the manifest into what a sheet shows, as plain data; the HTML
sheets render it with Jinja2 templates (vocabgen/templates/sheet_*, cloze_sheet*)
with autoescaping on, so every text from an article or the dictionary is escaped;
the PDFs render the same view with Typst templates (pdf.py, templates/*.typ).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..atomic import write_text_atomic
from ..models import ArticleStudy
from .manifest import manifest
from .sheet_view import (  # noqa: F401  (hsk_label, word_bank, blank_width: the sheets' API)
    blank_width, cloze_sheet_view, coverage_line, hsk_label, meta, vocab_view, word_bank, zh_lang,
)

CSV_FIELDS = (
    "hanzi", "traditional", "pinyin", "pinyin_numbered", "meaning", "classifiers", "hsk",
    "zipf", "count", "sentence_zh", "sentence_en", "article_id",
)

_meta = meta  # the quiz page's header uses the same lines


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, select_autoescape

    from ..cachedir import user_cache_dir

    cache = user_cache_dir() / "templates"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        # Compiled templates are kept between runs (jinja2 checks them against the
        # template's source): compiling them took ~0.1 s of every cold start.
        bytecode_cache = FileSystemBytecodeCache(str(cache))
    except OSError:
        bytecode_cache = None  # a read-only cache only costs speed
    return Environment(
        loader=PackageLoader("vocabgen", "templates"),
        bytecode_cache=bytecode_cache,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are package data, not edited while we run: without this,
        # every render and every {% include %} stats the template file to see if
        # it changed since it was compiled.
        auto_reload=False,
    )


@lru_cache(maxsize=None)
def _raw(name: str):
    """A template file's text, inserted as is (CSS and JavaScript are ours, not data).
    Read once per process, like the compiled templates."""
    from markupsafe import Markup

    return Markup((resources.files("vocabgen") / "templates" / name).read_text(encoding="utf-8"))


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def vocab_sheet_html(data: Mapping[str, Any], view: Mapping[str, Any] | None = None) -> str:
    """vocab.html; `view` is vocab_view(data) when the caller has made it already."""
    return render("sheet_vocab.html", common_css=_raw("sheet_common.css"), **(view or vocab_view(data)))


def cloze_sheet_html(
    data: Mapping[str, Any], with_word_bank: bool = False, view: Mapping[str, Any] | None = None
) -> str:
    """cloze.html; `view` is cloze_sheet_view(data, with_word_bank) when made already."""
    return render(
        "cloze_sheet.html", common_css=_raw("sheet_common.css"), **(view or cloze_sheet_view(data, with_word_bank))
    )


_CSV_QUOTE_IF = re.compile(r'[,"\r\n]')


def csv_row(fields: Iterable[str]) -> str:
    """One line as csv.writer(lineterminator="\r\n") writes it in its default
    (excel) dialect: a field holding a comma, a quote or a line break is quoted,
    its quotes doubled. csv.writer copies each field a character at a time, which
    for a page of Chinese sentences took as long as rendering a sheet."""
    return ",".join(
        '"' + field.replace('"', '""') + '"' if _CSV_QUOTE_IF.search(field) else field for field in fields
    ) + "\r\n"


def vocab_csv(data: Mapping[str, Any]) -> str:
    """The terms as CSV: a header row, then one row per term. Written with a UTF-8
    byte order mark (see write_sheets) so that Excel reads the Chinese right."""
    article_id = data["article"]["id"]
    rows = [csv_row(CSV_FIELDS)]
    for t in data["terms"]:
        rows.append(csv_row((
            t["hanzi"], t["traditional"], t["pinyin"], t["pinyin_numbered"], t["meaning"],
            "; ".join(t.get("classifiers", [])), hsk_label(t.get("hsk")), f"{t['zipf']:.2f}",
            str(t["count"]), t["sentence_zh"], t["sentence_en"], article_id,
        )))
    return "".join(rows)


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def pleco_txt(data: Mapping[str, Any]) -> str:
    """Pleco's flashcard import format: a `//` category line, then one card a line,
    `characters<TAB>pinyin<TAB>definition`; characters as 简体[繁體] when the
    traditional form differs, pinyin with tone numbers as Pleco's own exports write it."""
    article = data["article"]
    title = _one_line(f"{article.get('date', '')} {article.get('title_en', '')}")
    lines = [f"// vocabgen/{title}"]
    for t in data["terms"]:
        chars = t["hanzi"]
        if t.get("traditional") and t["traditional"] != t["hanzi"]:
            chars += f"[{t['traditional']}]"
        pinyin = "".join(t["pinyin_numbered"].split())
        lines.append(f"{_one_line(chars)}\t{_one_line(pinyin)}\t{_one_line(t['meaning'])}")
    return "\n".join(lines) + "\n"


def write_sheets(
    study: ArticleStudy,
    folder: Path,
    *,
    word_bank: bool = False,
    pdf: bool = True,
    data: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write the article's sheets, exports and quiz page into its folder; returns the paths.

    `data` is the study's manifest, when the caller has made it already."""
    from .quiz_page import write_quiz_page

    if data is None:
        data = manifest(study, package="")
    folder.mkdir(parents=True, exist_ok=True)
    vocab = vocab_view(data)
    cloze = cloze_sheet_view(data, with_word_bank=word_bank)
    written = []
    for name, text in (
        ("vocab.html", vocab_sheet_html(data, vocab)),
        ("cloze.html", cloze_sheet_html(data, view=cloze)),
        ("vocab.csv", "\ufeff" + vocab_csv(data)),
        ("pleco.txt", pleco_txt(data)),
    ):
        write_text_atomic(folder / name, text)
        written.append(folder / name)
    written.append(write_quiz_page(study, data, folder))
    if pdf:
        from .pdf import write_pdfs

        written += write_pdfs([("vocab", vocab, folder / "vocab.pdf"), ("cloze", cloze, folder / "cloze.pdf")])
    else:
        for name in ("vocab.pdf", "cloze.pdf"):  # never leave a stale PDF beside new sheets
            (folder / name).unlink(missing_ok=True)
    return written
