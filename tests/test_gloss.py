"""Choosing and shortening senses, the English match, names and set phrases."""

from __future__ import annotations

import pytest

from vocabgen.gloss import (
    Gloss,
    choose_gloss,
    clean_sense,
    english_match,
    english_match_text,
    is_set_phrase,
)
from vocabgen.lexicon import load_lexicon
from vocabgen.names import find_names, is_name
from vocabgen.models import DictEntry, Token, TokenKind
from vocabgen.segment import segment


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


BANK = DictEntry("銀行", "银行", "yin2 hang2", ("bank", "CL:家[jia1],個|个[ge4]"))
XING = (
    DictEntry("行", "行", "hang2", ("row", "line", "commercial firm", "line of business", "profession")),
    DictEntry("行", "行", "xing2", ("to walk", "to go", "to travel", "capable", "OK", "all right")),
)


def test_classifiers_apart():
    gloss = choose_gloss([BANK], "yin2 hang2")
    assert gloss.senses == ("bank",)
    assert gloss.classifiers == ("家[jia1]", "个[ge4]")


def test_reading_selects_entries():
    assert choose_gloss(XING, "hang2").senses[0] == "row"
    assert "to walk" in choose_gloss(XING, "xing2").senses


def test_senses_that_occur_in_english_come_first_and_at_most_three():
    gloss = choose_gloss(XING, "hang2", "He works in a different line of business now.")
    assert len(gloss.senses) <= 3
    assert gloss.senses[0] in ("line", "line of business")


def test_noise_dropped_unless_all_there_is():
    entries = (DictEntry("為", "为", "wei2", ("variant of 為|为[wei2]", "as", "to act as")),)
    assert choose_gloss(entries, "wei2").senses == ("as", "to act as")
    only = (DictEntry("喫", "吃", "chi1", ("variant of 吃[chi1]",)),)
    assert choose_gloss(only, "chi1").senses == ("variant of 吃[chi1]",)


def test_a_sense_marked_dialect_beats_a_pointer_and_a_referred_word_stays():
    # "(dialect) to look at" is a meaning, "old variant of ..." only a pointer.
    entries = (
        DictEntry("瞅", "瞅", "chou3", ("(dialect) to look at",)),
        DictEntry("矁", "瞅", "chou3", ("old variant of 瞅[chou3]",)),
    )
    assert choose_gloss(entries, "chou3").senses == ("(dialect) to look at",)
    # The word a particle is "the same as" is its meaning; an abbreviation's source is not.
    assert clean_sense("(final particle, same as 吧)") == "(final particle, same as 吧)"
    assert clean_sense("the Youth League, abbr. for 共青团") == "the Youth League"


def test_a_sense_met_whole_before_one_met_in_part():
    entries = (DictEntry("問道", "问道", "wen4 dao4", ("to ask the way", "to ask")),)
    assert choose_gloss(entries, "wen4 dao4", "'Where do you live?' asked the girl.").senses[0] == "to ask"
    assert choose_gloss(entries, "wen4 dao4", "She asked the way to the station.").senses[0] == "to ask the way"


def test_part_of_speech_orders_senses_without_a_whole_match():
    entries = (DictEntry("忽", "忽", "hu1", ("to neglect", "to overlook", "suddenly")),)
    assert choose_gloss(entries, "hu1", "He heard a knock.", pos="d").senses[0] == "suddenly"
    assert choose_gloss(entries, "hu1", "He heard a knock.", pos="v").senses[0] == "to neglect"
    # A whole match in the English outweighs the tag.
    assert choose_gloss(entries, "hu1", "Do not overlook it.", pos="d").senses[0] == "to overlook"


def test_taiwan_notes_removed():
    assert clean_sense("garbage (Taiwan pr. [la4 se4])") == "garbage"
    assert clean_sense("percent (Tw)") == "percent"


def test_common_word_before_name():
    entries = (
        DictEntry("陳", "陈", "Chen2", ("surname Chen",)),
        DictEntry("陳", "陈", "chen2", ("to lay out", "to exhibit")),
    )
    assert choose_gloss(entries, "chen2").senses == ("to lay out", "to exhibit")


def test_english_match_span():
    english = "The bank raised its interest rates."
    span = english_match(("bank",), english)
    assert span is not None and english[span[0]:span[1]] == "bank"
    assert english_match_text(("interest rate",), english) == "interest rates"
    assert english_match_text(("to raise", "to lift"), english) == "raised"
    assert english_match(("cat",), english) is None
    assert english_match(("bank",), "") is None


def test_english_match_takes_the_word_after_a_copula():
    # "to be widely known as" says what the English says with "known" alone.
    assert english_match_text(("to be widely known as",), "The town is known for its green tea.") == "known"
    assert english_match_text(("to be pregnant",), "She was pregnant with twins.") == "pregnant"
    # Its adverbs are skipped, stop words are not taken: "to be in charge" has no head.
    assert english_match_text(("to be in charge",), "They met in the hall.") == ""


