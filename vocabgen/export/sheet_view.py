"""What the study sheets show, as plain data: one view that both renderers draw.

The HTML sheets (Jinja2, for the browser) and the PDF sheets (Typst, for print) are
made from the same dictionaries, laid out here from the article's view (view.py:
headwords, traditional forms, marks, tones and HSK labels come from it): nothing
in them is markup, so each renderer escapes (or, in Typst, never parses) the text
itself. Long example sentences are shortened here, once, to the part around the
word, so the HTML and the PDF show the same excerpt.

Tone colours: Nathan Dummitt's scheme, Pleco's default (1 red, 2 orange, 3 green,
4 blue, neutral grey); the renderers give the tone numbers their colours.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Union

from ..view import ArticleInfo, ArticleView, Marked, Tones, classifiers_shown, from_manifest, tones
from .anki import CREDITS

FONT_CREDITS = "PDF fonts: Noto Sans CJK (Google, Adobe) and Source Sans Pro (Adobe), SIL OFL 1.1."

# The longest example a sheet prints, in characters. A vocabulary sheet is for
# recognising the word in context: a printed line of Chinese (about 40 characters
# at its size) and two of English are enough, and longer examples are what spread
# four words over an A4 page. The full sentences stay in vocab.json, vocab.csv
# and the Anki notes.
EXAMPLE_ZH_MAX = 38
EXAMPLE_EN_MAX = 170
ELLIPSIS = "…"

# Where a Chinese sentence may be cut: after a clause's punctuation.
_ZH_CLAUSE_END = re.compile(r"[，、；：。！？,;:!?]+[”’」』）)]*|\u3000+")


def as_view(data: Union[ArticleView, Mapping[str, Any]]) -> ArticleView:
    """The article's view, from itself or from its manifest (vocab.json's data)."""
    return data if isinstance(data, ArticleView) else from_manifest(data)


def zh_lang(data: Union[ArticleView, Mapping[str, Any]]) -> str:
    """The language tag of the Chinese the sheet shows (browsers pick fonts by it)."""
    return as_view(data).zh_lang


def syllables_view(pinyin: str, toned: Tones | None) -> list[dict[str, str]]:
    """Pinyin as [{"text", "tone"}], one per syllable, the tone ("1".."5") from the
    view. When the pinyin and its numbered form did not line up, one uncoloured piece
    (tone "") rather than colours that may be wrong."""
    if toned is None:
        return [{"text": pinyin, "tone": ""}] if pinyin else []
    return [{"text": syllable, "tone": str(tone)} for syllable, tone in toned]


def pinyin_syllables(pinyin: str, numbered: str) -> list[dict[str, str]]:
    """syllables_view of a pinyin and its numbered form."""
    return syllables_view(pinyin, tones(pinyin, numbered))


def split_at(text: str, start: int, end: int) -> list[str]:
    """[before, marked, after]: the pieces a renderer highlights the middle one of."""
    return [text[:start], text[start:end], text[end:]]


def zh_window(sentence: str, start: int, end: int, limit: int = EXAMPLE_ZH_MAX) -> tuple[int, int]:
    """The part of a Chinese sentence a sheet prints around sentence[start:end]:
    whole clauses (cut after ，；： and the like) around the word's own, as many as
    fit in `limit` characters, nearer ones first; the whole sentence when it fits.
    A single clause longer than the limit is cut at characters around the word."""
    if len(sentence) <= limit:
        return 0, len(sentence)
    cuts = sorted({0, len(sentence), *(m.end() for m in _ZH_CLAUSE_END.finditer(sentence))})
    lo = max(c for c in cuts if c <= start)
    hi = min(c for c in cuts if c >= end)
    if hi - lo > limit:  # one long clause: the characters around the word
        room = max(0, limit - (end - start))
        lo = max(lo, start - room // 2)
        hi = min(hi, lo + max(limit, end - lo))
        return lo, hi
    while True:
        before = max((c for c in cuts if c < lo), default=None)
        after = min((c for c in cuts if c > hi), default=None)
        # The clause after the word first: it usually completes what it says.
        if after is not None and after - lo <= limit:
            hi = after
        elif before is not None and hi - before <= limit:
            lo = before
        else:
            return lo, hi


def en_window(sentence: str, start: int, end: int, limit: int = EXAMPLE_EN_MAX) -> tuple[int, int]:
    """The part of an English sentence a sheet prints, at most `limit` characters
    and cut between words: from the start when sentence[start:end] (the words
    that translate the term) lies within it, else centred on them."""
    if len(sentence) <= limit:
        return 0, len(sentence)
    lo = 0 if end <= limit - 1 else max(0, min(start - (limit - (end - start)) // 2, len(sentence) - limit))
    hi = min(len(sentence), lo + limit)
    if lo > 0:  # start at a word
        space = sentence.find(" ", lo, start if start > lo else hi)
        lo = space + 1 if space >= 0 else lo
    if hi < len(sentence):  # end after a word
        space = sentence.rfind(" ", max(end, lo + 1), hi + 1)
        hi = space if space > lo else hi
    return lo, hi


def _clamped(text: str, lo: int, hi: int, parts: list[str]) -> list[str]:
    """`parts` of text[lo:hi] with an ellipsis where text was cut."""
    before, marked, after = parts
    if lo > 0:
        before = ELLIPSIS + before.lstrip("，、；：,;: ")
    if hi < len(text):
        after = after.rstrip("，、；：,;: ") + ELLIPSIS
    return [before, marked, after]


def example_view(example: Marked, traditional: Marked | None, english: Marked, script: str) -> dict[str, Any]:
    """The term's example, shortened around it: Chinese in the learner's script,
    the other script below it when asked for (--script both), and the English with
    the words that translate the term (english_match) marked."""
    start, end = example.start, example.end
    lo, hi = zh_window(example.text, start, end)

    def cut(text: str) -> list[str]:
        if start == end:
            return _clamped(text, lo, hi, [text[lo:hi], "", ""])
        return _clamped(text, lo, hi, split_at(text[lo:hi], start - lo, end - lo))

    main = cut(example.text)
    second: list[str] = []
    if traditional is not None and script != "simplified":
        if script == "traditional":
            main = cut(traditional.text)
        else:
            second = cut(traditional.text)
    en = english.text
    m_start, m_end = english.span or (-1, -1)
    e_lo, e_hi = en_window(en, max(m_start, 0), max(m_end, 0))
    if m_start >= e_lo and m_end <= e_hi and m_start >= 0:
        en_parts = split_at(en[e_lo:e_hi], m_start - e_lo, m_end - e_lo)
    else:
        en_parts = [en[e_lo:e_hi], "", ""]
    return {"zh": main, "second": second, "en": _clamped(en, e_lo, e_hi, en_parts)}


def terms_view(view: ArticleView) -> list[dict[str, Any]]:
    """The terms as the vocabulary sheet shows them, in the learner's script
    (--script): the main headword large and the other form small."""
    out = []
    for n, tv in enumerate(view.terms, start=1):
        t = tv.term
        traditional = t.traditional or t.hanzi
        main, second = (traditional, t.hanzi) if view.script == "traditional" else (t.hanzi, traditional)
        out.append({
            "n": n,
            "main": main,
            "second": second if second != main else "",
            "pinyin": syllables_view(t.pinyin, tv.tones),
            "hsk": tv.hsk,
            "meaning": t.meaning,
            "classifiers": classifiers_shown(t.classifiers),
            "example": example_view(tv.example, tv.example_traditional, tv.english, view.script),
        })
    return out


def word_bank(data: Union[ArticleView, Mapping[str, Any]]) -> list[str]:
    """Every answer of the worksheet once, in pinyin order (not the order of the items)."""
    view = as_view(data)
    pinyin = {t.term.hanzi: t.term.pinyin_numbered.lower() for t in view.terms}
    answers = dict.fromkeys(a for c in view.cloze for a in c.item.answers)
    ordered = sorted(answers, key=lambda a: (pinyin.get(a, ""), a))
    if view.script == "traditional":
        traditional = {t.term.hanzi: t.term.traditional or t.term.hanzi for t in view.terms}
        return [traditional.get(a, a) for a in ordered]
    return ordered


def blank_width(answer: str) -> float:
    """Width of a blank in em: room to hand-write the answer's characters, never less
    than two, so the blank's size hints at the word without giving it away exactly."""
    return round(max(2, len(answer)) * 1.5 + 0.6, 1)


