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
    # a construction's cross-reference, gaps and all, is reduced to its simplified form
    assert card_safe("used in the construction 以...為例|以...为例, to take ... as an example", ["为例", "為例"]) == (
        "used in the construction 以...～, to take ... as an example"
    )
    # and the sense is measured as shown, so it is not cut for the form it loses
    from vocabgen.gloss import clean_sense

    sense = 'used in the construction 以...為例|以...为例, "to take ... as an example"'
    assert clean_sense(sense, True) == 'used in the construction 以...为例, "to take ... as an example"'


def test_build_terms_is_build_term_for_each(lexicon, seed_studies):
    """build_terms splits each English sentence once for all its terms; the Terms
    are the ones build_term gives one at a time."""
    from vocabgen.config import BuildConfig
    from vocabgen.rank import rank
    from vocabgen.terms import _contexts, _Sentences, build_term, build_terms, tell_apart
    from vocabgen.vocabulary import collect
    from vocabgen.reading.pinyin import read_tokens
    from vocabgen.segment import segment

    pairs = seed_studies[1].pairs
    tokenized = [(tokens := segment(p.zh), read_tokens(tokens, lexicon)) for p in pairs]
    ranked = rank(collect(tokenized, 0, lexicon).occurrences, lexicon, BuildConfig().rank)
    assert len(ranked) > 10
    terms = build_terms(ranked, pairs, lexicon)
    # build_terms spreads the examples over the sentences and matches the English of
    # all the words of a sentence together (in the examples, and in the other
    # sentences that weigh the senses); given the same example, English span and
    # context, build_term makes the same Term.
    examples = [next(o for o in r.occurrences if o.pair_index == t.sentence_index) for r, t in zip(ranked, terms)]
    spans = [t.english_span or None for t in terms]
    contexts = _contexts(ranked, examples, ranked, pairs, _Sentences(pairs), lexicon)
    assert terms == tell_apart(
        tuple(
            build_term(r, pairs, lexicon, example=e, span=s, context=c)
            for r, e, s, c in zip(ranked, examples, spans, contexts)
        ),
        lexicon,
    )


def test_english_spans_give_each_english_word_to_one_chinese_word(lexicon):
    from vocabgen.gloss import English
    from vocabgen.terms import english_spans

    english = English.of("They streamline the rules and reduce costs.")
    alone = english_spans([("精简", "jing1 jian3", 0)], "精简规则，减少成本。", english, lexicon)
    assert english.text[slice(*alone[0])] == "reduce"  # 精简: "to simplify; to reduce"
    both = english_spans(
        [("精简", "jing1 jian3", 0), ("减少", "jian3 shao3", 5)], "精简规则，减少成本。", english, lexicon
    )
    assert english.text[slice(*both[1])] == "reduce"
    # 精简 is left "streamline", which only its near-synonym 精减 says.
    assert english.text[slice(*both[0])] == "streamline"


def test_english_spans_share_a_word_among_occurrences_of_one_term(lexicon):
    from vocabgen.gloss import English
    from vocabgen.terms import english_spans

    zh = "年满16周岁未满18周岁的学生"
    english = English.of("students from 16 to 18 years old")
    spans = english_spans([("周岁", "zhou1 sui4", 4), ("周岁", "zhou1 sui4", 10)], zh, english, lexicon)
    assert spans[0] == spans[1] is not None


def test_english_spans_fall_back_on_the_senses_of_the_characters(lexicon):
    from vocabgen.gloss import English
    from vocabgen.terms import english_spans

    english = English.of("The rescue teams arrived in the morning.")
    [span] = english_spans([("救援", "jiu4 yuan2", 0)], "救援队上午到达。", english, lexicon)
    assert english.text[slice(*span)] == "rescue"  # 救援 "to save; to support"; 救 "to rescue"
    # Far from where the word stands, a character's sense is no evidence.
    far = English.of("The teams that arrived in the morning after a long night came to the rescue")
    assert english_spans([("救援", "jiu4 yuan2", 0)], "救援队上午到达。", far, lexicon) == [None]
    # A character's sense of three letters says too little: 定 "to set" is no "setting".
    setting = English.of("Teachers are setting the grades.")
    assert english_spans([("评定", "ping2 ding4", 2)], "老师评定成绩。", setting, lexicon) == [None]