def test_a_characters_sense_is_taken_nearest_the_word_before_as_written():
    from vocabgen.gloss import English, assign_english

    # No sense of the word meets the English; its characters' say both "shoulder"
    # (as written, far off) and "to undertake" ("undertaking", near its place).
    english = English.of("Two firms are undertaking the job we shoulder.")  # at 0.30 and 0.80
    backup = [("to shoulder", "to undertake")]
    [span] = assign_english([(("to assume",), 0.52)], english, backup)  # both within BACKUP_REACH
    assert english.text[slice(*span)] == "undertaking"
    [span] = assign_english([(("to assume",), 0.7)], english, backup)
    assert english.text[slice(*span)] == "shoulder"


def test_a_derivation_adds_a_suffix_not_a_word():
    # The stem and a derivational suffix: "spirit", "spiritual"; "child", "children".
    assert english_match_text(("spirit",), "They kept their spiritual life.") == "spiritual"
    assert english_match_text(("child",), "The children came home.") == "children"
    # "stand" + "by" is a compound, not a derivation of "to stand".
    assert english_match_text(("to stand",), "A standby generator started.") == ""


def test_names(lexicon):
    tokens = segment("陈万邦同志说，包办代替不行。")
    names = [text for _, _, text in find_names(tokens, lexicon)]
    assert names == ["陈万邦"]
    tokens = segment("本报兰州8日电（记者王小明）")
    names = [text for _, _, text in find_names(tokens, lexicon)]
    assert "兰州" in names and "王小明" in names
    assert not any("日电" in n or n == "电" for n in names)


def test_long_sense_keeps_its_leading_domain():
    # explanations in brackets go when a sense is too long, its domain stays
    sense = "(slang) to put in long hours, typically late into the night, playing (a video game)"
    assert clean_sense(sense).startswith("(slang) to put in long hours")
    assert "video game" not in clean_sense(sense)
    # a long leading explanation is no domain: it goes like the others
    sense = "(indicates that sth turns out just the opposite of what one would expect) unexpectedly; contrary to reason"
    assert clean_sense(sense).startswith("unexpectedly")


def test_names_joined_by_middle_dots(lexicon):
    def names(text):
        return [name for _, _, name in find_names(segment(text), lexicon)]

    # parts of a transliterated name, and a character jieba cut off at a dot
    assert "阿卜杜拉·本·扎耶德" in names("外交大臣阿卜杜拉·本·扎耶德会见了来访的代表团。")
    assert "约翰·冯·诺依曼" in names("数学家约翰·冯·诺依曼提出了这个设想。")
    # a name jieba cut in two (萨 + 勒曼) after a dot is taken whole, not its first character
    assert "穆罕默德·本·萨勒曼" in names("王储穆罕默德·本·萨勒曼下周访问阿曼。")
    # a dot between common words joins nothing; a word before a name stays out
    assert names("发展文化·旅游产业。") == []
    assert "美国" in names("美国的约翰·史密斯来了。")


def test_is_name_from_dictionary(lexicon):
    assert is_name(Token("兰州", 0, 2, TokenKind.WORD, "x"), lexicon)
    assert not is_name(Token("银行", 0, 2, TokenKind.WORD, "n"), lexicon)
    assert not is_name(Token("日电", 0, 2, TokenKind.WORD, "j"), lexicon)


def test_jieba_names_that_are_numbers_or_common_nouns(lexicon):
    # A numeral starts no name (二人 "the two of them", a guess of jieba's).
    assert not is_name(Token("二人", 0, 2, TokenKind.NAME, "nrt"), lexicon)
    # CC-CEDICT capitalises 佛经 for "Buddhist"; its head is the common noun "texts".
    assert not is_name(Token("佛经", 0, 2, TokenKind.WORD, "nz"), lexicon)
    # A place CC-CEDICT describes in lower case after its own pinyin stays a name.
    assert is_name(Token("兰州", 0, 2, TokenKind.WORD, "x"), lexicon)


def test_set_phrases(lexicon):
    assert is_set_phrase("包办代替", lexicon, "i")
    assert is_set_phrase("一帆风顺", lexicon)
    assert not is_set_phrase("提前完成", lexicon)
    assert not is_set_phrase("银行", lexicon)


def test_english_once_matches_english_as_text():
    from vocabgen.gloss import English

    english = "The bank raised its interest rates."
    sentence = English.of(english)
    for senses in [("bank",), ("interest rate",), ("to raise", "to lift"), ("cat",)]:
        assert english_match(senses, sentence) == english_match(senses, english)
        assert english_match_text(senses, sentence) == english_match_text(senses, english)
    assert choose_gloss(XING, "hang2", sentence) == choose_gloss(XING, "hang2", english)


def test_british_and_american_spellings_meet():
    assert english_match(("liter",), "Drink 2 litres of water.") == (8, 14)
    assert english_match(("to mobilize",), "They mobilised the masses.") == (5, 14)
    assert english_match(("labor",), "Division of labour") == (12, 18)


def test_english_match_takes_the_place_nearest_the_term():
    sentence = "The Construction Site had construction trenches."
    assert english_match(("construction",), sentence, near=0.9) == (26, 38)
    assert english_match(("construction",), sentence, near=0.0) == (4, 16)