def clip_parts(parts: list[str], limit: int = EXAMPLE_ZH_MAX) -> list[str]:
    """A cloze sentence's parts (odd ones are the answers) cut, like an example, to
    the clauses around its answers: what the answer key prints beside them."""
    text = "".join(parts)
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    if len(parts) < 2:
        return list(parts)
    last_answer = len(parts) - 1 if len(parts) % 2 == 0 else len(parts) - 2
    start, end = offsets[1], offsets[last_answer + 1]
    lo, hi = zh_window(text, start, end, max(limit, end - start))
    clipped = [text[max(lo, a):min(hi, b)] if k % 2 == 0 else part
               for k, (part, a, b) in enumerate(zip(parts, offsets, offsets[1:]))]
    if lo > 0:
        clipped[0] = ELLIPSIS + clipped[0].lstrip("，、；：,;: ")
    if hi < len(text):
        clipped[-1] = clipped[-1].rstrip("，、；：,;: ") + ELLIPSIS
    return clipped


def cloze_view(view: ArticleView) -> list[dict[str, Any]]:
    """The worksheet's items: the sentence as parts (odd ones are the blanks, each
    with its width in em), its English, each blank's answer for the key, and the
    part of the sentence around the answers that the key shows them in."""
    out = []
    for cloze in view.cloze:
        parts = list(cloze.shown_parts(view.script))
        out.append({
            "n": cloze.number,
            "parts": parts,
            "widths": [blank_width(p) if k % 2 else 0 for k, p in enumerate(parts)],
            "en": cloze.item.en,
            "key_parts": clip_parts(parts),
            "blanks": [
                {"hanzi": b.shown(view.script), "meaning": b.meaning, "pinyin": syllables_view(b.pinyin, b.tones)}
                for b in cloze.blanks
            ],
        })
    return out


