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


# --- recall cards with one answer across articles -----------------------------------
# Two short articles of our own: one says 厂 for the mill, the other 工厂, and a
# dictionary gives both "factory" first, so each article's deck is unambiguous on its
# own, but a deck holding both is not unless it tells them apart.

_MILL = """Title: A Small Town Opens a Paper Mill
Author:
Date: 2001-03-05
Page: 1

The town opened a new factory last spring.
Two hundred workers now work in the factory every day.
The factory makes paper for schools in the province.
The workers say the wages are good.

<hr />

Original:

### 小镇开办造纸厂

    小镇去年春天开办了一家新厂。
    现在每天有两百名工人在厂里上班。
    这个厂为全省的学校生产纸张。
    工人们说工资不错。
"""

_VISIT = """Title: Farmers Visit a City
Author:
Date: 2002-07-09
Page: 2

Farmers from the village visited a large factory in the city.
They watched machines making bicycles.
The director of the factory answered their questions.
The farmers said they learned a lot.

<hr />

Original:

### 农民进城参观

    村里的农民参观了城里的一家大工厂。
    他们看到机器在生产自行车。
    工厂的厂长回答了他们的问题。
    农民们说他们学到了很多。
"""


def _senses(meaning: str) -> list[str]:
    return [s.strip().lower() for s in html.unescape(meaning).split("; ") if s.strip()]


def _same_lead(terms) -> list[tuple[str, str]]:
    """Pairs of words whose meanings lead with the same sense."""
    leads = [(hanzi, _senses(meaning)[0]) for hanzi, meaning in terms if _senses(meaning)]
    return [(a, b) for k, (a, lead) in enumerate(leads) for b, other in leads[k + 1:] if lead == other]


@pytest.fixture(scope="module")
def two_factories(tmp_path_factory):
    texts = tmp_path_factory.mktemp("factories")
    (texts / "mill.txt").write_text(_MILL, encoding="utf-8")
    (texts / "visit.txt").write_text(_VISIT, encoding="utf-8")
    out = tmp_path_factory.mktemp("factories-out")
    # Every package written in one second, as a fast build does: all.apkg must still
    # be the newer (Anki keeps a note's modification time in whole seconds).
    from types import SimpleNamespace

    from vocabgen.export import anki, combined

    clock = SimpleNamespace(time=lambda: 1_800_000_000.25)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(anki, "time", clock)
        patch.setattr(combined, "time", clock)
        build([texts], out, "--combined")
    return out


def _meanings(package) -> dict[str, str]:
    """Hanzi -> Meaning of the package's vocabulary notes."""
    from vocabgen.export.anki import VOCAB_FIELDS

    hanzi, meaning = VOCAB_FIELDS.index("Hanzi"), VOCAB_FIELDS.index("Meaning")
    out = {}
    for _, flds, _ in _notes(package):
        fields = flds.split("\x1f")
        if len(fields) == len(VOCAB_FIELDS):
            out[fields[hanzi]] = fields[meaning]
    return out


def test_recall_cards_have_one_answer_across_articles(two_factories):
    out = two_factories
    by_article = manifests(out)
    assert len(by_article) == 2
    # Each article's own deck: every recall card has one answer (terms.tell_apart) ...
    for manifest in by_article.values():
        assert not _same_lead((t["hanzi"], t["meaning"]) for t in manifest["terms"])
    # ... but two words of different articles lead with the same meaning (厂, 工厂).
    every = {t["hanzi"]: t["meaning"] for m in by_article.values() for t in m["terms"]}
    clashing = _same_lead(every.items())
    assert clashing
    combined = _meanings(out / "all.apkg")
    assert set(combined) == set(every)
    for a, b in _same_lead(combined.items()):
        # Same lead: each recall card says something the other's does not.
        assert set(_senses(combined[a])) - set(_senses(combined[b])), (a, combined[a], b, combined[b])
        assert set(_senses(combined[b])) - set(_senses(combined[a])), (a, combined[a], b, combined[b])
    # Only the words that clashed across articles differ from their article's deck.
    changed = {h for h in every if html.unescape(combined[h]) != every[h]}
    assert changed and changed <= {h for pair in clashing for h in pair}


def test_the_deck_wide_meaning_stays_whatever_the_import_order(two_factories, anki_collection):
    """all.apkg's notes are its articles' notes (same GUIDs), so a learner who imports
    both gets each word once; the meaning that tells it apart from the other
    articles' words is kept, whether the article packages come before or after (their
    notes are older, so Anki's default import does not update them back)."""
    out = two_factories
    articles = sorted(out.glob("*/*.apkg"))
    combined = _meanings(out / "all.apkg")
    every = {h: m for p in articles for h, m in _meanings(p).items()}
    differing = {h for h in combined if combined[h] != every[h]}
    assert differing
    for order in ([*articles, out / "all.apkg"], [out / "all.apkg", *articles]):
        col = anki_collection(*order)
        notes = vocab_notes(col)
        assert len(notes) == len(combined)
        assert {n["Hanzi"]: n["Meaning"] for n in notes} == combined
