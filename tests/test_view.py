"""view.py: one view of a studied article, made once, serialised as vocab.json and
read back the same; the per-script forms every exporter shows come from it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from vocabgen.export import anki
from vocabgen.export.manifest import serialise
from vocabgen.models import Article, ArticleStudy, AudioClip, ClozeItem, Coverage, SentencePair, Term
from vocabgen.quiz import items_of
from vocabgen.view import from_manifest, from_study

ZH = ("干部深入车间。", "我们发展工业。")
# The second traditional form is one character short: it cannot be cut at the
# simplified offsets, so the simplified form stands in for it everywhere.
TRAD = ("幹部深入車間。", "我們發展工")


def _term(hanzi, traditional, index, pinyin, numbered):
    return Term(hanzi, traditional, pinyin, numbered, "a meaning", 5, 4.2, 1, 1.0, index, ZH[index], "The English.",
                english_match="English", english_span=(4, 11))


def _study(script="both", tmp_path=None):
    terms = (_term("干部", "幹部", 0, "gàn bù", "gan4 bu4"), _term("发展", "發展", 1, "fā zhǎn", "fa1 zhan3"))
    audio = ()
    if tmp_path is not None:
        audio = tuple(AudioClip(text, str(tmp_path / f"{n}.mp3"), f"{n}.mp3", "offline")
                      for n, text in enumerate(("干部", ZH[0])))
    return ArticleStudy(
        article=Article("2000-01-01-x", "x.txt", "A title", "标题", "Someone", "2000-01-01", "3", ("A title",), ("标题",)),
        pairs=tuple(SentencePair(zh, "The English.", 0.9) for zh in ZH),
        terms=terms,
        cloze=tuple(ClozeItem(t.sentence_index, t.sentence_zh, "The English.", (t.hanzi,),
                              tuple(t.sentence_zh.partition(t.hanzi))) for t in terms),
        pair_pinyin=("gànbù shēnrù chējiān.", "wǒmen fāzhǎn gōngyè."),
        audio=audio,
        coverage=Coverage(12, (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95), 0.75, ((95, 3), (98, None))),
        script=script,
        pair_traditional=TRAD,
    )


@pytest.mark.parametrize("script", ["simplified", "traditional", "both"])
def test_the_manifest_reads_back_as_the_same_view(script, tmp_path):
    study = _study(script, tmp_path)
    if script == "simplified":
        study = replace(study, pair_traditional=())
    view = from_study(study, "x.apkg")
    data = json.loads(json.dumps(serialise(view), ensure_ascii=False))
    paths = {clip.filename: clip.path for clip in study.audio}
    again = from_manifest(data, paths.__getitem__)
    # The manifest names no engine for a sentence's clip (cards show only the word's).
    expected = replace(view, sentences=tuple(
        replace(s, audio=replace(s.audio, engine="")) if s.audio else s for s in view.sentences))
    assert again == expected
    assert serialise(again) == data


def test_traditional_forms_are_cut_at_the_simplified_offsets_or_not_used():
    view = from_study(_study("both"))
    lined_up, short = view.terms
    assert [f.text for f in lined_up.forms] == ["干部深入车间。", "幹部深入車間。"]
    assert all(f.span == (0, 2) for f in lined_up.forms)
    assert [f.text for f in short.forms] == [ZH[1]] and short.example_traditional is None
    assert lined_up.headword == "干部（幹部）"
    trad = from_study(_study("traditional"))
    assert [f.text for f in trad.terms[0].forms] == ["幹部深入車間。"]
    assert [f.text for f in trad.terms[1].forms] == [ZH[1]]
    # The cloze, on cards and in the quiz, follows the same rule.
    assert trad.cloze[0].forms == (("", "幹部", "深入車間。"),)
    assert trad.cloze[1].forms == (("我们", "发展", "工业。"),)
    assert [item.shown_parts("traditional") for item in items_of(trad)] == [("", "幹部", "深入車間。"), ("我们", "发展", "工业。")]


def test_ruby_is_cut_once_per_sentence_a_card_shows():
    view = from_study(_study("simplified"))
    assert view.sentences[0].readings == ("gàn", "bù", "shēn", "rù", "chē", "jiān")
    assert view.terms[0].tones == (("gàn", 4), ("bù", 4)) and view.terms[0].hsk == "5"
    assert view.terms[0].english.span == (4, 11)
    # The card's ruby, built from pieces made once per sentence, is ruby.ruby's.
    from vocabgen.export import ruby

    sentence, with_ruby = anki.sentence_html(view, view.terms[0])
    assert with_ruby and sentence == ruby.ruby(ZH[0], view.sentences[0].readings, [(0, 2)])
    cloze = anki.cloze_text(view.cloze[1].item, view.cloze[1].forms[0], view.sentences[1].readings)
    assert cloze == "".join(ruby.ruby(p, r) if k % 2 == 0 else "{{c1::%s}}" % ruby.ruby(p, r) for k, (p, r) in
                            enumerate(zip(("我们", "发展", "工业。"), (("wǒ", "men"), ("fā", "zhǎn"), ("gōng", "yè")))))


def test_measure_words_are_shown_as_a_learner_reads_them():
    from vocabgen.view import classifiers_shown

    assert classifiers_shown(["个[ge4]", "名[ming2]"]) == "个 gè, 名 míng"
    assert classifiers_shown(["個|个[ge4]"]) == "个 gè"  # CC-CEDICT's traditional|simplified
    assert classifiers_shown([]) == ""
