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


def test_build_terms_is_build_term_for_each(lexicon):
    """build_terms splits each English sentence once for all its terms; the Terms
    are the ones build_term gives one at a time."""
    from vocabgen.config import BuildConfig
    from vocabgen.ingest import discover, read_article
    from vocabgen.pipeline import study
    from vocabgen.rank import rank
    from vocabgen.terms import build_term, build_terms
    from vocabgen.vocabulary import collect
    from vocabgen.pinyin import read_tokens
    from vocabgen.segment import segment
    from learner_helpers import seed

    article = read_article(discover([seed(1)])[0])
    pairs = study(article, BuildConfig(), lexicon).pairs
    tokenized = [(tokens := segment(p.zh), read_tokens(tokens, lexicon)) for p in pairs]
    ranked = rank(collect(tokenized, 0, lexicon).occurrences, lexicon, BuildConfig().rank)
    assert len(ranked) > 10
    terms = build_terms(ranked, pairs, lexicon)
    # build_terms spreads the examples over the sentences; given the same example,
    # build_term makes the same Term.
    examples = [next(o for o in r.occurrences if o.pair_index == t.sentence_index) for r, t in zip(ranked, terms)]
    assert terms == tuple(build_term(r, pairs, lexicon, example=e) for r, e in zip(ranked, examples))
