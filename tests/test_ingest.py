import json
from pathlib import Path

import pytest

from vocabgen.errors import ArticleError
from vocabgen.ingest import Source, discover, parse_pair, parse_seed, read_article

from conftest import SEEDS

GOLDEN = json.loads((Path(__file__).parent / "data" / "seed_headers.json").read_text(encoding="utf-8"))

SEED_TEXT = (SEEDS / "000_5ad903a1dcf9d3b7.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_every_seed_reads_with_its_golden_header(name):
    article = read_article(Source(SEEDS / name))
    expected = GOLDEN[name]
    for field in ("id", "title_en", "title_zh", "author", "date", "page"):
        assert getattr(article, field) == expected[field], field
    assert len(article.zh_paragraphs) == expected["zh_paragraphs"]
    assert len(article.en_paragraphs) == expected["en_paragraphs"]
    assert article.zh_paragraphs[0] == expected["first_zh"]
    assert article.zh_paragraphs[-1].endswith(expected["last_zh_end"])
    # Header lines of the Chinese part never leak into the paragraphs.
    assert not any(p.startswith(("第", "专栏", "###")) and "版" in p[:4] for p in article.zh_paragraphs)
    assert not any(p == article.date for p in article.zh_paragraphs)


def test_english_headline_is_given_to_the_aligner_when_the_translation_omits_it():
    article = parse_seed(SEED_TEXT, "x.txt")
    assert article.en_paragraphs[0] == article.title_en
    # A translation that repeats its headline does not get it twice.
    repeated = read_article(Source(SEEDS / "004_8ab13afc5602f97b.txt"))
    assert repeated.en_paragraphs[:2] == (
        "Deeper, Deeper, and Still Deeper",
        "The Jiaxing Municipal Party Committee Industry Department's Improvement of Leadership Work",
    )


def test_full_width_and_tab_indentation_both_count_as_paragraphs():
    text = SEED_TEXT.replace("    现在，兰州市", "\u3000\u3000现在，兰州市").replace("    但是，还有", "\t但是，还有")
    article = parse_seed(text, "x.txt")
    assert article.zh_paragraphs[-1].startswith("现在，兰州市")
    assert any(p.startswith("但是，还有") for p in article.zh_paragraphs)


def test_utf8_bom_and_gb18030_are_read(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + SEED_TEXT.encode("utf-8"))
    gb = tmp_path / "gb.txt"
    gb.write_bytes(SEED_TEXT.replace("’", "'").encode("gb18030"))
    assert read_article(Source(bom)).title_en.startswith("Lanzhou")
    assert read_article(Source(gb)).zh_paragraphs[0] == "中共兰州市委及时总结领导干部深入第一线后的工作方法"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"\xff\xfe\xfa\x80\x81 not text \xff", "neither UTF-8 nor GB18030"),
        (SEED_TEXT.split("Original:")[0].encode("utf-8"), "missing its 'Original:' part"),
        (SEED_TEXT.split("<hr />")[0].encode("utf-8"), "no '<hr />' line"),
        ((SEED_TEXT.split("Original:")[0] + "Original:\n\n    only English here.\n").encode("utf-8"), "no Chinese text"),
        (b"Some words\n<hr />\nOriginal:\n    \xe4\xb8\xad\xe6\x96\x87\n", "no 'Title:' header"),
    ],
)
def test_bad_input_gets_one_clear_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as info:
        read_article(Source(path))
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_original_names_the_line(tmp_path):
    text = SEED_TEXT.replace("Original: ", "Chinese follows")
    path = tmp_path / "noorig.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        read_article(Source(path))
    line = text.split("\n").index("Chinese follows") + 1
    assert info.value.line == line
    assert f"{path}:{line}:" in str(info.value)


def test_plain_pair_of_files(tmp_path):
    (tmp_path / "story.zh.txt").write_text("工人的新生活\n工人们参加生产。他们很高兴。\n", encoding="utf-8")
    (tmp_path / "story.en.txt").write_text("The new life of workers\nThe workers took part in production. They were happy.\n", encoding="utf-8")
    sources = discover([tmp_path])
    assert len(sources) == 1 and sources[0].en_path is not None
    article = read_article(sources[0])
    assert article.id == "story"
    assert article.title_zh == "工人的新生活"
    assert article.en_paragraphs[1].startswith("The workers")


def test_pair_missing_its_english_half_is_reported(tmp_path):
    (tmp_path / "lonely.zh.txt").write_text("工人们参加生产。\n", encoding="utf-8")
    (sources,) = [discover([tmp_path])]
    with pytest.raises(ArticleError):
        read_article(sources[0])


def test_spaces_around_chinese_punctuation_are_dropped():
    # Tokenised corpora space out full-width punctuation; a card would show it so.
    # The space between a headline's two clauses is not punctuation and stays.
    article = parse_pair(
        "新车上路 旧车退场\n他说 ： “ 明天 ， 我们出发 。 ”\n",
        "New cars in, old cars out\nHe said: \"Tomorrow we set off.\"\n",
        "spaced.zh.txt",
    )
    assert article.zh_paragraphs == ("新车上路 旧车退场", "他说：“明天，我们出发。”")
