"""Readings in context (golden cases in tests/data/pinyin_cases.tsv), tone marks,
sentence pinyin and the tone-sandhi layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from vocabgen.lexicon import load_lexicon
from vocabgen.models import Token, TokenKind
from vocabgen.reading.pinyin import apply_tone_sandhi, read_all_tokens, read_tokens, sentence_pinyin, syllable_at
from vocabgen.reading.words import Reading, numbered_to_marks, read_word, syllable_to_marks
from vocabgen.segment import segment

CASES = Path(__file__).parent / "data" / "pinyin_cases.tsv"
MARK = "▁"


def _cases():
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        sentence, expected = fields[0], fields[1]
        status = fields[2] if len(fields) > 2 else ""
        if status == "skip" or MARK not in sentence:
            continue
        marks = [pytest.mark.xfail(strict=True, reason="known failure")] if status == "xfail" else []
        yield pytest.param(sentence, expected, marks=marks, id=f"{sentence.replace(MARK, '')}-{expected}")


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.mark.parametrize("marked, expected", list(_cases()))
def test_reading_in_context(marked, expected, lexicon):
    index = marked.index(MARK)
    sentence = marked.replace(MARK, "")
    tokens = segment(sentence)
    readings = read_tokens(tokens, lexicon)
    assert syllable_at(tokens, readings, index).lower() == expected


@pytest.mark.parametrize(
    "numbered, marks",
    [
        ("hang2", "háng"),
        ("lu:4", "lǜ"),
        ("lv4", "lǜ"),
        ("nu:3", "nǚ"),
        ("lu:e4", "lüè"),
        ("ma5", "ma"),
        ("de5", "de"),
        ("Lan2 zhou1", "Lán zhōu"),
        ("Ou1", "Ōu"),
        ("gou3", "gǒu"),
        ("gui4", "guì"),
        ("liu2", "liú"),
        ("m2", "ḿ"),
        ("ng4", "ǹg"),
        ("r5", "r"),
        ("xx5", "xx"),
        ("A1", "Ā"),
    ],
)
def test_numbered_to_marks(numbered, marks):
    assert numbered_to_marks(numbered) == marks


def test_syllable_passthrough():
    assert syllable_to_marks("ABC") == "ABC"
    assert syllable_to_marks("，") == "，"


def test_word_reading_prefers_common_word_over_name(lexicon):
    assert read_word("日电", lexicon).numbered == "ri4 dian4"
    assert read_word("兰州", lexicon, name=True).numbered == "Lan2 zhou1"
    assert read_word("银行", lexicon).numbered == "yin2 hang2"


def test_word_reading_keeps_the_learners_dictionary_neutral_tone(lexicon):
    # CC-CEDICT zhi1 shi5, pypinyin zhi1 shi2: learners' dictionaries write zhīshi.
    assert read_word("知识", lexicon).numbered == "zhi1 shi5"
    assert read_word("衣服", lexicon).numbered == "yi1 fu5"
    # Readings that differ only in tone: the one with the common senses (告诉 gàosu,
    # "to tell", not gàosù "to press charges"); a complement's reading is not
    # the word's own (起来 qǐlai "to stand up").
    assert read_word("告诉", lexicon).numbered == "gao4 su5"
    assert read_word("起来", lexicon).numbered == "qi3 lai5"
    # Neutral in both sources: stays neutral.
    assert read_word("桌子", lexicon).numbered == "zhuo1 zi5"
    # Memoised, and the memo does not mix names and common words.
    assert read_word("知识", lexicon) is read_word("知识", lexicon)
    assert read_word("兰州", lexicon, name=True).numbered == "Lan2 zhou1"
    assert read_word("兰州", lexicon).numbered == "lan2 zhou1"


def test_name_token_keeps_capitals(lexicon):
    tokens = segment("本报兰州8日电")
    readings = read_tokens(tokens, lexicon)
    by_text = {t.text: r.numbered for t, r in zip(tokens, readings)}
    assert by_text["兰州"] == "Lan2 zhou1"
    assert "日电" not in by_text  # segmentation fix: 8日 + 电
    assert by_text["电"] == "dian4"


def test_alternatives_for_uncertain_single_characters(lexicon):
    tokens = segment("他还书了。")
    readings = read_tokens(tokens, lexicon)
    assert all(isinstance(r, Reading) for r in readings)
    assert len(readings) == len(tokens)
    lone = [r for t, r in zip(tokens, readings) if t.text == "了"]
    assert lone and "liao3" in lone[0].alternatives


def test_sentence_pinyin_punctuation(lexicon):
    sentence = "他说：“我们走吧！”（完）"
    tokens = segment(sentence)
    text = sentence_pinyin(tokens, read_tokens(tokens, lexicon))
    assert text.startswith("tā shuō:")
    assert '"wǒmen' in text
    assert 'ba!"' in text
    assert "(wán)" in text


def test_tone_sandhi_is_optional(lexicon):
    tokens = segment("我不是一个人。")
    readings = read_tokens(tokens, lexicon)
    plain = sentence_pinyin(tokens, readings)
    sandhi = sentence_pinyin(tokens, readings, tone_sandhi=True)
    assert "bù" in plain and "bú" not in plain
    assert "bú" in sandhi and "yí" in sandhi


def test_apply_tone_sandhi():
    assert apply_tone_sandhi(["bu4", "qu4"], "不去") == ["bu2", "qu4"]
    assert apply_tone_sandhi(["bu4", "hao3"], "不好") == ["bu4", "hao3"]
    assert apply_tone_sandhi(["yi1", "tian1"], "一天") == ["yi4", "tian1"]
    assert apply_tone_sandhi(["yi1", "ge4"], "一个") == ["yi2", "ge4"]
    assert apply_tone_sandhi(["di4", "yi1", "ci4"], "第一次") == ["di4", "yi1", "ci4"]
    assert apply_tone_sandhi(["shi2", "yi1"], "十一") == ["shi2", "yi1"]


def test_tokens_without_han_have_empty_readings(lexicon):
    tokens = (Token("WTO", 0, 3, TokenKind.LATIN), Token("，", 3, 4, TokenKind.PUNCT))
    assert [r.numbered for r in read_tokens(tokens, lexicon)] == ["", ""]


# --- g2pM where no rule decides (vocabgen/g2p_model.py) ---------------------------

WHO = "你到底是谁？"  # 谁 alone, no rule in polyphones.RULES: the frequency fallback


@pytest.fixture
def fresh_model():
    from vocabgen.reading import g2p_model
    g2p_model._model.cache_clear()
    yield g2p_model
    g2p_model._model.cache_clear()


def _who(lexicon) -> str:
    tokens = segment(WHO)
    return syllable_at(tokens, read_tokens(tokens, lexicon), WHO.index("谁")).lower()


def test_model_reads_lone_character_no_rule_decides(lexicon, fresh_model, monkeypatch):
    pytest.importorskip("g2pM")
    from vocabgen.reading.polyphones import RULES, ranked_readings

    assert "谁" not in RULES and ranked_readings("谁", lexicon)[0] == "shui2"
    monkeypatch.setenv(fresh_model.SWITCH, "1")
    calls = []
    real = fresh_model.readings_all
    monkeypatch.setattr(fresh_model, "readings_all", lambda *a: calls.append(a) or real(*a))
    assert _who(lexicon) == "shei2"  # g2pM's colloquial shéi over the fallback's shuí
    assert len(calls) == 1  # one call for the sentence, every open character in it (是 too)
    (sentence,), (indices,), (options,) = calls[0]
    assert sentence == WHO and WHO.index("谁") in indices
    assert "shei2" in options[indices.index(WHO.index("谁"))]
    monkeypatch.setenv(fresh_model.SWITCH, "0")
    assert _who(lexicon) == "shui2"


def test_works_without_g2pm(lexicon, fresh_model, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "g2pM", None)  # `import g2pM` raises ImportError
    assert fresh_model.readings_all([WHO], [[WHO.index("谁")]], [[("shui2", "shei2")]]) == [[None]]
    assert _who(lexicon) == "shui2"  # the frequency fallback, as before


# Sentences of different lengths, each with characters the rules leave to g2pM
# (谁, 是, 长 ...), some open near the start (whose backward states come last) and
# some near the end; in a batch the short ones are padded to the longest.
BATCH_SENTENCES = [
    "你到底是谁？",
    "他说这件事谁也不知道，大家都很着急，可是谁也没有办法解决它。",
    "谁？",
    "这条河很长，两岸的风景很美，我们沿着河走了很久才看到那座古老的桥。",
    "那个人是谁",
]


def test_batched_reading_equals_reading_each_alone(lexicon, fresh_model, monkeypatch):
    """An article's sentences are read in one batched model run; each must read as
    it does alone, so padding never leaks into a neighbour's states."""
    pytest.importorskip("g2pM")
    monkeypatch.setenv(fresh_model.SWITCH, "1")
    tokens = [segment(s) for s in BATCH_SENTENCES]
    alone = [read_tokens(t, lexicon) for t in tokens]
    assert read_all_tokens(tokens, lexicon) == alone
    assert read_all_tokens(tokens[::-1], lexicon) == alone[::-1]
    # The model itself, on every character, the sentences side by side: a column
    # that read padding or a neighbour's characters would read differently.
    model = fresh_model._model()
    everything = [range(len(s)) for s in BATCH_SENTENCES]
    batched = model.predict_all(BATCH_SENTENCES, everything)
    assert batched == [model.predict(s, range(len(s))) for s in BATCH_SENTENCES]


