"""The oracle for a deck is the real Anki importing it (genanki's own tests do the same)."""

import json
import shutil

import pytest

pytestmark = pytest.mark.slow  # every test imports packages into a real Anki collection

pytest.importorskip("anki.collection")

from helpers import SEEDS, build, import_package  # noqa: E402


def test_every_package_imports_with_its_notes_and_cards(built_decks, anki_collection):
    collection = anki_collection()
    out, _ = built_decks
    packages = sorted(out.glob("*/*.apkg"))
    assert len(packages) == 5
    words, sentences = set(), set()
    for k, package in enumerate(packages):
        manifest = json.loads((package.parent / "vocab.json").read_text(encoding="utf-8"))
        assert len(manifest["terms"]) >= 20 and len(manifest["cloze"]) >= 5
        # Alone in a fresh collection, the package adds exactly its notes.
        alone = anki_collection(package)
        assert alone.note_count() == len(manifest["terms"]) + len(manifest["cloze"])
        title = f"{manifest['article']['date']} {manifest['article']['title_en']}".replace("::", ":")
        assert alone.decks.by_name("vocabgen::" + title) is not None
        alone.close()
        import_package(collection, package)
        words |= {(t["hanzi"], t["pinyin_numbered"]) for t in manifest["terms"]}
        sentences |= {c["zh"] for c in manifest["cloze"]}
    # Together: a word shared by two articles is one note, not two.
    assert collection.note_count() == len(words) + len(sentences)

    vocab_notes = collection.find_notes('"note:vocabgen: Chinese vocabulary"')
    cloze_notes = collection.find_notes('"note:vocabgen: Chinese cloze"')
    assert vocab_notes and cloze_notes
    # Two cards (recognition, recall) per vocabulary note; one per cloze blank.
    for nid in vocab_notes[:30]:
        note = collection.get_note(nid)
        cards = note.cards()
        assert len(cards) == 2
        front, back = cards[0].question(), cards[0].answer()
        assert note["Hanzi"] in front and note["Pinyin"] in back and note["Meaning"] in back
        recall_front = cards[1].question()
        assert note["Meaning"] in recall_front and note["Hanzi"] not in recall_front.replace(note["SentenceEnglish"], "")
    for nid in cloze_notes[:30]:
        card = collection.get_note(nid).cards()[0]
        question = card.question()
        assert "[...]" in question or "cloze" in question
        assert 'class="cloze"' in card.answer()


def test_reimporting_the_same_package_adds_nothing(built_decks, anki_collection):
    out, _ = built_decks
    collection = anki_collection()
    package = sorted(out.glob("*/*.apkg"))[0]
    import_package(collection, package)
    count = collection.note_count()
    cards = collection.card_count()
    import_package(collection, package)
    assert collection.note_count() == count
    assert collection.card_count() == cards


def test_ids_and_guids_are_stable_across_builds(built_decks, tmp_path):
    """Building again gives the same manifests and the same note GUIDs."""
    out, _ = built_decks
    again = tmp_path / "again"
    build([SEEDS], again, pdf=True, jobs=None)  # as built_decks was
    for manifest in sorted(out.glob("*/vocab.json")):
        twin = again / manifest.parent.name / "vocab.json"
        assert json.loads(twin.read_text()) | {"package": None} == json.loads(manifest.read_text()) | {"package": None}

    def guids(root):
        import sqlite3
        import zipfile

        found = set()
        for package in sorted(root.glob("*/*.apkg")):
            with zipfile.ZipFile(package) as archive:
                db = tmp_path / "x.anki2"
                db.write_bytes(archive.read("collection.anki2"))
            with sqlite3.connect(db) as con:
                found |= {row[0] for row in con.execute("select guid from notes")}
        return found

    assert guids(out) == guids(again)


@pytest.mark.parametrize("script", ["simplified", "both"])
def test_note_fields_pass_genankis_html_check(script):
    """export/anki skips genanki's per-note scan for unescaped HTML (it cost a fifth
    of making the notes); this runs that scan over notes made from hostile text."""
    import genanki

    from vocabgen.export.anki import _models, cloze_note, vocab_note
    from vocabgen.models import Article, ArticleStudy, AudioClip, ClozeItem, SentencePair, Term

    evil = '</script><script>alert("x")</script> & <b> <i'
    zh = "我的<工作>很忙。" + evil
    term = Term("<工作>", "<工作>", "gōng <zuò>", "gong1 zuo4", "work " + evil, 1, 5.5, 1, 1.0, 0, zh,
                "My work " + evil, classifiers=("<个>",), english_match="work " + evil)
    study = ArticleStudy(
        article=Article("2000-01-01-x", "x.txt", "X " + evil, "某" + evil, "", "2000-01-01", "", ("X",), ("某",)),
        pairs=(SentencePair(zh, "My work " + evil, 1.0),),
        terms=(term,),
        cloze=(ClozeItem(0, zh, "My work " + evil, ("<工作>",), ("我的", "<工作>", "很忙。" + evil)),),
        pair_pinyin=("wǒ de <gōng zuò>" + evil,),
        audio=(AudioClip("<工作>", "/x.mp3", "ab<12>.mp3", "off<line>"),),
        script=script,
        pair_traditional=(zh,),
    )
    from vocabgen.view import from_study

    view = from_study(study)
    vocab_model, cloze_model = _models()
    notes = [vocab_note(vocab_model, view, view.terms[0]), cloze_note(cloze_model, view, view.cloze[0])]
    for note in notes:
        for field in note.fields:
            assert genanki.Note._find_invalid_html_tags_in_field(field) == []
            assert "<script" not in field and "<i" not in field and "<工作>" not in field
