"""Updates that keep progress, checked with the real Anki backend.

A learner imports a deck, studies some cards (review history, due dates), then a
rebuilt deck comes out with a corrected gloss (and, for the combined deck, another
article). Re-importing it must update the notes in place: fields changed, no note
duplicated, and every card's schedule and review history as they were.
"""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.slow  # builds, and imports into a real Anki collection

pytest.importorskip("anki.collection")

from helpers import answer, build, import_package, seed, vocab_notes  # noqa: E402


def _schedule(col, card_ids):
    rows = {}
    for cid in card_ids:
        card = col.get_card(cid)
        rows[cid] = (card.nid, card.did, card.due, card.ivl, card.queue, card.type, card.reps, card.factor)
    return rows


def _revlog(col):
    return col.db.all("select id, cid, ease, ivl, lastIvl, factor, type from revlog order by id")


def _revised_glosses(monkeypatch):
    """A better gloss for every word: what a dictionary fix would do."""
    import vocabgen.terms

    from vocabgen.gloss import Gloss

    original = vocabgen.terms.choose_gloss

    def revised(*args, **kwargs):
        gloss = original(*args, **kwargs)
        return Gloss(tuple(s + " (revised)" for s in gloss.senses), gloss.classifiers)

    monkeypatch.setattr(vocabgen.terms, "choose_gloss", revised)


def _wait_for_next_second(since: float) -> None:
    # Notes carry a modification time in whole seconds; Anki's default import updates
    # a note only when the package's copy is newer.
    time.sleep(max(0.0, int(since) + 1.05 - time.time()))


@pytest.mark.parametrize("kind", ["article", "combined"])
def test_reimport_after_a_fix_keeps_review_history(kind, tmp_path, monkeypatch, anki_collection):
    first_out, second_out = tmp_path / "first", tmp_path / "second"
    if kind == "article":
        build([seed(1)], first_out)
        (package,) = first_out.glob("*/*.apkg")
    else:
        build([seed(1)], first_out, "--combined")
        package = first_out / "all.apkg"
    built_at = time.time()

    col = anki_collection(package)
    notes_before = col.note_count()
    cards_before = col.card_count()
    meanings_before = {n.guid: n["Meaning"] for n in vocab_notes(col)}
    studied = answer(col, 8)
    assert len(studied) == 8
    schedule = _schedule(col, studied)
    history = _revlog(col)
    assert len(history) == 8
    assert any(row[4] == 2 and row[3] > 0 for row in schedule.values()), "some cards became reviews"

    _revised_glosses(monkeypatch)
    _wait_for_next_second(built_at)
    if kind == "article":
        build([seed(1)], second_out)
        (rebuilt,) = second_out.glob("*/*.apkg")
    else:
        # A fix and another article, as a learner's next build of all.apkg.
        build([seed(1), seed(0)], second_out, "--combined")
        rebuilt = second_out / "all.apkg"
    import_package(col, rebuilt)

    notes = vocab_notes(col)
    updated = [n for n in notes if n.guid in meanings_before]
    assert len(updated) == len(meanings_before)
    assert all(n["Meaning"].endswith("(revised)") for n in updated)
    assert all(n["Meaning"] != meanings_before[n.guid] for n in updated)
    if kind == "article":
        assert col.note_count() == notes_before
        assert col.card_count() == cards_before
    else:
        assert col.note_count() > notes_before  # the other article's new words
        hanzi = [n["Hanzi"] for n in notes]
        assert len(hanzi) == len(set(hanzi))
    assert len({n.guid for n in notes}) == len(notes)
    # The studied cards: same notes, decks, due dates, intervals, queues; same history.
    assert _schedule(col, studied) == schedule
    assert _revlog(col) == history
