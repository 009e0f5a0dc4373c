"""One deck for many articles: `decks/all.apkg`.

Each article is a subdeck named as its own package's deck (`vocabgen::<date>
<title>`), so importing `all.apkg` and importing the articles one by one give the
same decks and the same notes. Articles go in date order (undated ones last), and
new cards are numbered in that order, then in each article's rank order, so Anki
introduces them as the learner would read the articles.

Each word is one note: the first article (by date) that has it gives its reading,
sentence and subdeck; every other article that has it adds its tag
(`vocabgen::<article-id>`). Words are matched by their characters, as the rank
stage groups them within an article, so the deck never holds 行 twice even when two
articles' contexts read it differently. A sentence shared by two articles is one
cloze note. Notes, models and GUIDs come from export/anki.py, so a word's note here
is the same note (same GUID) as in its first article's package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..models import ArticleStudy
from . import strokes
from .anki import _models, cloze_note, deck_name, new_deck, stroke_texts, vocab_note, write_decks

COMBINED_NAME = "all.apkg"


def in_date_order(studies: Sequence[ArticleStudy]) -> list[ArticleStudy]:
    return sorted(studies, key=lambda s: (s.article.date or "9999-99-99", s.article.id))


def plan(studies: Sequence[ArticleStudy]) -> list[tuple[ArticleStudy, list, list, dict[str, list[str]]]]:
    """For each article in date order: its new terms, its new cloze items, and for
    each of those terms the tags of the later articles that share it."""
    ordered = in_date_order(studies)
    articles_of: dict[str, list[str]] = {}
    for study in ordered:
        for term in study.terms:
            ids = articles_of.setdefault(term.hanzi, [])
            if study.article.id not in ids:
                ids.append(study.article.id)
    seen_words: set[str] = set()
    seen_sentences: set[str] = set()
    out = []
    for study in ordered:
        terms = [t for t in study.terms if t.hanzi not in seen_words]
        seen_words.update(t.hanzi for t in terms)
        items = [c for c in study.cloze if c.zh not in seen_sentences]
        seen_sentences.update(c.zh for c in items)
        others = {
            t.hanzi: [f"vocabgen::{a}" for a in articles_of[t.hanzi] if a != study.article.id] for t in terms
        }
        out.append((study, terms, items, others))
    return out


def write_combined(studies: Sequence[ArticleStudy], path: Path) -> Path:
    """Write every article's notes, each word once, into one package."""
    vocab_model, cloze_model = _models()
    decks = []
    media: set[str] = set()
    shown: list[str] = []
    due = 0
    for study, terms, items, others in plan(studies):
        deck = new_deck(deck_name(study))
        for term in terms:
            deck.add_note(vocab_note(vocab_model, study, term, tags=others[term.hanzi], due=due))
            due += 1
        for item in items:
            deck.add_note(cloze_note(cloze_model, study, item, due=due))
            due += 1
        media.update(clip.path for clip in study.audio)
        shown += stroke_texts(study, terms)
        decks.append(deck)
    return write_decks(decks, media, path, strokes.media(shown))
