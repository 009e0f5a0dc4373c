"""Study sheets for one article: vocab.html / vocab.pdf, cloze.html / cloze.pdf,
vocab.csv and pleco.txt (and quiz.html, through quiz_page.py).

Everything is rendered from the article's manifest (the same data as vocab.json),
so the sheets, the quiz page and the terminal quiz show the same words and items.
The HTML comes from Jinja2 templates in vocabgen/templates (sheet_*, cloze_sheet*)
with autoescaping on: every text from an article or the dictionary is escaped, and
the few pieces of markup we build here (tone-coloured pinyin, highlighted example)
escape their text themselves. The PDFs are made from the very same HTML (pdf.py).

Tone colours: Nathan Dummitt's scheme, Pleco's default (1 red, 2 orange, 3 green,
4 blue, neutral grey), in shades that stay legible in black-and-white print.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..atomic import write_text_atomic
from ..models import ArticleStudy
from .anki import CREDITS
from .manifest import manifest

CSV_FIELDS = (
    "hanzi", "traditional", "pinyin", "pinyin_numbered", "meaning", "classifiers", "hsk",
    "zipf", "count", "sentence_zh", "sentence_en", "article_id",
)


def hsk_label(level: int | None) -> str:
    if not level:
        return ""
    return "7-9" if level >= 7 else str(level)


def pinyin_html(pinyin: str, numbered: str) -> str:
    """Tone-coloured pinyin: each syllable in a <span class="tN">, text escaped.

    The tones come from the numbered form, syllable by syllable; when the two forms
    do not line up, the pinyin is shown uncoloured rather than coloured wrongly."""
    marks = pinyin.split()
    digits = numbered.split()
    if len(marks) != len(digits):
        return html.escape(pinyin)
    spans = []
    for syllable, numbered_syllable in zip(marks, digits):
        tone = numbered_syllable[-1] if numbered_syllable[-1:] in ("1", "2", "3", "4", "5") else ""
        tone = "5" if tone in ("", "0") else tone
        spans.append(f'<span class="t{tone}">{html.escape(syllable)}</span>')
    return " ".join(spans)


def highlight_html(sentence: str, word: str) -> str:
    """The sentence, escaped, with the first occurrence of word in <b>."""
    start = sentence.find(word) if word else -1
    if start < 0:
        return html.escape(sentence)
    end = start + len(word)
    return html.escape(sentence[:start]) + f"<b>{html.escape(word)}</b>" + html.escape(sentence[end:])


def underline_html(sentence: str, span: Sequence[int] | None) -> str:
    """The English sentence, escaped, with the term's equivalent (sentence[start:end])
    in <u>."""
    if not span or len(span) != 2 or not 0 <= span[0] < span[1] <= len(sentence):
        return html.escape(sentence)
    start, end = span
    return html.escape(sentence[:start]) + f"<u>{html.escape(sentence[start:end])}</u>" + html.escape(sentence[end:])


def blank_width(answer: str) -> float:
    """Width of a blank in em: room to hand-write the answer's characters, never less
    than two, so the blank's size hints at the word without giving it away exactly."""
    return round(max(2, len(answer)) * 1.5 + 0.6, 1)


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
    env = Environment(
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
    env.globals["blank_width"] = blank_width
    return env


@lru_cache(maxsize=None)
def _raw(name: str):
    """A template file's text, inserted as is (CSS and JavaScript are ours, not data).
    Read once per process, like the compiled templates."""
    from markupsafe import Markup

    return Markup((resources.files("vocabgen") / "templates" / name).read_text(encoding="utf-8"))


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def _meta(article: Mapping[str, Any]) -> list[str]:
    meta = []
    if article.get("date"):
        meta.append(article["date"])
    if article.get("author"):
        meta.append(article["author"])
    if article.get("page"):
        meta.append(f"page {article['page']}")
    if article.get("source"):
        meta.append(f"source: {Path(article['source']).name}")
    return meta


def zh_lang(data: Mapping[str, Any]) -> str:
    """The language tag of the Chinese the page shows (browsers pick fonts by it)."""
    return "zh-Hant" if data.get("script") == "traditional" else "zh-Hans"


def _common(data: Mapping[str, Any], kind: str) -> dict[str, Any]:
    return {
        "article": data["article"],
        "meta": _meta(data["article"]),
        "kind": kind,
        "zh_lang": zh_lang(data),
        "common_css": _raw("sheet_common.css"),
        "credits": CREDITS,
    }


def _sentence_traditional(data: Mapping[str, Any], index: int, simplified: str) -> str:
    """The traditional form of a sentence, when the build made it and it lines up."""
    sentences = data.get("sentences") or []
    text = sentences[index].get("zh_traditional") if 0 <= index < len(sentences) else None
    return text if text and len(text) == len(simplified) else ""


def _terms_view(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Terms as the sheet shows them, in the learner's script (--script): the main
    headword large and the other form small; the example sentence to match."""
    from markupsafe import Markup

    script = data.get("script", "simplified")
    view = []
    for t in data["terms"]:
        traditional = t.get("traditional") or t["hanzi"]
        main, second = (traditional, t["hanzi"]) if script == "traditional" else (t["hanzi"], traditional)
        example = highlight_html(t["sentence_zh"], t["hanzi"])
        example_second = ""
        trad_sentence = _sentence_traditional(data, t["sentence_index"], t["sentence_zh"]) if script != "simplified" else ""
        if trad_sentence:
            start = t["sentence_zh"].find(t["hanzi"])
            word = trad_sentence[start : start + len(t["hanzi"])] if start >= 0 else ""
            trad_example = highlight_html(trad_sentence, word)
            if script == "traditional":
                example = trad_example
            else:
                example_second = trad_example
        view.append({
            **t,
            "main": main,
            "second": second if second != main else "",
            "hsk_label": hsk_label(t.get("hsk")),
            "pinyin_html": Markup(pinyin_html(t["pinyin"], t["pinyin_numbered"])),
            "example_html": Markup(example),
            "example_second_html": Markup(example_second),
            "example_en_html": Markup(underline_html(t["sentence_en"], t.get("english_span"))),
        })
    return view


def _cloze_view(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    from markupsafe import Markup

    from ..quiz import items_from_manifest

    script = data.get("script", "simplified")
    view = []
    for item in items_from_manifest(data):
        view.append(
            {
                "parts": item.shown_parts(script),
                "en": item.en,
                "blanks": [
                    {
                        "hanzi": b.shown(script),
                        "meaning": b.meaning,
                        "pinyin_html": Markup(pinyin_html(b.pinyin, b.pinyin_numbered)),
                    }
                    for b in item.blanks
                ],
            }
        )
    return view


def coverage_line(data: Mapping[str, Any]) -> str:
    """The manifest's coverage in one sentence (empty when the manifest has none)."""
    coverage = data.get("coverage")
    if not coverage or not coverage.get("running_words"):
        return ""
    text = f"You know {coverage['known']:.0%} of the article's {coverage['running_words']:,} running words"
    needed = [(target, n) for target, n in (coverage.get("new_words_for") or {}).items() if n is not None]
    if needed:
        text += "; new words needed, most useful first, to reach " + ", ".join(f"{t}: {n}" for t, n in needed)
    by_hsk = coverage.get("by_hsk") or {}
    if "4" in by_hsk and "6" in by_hsk:
        text += f". Knowing HSK 1-4 covers {by_hsk['4']:.0%}, HSK 1-6 {by_hsk['6']:.0%}"
    return text + "."


def vocab_sheet_html(data: Mapping[str, Any]) -> str:
    return render(
        "sheet_vocab.html", terms=_terms_view(data), coverage=coverage_line(data),
        **_common(data, "Vocabulary sheet · 生词表"),
    )


def word_bank(data: Mapping[str, Any]) -> list[str]:
    """Every answer of the worksheet once, in pinyin order (not the order of the items)."""
    pinyin = {t["hanzi"]: t["pinyin_numbered"].lower() for t in data["terms"]}
    answers = dict.fromkeys(a for item in data["cloze"] for a in item["answers"])
    ordered = sorted(answers, key=lambda a: (pinyin.get(a, ""), a))
    if data.get("script") == "traditional":
        traditional = {t["hanzi"]: t.get("traditional") or t["hanzi"] for t in data["terms"]}
        return [traditional.get(a, a) for a in ordered]
    return ordered


def cloze_sheet_html(data: Mapping[str, Any], with_word_bank: bool = False) -> str:
    items = _cloze_view(data)
    return render(
        "cloze_sheet.html",
        items=items,
        bank=word_bank(data) if with_word_bank else [],
        multi=any(len(i["blanks"]) > 1 for i in items),
        **_common(data, "Cloze worksheet · 填空练习"),
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
    vocab_html = vocab_sheet_html(data)
    cloze_html = cloze_sheet_html(data, with_word_bank=word_bank)
    written = []
    for name, text in (
        ("vocab.html", vocab_html),
        ("cloze.html", cloze_html),
        ("vocab.csv", "\ufeff" + vocab_csv(data)),
        ("pleco.txt", pleco_txt(data)),
    ):
        write_text_atomic(folder / name, text)
        written.append(folder / name)
    written.append(write_quiz_page(study, data, folder))
    if pdf:
        from .pdf import html_to_pdf

        written.append(html_to_pdf(vocab_html, folder / "vocab.pdf", base_url=folder))
        written.append(html_to_pdf(cloze_html, folder / "cloze.pdf", base_url=folder))
    else:
        for name in ("vocab.pdf", "cloze.pdf"):  # never leave a stale PDF beside new sheets
            (folder / name).unlink(missing_ok=True)
    return written
