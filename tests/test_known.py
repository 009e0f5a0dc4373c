"""Known-word lists in every accepted format, read back into words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vocabgen.known import KnownWordsError, hsk_known, load_known, read_known, to_simplified, words_in


def test_plain_list_with_comments(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# words I know\n\n干部\n  生产   # from lesson 3\n银行 yínháng bank\n#不是\n", encoding="utf-8")
    assert read_known(path) == ["干部", "生产", "银行"]


def test_gb18030_list(tmp_path):
    path = tmp_path / "words.txt"
    path.write_bytes("干部\n群众\n".encode("gb18030"))
    assert read_known(path) == ["干部", "群众"]


def test_csv_and_tsv_take_the_first_column(tmp_path):
    csv_path = tmp_path / "words.csv"
    csv_path.write_text('word,pinyin,meaning\n干部,gànbù,"cadre, official"\n基层,jīcéng,grass-roots\n', encoding="utf-8")
    assert read_known(csv_path) == ["干部", "基层"]
    tsv_path = tmp_path / "words.tsv"
    tsv_path.write_text("群众\tqúnzhòng\tthe masses\n领导\tlǐngdǎo\tlead\n", encoding="utf-8")
    assert read_known(tsv_path) == ["群众", "领导"]


def test_anki_plain_text_export(tmp_path):
    """What Anki's File > Export > Notes in Plain Text writes, with every option on."""
    path = tmp_path / "notes.txt"
    path.write_text(
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
        "a1b2c3\tChinese\tMandarin\t<b>干部</b>\tcadre\tlesson1\n"
        "d4e5f6\tChinese\tMandarin\t\"群众<br>[sound:qz.mp3]\"\tthe masses\t\n"
        "g7h8i9\tChinese\tMandarin\t银行[yin2 hang2]\tbank\t\n",
        encoding="utf-8",
    )
    assert read_known(path) == ["干部", "群众", "银行"]


def test_anki_text_export_with_named_columns(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("#separator:comma\n#columns:English,Hanzi\nbank,银行\ncadre,干部\n", encoding="utf-8")
    assert read_known(path, field="Hanzi") == ["银行", "干部"]


def test_cells_with_markup_or_both_scripts():
    assert words_in("汉字（漢字）") == ["汉字", "漢字"]
    assert words_in('<span style="color:red">干部</span>&nbsp;') == ["干部"]
    assert words_in("") == []


def test_traditional_forms_become_simplified(lexicon):
    assert {"汉字", "漢字"} <= to_simplified(["漢字"], lexicon)
    assert to_simplified(["干部"], lexicon) == {"干部"}


def test_hsk_known_levels(lexicon):
    level1, level3 = hsk_known(lexicon, 1), hsk_known(lexicon, 3)
    assert level1 < level3
    assert all(lexicon.hsk(w) <= 3 for w in level3)
    assert hsk_known(lexicon, 0) == frozenset()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(KnownWordsError, match="no such file"):
        read_known(tmp_path / "nope.txt")


def test_several_files_together(tmp_path, lexicon):
    a = tmp_path / "a.txt"
    a.write_text("干部\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("漢字,hanzi\n", encoding="utf-8")
    assert load_known([a, b], lexicon=lexicon) >= {"干部", "漢字", "汉字"}


# --- Anki packages and collections, read with the real anki library ---------------

pytest.importorskip("anki.collection")


def _with_words(col, words, field="Hanzi"):
    """`col` given a note type whose first field is `field`, and a note of it per word."""
    models = col.models
    model = models.new("Chinese words")
    for name in (field, "Meaning"):
        models.add_field(model, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{%s}}" % field, "{{FrontSide}}<hr>{{Meaning}}"
    models.add_template(model, template)
    models.add(model)
    model = models.by_name("Chinese words")
    for word in words:
        note = col.new_note(model)
        note[field] = word
        note["Meaning"] = "x"
        col.add_note(note, col.decks.id("Chinese"))
    # A note of another type without that field is ignored.
    basic = col.new_note(models.by_name("Basic"))
    basic["Front"], basic["Back"] = "不是我的词", "no"
    col.add_note(basic, 1)
    return col


def test_apkg_colpkg_and_anki2(tmp_path, anki_collection):
    from anki.collection import DeckIdLimit
    from anki.import_export_pb2 import ExportAnkiPackageOptions

    words = ["<b>干部</b>", "群众", "漢字"]
    col = _with_words(anki_collection(), words)
    col.export_anki_package(
        out_path=str(tmp_path / "deck.apkg"),
        options=ExportAnkiPackageOptions(with_scheduling=False, with_media=False, legacy=False),
        limit=DeckIdLimit(col.decks.id_for_name("Chinese")),
    )
    col.export_collection_package(str(tmp_path / "all.colpkg"), include_media=False, legacy=False)
    source = Path(col.path)
    col.close()  # as the learner's Anki would be, for read_known to open it
    expected = ["干部", "群众", "漢字"]
    assert sorted(read_known(tmp_path / "deck.apkg")) == sorted(expected)
    assert sorted(read_known(tmp_path / "all.colpkg")) == sorted(expected)
    before = source.read_bytes()
    assert sorted(read_known(source)) == sorted(expected)
    assert source.read_bytes() == before  # the learner's collection is never written


def test_our_own_deck_can_be_a_known_list(tmp_path):
    """A deck vocabgen built, once learned, feeds the next build."""
    from helpers import build, manifests, seed

    build([seed(1)], tmp_path / "out", "--max-terms", "10")
    (package,) = (tmp_path / "out").glob("*/*.apkg")
    (manifest,) = manifests(tmp_path / "out").values()
    assert set(read_known(package)) == {t["hanzi"] for t in manifest["terms"]}


def test_a_field_no_note_has_names_the_fields(anki_collection):
    col = _with_words(anki_collection(), ["干部"], field="Word")
    col.close()
    with pytest.raises(KnownWordsError, match="no note type has a field named 'Hanzi'.*Word"):
        read_known(Path(col.path))
    assert read_known(Path(col.path), field="Word") == ["干部"]


def test_without_the_anki_package_the_error_says_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "deck.apkg"
    path.write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "anki.collection", None)
    with pytest.raises(KnownWordsError, match=r"needs the 'anki' package.*Notes in Plain Text"):
        read_known(path)