def test_words_after_of_are_no_translation():
    # 站长-like senses: "head of a station" does not translate to "station".
    assert english_match(("head of a station",), "He went to the station.") is None
    # A verb's object is not the verb: "to enroll new students".
    assert english_match(("to enroll new students",), "Students came.") is None


def test_clean_sense_drops_notes_and_shortens_long_definitions():
    assert clean_sense("application form (CL:份[fen4])") == "application form"
    assert clean_sense("abbr. for 中國共產黨|中国共产党[Zhong1 guo2], Chinese Communist Party") == "Chinese Communist Party"
    assert clean_sense("(bound form) school; college") == "school; college"
    long = clean_sense(
        "person in charge of a train station 車站|车站[che1 zhan4] (stationmaster), website "
        "網站|网站[wang3 zhan4] (webmaster), volunteer center (center manager), etc"
    )
    assert long.startswith("person in charge of a train station") and len(long) <= 61


def test_a_number_before_a_word_brings_its_unit_sense_first(lexicon):
    entries = lexicon.entries("升")
    assert choose_gloss(entries, "sheng1").senses[0] == "to ascend"
    assert choose_gloss(entries, "sheng1", after_number=True).senses[0] == "liter"


def test_a_derivation_the_stemmer_leaves_apart_is_met_when_nothing_else_is():
    from vocabgen.gloss import english_match

    # spirit / spiritual, pursue / pursuit: the stem and at most three letters more.
    assert english_match(("spirit", "mind"), "They need spiritual strength.") == (10, 19)
    assert english_match(("to pursue (a goal etc) stubbornly",), "the pursuit of values") == (4, 11)
    # A longer ending makes another word (event / eventually), a shorter stem is
    # too short to tell (unit / union).
    assert english_match(("event",), "they eventually left") is None
    assert english_match(("unit",), "a trade union") is None
    # A sense met by its stem comes before one met only as a derivation.
    assert english_match(("spirit", "mental"), "spiritual and mental health") == (14, 20)


def test_irregular_past_forms_meet_their_verb():
    from vocabgen.gloss import english_match

    assert english_match(("to shoot (a film)",), "The crew shot the whole film in May.") == (9, 13)
    assert english_match(("to steal",), "Someone has stolen the bikes.") == (12, 18)
    assert english_match(("to lead",), "The mayor led the team.") == (10, 13)
    # A past form that is also another common word is left alone (found / to find,
    # left / to leave), and an irregular form meets only its own verb.
    assert english_match(("to find",), "They found a new school.") is None
    assert english_match(("to leave",), "Turn left at the bank.") is None
    assert english_match(("to shoot",), "The crew shut the door.") is None
    # Light verbs are left alone: "given" is not "to give birth".
    assert english_match(("to give birth",), "They have given the answer.") is None


def test_a_sense_says_its_words_whole_without_article_or_particle():
    from vocabgen.gloss import english_match, english_match_text

    # "the starting line" is met as "starting line" after any article, not as "starting".
    assert english_match_text(("the starting line (of a race)",), "They stood at a starting line.") == "starting line"
    # A preposition alone translates nothing ("all around" is no "around the square").
    assert english_match(("all around",), "They walked around the square.") is None
    assert english_match_text(("all around", "to encircle"), "Police encircled the square.") == "encircled"
    # A participle that is an adjective in a sense keeps its form: "written slogan" is not "writes".
    assert english_match(("written slogan",), "She writes a letter.") is None
    assert english_match_text(("to write",), "She wrote a letter.") == "wrote"


def test_a_shortened_sense_keeps_its_brackets_paired():
    # CC-CEDICT nests brackets ("to have (a (motivating etc) effect)"): cutting the
    # explanations must not leave half a pair behind.
    from vocabgen.gloss import clean_sense

    sense = ("(in an expression of the form 起到…作用[qi3 dao4 xx5 zuo4 yong4]) to have (a (motivating etc) effect); "
             "to play (a (stabilizing etc) role)")
    shown = clean_sense(sense)
    assert shown.count("(") == shown.count(")") and "effect" in shown and "role" in shown, shown


def test_meaning_shows_each_part_of_the_senses_once():
    # CC-CEDICT's 变种: two senses that share a part; the card lists it once.
    gloss = Gloss(("(biology) a mutation; a variety", "a variant; a variety"))
    assert gloss.meaning == "(biology) a mutation; a variety; a variant"


def test_a_bracket_splits_no_part_of_a_sense():
    # CC-CEDICT's 只管 "just (one thing, no need to worry about the rest)": the
    # comma inside the bracket must not cut "just" off into a part with "thing".
    from vocabgen.gloss import _part_stems

    assert _part_stems("just (one thing, no need to worry about the rest)") == (frozenset({"just"}),)


def test_a_conjunction_leads_with_its_conjunction_sense(lexicon):
    # 若 is "to seem; like; as; if" in CC-CEDICT; jieba's c tag says it is "if" here.
    assert choose_gloss(lexicon.entries("若"), pos="c").senses[0] == "if"
    assert choose_gloss(lexicon.entries("若"), pos="v").senses[0] == "to seem"