SENTENCES = Path(__file__).parent / "data" / "sentence_pinyin.tsv"


def _sentence_cases():
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        fmt, sentence, expected = fields[:3]
        status = fields[3] if len(fields) > 3 else ""
        marks = [pytest.mark.xfail(strict=True, reason=status[6:].strip() or "known failure")] \
            if status.startswith("xfail") else []
        yield pytest.param(fmt, sentence, expected, marks=marks, id=f"{fmt}-{sentence}")


@pytest.mark.parametrize("fmt, sentence, expected", list(_sentence_cases()))
def test_sentence_pinyin_cases(fmt, sentence, expected, lexicon):
    """Whole sentences as `vocabgen pinyin` prints them (tests/data/sentence_pinyin.tsv)."""
    from vocabgen.reading.pinyin import name_spans, numbers_line, read_lines

    [(tokens, readings)] = read_lines([sentence], lexicon)
    if fmt == "numbers":
        assert numbers_line(tokens, readings) == expected
    else:
        assert sentence_pinyin(tokens, readings, names=name_spans(tokens, lexicon), lexicon=lexicon) == expected


def test_pinyin_command_formats(tmp_path):
    from click.testing import CliRunner

    from vocabgen.cli import main

    text = "他跑得很快。\n\n陈万邦在兰州工作，衣服很新。\n"
    run = lambda *args: CliRunner().invoke(main, ["pinyin", *args], input=text)  # noqa: E731
    numbers = run("--format", "numbers")
    assert numbers.exit_code == 0, numbers.output
    lines = numbers.output.split("\n")
    # One line out per line in; one syllable per Chinese character, nothing else.
    assert lines[:3] == ["ta1 pao3 de5 hen3 kuai4", "",
                         "chen2 wan4 bang1 zai4 lan2 zhou1 gong1 zuo4 yi1 fu5 hen3 xin1"]
    marks = run()
    assert marks.output.split("\n")[2] == "Chén Wànbāng zài Lánzhōu gōngzuò, yīfu hěn xīn."
    html = run("--format", "html").output.split("\n")[0]
    # The cards' ruby markup (export/ruby.ruby), each word in its span.
    assert '<span class="w"><ruby>跑<rt class="tone3">pǎo</rt></ruby></span>' in html
    assert '<ruby>得<rt class="tone5">de</rt></ruby>' in html
    assert html.endswith("</span>。")
    missing = CliRunner().invoke(main, ["pinyin", str(tmp_path / "nope.txt")])
    assert missing.exit_code != 0 and "nope.txt: no such file" in missing.output


