"""Study sheets for one article: vocab.html / vocab.pdf, cloze.html / cloze.pdf,
vocab.csv and pleco.txt.

Everything is rendered from the article's view (view.py; vocab.json is that view
serialised), so the sheets, the cards, the quiz page and the terminal quiz show the
same words and items. sheet_view.py lays the view out as a sheet shows it, as plain
data; the HTML sheets render it with Jinja2 templates (templating.py;
vocabgen/templates/sheet_*, cloze_sheet*) with autoescaping on, so every text from an
article or the dictionary is escaped; the PDFs render the same data with Typst
templates (pdf.py, templates/*.typ).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Mapping, Union

from ..atomic import write_text_atomic
from ..view import ArticleView
from .sheet_view import (  # noqa: F401  (word_bank, blank_width: the sheets' API)
    as_view, blank_width, cloze_sheet_view, vocab_view, word_bank,
)
from .templating import raw, render

CSV_FIELDS = (
    "hanzi", "traditional", "pinyin", "pinyin_numbered", "meaning", "classifiers", "hsk",
    "zipf", "count", "sentence_zh", "sentence_en", "article_id",
)

Data = Union[ArticleView, Mapping[str, Any]]  # the article's view, or its manifest


def vocab_sheet_html(data: Data, view: Mapping[str, Any] | None = None) -> str:
    """vocab.html; `view` is vocab_view(data) when the caller has made it already."""
    return render("sheet_vocab.html", common_css=raw("sheet_common.css"), **(view or vocab_view(data)))


def cloze_sheet_html(data: Data, with_word_bank: bool = False, view: Mapping[str, Any] | None = None) -> str:
    """cloze.html; `view` is cloze_sheet_view(data, with_word_bank) when made already."""
    return render(
        "cloze_sheet.html", common_css=raw("sheet_common.css"), **(view or cloze_sheet_view(data, with_word_bank))
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


def vocab_csv(data: Data) -> str:
    """The terms as CSV: a header row, then one row per term. Written with a UTF-8
    byte order mark (see write_sheets) so that Excel reads the Chinese right."""
    view = as_view(data)
    rows = [csv_row(CSV_FIELDS)]
    for tv in view.terms:
        t = tv.term
        rows.append(csv_row((
            t.hanzi, t.traditional, t.pinyin, t.pinyin_numbered, t.meaning,
            "; ".join(t.classifiers), tv.hsk, f"{t.zipf:.2f}",
            str(t.count), t.sentence_zh, t.sentence_en, view.article.id,
        )))
    return "".join(rows)


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def pleco_txt(data: Data) -> str:
    """Pleco's flashcard import format: a `//` category line, then one card a line,
    `characters<TAB>pinyin<TAB>definition`; characters as 简体[繁體] when the
    traditional form differs, pinyin with tone numbers as Pleco's own exports write it."""
    view = as_view(data)
    title = _one_line(f"{view.article.date} {view.article.title_en}")
    lines = [f"// vocabgen/{title}"]
    for tv in view.terms:
        t = tv.term
        chars = t.hanzi + (f"[{t.traditional}]" if tv.traditional_differs else "")
        pinyin = "".join(t.pinyin_numbered.split())
        lines.append(f"{_one_line(chars)}\t{_one_line(pinyin)}\t{_one_line(t.meaning)}")
    return "\n".join(lines) + "\n"


def write_sheets(view: ArticleView, folder: Path, *, word_bank: bool = False, pdf: bool = True) -> list[Path]:
    """Write the article's sheets and exports into its folder; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    vocab = vocab_view(view)
    cloze = cloze_sheet_view(view, with_word_bank=word_bank)
    written = []
    for name, text in (
        ("vocab.html", vocab_sheet_html(view, vocab)),
        ("cloze.html", cloze_sheet_html(view, view=cloze)),
        ("vocab.csv", "\ufeff" + vocab_csv(view)),
        ("pleco.txt", pleco_txt(view)),
    ):
        write_text_atomic(folder / name, text)
        written.append(folder / name)
    if pdf:
        from .pdf import write_pdfs

        written += write_pdfs([("vocab", vocab, folder / "vocab.pdf"), ("cloze", cloze, folder / "cloze.pdf")])
    else:
        for name in ("vocab.pdf", "cloze.pdf"):  # never leave a stale PDF beside new sheets
            (folder / name).unlink(missing_ok=True)
    return written
