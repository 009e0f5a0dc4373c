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

from vocabgen.export.sheet_view import clip_parts, en_window, example_view, pinyin_syllables, zh_window
from vocabgen.view import mark_first, mark_span
from vocabgen.export.sheets import (
    CSV_FIELDS, blank_width, cloze_sheet_html, csv_row, vocab_csv, vocab_sheet_html, word_bank,
)
from vocabgen.export.quiz_page import quiz_page_html

from helpers import SEEDS, build

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
        assert Path(article["source"]).name not in page  # a file name tells a reader nothing
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
    build([seed], out, "--word-bank", "--script", "traditional")
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
    from vocabgen.view import from_study

    out = tmp_path / "deck"
    page = write_quiz_page(from_study(study), out).read_text(encoding="utf-8")
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


def test_pinyin_syllables_carry_their_tones():
    assert pinyin_syllables("gōng zuò", "gong1 zuo4") == [{"text": "gōng", "tone": "1"}, {"text": "zuò", "tone": "4"}]
    assert pinyin_syllables("dōng xi", "dong1 xi5") == [{"text": "dōng", "tone": "1"}, {"text": "xi", "tone": "5"}]
    assert pinyin_syllables("a<b", "a1 b2") == [{"text": "a<b", "tone": ""}]  # not lined up: uncoloured
    page = vocab_sheet_html(evil_manifest())
    assert '<span class="t1">gōng</span> <span class="t4">zuò</span>' in page


LONG_ZH = "在干部深入基层以后，出现了两种思想作风和工作方法：一种是把革命事业看作是人民群众自己的事业，相信群众的力量，因此深入基层以后。"


def test_a_long_example_is_cut_at_clauses_around_the_word():
    start = LONG_ZH.index("革命")
    lo, hi = zh_window(LONG_ZH, start, start + 2, limit=30)
    assert lo <= start and start + 2 <= hi and hi - lo <= 30
    assert LONG_ZH[lo - 1] in "，：" and LONG_ZH[hi - 1] in "，：。"  # whole clauses
    assert zh_window("短句子。", 0, 1) == (0, 4)
    one_clause = "一" * 50 + "基层" + "二" * 50
    lo, hi = zh_window(one_clause, 50, 52, limit=20)
    assert lo <= 50 and 52 <= hi and hi - lo <= 20


def test_a_long_english_example_is_cut_between_words_around_the_match():
    words = " ".join(f"word{k}" for k in range(80))
    start = words.index("word60")
    lo, hi = en_window(words, start, start + 6, limit=60)
    assert lo <= start and start + 6 <= hi and hi - lo <= 60
    assert (lo == 0 or words[lo - 1] == " ") and (hi == len(words) or words[hi] == " ")


def test_example_view_marks_the_word_and_its_english():
    term = {"hanzi": "基层", "sentence_zh": LONG_ZH, "sentence_en": "Go deep into the grassroots, " + "and more " * 40,
            "english_match": "grassroots"}
    view = example_view(mark_first(LONG_ZH, "基层"), None, mark_span(term["sentence_en"], (), "grassroots"), "simplified")
    before, word, after = view["zh"]
    assert word == "基层" and after.endswith("…") and len(before + word + after) <= 42
    assert view["en"][1] == "grassroots" and view["en"][2].endswith("…")
    assert " ".join(view["en"]).split()[-2] in term["sentence_en"].split()  # cut after a whole word


def test_the_answer_key_shows_the_clauses_around_the_answers():
    parts = ["在干部深入", "基层", "以后，出现了两种思想作风和工作方法：一种是把革命事业看作是人民群众自己的事业。"]
    clipped = clip_parts(parts, limit=20)
    assert clipped[1] == "基层" and clipped[0] == "在干部深入" and clipped[2].endswith("…")
    assert clip_parts(["短", "词", "。"]) == ["短", "词", "。"]


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


def _inked(font, char: str) -> bool:
    """Whether the font draws char with outlines (TrueType or CFF)."""
    from fontTools.pens.boundsPen import BoundsPen

    name = font.getBestCmap().get(ord(char))
    if name is None:
        return False
    glyphs = font.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[name].draw(pen)
    return pen.bounds is not None


