"""One view of a studied article: what every exporter shows, made once.

`from_study` makes it from an `ArticleStudy`; `vocab.json` is this view serialised
(export/manifest.py), and `from_manifest` reads it back, so the Anki package, the
sheets, the quiz page, the terminal quiz and the combined deck all show the same
words cut the same way, whether they start from a fresh study or a built deck.

What the view works out once, for every renderer:
- each headword as the learner's script shows it (汉字, 漢字 or 汉字（漢字）);
- each sentence's traditional form, used only when it lines up character for
  character with the simplified one (OpenCC's s2tw converts so), so that highlights
  and blanks are cut at the same offsets in both scripts; when it does not, the
  simplified form stands in for it everywhere (one rule, where each exporter had its
  own);
- the highlighted word in each example (its first occurrence) and the English that
  translates it (english_span, else the first occurrence of english_match);
- HSK labels (text.hsk_label) and each pinyin's syllables with their tones;
- the ruby syllables (one per Han character) of every sentence a card shows, cut
  from the sentence's pinyin line once per sentence, not once per card.

Keep the imports light: the terminal quiz reads a manifest through this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from .answers import canonical_pinyin, check_answer
from .export.ruby import numbered_tones, sentence_syllables
from .models import LOW_CONFIDENCE, ArticleStudy, AudioClip, ClozeItem, Coverage, Term
from .text import hsk_label

Tones = tuple[tuple[str, int], ...]  # (syllable as written, tone 1-4, 5 = neutral)


_CEDICT_WORD = re.compile(r"([^\[\]|]+\|)?([^\[\]|]+)\[([^\]]+)\]")


def classifiers_shown(classifiers: Sequence[str]) -> str:
    """Measure words as a learner reads them: CC-CEDICT's 个[ge4] as 个 gè, joined by
    commas (cards and sheets; the CSV export keeps CC-CEDICT's own notation)."""
    out = []
    for entry in classifiers:
        found = _CEDICT_WORD.fullmatch(entry)
        out.append(f"{found.group(2)} {canonical_pinyin(found.group(3))}" if found else entry)
    return ", ".join(out)


def headword(simplified: str, traditional: str, script: str) -> str:
    """The word as the front of a card shows it: 汉字, 漢字 or 汉字（漢字）."""
    traditional = traditional or simplified
    if script == "traditional":
        return traditional
    if script == "both" and traditional != simplified:
        return f"{simplified}（{traditional}）"
    return simplified


def tones(pinyin: str, numbered: str) -> Tones | None:
    """The pinyin's syllables with their tones from the numbered reading; None when
    the two do not line up (then a renderer shows the pinyin uncoloured)."""
    toned = numbered_tones(pinyin, numbered)
    return tuple(toned) if toned is not None else None


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """The article as a reader cites it (the manifest's `article`)."""

    id: str
    title_en: str
    title_zh: str
    author: str
    date: str
    page: str
    source: str


@dataclass(frozen=True, slots=True)
class Marked:
    """A sentence with one part to highlight, text[start:end]; none when start == end."""

    text: str
    start: int = 0
    end: int = 0

    @property
    def span(self) -> tuple[int, ...]:
        return (self.start, self.end) if self.start < self.end else ()


def mark_first(text: str, word: str) -> Marked:
    """`text` with the first occurrence of `word` marked (nothing, if it is not there)."""
    start = text.find(word) if word else -1
    return Marked(text, start, start + len(word)) if start >= 0 else Marked(text)


def mark_span(text: str, span: Sequence[int], fallback: str = "") -> Marked:
    """`text` with text[span] marked when the span lies within it, else the first
    occurrence of `fallback`."""
    if len(span) == 2 and 0 <= span[0] < span[1] <= len(text):
        return Marked(text, span[0], span[1])
    return mark_first(text, fallback)


def cut_like(parts: Sequence[str], text: str | None) -> tuple[str, ...]:
    """`text` cut at the same offsets as `parts`; () when it is not as long."""
    if not text or len(text) != sum(len(p) for p in parts):
        return ()
    out, at = [], 0
    for part in parts:
        out.append(text[at : at + len(part)])
        at += len(part)
    return tuple(out)


def shown_parts(parts: tuple[str, ...], traditional: tuple[str, ...], script: str) -> tuple[str, ...]:
    """A cloze sentence's parts as one line of a sheet or a quiz shows them: in
    traditional characters for --script traditional (when they line up), else
    simplified (--script both shows the simplified line)."""
    return traditional if script == "traditional" and traditional else parts


@dataclass(frozen=True, slots=True)
class SentenceView:
    """One aligned sentence pair."""

    zh: str
    en: str
    confidence: float
    pinyin: str  # the Chinese's pinyin line, in context
    traditional: str | None  # as the build made it; None when it made none (--script simplified)
    audio: AudioClip | None
    # One syllable per Han character, for ruby, when the sentence is shown on a card
    # and its pinyin lines up with it; None otherwise.
    readings: tuple[str, ...] | None = None

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    @property
    def traditional_cut(self) -> str:
        """The traditional form when it lines up with the simplified one, else ""."""
        text = self.traditional
        return text if text and len(text) == len(self.zh) else ""


@dataclass(frozen=True, slots=True)
class TermView:
    """A vocabulary word and everything shown of it."""

    term: Term
    audio: AudioClip | None  # the word spoken
    hsk: str  # its HSK label: "1".."6", "7-9" or ""
    tones: Tones | None
    headword: str  # in the learner's script
    example: Marked  # the example sentence, the word marked
    example_traditional: Marked | None  # the same in traditional characters, when made and lined up
    forms: tuple[Marked, ...]  # the example in the learner's script(s), as a card shows it
    english: Marked  # the English sentence, the words that translate the term marked

    @property
    def traditional_differs(self) -> bool:
        return bool(self.term.traditional) and self.term.traditional != self.term.hanzi


@dataclass(frozen=True, slots=True)
class Blank:
    """One blank of a cloze sentence: the word it hides."""

    hanzi: str
    traditional: str
    pinyin: str  # tone marks, for showing
    pinyin_numbered: str  # what answers are checked against
    meaning: str

    def shown(self, script: str = "simplified") -> str:
        """The word as the learner's script shows it: 汉字, 漢字 or 汉字（漢字）."""
        return headword(self.hanzi, self.traditional, script)

    @property
    def tones(self) -> Tones | None:
        return tones(self.pinyin, self.pinyin_numbered)

    def accepts(self, given: str) -> bool:
        return check_answer(self.hanzi, self.pinyin_numbered, given, traditional=self.traditional)


@dataclass(frozen=True, slots=True)
class ClozeView:
    """A cloze sentence: text parts and blanks alternate, as in ClozeItem.parts."""

    item: ClozeItem
    number: int  # 1-based, in the manifest's order
    blanks: tuple[Blank, ...]
    parts_traditional: tuple[str, ...]  # the same cut in traditional characters; () if none
    forms: tuple[tuple[str, ...], ...]  # the parts in the learner's script(s), as a card shows them

    def shown_parts(self, script: str) -> tuple[str, ...]:
        return shown_parts(self.item.parts, self.parts_traditional, script)


@dataclass(frozen=True, slots=True)
class ArticleView:
    """Everything the exporters show of one article."""

    article: ArticleInfo
    package: str  # the .apkg's file name ("" when not written)
    script: str  # "simplified" | "traditional" | "both"
    sentences: tuple[SentenceView, ...]
    terms: tuple[TermView, ...]
    cloze: tuple[ClozeView, ...]
    names: tuple[str, ...]
    running_words: int
    coverage: Coverage | None

    def sentence(self, index: int) -> SentenceView | None:
        return self.sentences[index] if 0 <= index < len(self.sentences) else None

    @property
    def zh_lang(self) -> str:
        """The language tag of the Chinese shown (browsers pick fonts by it)."""
        return "zh-Hant" if self.script == "traditional" else "zh-Hans"


def _example_forms(example: Marked, traditional: Marked | None, script: str) -> tuple[Marked, ...]:
    if script == "simplified" or traditional is None:
        return (example,)
    if script == "both":
        return (example, traditional) if traditional.text != example.text else (example,)
    return (traditional,)


def _term_view(term: Term, audio: AudioClip | None, sentence: SentenceView | None, script: str) -> TermView:
    example = mark_first(term.sentence_zh, term.hanzi)
    cut = sentence.traditional_cut if sentence is not None and sentence.zh == term.sentence_zh else ""
    traditional = Marked(cut, example.start, example.end) if cut else None
    return TermView(
        term=term,
        audio=audio,
        hsk=hsk_label(term.hsk),
        tones=tones(term.pinyin, term.pinyin_numbered),
        headword=headword(term.hanzi, term.traditional, script),
        example=example,
        example_traditional=traditional,
        forms=_example_forms(example, traditional, script),
        english=mark_span(term.sentence_en, term.english_span, term.english_match),
    )


def _cloze_view(number: int, item: ClozeItem, terms: Mapping[str, Term], sentence: SentenceView | None,
                script: str) -> ClozeView:
    blanks = []
    for answer in item.answers:
        term = terms.get(answer)
        blanks.append(
            Blank(answer, term.traditional, term.pinyin, term.pinyin_numbered, term.meaning)
            if term is not None else Blank(answer, "", "", "", "")
        )
    traditional = cut_like(item.parts, sentence.traditional) if sentence is not None else ()
    if script == "simplified" or not traditional:
        forms: tuple[tuple[str, ...], ...] = (item.parts,)
    elif script == "both" and traditional != item.parts:
        forms = (item.parts, traditional)
    else:
        forms = (traditional,)
    return ClozeView(item, number, tuple(blanks), traditional, forms)


def _assemble(
    article: ArticleInfo,
    package: str,
    script: str,
    sentences: Sequence[SentenceView],
    terms: Sequence[tuple[Term, AudioClip | None]],
    cloze: Sequence[ClozeItem],
    names: Sequence[str],
    running_words: int,
    coverage: Coverage | None,
) -> ArticleView:
    """The view from its parts: what is derived is derived here, whichever way in."""
    shown = {t.sentence_index for t, _ in terms} | {c.sentence_index for c in cloze}
    sentences = tuple(
        SentenceView(s.zh, s.en, s.confidence, s.pinyin, s.traditional, s.audio,
                     _readings(s) if index in shown else None)
        for index, s in enumerate(sentences)
    )

    def sentence(index: int) -> SentenceView | None:
        return sentences[index] if 0 <= index < len(sentences) else None

    by_hanzi = {t.hanzi: t for t, _ in terms}
    return ArticleView(
        article=article,
        package=package,
        script=script,
        sentences=sentences,
        terms=tuple(_term_view(t, clip, sentence(t.sentence_index), script) for t, clip in terms),
        cloze=tuple(_cloze_view(n, c, by_hanzi, sentence(c.sentence_index), script)
                    for n, c in enumerate(cloze, start=1)),
        names=tuple(names),
        running_words=running_words,
        coverage=coverage,
    )


def _readings(sentence: SentenceView) -> tuple[str, ...] | None:
    # Cut back from the sentence's pinyin line rather than taken per character from
    # the reading stage: the line carries the sandhi and the names' capitals the
    # card's pinyin shows, and a sentence whose line does not line up gets no ruby
    # rather than a guess.
    found = sentence_syllables(sentence.zh, sentence.pinyin)
    return tuple(found) if found is not None else None


def from_study(study: ArticleStudy, package: str = "") -> ArticleView:
    a = study.article
    sentences = [
        SentenceView(
            zh=pair.zh,
            en=pair.en,
            confidence=pair.confidence,
            pinyin=study.pinyin_of(index),
            traditional=study.pair_traditional[index] if index < len(study.pair_traditional) else None,
            audio=study.clip_for(pair.zh),
        )
        for index, pair in enumerate(study.pairs)
    ]
    return _assemble(
        ArticleInfo(a.id, a.title_en, a.title_zh, a.author, a.date, a.page, a.source),
        package, study.script, sentences, [(t, study.clip_for(t.hanzi)) for t in study.terms],
        study.cloze, study.names, study.running_words, study.coverage,
    )


def _clip(text: str, name: str | None, engine: str | None, locate: Callable[[str], str] | None) -> AudioClip | None:
    if not name:
        return None
    return AudioClip(text, locate(name) if locate else "", name, engine or "")


def _coverage(data: Mapping[str, Any] | None) -> Coverage | None:
    """The manifest's `coverage` object back as a Coverage (see coverage.as_dict)."""
    if not data:
        return None
    return Coverage(
        running_words=data["running_words"],
        by_hsk=tuple((data.get("by_hsk") or {}).values()),
        known=data["known"],
        new_words_for=tuple((int(k.rstrip("%")), n) for k, n in (data.get("new_words_for") or {}).items()),
    )


def from_manifest(data: Mapping[str, Any], locate: Callable[[str], str] | None = None) -> ArticleView:
    """The view of a built deck, from its vocab.json. `locate` gives an audio file's
    path from its media name (for packages); without it, clips have no path."""
    a = data["article"]
    sentences = [
        SentenceView(
            zh=s["zh"],
            en=s["en"],
            confidence=s["confidence"],
            pinyin=s.get("pinyin") or "",
            traditional=s.get("zh_traditional"),
            audio=_clip(s["zh"], s.get("audio"), None, locate),
        )
        for s in data.get("sentences", [])
    ]
    terms = [
        (
            Term(
                hanzi=t["hanzi"],
                traditional=t.get("traditional") or "",
                pinyin=t["pinyin"],
                pinyin_numbered=t["pinyin_numbered"],
                meaning=t["meaning"],
                hsk=t.get("hsk"),
                zipf=t["zipf"],
                count=t["count"],
                score=t["score"],
                sentence_index=t["sentence_index"],
                sentence_zh=t["sentence_zh"],
                sentence_en=t["sentence_en"],
                classifiers=tuple(t.get("classifiers") or ()),
                pinyin_alternatives=tuple(t.get("pinyin_alternatives") or ()),
                english_match=t.get("english_match") or "",
                english_span=tuple(t.get("english_span") or ()),
            ),
            _clip(t["hanzi"], t.get("audio"), t.get("audio_engine"), locate),
        )
        for t in data.get("terms", [])
    ]
    cloze = [
        ClozeItem(c.get("sentence_index", -1), c["zh"], c["en"], tuple(c["answers"]), tuple(c["parts"]))
        for c in data.get("cloze", [])
    ]
    return _assemble(
        ArticleInfo(a["id"], a.get("title_en") or "", a.get("title_zh") or "", a.get("author") or "",
                    a.get("date") or "", a.get("page") or "", a.get("source") or ""),
        data.get("package") or "", data.get("script", "simplified"), sentences, terms, cloze,
        data.get("names") or (), data.get("running_words") or 0, _coverage(data.get("coverage")),
    )
