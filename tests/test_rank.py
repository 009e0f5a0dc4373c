import re

from vocabgen.rank import RankOptions, rank, score
from vocabgen.vocabulary import Occurrence, stopwords
from vocabgen.reading.words import Reading


def test_decks_hold_no_punctuation_numbers_stopwords_or_names(manifests):
    stop = stopwords()
    for manifest in manifests.values():
        names = set(manifest["names"])
        for term in manifest["terms"]:
            word = term["hanzi"]
            assert re.fullmatch(r"[\u3400-\u9fff]+", word), word
            assert word not in stop
            assert word not in names
            assert not re.fullmatch(r"[零〇一二三四五六七八九十百千万亿两]+", word), word


def test_every_term_has_pinyin_meaning_and_sentence(manifests):
    for manifest in manifests.values():
        assert len(manifest["terms"]) >= 20
        for term in manifest["terms"]:
            syllables = term["pinyin"].split()
            assert len(syllables) == len(term["hanzi"]), term
            assert term["meaning"].strip(), term
            assert term["hanzi"] in term["sentence_zh"]
            assert term["sentence_en"].strip()


def test_terms_are_in_score_order(manifests):
    for manifest in manifests.values():
        scores = [t["score"] for t in manifest["terms"]]
        assert scores == sorted(scores, reverse=True)


def test_score_prefers_repeated_headline_rarer_and_higher_level_words():
    base = score(1, False, 4.5, 5)
    assert score(5, False, 4.5, 5) > base
    assert score(1, True, 4.5, 5) > base
    assert score(1, False, 6.5, 5) < base  # too common to need a card
    assert score(1, False, 4.5, 1) < base  # HSK 1 is known early


def _occ(word, index=0):
    return Occurrence(word, Reading("x"), index, 0, False)


def test_min_hsk_max_terms_and_known_words(lexicon):
    occurrences = [_occ(w) for w in ["干部", "干部", "基层", "工作", "参谋", "水泵", "学习"]]
    words = [r.word for r in rank(occurrences, lexicon, RankOptions(max_terms=10))]
    assert set(words) == {"干部", "基层", "工作", "参谋", "水泵", "学习"}
    low = {w for w in words if (lexicon.hsk(w) or 99) <= 2}
    assert low, "fixture needs a low-level word"
    filtered = [r.word for r in rank(occurrences, lexicon, RankOptions(min_hsk=2))]
    assert not low & set(filtered)
    assert len(rank(occurrences, lexicon, RankOptions(max_terms=2))) == 2
    assert "干部" not in [r.word for r in rank(occurrences, lexicon, RankOptions(known=frozenset({"干部"})))]
