"""--script: traditional characters on the front of cards, same notes underneath."""

from __future__ import annotations

import re

import pytest

from helpers import build, manifests, seed
from vocabgen import script

pytest.importorskip("opencc")


def test_sentences_convert_with_context_and_keep_their_length():
    for simplified, traditional in [("头发发展", "頭髮發展"), ("干部深入车间", "幹部深入車間"), ("为了", "為了")]:
        assert script.to_traditional(simplified) == traditional
        assert len(script.to_traditional(simplified)) == len(simplified)


def test_headword_forms():
    assert script.headword("汉字", "漢字", "simplified") == "汉字"
    assert script.headword("汉字", "漢字", "traditional") == "漢字"
    assert script.headword("汉字", "漢字", "both") == "汉字（漢字）"
    assert script.headword("工作", "工作", "both") == "工作"


def test_unknown_script_is_an_error():
    with pytest.raises(script.ScriptError, match="choose one of"):
        script.check("cursive")


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    root = tmp_path_factory.mktemp("script")
    for name in script.SCRIPTS:
        build([seed(1)], root / name, "--script", name, "--max-terms", "15")
    return root


def _notes(package, tmp_path):
    import sqlite3
    import zipfile

    with zipfile.ZipFile(package) as archive:
        db = tmp_path / f"{package.stem}.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(db) as con:
        return {guid: flds.split("\x1f") for guid, flds in con.execute("select guid, flds from notes")}


def test_traditional_and_both_decks(decks, tmp_path):
    (simp,) = manifests(decks / "simplified").values()
    (trad,) = manifests(decks / "traditional").values()
    assert simp["script"] == "simplified" and trad["script"] == "traditional"
    assert all(s["zh_traditional"] is None for s in simp["sentences"])
    assert all(len(s["zh_traditional"]) == len(s["zh"]) for s in trad["sentences"])
    # Same words and same notes (GUIDs) whatever the script.
    assert [t["hanzi"] for t in simp["terms"]] == [t["hanzi"] for t in trad["terms"]]
    notes = {name: _notes(next((decks / name).glob("*/*.apkg")), tmp_path) for name in script.SCRIPTS}
    assert set(notes["simplified"]) == set(notes["traditional"]) == set(notes["both"])
    terms = {t["hanzi"]: t for t in simp["terms"]}
    changed = 0
    for guid, fields in notes["traditional"].items():
        if len(fields) < 10 or fields[0] not in {t["traditional"] for t in terms.values()}:
            continue
        term = next(t for t in terms.values() if t["traditional"] == fields[0])
        simple = notes["simplified"][guid]
        both = notes["both"][guid]
        assert simple[0] == term["hanzi"]
        if term["traditional"] != term["hanzi"]:
            changed += 1
            assert both[0] == f"{term['hanzi']}（{term['traditional']}）"
            assert "<br>" in both[7]  # the sentence, simplified then traditional
            # The sentence's characters carry ruby pinyin (<ruby>字<rt>zì</rt></ruby>): read past it.
            assert f'<b class="hl">{term["traditional"]}</b>' in re.sub(r"<rt[^>]*>.*?</rt>|</?ruby>", "", fields[7])
    assert changed >= 3


def test_traditional_cloze_keeps_its_blanks(decks, tmp_path):
    notes = _notes(next((decks / "traditional").glob("*/*.apkg")), tmp_path)
    simple = _notes(next((decks / "simplified").glob("*/*.apkg")), tmp_path)
    cloze = [guid for guid, fields in simple.items() if "{{c1::" in fields[0]]
    assert cloze
    for guid in cloze:
        assert notes[guid][0].count("{{c1::") == simple[guid][0].count("{{c1::")
        assert len(notes[guid][0]) == len(simple[guid][0])
