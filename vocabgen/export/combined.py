"""One deck for many articles: `decks/all.apkg`.

Each article is a subdeck named as its own package's deck (`vocabgen::<date>
<title>`), so importing `all.apkg` and importing the articles one by one give the
same decks and the same notes (only the meanings that tell apart words of different
articles differ: below). Articles go in date order (undated ones last), and
new cards are numbered in that order, then in each article's rank order, so Anki
introduces them as the learner would read the articles.

Each word is one note: the first article (by date) that has it gives its reading,
sentence and subdeck; every other article that has it adds its tag
(`vocabgen::<article-id>`). Words are matched by their characters, as the rank
stage groups them within an article, so the deck never holds 行 twice even when two
articles' contexts read it differently. A sentence shared by two articles is one
cloze note. Notes, models and GUIDs come from export/anki.py, so a word's note here
is the same note (same GUID) as in its first article's package.

Recall cards have one answer across the whole deck: each article's meanings were
told apart within the article (terms.tell_apart), and here they are told apart again
over all the deck's words, since 厂 in one article and 工厂 in another both lead with
"factory". Only a word whose meaning collides with another article's word changes;
its note keeps its GUID (one note per word, whichever packages the learner imports,
and its review history with it), so its meaning here differs from its article
package's. That is the meaning a learner who has both articles' words needs, and
all.apkg's notes are dated a second after now (Anki keeps a note's modification
time in whole seconds, and an article package written in this second would
otherwise tie), so under Anki's default import ("update notes if newer") importing
all.apkg updates the note and importing an article package built before it, in
whatever order, leaves it as all.apkg has it.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from ..lexicon import Lexicon
from ..terms import tell_apart
from ..view import ArticleView, ClozeView, TermView
from . import strokes
from .anki import _models, cloze_note, deck_name, media_paths, new_deck, stroke_texts, vocab_note, write_decks

COMBINED_NAME = "all.apkg"

# For each article in date order: its new terms, its new cloze items, and the tags
# of the later articles that share each of those terms.
Plan = list[tuple[ArticleView, list[TermView], list[ClozeView], dict[str, list[str]]]]


def in_date_order(views: Sequence[ArticleView]) -> list[ArticleView]:
    return sorted(views, key=lambda v: (v.article.date or "9999-99-99", v.article.id))


def plan(views: Sequence[ArticleView]) -> Plan:
    """For each article in date order: its new terms, its new cloze items, and for
    each of those terms the tags of the later articles that share it."""
    ordered = in_date_order(views)
    articles_of: dict[str, list[str]] = {}
    for view in ordered:
        for term in view.terms:
            ids = articles_of.setdefault(term.term.hanzi, [])
            if view.article.id not in ids:
                ids.append(view.article.id)
    seen_words: set[str] = set()
    seen_sentences: set[str] = set()
    out = []
    for view in ordered:
        terms = [t for t in view.terms if t.term.hanzi not in seen_words]
        seen_words.update(t.term.hanzi for t in terms)
        items = [c for c in view.cloze if c.item.zh not in seen_sentences]
        seen_sentences.update(c.item.zh for c in items)
        others = {
            t.term.hanzi: [f"vocabgen::{a}" for a in articles_of[t.term.hanzi] if a != view.article.id]
            for t in terms
        }
        out.append((view, terms, items, others))
    return out


def told_apart(planned: Plan, lexicon: Lexicon) -> Plan:
    """The plan with its words' meanings told apart over the whole deck: two words of
    different articles whose recall cards would lead with the same meaning get what
    tells them apart (terms.tell_apart, as within an article). A word whose leading
    meaning no other word of the deck shares keeps its meaning as its article has it."""
    words = [term for _, terms, _, _ in planned for term in terms]
    meanings = iter(tell_apart([t.term for t in words], lexicon))
    out = []
    for view, terms, items, others in planned:
        fitted = []
        for term in terms:
            new = next(meanings)
            fitted.append(term if new == term.term else replace(term, term=new))
        out.append((view, fitted, items, others))
    return out


def write_combined(views: Sequence[ArticleView], path: Path, lexicon: Lexicon) -> Path:
    """Write every article's notes, each word once, into one package; `lexicon` gives
    the senses that tell apart words of different articles (see told_apart)."""
    vocab_model, cloze_model = _models()
    decks = []
    media: set[str] = set()
    shown: list[str] = []
    due = 0
    for view, terms, items, others in told_apart(plan(views), lexicon):
        deck = new_deck(deck_name(view))
        for term in terms:
            deck.add_note(vocab_note(vocab_model, view, term, tags=others[term.term.hanzi], due=due))
            due += 1
        for item in items:
            deck.add_note(cloze_note(cloze_model, view, item, due=due))
            due += 1
        media.update(media_paths(view))
        shown += stroke_texts(terms)
        decks.append(deck)
    # Newer than every article package written before it, even in this second: see
    # the module's docstring.
    return write_decks(decks, media, path, strokes.media(shown), timestamp=int(time.time()) + 1)