def test_english_spans_fall_back_on_the_verb_senses_of_near_synonyms(lexicon):
    from vocabgen.gloss import English
    from vocabgen.terms import english_spans, related_senses

    # 推行 "to put into effect; to carry out"; 实行 and 执行 "to carry out; to implement".
    assert "to implement" in related_senses("推行", "tui1 xing2", lexicon)
    english = English.of("The city will implement the new rules next year.")
    [span] = english_spans([("推行", "tui1 xing2", 2)], "该市明年推行新规。", english, lexicon)
    assert english.text[slice(*span)] == "implement"
    # Its own sense comes first when the sentence has it.
    said = English.of("The city will carry out the new rules and implement them next year.")
    [span] = english_spans([("推行", "tui1 xing2", 2)], "该市明年推行新规。", said, lexicon)
    assert said.text[slice(*span)] == "carry out"
    # A synonym's sense of several words is met whole (牢记 "to keep in mind").
    mind = English.of("Students must bear in mind the school rules.")
    [span] = english_spans([("牢记", "lao2 ji4", 2)], "学生要牢记校规。", mind, lexicon)
    assert mind.text[slice(*span)] == "bear in mind"
    # A sense of several parts shares each verb part ("to compress; compression").
    assert related_senses("压缩", "ya1 suo1", lexicon)
    # A noun's synonyms are no evidence: 病症 "disease" and 病患 "disease; patient".
    assert related_senses("病症", "bing4 zheng4", lexicon) == ()
    patients = English.of("Most patients recovered within a week.")
    assert english_spans([("病症", "bing4 zheng4", 0)], "病症多在一周内好转。", patients, lexicon) == [None]


def test_english_spans_a_whole_sense_before_a_word_of_a_longer_one(lexicon):
    from vocabgen.gloss import English
    from vocabgen.terms import english_spans

    # 政府 "government" says it whole; 政务 "government affairs" only in part, though
    # it stands a little nearer the word's place.
    english = English.of("So the government handles these matters.")
    words = [("政务", "zheng4 wu4", 0), ("政府", "zheng4 fu3", 3)]
    spans = english_spans(words, "政务由政府负责。", english, lexicon)
    assert spans[0] is None and english.text[slice(*spans[1])] == "government"
    # Alone, 政务 still takes the part of its sense the sentence has.
    [span] = english_spans(words[:1], "政务由政府负责。", english, lexicon)
    assert english.text[slice(*span)] == "government"


def test_english_spans_a_free_translation_left_between_the_neighbours_matches(lexicon):
    from vocabgen.gloss import English
    from vocabgen.terms import english_spans

    # 富强 "rich and powerful" meets no word of the English, but 国家 "national"
    # and 幸福 "happiness" around it leave one content word between theirs.
    zh = "人民追求国家富强和幸福。"
    words = [("人民", "ren2 min2", 0), ("追求", "zhui1 qiu2", 2), ("国家", "guo2 jia1", 4),
             ("富强", "fu4 qiang2", 6), ("幸福", "xing4 fu2", 9)]
    english = English.of("The people pursue national prosperity and happiness.")
    spans = english_spans(words, zh, english, lexicon)
    assert english.text[slice(*spans[3])] == "prosperity"
    # Only the term's span is asked for: the neighbours' are worked out for it.
    assert english_spans(words, zh, english, lexicon, [3])[3] == spans[3]
    # Two content words between them: which is the term's is not known.
    two = English.of("The people pursue national prosperity, order and happiness.")
    assert english_spans(words, zh, two, lexicon)[3] is None
    # A neighbour across a clause break anchors nothing.
    apart = "人民追求国家富强，幸福。"
    assert english_spans(words, apart, english, lexicon)[3] is None
    # Without a neighbour on one side, nothing is left between two matches.
    assert english_spans(words[:4], zh, english, lexicon)[3] is None
    # A word a character of the sentence outside the matched words may mean is not
    # left over: 昌 "prosperous" (in the name 昌平, no candidate word) may say it.
    shifted = [(w, r, start + 2) for w, r, start in words]
    assert english_spans(shifted, "昌平" + zh, english, lexicon)[3] is None


def test_english_spans_a_free_translation_at_a_clause_edge_matches(lexicon):
    from vocabgen.gloss import English
    from vocabgen.terms import english_spans

    # 酝酿 "to brew; to mull over" ends its clause: 讨论 "discussion" before it and
    # the English comma after "deliberation" enclose the word.
    zh = "委员们经过讨论和酝酿，通过了决议。"
    words = [("委员", "wei3 yuan2", 0), ("经过", "jing1 guo4", 3), ("讨论", "tao3 lun4", 5),
             ("酝酿", "yun4 niang4", 8), ("通过", "tong1 guo4", 11), ("决议", "jue2 yi4", 14)]
    english = English.of("After discussion and deliberation, the members passed the resolution.")
    assert english.text[slice(*english_spans(words, zh, english, lexicon)[3])] == "deliberation"
    # The clause goes on in the English: the word after the neighbour's is not alone.
    on = English.of("After discussion and deliberation of the plan, the members passed the resolution.")
    assert english_spans(words, zh, on, lexicon)[3] is None
    # A neighbour that matched a function word places nothing: 更为 "even more"
    # meets the "more" of another clause, and the word after it is not 轻微's.
    zh = "症状更为轻微，虽然传播更快。"
    words = [("症状", "zheng4 zhuang4", 0), ("更为", "geng4 wei2", 2), ("轻微", "qing1 wei1", 4),
             ("传播", "chuan2 bo1", 9)]
    english = English.of("The symptoms are milder, though the virus is more contagious.")
    assert english_spans(words, zh, english, lexicon)[2] is None