def test_g2pm_is_not_asked_about_frequent_characters_with_one_reading_in_practice(lexicon):
    from vocabgen.reading import polyphones

    def ask(char: str) -> bool:
        return polyphones.worth_asking(char, polyphones.ranked_readings(char, lexicon), lexicon)

    # 也 (yě; yí only in rare words) and 在: the model would only confirm.
    assert not ask("也")
    assert not ask("在")
    # A particle, a character read two ways in running text, a rare character: asked.
    assert ask("啊")
    assert ask("长")
    assert ask("揣")


@pytest.mark.parametrize("zh, en, without, with_english", [
    # jieba cuts 顾|天成 (顾 "to look after"); the English spells the reporter's name.
    ("记者王小明、顾天成报道。", "Reporters Wang Xiaoming and Gu Tiancheng report.",
     "gù tiānchéng", "Gù Tiānchéng"),
    # jieba tags 之日起 a place; no dictionary knows it and the English does not spell it.
    ("本办法自公告之日起施行。", "These measures take effect from the date of the announcement.",
     "Zhīrìqǐ", "zhīrìqǐ"),
    # jieba keeps a place and the common noun after it as one name: the English says
    # the place, then the noun in lower case.
    ("今年北京地区的毕业生更多。", "There are more graduates in the Beijing area this year.",
     "Běijīng Dìqū", "Běijīng dìqū"),
    ("北京高校毕业生人数增加。", "The number of Beijing university graduates rose.",
     "Běijīng Gāoxiào", "Běijīng gāoxiào"),
    # ... but not where the English makes the whole a name.
    ("北京地区法院作出判决。", "The Beijing Area Court ruled on the case.", "Běijīng Dìqū", "Běijīng Dìqū"),
])
def test_a_decks_sentence_pinyin_takes_its_names_from_the_english_too(lexicon, zh, en, without, with_english):
    from vocabgen.reading.pinyin import name_spans

    tokens = segment(zh)
    readings = read_tokens(tokens, lexicon)
    assert without in sentence_pinyin(tokens, readings, names=name_spans(tokens, lexicon))
    assert with_english in sentence_pinyin(tokens, readings, names=name_spans(tokens, lexicon, readings, en))


