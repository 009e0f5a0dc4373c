import subprocess
import sys

import pytest

from vocabgen.models import TokenKind
from vocabgen.segment import classify, segment
from vocabgen.sentences import split_zh


def test_tokens_join_back_to_every_seed_sentence(seed_articles):
    for article in seed_articles:
        for paragraph in article.zh_paragraphs:
            for sentence in split_zh(paragraph):
                tokens = segment(sentence)
                assert "".join(t.text for t in tokens) == sentence
                assert all(sentence[t.start : t.end] == t.text for t in tokens)
                assert all(a.end == b.start for a, b in zip(tokens, tokens[1:]))


def test_token_kinds():
    tokens = {t.text: t.kind for t in segment("本报兰州8日电　中共兰州市委在1960年提出了“ABC计划”，共一百四十九个。")}
    assert tokens["兰州"] is TokenKind.NAME
    assert tokens["8"] is TokenKind.NUMBER
    assert tokens["，"] is TokenKind.PUNCT
    assert tokens["“"] is TokenKind.PUNCT
    assert tokens["ABC"] is TokenKind.LATIN
    assert tokens["\u3000"] is TokenKind.SPACE
    assert classify("一百四十九", "m") is TokenKind.NUMBER
    assert classify("干部", "n") is TokenKind.WORD


def test_a_number_in_full_width_digits_is_one_token():
    # jieba cuts full-width digits one a token; ASCII digits it keeps whole.
    sentence = "１９９８年产量为１２．５万吨，共３个，增长66．9%。"
    tokens = segment(sentence)
    numbers = [t.text for t in tokens if t.kind is TokenKind.NUMBER]
    assert numbers == ["１９９８", "１２．５", "３", "66．9"]
    assert "".join(t.text for t in tokens) == sentence
    assert all(sentence[t.start:t.end] == t.text for t in tokens)


def test_set_phrases_from_our_user_dictionary_stay_whole():
    assert "包办代替" in [t.text for t in segment("不要包办代替他们来工作")]


@pytest.mark.slow  # a fresh interpreter loading jieba and the dictionaries
def test_segmentation_is_quiet_on_stderr(tmp_path):
    code = "from vocabgen.segment import segment; segment('干部深入基层以后')"
    env = {"VOCABGEN_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # jieba's prefix dictionary is cached in our cache directory, not /tmp.
    assert (tmp_path / "jieba-dict.marshal").stat().st_size > 1_000_000


@pytest.mark.slow  # jieba's own global tokenizer loads its dictionary (seconds)
def test_jiebas_own_tagger_still_tags_after_our_fast_import():
    segment("干部")  # our tokenizers are made, jieba.posseg imported our way
    import jieba.posseg

    assert len(jieba.posseg.dt.word_tag_tab) > 300_000
    assert ("北京", "ns") in [(p.word, p.flag) for p in jieba.posseg.dt.cut("我爱北京")]


def test_our_viterbi_decodes_unknown_spans_exactly_as_jiebas(seed_articles):
    """pos_viterbi replaces jieba.posseg's decoder for speed; it must agree with it
    state for state, on real text and on runs of rare characters."""
    import random
    import re

    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    from vocabgen.reading.pos_viterbi import PosViterbi

    decode = PosViterbi(char_state_tab_P, start_P, trans_P, emit_P)
    text = "".join(p for a in seed_articles for p in a.zh_paragraphs)
    spans = sorted({m.group() for m in re.finditer(r"[\u4e00-\u9fff]{2,8}", text)})
    rng = random.Random(3)
    spans = rng.sample(spans, 120)
    spans += ["".join(rng.choice(list(char_state_tab_P)) for _ in range(rng.randint(1, 6))) for _ in range(60)]
    spans += ["丌", "𠀀𠀁"]  # one character; characters jieba's HMM has never seen
    for span in spans:
        assert decode(span) == viterbi(span, char_state_tab_P, start_P, trans_P, emit_P)[1], span