def _article_terms(lexicon, sentences):
    from vocabgen.config import BuildConfig
    from vocabgen.models import SentencePair
    from vocabgen.rank import rank
    from vocabgen.reading.pinyin import read_tokens
    from vocabgen.segment import segment
    from vocabgen.terms import build_terms
    from vocabgen.vocabulary import collect

    pairs = [SentencePair(zh, en, 1.0) for zh, en in sentences]
    tokenized = [(tokens := segment(p.zh), read_tokens(tokens, lexicon)) for p in pairs]
    ranked = rank(collect(tokenized, 0, lexicon).occurrences, lexicon, BuildConfig().rank)
    return {t.hanzi: t for t in build_terms(ranked, pairs, lexicon)}


_OTHER_SENTENCES = [
    ("天气很好，很多人去公园散步。", "The weather was fine and many people walked in the park."),
    ("商店里的水果很新鲜。", "The fruit in the shops was fresh."),
    ("孩子们在河边玩。", "Children played by the river."),
    ("老人们在广场上跳舞。", "Old people danced in the square."),
]


def test_a_translation_every_sentence_of_a_term_says_is_its_equivalent(lexicon):
    # 压缩 "to compress": no sense of it meets "trim", but the English of each of its
    # three sentences says "trim" near its place, and no other sentence does.
    cut = [
        ("市政府压缩了今年的预算。", "The city government trimmed this year's budget."),
        ("学校也压缩了招生人数。", "Schools also trimmed the number of new students."),
        ("医院明年将压缩门诊时间。", "Next year the hospital will trim its clinic hours."),
    ]
    term = _article_terms(lexicon, cut + _OTHER_SENTENCES)["压缩"]
    assert term.english_match in ("trimmed", "trim")
    # Said once, it is no evidence (in a sentence where its neighbours' words do not
    # single "trim" out either: that is the first one's case, `between`).
    once = _article_terms(lexicon, cut[2:] + _OTHER_SENTENCES)
    assert "压缩" not in once or once["压缩"].english_match == ""
    # A word the other sentences say as well is the article's, not the term's.
    everywhere = [(zh, en.replace(".", ", trimmed.")) for zh, en in _OTHER_SENTENCES]
    spread = _article_terms(lexicon, cut + everywhere)
    assert spread["压缩"].english_match == ""


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



def _term_of(lexicon, word, zh, en):
    """`word`'s Term in a one-sentence article, whether or not it would make a card."""
    from vocabgen.config import BuildConfig
    from vocabgen.models import SentencePair
    from vocabgen.rank import rank
    from vocabgen.reading.pinyin import read_tokens
    from vocabgen.segment import segment
    from vocabgen.terms import build_term
    from vocabgen.vocabulary import collect

    pairs = [SentencePair(zh, en, 1.0)]
    tokens = segment(zh)
    ranked = rank(collect([(tokens, read_tokens(tokens, lexicon))], 0, lexicon).occurrences, lexicon, BuildConfig().rank)
    return build_term(next(r for r in ranked if r.word == word), pairs, lexicon)


def test_a_character_that_writes_several_words_shows_the_word_of_its_sentence(lexicon):
    # 致 is both 致 "to send" and 緻 "fine, delicate"; 钟 both 鐘 "clock" and 鍾 "cup":
    # the card shows the traditional form and the senses of the word
    # the sentence uses, not senses of two words under one form.
    cases = [
        ("致", "国家主席致贺信。", "The president sent a letter of congratulations.", "致", "to send", "delicate"),
        ("钟", "墙上的钟停了。", "The clock on the wall stopped.", "鐘", "clock", "goblet"),
        ("面", "我吃了一碗面。", "I ate a bowl of noodles.", "麵", "noodles", "face"),
        ("系", "这个问题系他造成。", "This problem is related to him.", "係", "relate", "department"),
        # A variant note is no word of its own: 馆 is 館, not 舘 ("variant of 館").
        ("馆", "他们走进了那个馆。", "They walked into that building.", "館", "building", "variant"),
    ]
    for word, zh, en, traditional, shown, not_shown in cases:
        term = _term_of(lexicon, word, zh, en)
        assert term.traditional == traditional, (word, term.traditional, term.meaning)
        assert shown in term.meaning and not_shown not in term.meaning, (word, term.meaning)
