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


def test_build_terms_is_build_term_for_each(lexicon, seed_studies):
    """build_terms splits each English sentence once for all its terms; the Terms
    are the ones build_term gives one at a time."""
    from vocabgen.config import BuildConfig
    from vocabgen.rank import rank
    from vocabgen.terms import build_term, build_terms, tell_apart
    from vocabgen.vocabulary import collect
    from vocabgen.pinyin import read_tokens
    from vocabgen.segment import segment

    pairs = seed_studies[1].pairs
    tokenized = [(tokens := segment(p.zh), read_tokens(tokens, lexicon)) for p in pairs]
    ranked = rank(collect(tokenized, 0, lexicon).occurrences, lexicon, BuildConfig().rank)
    assert len(ranked) > 10
    terms = build_terms(ranked, pairs, lexicon)
    # build_terms spreads the examples over the sentences; given the same example,
    # build_term makes the same Term.
    examples = [next(o for o in r.occurrences if o.pair_index == t.sentence_index) for r, t in zip(ranked, terms)]
    assert terms == tell_apart(tuple(build_term(r, pairs, lexicon, example=e) for r, e in zip(ranked, examples)), lexicon)


def _term(hanzi: str, pinyin: str, meaning: str):
    from vocabgen.models import Term

    return Term(hanzi, hanzi, "", pinyin, meaning, None, 3.0, 1, 1.0, 0, "", "")


def test_recall_cards_that_lead_with_the_same_meaning_are_told_apart(lexicon):
    from vocabgen.terms import tell_apart

    factory, plant, other = tell_apart(
        [_term("厂", "chang3", "factory"), _term("工厂", "gong1 chang3", "factory"), _term("工人", "gong1 ren2", "worker")],
        lexicon,
    )
    assert factory.meaning != plant.meaning
    assert factory.meaning.startswith("factory") and plant.meaning.startswith("factory")
    assert other.meaning == "worker"  # nothing to tell apart: unchanged
    # 厂 has senses 工厂 lacks (yard, depot): one of them; 工厂 has none: its length.
    assert factory.meaning.split("; ")[1] in ("yard", "depot")
    assert plant.meaning == "factory (2 characters)"


def test_same_meaning_and_length_are_told_apart_by_the_sentence(lexicon):
    from dataclasses import replace

    from vocabgen.terms import tell_apart

    def example(term, sentence, words):
        start = sentence.index(words)
        return replace(term, sentence_en=sentence, english_span=(start, start + len(words)))

    farming = example(_term("农业", "nong2 ye4", "farming; agriculture"),
                      "We must focus on agricultural production.", "agricultural")
    tilling = example(_term("农耕", "nong2 geng1", "farming; agriculture"),
                      "They value traditional farming culture.", "farming")
    a, b = tell_apart([farming, tilling], lexicon)
    assert a.meaning != b.meaning
    assert "on agricultural production" in a.meaning and "traditional farming culture" in b.meaning
