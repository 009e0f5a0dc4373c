import pytest

from vocabgen.lexicon import parse_cedict
from vocabgen.models import DictEntry


def test_every_reading_is_kept(lexicon):
    readings = {e.pinyin for e in lexicon.entries("行")}
    assert {"hang2", "xing2"} <= readings
    assert {"chang2", "zhang3"} <= {e.pinyin for e in lexicon.entries("长")}


def test_traditional_lookup_and_forms(lexicon):
    assert lexicon.entries("銀行")[0].simplified == "银行"
    assert lexicon.entries("干部")[0].traditional == "幹部"


def test_parse_cedict_lines():
    lines = [
        "# comment",
        "行 行 [hang2] /row/line/CL:個|个[ge4]/",
        "行 行 [xing2] /to walk/OK!/",
        "broken line",
    ]
    simp, trad = parse_cedict(lines)
    assert [e[2] for e in simp["行"]] == ["hang2", "xing2"]
    assert DictEntry(*simp["行"][0]).classifiers == ("CL:個|个[ge4]",)
    assert trad == {}


def test_unknown_compounds_split_into_dictionary_words(lexicon):
    assert lexicon.split_known("提前完成") == ("提前", "完成")
    assert lexicon.split_known("生产战线") == ("生产", "战线")
    assert all(lexicon.knows(p) for p in lexicon.split_known("厂矿企业领导干部"))


def test_hsk_levels_and_frequencies(lexicon):
    assert lexicon.hsk("的") == 1
    assert lexicon.hsk("干部") is not None and lexicon.hsk("干部") > lexicon.hsk("的")
    assert lexicon.hsk("没有这个词啊") is None
    assert lexicon.zipf("的") > lexicon.zipf("干部") > lexicon.zipf("包办") > 0
    assert lexicon.zipf("没有这个词啊") == 0


@pytest.mark.slow  # builds the dictionaries from their sources
def test_lexicon_cache_round_trip(tmp_path):
    from vocabgen import lexicon as module

    built = module.load_lexicon.__wrapped__(str(tmp_path))
    assert (tmp_path / "lexicon.pickle").exists()
    again = module.load_lexicon.__wrapped__(str(tmp_path))
    assert again.entries("行") == built.entries("行")
    # A corrupt cache is rebuilt, not trusted.
    (tmp_path / "lexicon.pickle").write_bytes(b"garbage")
    assert module.load_lexicon.__wrapped__(str(tmp_path)).hsk("干部") == built.hsk("干部")


def test_memos_are_per_lexicon_and_bounded(lexicon):
    import dataclasses

    memo = lexicon.memo("test", limit=10)
    memo["x"] = 1
    assert lexicon.memo("test", limit=10) is memo
    other = dataclasses.replace(lexicon)  # equal, but another lexicon: its own memos
    assert other == lexicon and "x" not in other.memo("test")
    memo.update((k, k) for k in range(10))
    assert lexicon.memo("test", limit=10) == {}


def test_what_is_loaded_with_the_collector_paused_is_never_traversed_again():
    import gc

    from vocabgen.cachedir import collector_paused

    before = gc.get_freeze_count()
    with collector_paused():
        loaded = [(i, [i]) for i in range(50_000)]  # as an unpickled cache: many containers
        assert not gc.isenabled()
    try:
        assert gc.isenabled()
        # Frozen: a later collection (the first allocation would start one of
        # generation 0, which held all of them) does not walk them.
        assert gc.get_freeze_count() - before >= 100_000
        youngest = gc.get_objects(0)
        assert not any(o is x for x in loaded[:3] for o in youngest)
    finally:
        del loaded
        gc.unfreeze()