def test_pdf_fonts_draw_every_character_the_sheets_use(manifests):
    """No empty boxes and no invisible letters: every character of the sheets has a
    glyph with outlines in every shipped font that may set it. (WenQuanYi, the font
    before, mapped ǎ ǐ ǒ ǔ to empty glyphs: pinyin printed as "g i jìn".)"""
    from fontTools.ttLib import TTCollection, TTFont

    from vocabgen.export import pdf

    latin = TTFont(str(pdf.latin_font_path()))
    faces = {f["name"].getDebugName(1): f for f in TTCollection(str(pdf.cjk_font_path())).fonts}
    cjk = [faces[name] for name in pdf.CJK_FACES.values()]
    chars = set("ǎǐǒǔǚǘǜǖāáàēéěèīíìōóòūúùü“”‘’…—，。、；：？！（）《》")
    for data in manifests.values():
        for term in data["terms"]:
            chars.update(term["hanzi"] + term["traditional"] + term["pinyin"] + term["meaning"])
            chars.update(term["sentence_zh"] + term["sentence_en"])
        for sentence in data["sentences"]:
            chars.update(sentence["zh_traditional"] or "")
        chars.update(data["article"]["title_zh"] + data["article"]["title_en"])
    missing = []
    for char in sorted(c for c in chars if not c.isspace() and ord(c) > 0x20):
        in_latin = ord(char) in latin.getBestCmap()
        if in_latin and not _inked(latin, char):
            missing.append(("latin", char))
        for face in cjk:
            # The Chinese font sets what the Latin one lacks, and may set any other
            # character Typst gives it (punctuation in Chinese text).
            if (not in_latin or ord(char) in face.getBestCmap()) and not _inked(face, char):
                missing.append((face["name"].getDebugName(1), char))
    assert missing == []


def test_pdf_fonts_are_subset_and_the_same_on_every_machine(built_decks):
    out, _ = built_decks
    for path in sorted(out.glob("*/*.pdf")):
        fonts = _embedded_fonts(path)
        assert fonts and all(fonts.values()), (path, fonts)
        # Subset ("ABCDEF+Name"), and only the fonts vocabgen ships.
        assert all(re.fullmatch(r"/[A-Z]{6}\+(NotoSansCJK(sc|tc)|SourceSansPro)-[\w-]+", name) for name in fonts), fonts


def test_a_pdf_is_the_same_bytes_every_time(tmp_path, manifests):
    """Determinism, and the renderer subprocess: this (main) process never starts
    Typst, so the forked workers of later builds can."""
    from vocabgen.export import pdf, sheet_view

    data = next(iter(manifests.values()))
    view = sheet_view.vocab_view(data)
    first, second = pdf.write_pdfs([("vocab", view, tmp_path / "a.pdf"), ("vocab", view, tmp_path / "b.pdf")])
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b"%PDF-")
    assert not any(".tmp" in p.name for p in tmp_path.iterdir())


def _fork_and_write(path: str, data: dict, queue) -> None:
    from vocabgen.export import pdf, sheet_view

    try:
        pdf.write_pdfs([("cloze", sheet_view.cloze_sheet_view(data), Path(path))])
        queue.put("ok")
    except Exception as error:  # pragma: no cover - reported to the test
        queue.put(repr(error))


def test_a_process_forked_after_making_pdfs_can_make_pdfs(tmp_path, manifests):
    """Typst's threads do not survive a fork: a build's main process makes PDFs,
    then forks workers that make theirs. Neither may wait forever."""
    import multiprocessing

    from vocabgen.export import pdf, sheet_view

    data = next(iter(manifests.values()))
    pdf.write_pdfs([("vocab", sheet_view.vocab_view(data), tmp_path / "main.pdf")])
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_fork_and_write, args=(str(tmp_path / "child.pdf"), data, queue))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked process hung making a PDF")
    assert queue.get(timeout=5) == "ok"
    assert (tmp_path / "child.pdf").read_bytes().startswith(b"%PDF-")


def test_a_vocabulary_page_holds_at_least_twelve_words(built_decks, manifests):
    out, _ = built_decks
    for article_id, data in manifests.items():
        pages = _pdf_texts(out / article_id / "vocab.pdf")
        words = len(data["terms"])
        assert len(pages) <= -(-words // 12), (article_id, len(pages), words)
        # Every word is on a page, in order, numbered.
        text = _squash("".join(pages))
        positions = [text.find(_squash(t["hanzi"])) for t in data["terms"]]
        assert all(p >= 0 for p in positions)


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


def test_a_pdf_the_renderer_did_not_write_fails_loudly(tmp_path, monkeypatch):
    # The main process trusts its renderer's answer only as far as the file is there.
    from vocabgen.export import pdf

    class Silent:
        def write(self, jobs):
            pass  # answers "done" and writes nothing

    monkeypatch.setattr(pdf, "_compiles_here", lambda: False)
    monkeypatch.setattr(pdf, "_compiler", lambda: None)
    monkeypatch.setattr(pdf, "_shared_renderer", lambda: Silent())
    with pytest.raises(pdf.PdfError, match="not there"):
        pdf.write_pdfs([("vocab", {}, tmp_path / "vocab.pdf")])
