"""decks/all.apkg: one deck for many articles, checked in a real Anki collection."""

from __future__ import annotations

import html
from collections import Counter

import pytest

from helpers import SEEDS, build, import_package, manifests, vocab_notes

pytestmark = pytest.mark.slow  # builds every seed, and imports into a real Anki collection

pytest.importorskip("anki.collection")


@pytest.fixture(scope="module")
def combined(tmp_path_factory):
    out = tmp_path_factory.mktemp("combined")
    output = build([SEEDS], out, "--combined")
    return out, output, manifests(out)


def test_every_word_is_one_note(combined, anki_collection):
    out, output, by_article = combined
    assert f"combined deck: {out / 'all.apkg'}" in output
    col = anki_collection(out / "all.apkg")
    notes = vocab_notes(col)
    by_hanzi = Counter(n["Hanzi"] for n in notes)
    assert by_hanzi and max(by_hanzi.values()) == 1
    words = {t["hanzi"] for m in by_article.values() for t in m["terms"]}
    sentences = {c["zh"] for m in by_article.values() for c in m["cloze"]}
    assert set(by_hanzi) == words
    assert col.note_count() == len(words) + len(sentences)
    # A subdeck per article, named as the article's own package names its deck.
    for manifest in by_article.values():
        article = manifest["article"]
        name = f"vocabgen::{article['date']} {article['title_en'].replace('::', ':')}"
        assert col.decks.by_name(name) is not None, name
    # A word in several articles: its first article's sentence, every article a tag.
    shared = [w for w in words if sum(w in {t["hanzi"] for t in m["terms"]} for m in by_article.values()) > 1]
    assert shared
    by_date = sorted(by_article.values(), key=lambda m: m["article"]["date"])
    for note in notes:
        if note["Hanzi"] not in shared:
            continue
        having = [m for m in by_date if note["Hanzi"] in {t["hanzi"] for t in m["terms"]}]
        first = next(t for t in having[0]["terms"] if t["hanzi"] == note["Hanzi"])
        # Fields hold escaped HTML ("It -> &quot;It).
        assert html.escape(first["sentence_en"].split()[0]) in note["SentenceEnglish"]
        tags = set(note.tags)
        assert {f"vocabgen::{m['article']['id']}" for m in having} <= tags


def test_new_cards_come_in_date_order(combined, anki_collection):
    out, _, by_article = combined
    col = anki_collection(out / "all.apkg")
    dates = {}
    for manifest in by_article.values():
        article = manifest["article"]
        name = f"vocabgen::{article['date']} {article['title_en'].replace('::', ':')}"
        dates[col.decks.id_for_name(name)] = article["date"]
    cards = sorted((col.get_card(cid) for cid in col.find_cards("")), key=lambda c: c.due)
    seen = [dates[c.did] for c in cards]
    assert seen == sorted(seen)


def test_combined_deck_matches_the_article_packages(combined, anki_collection):
    """Importing all.apkg after the article packages adds no note."""
    out, _, _ = combined
    col = anki_collection()
    for package in sorted(out.glob("*/*.apkg")):
        import_package(col, package)
    count = col.note_count()
    import_package(col, out / "all.apkg")
    assert col.note_count() == count


def _notes(package):
    import sqlite3
    import tempfile
    import zipfile
    from pathlib import Path

    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "c.anki2"
        db.write_bytes(archive.read("collection.anki2"))
        con = sqlite3.connect(db)
        try:
            return sorted(con.execute("select guid, flds, tags from notes"))
        finally:
            con.close()


def test_the_combined_deck_is_read_from_the_manifests(combined, monkeypatch):
    """--combined studies no article again when its manifest is there; one whose
    manifest is gone is studied again, and the deck comes out the same."""
    from vocabgen import batch
    from vocabgen.config import BuildConfig
    from vocabgen.ingest import discover

    out, _, _ = combined
    before = _notes(out / "all.apkg")
    refs, _ = batch.scan(discover([SEEDS]))
    config = BuildConfig(out_dir=out)
    studied = []
    real_study = batch.study
    monkeypatch.setattr(batch, "study", lambda article, *a: studied.append(article.id) or real_study(article, *a))
    batch.build_combined(refs, config)
    assert studied == [] and _notes(out / "all.apkg") == before
    moved = out / refs[1].id / "vocab.json"
    moved.rename(moved.with_suffix(".moved"))
    try:
        batch.build_combined(refs, config)
    finally:
        moved.with_suffix(".moved").rename(moved)
    assert studied == [refs[1].id] and _notes(out / "all.apkg") == before