def test_a_range_between_numbers_stays_one_piece(lexicon):
    for zh, shown in [("2021-2022赛季开始了。", "2021-2022 sàijì"), ("每斤5~10元。", "5~10 yuán")]:
        tokens = segment(zh)
        assert shown in sentence_pinyin(tokens, read_tokens(tokens, lexicon))


def test_a_storys_people_stay_names_whatever_the_translator_calls_them(lexicon):
    """A person jieba tags in two sentences is a name even where the English calls
    them otherwise ("Pip" for 孙小明 below), and 小 + a common noun never is one."""
    from vocabgen.reading.pinyin import name_spans, recurring_people

    lines = ["孙小明走进门来。", "小丫头看着孙小明笑。", "小丫头和孙小明都笑了。"]
    people = recurring_people([segment(line) for line in lines], lexicon)
    assert "孙小明" in people
    assert not any(name.startswith("小") for name in people)
    tokens = segment(lines[0])
    readings = read_tokens(tokens, lexicon)
    english = "Pip came in through the door."
    assert "sūnxiǎomíng" in sentence_pinyin(tokens, readings, names=name_spans(tokens, lexicon, readings, english))
    assert sentence_pinyin(tokens, readings, names=name_spans(tokens, lexicon, readings, english, people)) \
        .startswith("Sūn Xiǎomíng")


