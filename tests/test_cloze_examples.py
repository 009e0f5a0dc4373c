"""Examples and cloze items over every seed: rules a teacher would check by eye.

Properties, not golden output: each holds for any article, and the tests run them on
every seed (and the blanking rules on made-up sentences).
"""

from __future__ import annotations

import statistics

import pytest

from vocabgen.cloze import SHORT, blank, gives_away, make_cloze, word_spans
from vocabgen.models import LOW_CONFIDENCE, ClozeItem, SentencePair, Term
from vocabgen.segment import segment
from vocabgen.terms import is_dateline


def _holds(zh: str, word: str) -> bool:
    return bool(word_spans(segment(zh), word))


def _outside_names(study, zh: str) -> str:
    """The sentence with the names found in it masked: a word inside a name is no
    occurrence of the word (嘉兴市委工业部 holds no 市委 to learn)."""
    for name in sorted(study.names, key=len, reverse=True):
        zh = zh.replace(name, "□" * len(name))
    return zh


def _clean(study, index: int) -> bool:
    from vocabgen.pipeline import _headline_pairs

    pair = study.pairs[index]
    return (pair.confidence >= LOW_CONFIDENCE and bool(pair.en) and not is_dateline(pair.zh)
            and index >= _headline_pairs(study.article, study.pairs))


def test_every_cloze_item_hides_its_answer_and_blanks_whole_words(seed_studies):
    items = [item for study in seed_studies for item in study.cloze]
    assert len(items) >= 5 * 10
    for item in items:
        assert "".join(item.parts) == item.zh
        assert not gives_away(item), item.parts
        tokens = segment(item.zh)
        starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
        at = 0
        for k, part in enumerate(item.parts):
            if k % 2:
                assert at in starts and at + len(part) in ends, (item.zh, part)
            at += len(part)


def test_cloze_prefers_sentences_a_learner_can_hold_in_mind(seed_studies):
    for study in seed_studies:
        for item in study.cloze:
            if len(item.zh) <= SHORT:
                continue
            # A long sentence only when no short clean sentence of the body held the word
            # (the headline and the dateline come after the body, whatever their length).
            used = {i.sentence_index for i in study.cloze}
            for index, pair in enumerate(study.pairs):
                if index in used or len(pair.zh) > SHORT or not _clean(study, index):
                    continue
                spans = word_spans(segment(pair.zh), item.answers[0])
                assert not spans or len(spans) > 1, (item.zh, pair.zh)


def test_examples_are_the_shortest_clean_sentences_spread_over_the_article(seed_studies):
    ratios = []
    for study in seed_studies:
        for term in study.terms:
            clean = [i for i, p in enumerate(study.pairs)
                     if term.hanzi in p.zh and _clean(study, i) and _holds(_outside_names(study, p.zh), term.hanzi)]
            if clean:
                # Never the headline or the dateline when a clean sentence holds the word.
                assert _clean(study, term.sentence_index), (term.hanzi, term.sentence_zh)
            lengths = [len(study.pairs[i].zh) for i in clean + [term.sentence_index]]
            ratios.append(len(study.pairs[term.sentence_index].zh) / min(lengths))
        # No sentence is the example of most of the cards.
        counts = [sum(t.sentence_index == i for t in study.terms) for i in range(len(study.pairs))]
        assert max(counts) <= max(4, len(study.terms) // 4)
    assert statistics.mean(ratios) <= 1.3


def test_blank_takes_every_occurrence():
    parts = blank("在干部深入基层以后，深入基层以后", ["基层"])
    assert parts == ("在干部深入", "基层", "以后，深入", "基层", "以后")
    assert not gives_away(ClozeItem(0, "".join(parts), "", parts[1::2], parts))


def test_a_word_seen_inside_another_word_is_no_whole_word():
    # 工作 inside 工作人员 would still show the answer: no spans, so another sentence is taken.
    assert word_spans(segment("工作人员说，他们的工作很忙。"), "工作") is None
    assert word_spans(segment("我们的工作很忙，工作也多。"), "工作") == [(3, 5), (8, 10)]


def _term(word: str, index: int) -> Term:
    return Term(hanzi=word, traditional=word, pinyin="", pinyin_numbered="", meaning="", hsk=None,
                zipf=4.0, count=2, score=1.0, sentence_index=index, sentence_zh="", sentence_en="")


def test_make_cloze_takes_another_sentence_rather_than_give_the_answer_away():
    pairs = (
        SentencePair("工作人员说，他们的工作很忙。", "The staff said their work is busy.", 0.9),
        SentencePair("我们的工作很忙，工作也多。", "Our work is busy, and there is a lot of it.", 0.9),
        SentencePair("她的工作很忙。", "Her work is busy.", 0.9),
    )
    [item] = make_cloze([_term("工作", 0)], pairs)
    assert item.sentence_index == 2
    assert item.parts == ("她的", "工作", "很忙。")
    # With no such sentence, no item rather than one that shows its answer.
    assert make_cloze([_term("工作", 0)], pairs[:2]) == ()