def meta(article: ArticleInfo) -> list[str]:
    """Date, byline and where the article was printed: what a reader cites it by
    (never the input's file name, which names nothing a reader knows)."""
    items = []
    if article.date:
        items.append(article.date)
    if article.author:
        items.append(article.author)
    if article.page:
        items.append(f"page {article.page} (第{article.page}版)")
    return items


def coverage_line(view: ArticleView) -> str:
    """The article's coverage in one sentence (empty when it has none)."""
    coverage = view.coverage
    if not coverage or not coverage.running_words:
        return ""
    text = f"You know {coverage.known:.0%} of the article's {coverage.running_words:,} running words"
    needed = [(target, n) for target, n in coverage.new_words_for if n is not None]
    if needed:
        text += "; new words needed, most useful first, to reach " + ", ".join(f"{t}%: {n}" for t, n in needed)
    by_hsk = coverage.by_hsk
    if len(by_hsk) >= 6:  # HSK 1-4 and 1-6
        text += f". Knowing HSK 1-4 covers {by_hsk[3]:.0%}, HSK 1-6 {by_hsk[5]:.0%}"
    return text + "."


def header_view(view: ArticleView, kind: str) -> dict[str, Any]:
    article = view.article
    return {
        "kind": kind,
        "title_zh": article.title_zh,
        "title_en": article.title_en,
        "meta": meta(article),
        "date": article.date,
        "lang": view.zh_lang,
        "script": view.script,
        "credits": f"{CREDITS} {FONT_CREDITS}",
    }


VOCAB_KIND = "Vocabulary sheet · 生词表"
CLOZE_KIND = "Cloze worksheet · 填空练习"


def vocab_view(data: Union[ArticleView, Mapping[str, Any]]) -> dict[str, Any]:
    view = as_view(data)
    return {"head": header_view(view, VOCAB_KIND), "terms": terms_view(view), "coverage": coverage_line(view)}


def cloze_sheet_view(data: Union[ArticleView, Mapping[str, Any]], with_word_bank: bool = False) -> dict[str, Any]:
    view = as_view(data)
    items = cloze_view(view)
    return {
        "head": header_view(view, CLOZE_KIND),
        "items": items,
        "bank": word_bank(view) if with_word_bank else [],
        "multi": any(len(i["blanks"]) > 1 for i in items),
    }
