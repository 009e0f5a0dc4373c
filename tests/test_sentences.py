import json

import pytest

from vocabgen.sentences import split_en, split_zh

from conftest import SHARED


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("他来了。我走了！你呢？", ["他来了。", "我走了！", "你呢？"]),
        ("他说：“我们好。”然后走了。", ["他说：“我们好。”", "然后走了。"]),
        ("提出了“干部下去后要当参谋，不要包办代替”的指示。", ["提出了“干部下去后要当参谋，不要包办代替”的指示。"]),
        ("第一；第二。没有句号", ["第一；第二。", "没有句号"]),
        ("真的吗？！是的……好", ["真的吗？！", "是的……", "好"]),
        ("他说：“走吧。 ”我们走了。", ["他说：“走吧。 ”", "我们走了。"]),
        # a quote never closed in the paragraph does not swallow the rest of it
        ("学校举行“年会典礼，请来客人。他们都到了。", ["学校举行“年会典礼，请来客人。", "他们都到了。"]),
        # the full-width straight quote closes one
        ("学校举行“年会典礼 ＂ ，请来客人。他们到了。", ["学校举行“年会典礼 ＂ ，请来客人。", "他们到了。"]),
        ("他说：“走吧。天黑了。”我们走了。", ["他说：“走吧。天黑了。”", "我们走了。"]),
    ],
)
def test_split_zh(paragraph, expected):
    assert list(split_zh(paragraph)) == expected


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("Mr. Chen went to the U.S. in Jan. 1960. He left.", ["Mr. Chen went to the U.S. in Jan. 1960.", "He left."]),
        ('He said "Go now." Then he left.', ['He said "Go now."', "Then he left."]),
        ("It rose (by 31%. See below.) and fell. Next.", ["It rose (by 31%. See below.) and fell.", "Next."]),
        ("J. K. Smith wrote it. 300 cadres came.", ["J. K. Smith wrote it.", "300 cadres came."]),
        ("What? Really! Yes.", ["What?", "Really!", "Yes."]),
        ("No end here", ["No end here"]),
        ('He said: "We will go. They will stay. All is well.', ['He said: "We will go.', "They will stay.", "All is well."]),
    ],
)
def test_split_en(paragraph, expected):
    assert list(split_en(paragraph)) == expected


@pytest.mark.parametrize("number", ["000", "001", "002"])
def test_chinese_sentences_match_the_gold_cuts(number, seed_articles):
    if not (SHARED / "gold" / f"{number}.jsonl").is_file():
        pytest.skip("no ../shared/gold")
    gold = [json.loads(line)["zh"] for line in (SHARED / "gold" / f"{number}.jsonl").open(encoding="utf-8")]
    article = seed_articles[int(number)]
    assert [s for p in article.zh_paragraphs for s in split_zh(p)] == gold
