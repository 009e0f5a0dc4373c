"""The aligner on constructed cases, on the seeds' gold, and through its command."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED

from vocabgen.align import align_article, align_paragraphs, align_sentences
from vocabgen.align.features import en_word_keys, zh_numbers
from vocabgen.align.score import score_beads
from vocabgen.commands.align import align_command
from vocabgen.lexicon import load_lexicon
from vocabgen.models import LOW_CONFIDENCE

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "align"


def _bench():
    spec = importlib.util.spec_from_file_location("align_eval", ROOT / "bench" / "align_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def seeds():
    if not (SHARED / "gold").is_dir():
        pytest.skip("no ../shared/gold")
    return _bench().seed_docs(SHARED)


def _ids(beads):
    return [(b.zh, b.en) for b in beads]


def test_numbers_are_read_in_both_languages():
    keys = {k for _, _, ks in zh_numbers("一百四十九个企业，三百多名干部，1.2万人，14日") for k in ks}
    assert {"#149", "#300", "#12000", "#12", "#14"} <= keys
    assert en_word_keys("10,000") == ("#10000",)
    assert en_word_keys("14th") == ("#14",)
    assert en_word_keys("three") == ("#3",)
    assert en_word_keys("May") == ("m5",)


def test_seed_gold_is_recovered(lexicon, seeds):
    results = [
        align_sentences(d.zh, d.en, lexicon, zh_paragraphs=d.zh_par, en_paragraphs=d.en_par)
        for d in seeds
    ]
    scores = score_beads([d.gold for d in seeds], [_ids(r) for r in results])
    assert scores.f1_strict >= 0.97  # measured 1.000
    assert scores.f1_lax >= 0.99


def test_right_pairs_are_confident(lexicon, seeds):
    d = seeds[0]
    pairs = align_article(d.zh, d.en, lexicon)
    assert all(p.confidence >= LOW_CONFIDENCE for p in pairs if p.zh and p.en)


def test_missing_english_sentence_leaves_chinese_unaligned(lexicon, seeds):
    d = seeds[2]
    en = d.en[:8] + d.en[9:]  # drop the English of Chinese sentence 8
    beads = _ids(align_sentences(d.zh, en, lexicon))
    assert ((8,), ()) in beads
    assert ((7,), (7,)) in beads and ((9,), (8,)) in beads


def test_merged_english_sentences_make_a_2_1_bead(lexicon, seeds):
    d = seeds[2]
    en = d.en[:5] + [d.en[5] + " " + d.en[6]] + d.en[7:]
    beads = _ids(align_sentences(d.zh, en, lexicon))
    assert ((5, 6), (5,)) in beads
    assert ((7,), (6,)) in beads


def test_split_chinese_sentence_makes_a_1_2_bead(lexicon, seeds):
    d = seeds[2]
    zh = d.zh[:5] + [d.zh[5] + d.zh[6]] + d.zh[7:]
    beads = _ids(align_sentences(zh, d.en, lexicon))
    assert ((5,), (5, 6)) in beads


def test_extra_english_paragraph_and_out_of_step_paragraphs(lexicon, seeds):
    d = seeds[1]
    zh_par = list(d.zh_par)
    # The English breaks its paragraphs one sentence later than the Chinese, and an
    # English paragraph with no Chinese counterpart sits in the middle.
    en = d.en[:10] + ["The reporter also visited a steel works in Wuxi last winter.",
                      "Its furnaces were idle because of a shortage of coke."] + d.en[10:]
    en_par = [p + (1 if k >= 4 else 0) for k, p in enumerate(d.en_par[:10])]
    en_par += [99, 99] + [p + 200 for p in d.en_par[10:]]
    beads = _ids(
        align_sentences(d.zh, en, lexicon, zh_paragraphs=zh_par, en_paragraphs=en_par)
    )
    assert ((), (10,)) in beads and ((), (11,)) in beads
    shifted = [(z, tuple(k + 2 if k >= 10 else k for k in e)) for z, e in d.gold]
    shifted += [((), (10,)), ((), (11,))]
    assert score_beads([shifted], [beads]).f1_strict >= 0.9


def test_wrong_pairs_get_low_confidence(lexicon, seeds):
    d = seeds[0]
    # Pair the article with the English of another article on the same theme: most
    # sentences stay unaligned; the vocabulary they share (cadres, grassroots,
    # production) still lets a couple of pairs through (measured: 2 of 11).
    other = seeds[2]
    beads = align_sentences(d.zh[2:], other.en[3:], lexicon)
    trusted = [b for b in beads if b.zh and b.en and b.confidence >= LOW_CONFIDENCE]
    assert len(trusted) <= 2


def test_align_paragraphs_entry_point(lexicon):
    zh = ["新华社北京5月22日电 今年全国将培训一万名乡村教师。培训对象为45岁以下的教师。"]
    en = ["Beijing, May 22 (Xinhua) - 10,000 rural teachers will be trained this year.",
          "The training is for teachers under the age of 45."]
    pairs = align_paragraphs(zh, en, lexicon)
    assert [(p.zh_ids, p.en_ids) for p in pairs] == [((0,), (0,)), ((1,), (1,))]


def test_empty_sides(lexicon):
    assert _ids(align_sentences([], ["a"], lexicon)) == [((), (0,))]
    assert _ids(align_sentences(["一"], [], lexicon)) == [((0,), ())]


def test_command_writes_beads(lexicon):
    runner = CliRunner()
    result = runner.invoke(align_command, [str(DATA / "small.zh"), str(DATA / "small.en")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[]:[3]", "[3]:[4]"]


def test_command_writes_tsv(lexicon):
    runner = CliRunner()
    result = runner.invoke(
        align_command, [str(DATA / "small.zh"), str(DATA / "small.en"), "--format", "tsv"]
    )
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert len(rows) == 5 and all(len(r) == 3 for r in rows)
    assert rows[0][0].startswith("新华社") and rows[0][1].startswith("Beijing")
    assert float(rows[0][2]) >= LOW_CONFIDENCE
    assert rows[3][0] == "" and float(rows[3][2]) == 0.0
