from vocabgen.terms import card_safe, plausible_alternatives


def test_alternatives_keep_real_readings_and_drop_archaic_ones(lexicon):
    # 行 is read xíng and háng in running text: both are worth telling a learner.
    assert plausible_alternatives("行", "xing2", ["hang2", "heng2"], lexicon) == ("hang2",)
    # 厂 is chǎng; CC-CEDICT's ān / hǎn are archaic readings nobody meets.
    assert plausible_alternatives("厂", "chang3", ["an1", "han3"], lexicon) == ()
    # A word keeps a reading with a meaning of its own, not a mere cross-reference.
    assert plausible_alternatives("长大", "zhang3 da4", ["zhang3 da4"], lexicon) == ()


def test_card_meaning_never_gives_the_word_away():
    assert card_safe("abbr. for 日電電子|日电电子[Ri4 dian4]", ["日电", "日電"]) == "abbr. for ～电子"