def test_a_places_one_character_short_form_reads_as_in_the_name(lexicon):
    """塞 alone before a noun, in an article that names 塞浦路斯, is Cyprus: Sài, with
    the name's reading and its capital (not sāi "to stuff")."""
    from vocabgen.reading.pinyin import name_spans, place_initials, read_all_tokens, short_forms

    lines = ["塞浦路斯总统今天访问了希腊。", "塞政府对此表示欢迎。"]
    tokens = [segment(line) for line in lines]
    readings = read_all_tokens(tokens, lexicon)
    initials = place_initials(list(zip(tokens, readings)), lexicon)
    shown, places = short_forms(tokens[1], readings[1], initials, lexicon)
    line = sentence_pinyin(tokens[1], shown, names=name_spans(tokens[1], lexicon, shown, "", frozenset(), places))
    assert line.startswith("Sài zhèngfǔ")
    # Without the article's place name it is no short form.
    alone, none = short_forms(tokens[1], readings[1], {}, lexicon)
    assert not none and alone == tuple(readings[1])


@pytest.mark.parametrize("zh, en, expected", [
    # A place word's sound inside a transliterated name stays in it (里 is no "inside").
    ("迪里耶当代艺术展今天开幕。", "The Diriyah contemporary art show opened today.", "dílǐyē"),
    # 阿 + a surname is a familiar name only where the English says the surname ...
    ("阿米今天来了。", "Ah Mi came today.", "Ā Mǐ"),
    # ... not inside a transliterated name the English spells otherwise.
    ("主任凯文阿米努斯今天来了。", "Director Kevin Aminus came today.", "āmǐ nǔsī"),
])
def test_names_jieba_guesses_in_news(lexicon, zh, en, expected):
    from vocabgen.reading.pinyin import name_spans, read_all_tokens

    tokens = segment(zh)
    [readings] = read_all_tokens([tokens], lexicon)
    assert expected in sentence_pinyin(tokens, readings, names=name_spans(tokens, lexicon, readings, en), lexicon=lexicon)


def test_a_two_character_token_jieba_tags_a_person_is_no_recurring_character(lexicon):
    # In news, two-character tokens tagged as people are often terms (卫勤 "medical
    # support") or pieces of a foreign name; a story's people have three characters.
    from vocabgen.reading.pinyin import recurring_people

    lines = ["卫勤分队今天出发。", "卫勤演习很成功。", "孙小明走进门来。", "孙小明笑了。"]
    assert recurring_people([segment(line) for line in lines], lexicon) == frozenset({"孙小明"})


def test_a_name_jieba_glued_to_a_word_is_cut_from_it(lexicon):
    """jieba's guesser takes a story's name with the verb after it (秋纹笑) or the
    word before it (那秋纹): where the name stands alone more often than the glued
    form, the two are the name and the word. A longer name that stands alone more
    often than its tail (孙小明 against 小明) is the name, not 孙 + 小明."""
    from vocabgen.names import split_glued_names

    lines = ["他看见秋纹站在门口。", "大家都等着秋纹回来。", "秋纹笑着走了进来。", "他把那秋纹的信拿走了。"]
    split = split_glued_names([segment(line) for line in lines], lexicon)
    assert [t.text for t in split[2]][:2] == ["秋纹", "笑"]
    assert [t.text for t in split[3]][2:4] == ["那", "秋纹"]
    assert split[2][0].pos.startswith("nr") and split[2][1].pos == "v"
    story = ["孙小明走进门来。", "孙小明笑了。", "孙小明坐下了。", "小明，过来！"]
    tokens = [segment(line) for line in story]
    assert split_glued_names(tokens, lexicon) == [tuple(t) for t in tokens]
