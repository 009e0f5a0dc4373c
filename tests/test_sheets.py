"""Study sheets: the six files per article, CSV and Pleco exports, escaping, PDFs."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from vocabgen.cli import main
from vocabgen.export.sheets import (
    CSV_FIELDS, blank_width, cloze_sheet_html, csv_row, pinyin_html, vocab_csv, vocab_sheet_html, word_bank,
)
from vocabgen.export.quiz_page import quiz_page_html

from conftest import SEEDS

OUTPUTS = ("vocab.html", "vocab.pdf", "cloze.html", "cloze.pdf", "quiz.html", "vocab.csv", "pleco.txt")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_seed_gets_every_sheet(built_decks, manifests):
    out, _ = built_decks
    assert len(manifests) == len(list(SEEDS.glob("*.txt")))
    for article_id in manifests:
        for name in OUTPUTS:
            path = out / article_id / name
            assert path.is_file() and path.stat().st_size > 0, path


def test_csv_has_a_header_and_utf8(built_decks, manifests):
    out, _ = built_decks
    for article_id, data in manifests.items():
        raw = (out / article_id / "vocab.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert tuple(rows[0]) == CSV_FIELDS
        assert [r[0] for r in rows[1:]] == [t["hanzi"] for t in data["terms"]]
        for row, term in zip(rows[1:], data["terms"]):
            assert row[CSV_FIELDS.index("pinyin")] == term["pinyin"]
            assert row[CSV_FIELDS.index("sentence_zh")] == term["sentence_zh"]


def test_pleco_lines_are_hanzi_pinyin_definition(built_decks, manifests):
    out, _ = built_decks
    for article_id, data in manifests.items():
        lines = (out / article_id / "pleco.txt").read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("// vocabgen/")  # Pleco's category line
        cards = lines[1:]
        assert len(cards) == len(data["terms"])
        for line, term in zip(cards, data["terms"]):
            hanzi, pinyin, definition = line.split("\t")
            assert hanzi.split("[")[0] == term["hanzi"]
            assert re.fullmatch(r"[A-Za-z:ü]+[1-5](?:[A-Za-z:ü]+[1-5])*", pinyin), pinyin
            assert pinyin == term["pinyin_numbered"].replace(" ", "")
            assert definition == " ".join(term["meaning"].split()) and definition


def test_vocab_sheet_shows_the_article_and_every_term(built_decks, manifests):
    out, _ = built_decks
    for article_id, data in manifests.items():
        page = (out / article_id / "vocab.html").read_text(encoding="utf-8")
        article = data["article"]
        assert article["title_zh"].split()[0] in page
        assert article["date"] in page
        assert Path(article["source"]).name in page
        for term in data["terms"]:
            assert f">{term['hanzi']}<" in page
        assert 'class="t1"' in page and 'class="t4"' in page


def test_cloze_sheet_blanks_keep_their_width_and_hide_the_answer(built_decks, manifests):
    out, _ = built_decks
    for article_id, data in manifests.items():
        page = (out / article_id / "cloze.html").read_text(encoding="utf-8")
        body, key = page.split('<section class="key">')
        blanks = re.findall(r'<span class="blank" style="width: ([\d.]+)em">(.*?)</span>', body)
        answers = [a for item in data["cloze"] for a in item["answers"]]
        assert [float(w) for w, _ in blanks] == [blank_width(a) for a in answers]
        assert all(re.sub(r"<[^>]+>|\d", "", inner) == "" for _, inner in blanks)
        assert "Word bank" not in body  # off unless asked for
        for item in data["cloze"]:
            assert item["en"].replace("'", "&#39;").replace('"', "&#34;")[:40] in body
        assert "Answer key" in key
        for answer in answers:
            assert answer in key


@pytest.fixture(scope="module")
def traditional_deck(tmp_path_factory):
    """One seed built with --script traditional --word-bank --no-pdf."""
    out = tmp_path_factory.mktemp("traditional")
    seed = SEEDS / "000_5ad903a1dcf9d3b7.txt"
    result = CliRunner().invoke(main, [
        "build", str(seed), "--out", str(out), "--tts", "none", "--word-bank", "--no-pdf",
        "--script", "traditional", "-j", "1",
    ])
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder, json.loads((folder / "vocab.json").read_text(encoding="utf-8"))


def test_word_bank_and_no_pdf(traditional_deck):
    folder, data = traditional_deck
    page = (folder / "cloze.html").read_text(encoding="utf-8")
    bank = re.search(r'<div class="bank">(.*?)</div>', page, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", bank) == word_bank(data)
    traditional = {t["hanzi"]: t["traditional"] for t in data["terms"]}
    answers = {a for item in data["cloze"] for a in item["answers"]}
    assert sorted(word_bank(data)) == sorted(traditional[a] for a in answers)
    assert not (folder / "vocab.pdf").exists() and not (folder / "cloze.pdf").exists()


def test_sheets_and_quiz_follow_the_script(traditional_deck):
    folder, data = traditional_deck
    assert data["script"] == "traditional"
    differs = next(t for t in data["terms"] if t["traditional"] != t["hanzi"])
    vocab = (folder / "vocab.html").read_text(encoding="utf-8")
    assert f'<div class="hanzi">{differs["traditional"]}</div><div class="trad">{differs["hanzi"]}</div>' in vocab
    cloze = (folder / "cloze.html").read_text(encoding="utf-8")
    quiz_json = json.loads(re.search(r'id="quiz-data">(.*?)</script>', (folder / "quiz.html").read_text(encoding="utf-8"), re.S).group(1))
    for item, quiz_item in zip(data["cloze"], quiz_json["items"]):
        sentence = data["sentences"][item["sentence_index"]]["zh_traditional"]
        assert "".join(quiz_item["parts"]) == sentence
        assert quiz_item["parts"][0] in cloze.split('<section class="key">')[0]
        for blank in quiz_item["blanks"]:
            assert blank["shown"] == (blank["traditional"] or blank["hanzi"])


def test_quiz_page_copies_the_audio_it_plays(tmp_path):
    from vocabgen.export.quiz_page import write_quiz_page
    from vocabgen.models import Article, ArticleStudy, AudioClip, ClozeItem, SentencePair, Term

    clip_file = tmp_path / "cache" / "ab12.mp3"
    clip_file.parent.mkdir()
    clip_file.write_bytes(b"ID3 not really an mp3")
    zh = "我的工作很忙。"
    study = ArticleStudy(
        article=Article("2000-01-01-x", "x.txt", "X", "某", "", "2000-01-01", "", ("X",), ("某",)),
        pairs=(SentencePair(zh, "My work is busy.", 1.0),),
        terms=(Term("工作", "工作", "gōng zuò", "gong1 zuo4", "work", 1, 5.5, 1, 1.0, 0, zh, "My work is busy."),),
        cloze=(ClozeItem(0, zh, "My work is busy.", ("工作",), ("我的", "工作", "很忙。")),),
        audio=(AudioClip(zh, str(clip_file), "ab12.mp3", "offline"), AudioClip("其他", str(clip_file), "zz.mp3", "offline")),
    )
    from vocabgen.export.manifest import manifest

    out = tmp_path / "deck"
    page = write_quiz_page(study, manifest(study, ""), out).read_text(encoding="utf-8")
    assert (out / "media" / "ab12.mp3").read_bytes() == clip_file.read_bytes()
    assert not (out / "media" / "zz.mp3").exists()  # only what the page plays
    assert '"audio":"ab12.mp3"' in page


EVIL = '</script><script>alert("x")</script> & <b>'


def evil_manifest() -> dict:
    term = {
        "hanzi": "工作", "traditional": "工作", "pinyin": "gōng zuò", "pinyin_numbered": "gong1 zuo4",
        "pinyin_alternatives": [], "meaning": "work " + EVIL, "classifiers": ["CL:個|个[ge4]"], "hsk": 1,
        "zipf": 5.5, "count": 2, "score": 1.0, "sentence_index": 0, "sentence_zh": "我的工作<b>很忙</b>。",
        "sentence_en": "My work " + EVIL, "english_match": "", "audio": None, "audio_engine": None,
    }
    return {
        "version": 1,
        "article": {"id": "2000-01-01-evil", "title_en": "Title " + EVIL, "title_zh": "标题" + EVIL,
                    "author": "", "date": "2000-01-01", "page": "1", "source": "evil.txt"},
        "package": "",
        "sentences": [{"zh": "我的工作<b>很忙</b>。", "en": "My work " + EVIL, "confidence": 1.0,
                       "low_confidence": False, "pinyin": "wǒ de gōng zuò", "audio": None}],
        "terms": [term],
        "cloze": [{"sentence_index": 0, "zh": "我的工作<b>很忙</b>。", "en": "My work " + EVIL,
                   "answers": ["工作"], "parts": ["我的", "工作", "<b>很忙</b>。"]}],
        "names": [],
        "running_words": 4,
    }


@pytest.mark.parametrize("render", [vocab_sheet_html, cloze_sheet_html, quiz_page_html], ids=["vocab", "cloze", "quiz"])
def test_article_text_is_escaped(render):
    page = render(evil_manifest())
    assert 'alert("x")' not in page and "<script>alert" not in page
    assert "<b>很忙</b>" not in page
    if render is quiz_page_html:
        data = re.search(r'<script type="application/json" id="quiz-data">(.*?)</script>', page, re.S).group(1)
        assert json.loads(data)["items"][0]["en"] == "My work " + EVIL
        assert page.count("</script>") == 2  # the data block and the program, nothing injected
    else:
        assert "&lt;/script&gt;" in page and "&amp;" in page


def test_pinyin_html_colours_each_syllable_by_its_tone():
    assert pinyin_html("gōng zuò", "gong1 zuo4") == '<span class="t1">gōng</span> <span class="t4">zuò</span>'
    assert pinyin_html("dōng xi", "dong1 xi5") == '<span class="t1">dōng</span> <span class="t5">xi</span>'
    assert pinyin_html("a<b", "a1 b2") == "a&lt;b"  # forms that do not line up: uncoloured, escaped


# --- PDFs -------------------------------------------------------------------------


def _pdf_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def _embedded_fonts(path: Path) -> dict[str, bool]:
    """Font name -> whether its program is embedded, over every page."""
    from pypdf import PdfReader

    fonts: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts


def test_pdfs_hold_the_chinese_text_in_an_embedded_cjk_font(built_decks, manifests):
    out, _ = built_decks
    for article_id, data in manifests.items():
        folder = out / article_id
        vocab = _squash("".join(_pdf_texts(folder / "vocab.pdf")))
        assert _squash(data["article"]["title_zh"])[:12] in vocab
        for term in data["terms"]:
            assert term["hanzi"] in vocab
            assert _squash(term["pinyin"]) in vocab  # tone marks included
        cloze = _squash("".join(_pdf_texts(folder / "cloze.pdf")))
        for item in data["cloze"]:
            assert _squash(item["parts"][0])[:10] in cloze
        for name in ("vocab.pdf", "cloze.pdf"):
            fonts = _embedded_fonts(folder / name)
            assert any("CJK" in f for f in fonts), fonts
            assert all(fonts.values()), fonts  # every font embedded


def test_cloze_answer_key_starts_its_own_page(built_decks, manifests):
    out, _ = built_decks
    for article_id, data in manifests.items():
        pages = _pdf_texts(out / article_id / "cloze.pdf")
        with_key = [k for k, text in enumerate(pages) if "Answer key" in text]
        assert with_key and with_key[0] > 0
        first = with_key[0]
        assert pages[first].lstrip().startswith("Answer key")
        # The hints stay on the worksheet's pages: the key's page has none of them.
        last_hint = _squash(data["cloze"][-1]["en"])[:30]
        assert last_hint in _squash("".join(pages[:first]))
        assert last_hint not in _squash(pages[first])


def test_pdf_fonts_draw_every_character_the_sheets_use(manifests):
    """No empty boxes and no invisible letters: each character of the sheets has a
    glyph with outlines in the font that sets it (WenQuanYi's ǎ ǐ ǒ ǔ are empty,
    which is why pinyin goes to the Latin font)."""
    from fontTools.ttLib import TTCollection, TTFont

    from vocabgen.export import pdf

    latin = TTFont(str(pdf.latin_font_path()))
    cjk = TTCollection(str(pdf.font_path())).fonts[0]
    ranges = [tuple(int(x, 16) for x in r.strip()[2:].split("-")) for r in pdf.LATIN_RANGE.split(",")]
    ranges = [(r[0], r[-1]) for r in ranges]

    def drawn(font, char):
        name = font.getBestCmap().get(ord(char))
        if name is None:
            return False
        glyph = font["glyf"][name]
        return glyph.numberOfContours != 0

    chars = set("ǎǐǒǔǚǘǜǖāáàēéěèīíìōóòūúùü“”…—，。、；：？！（）")
    for data in manifests.values():
        for term in data["terms"]:
            chars.update(term["hanzi"] + term["pinyin"] + term["meaning"] + term["sentence_zh"] + term["sentence_en"])
        chars.update(data["article"]["title_zh"] + data["article"]["title_en"])
    missing = []
    for char in sorted(chars):
        if char.isspace() or ord(char) < 0x21:
            continue
        in_latin = any(lo <= ord(char) <= hi for lo, hi in ranges) and ord(char) in latin.getBestCmap()
        if not drawn(latin if in_latin else cjk, char):
            missing.append(char)
    assert missing == []


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_a_pdf_page_turns_into_an_image(built_decks, tmp_path):
    out, _ = built_decks
    pdf_path = sorted(out.glob("*/vocab.pdf"))[0]
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "p")], check=True)
    (image,) = tmp_path.glob("p*.pgm")
    data = image.read_bytes()
    header, pixels = data.split(b"\n255\n", 1) if b"\n255\n" in data else (b"", b"")
    assert pixels, "not a PGM"
    ink = sum(1 for b in pixels if b < 128) / len(pixels)
    assert 0.005 < ink < 0.5, ink  # text on a white page, not a blank or black one


@pytest.mark.parametrize("fields", [
    ("plain", "", " lead", "trail ", "汉字"),
    ("a,b", 'say "hi"', '"', "line\nbreak", "cr\rlf\r\n", "tab\tx", "semi;colon", "'single'"),
    ("", ""),
    ("\x00\x1f", "\u2028", "😀,", '""', ",", "\\", "=1+1"),
])
def test_csv_row_is_what_csv_writer_writes(fields):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(fields)
    assert csv_row(fields) == out.getvalue()


def test_vocab_csv_reads_back_with_the_csv_module():
    data = evil_manifest()
    rows = list(csv.reader(io.StringIO(vocab_csv(data), newline="")))
    assert rows[0] == list(CSV_FIELDS)
    assert rows[1][4] == data["terms"][0]["meaning"] and rows[1][10] == data["terms"][0]["sentence_en"]
