"""Cards as Anki shows them: each seed deck imported into a real Anki collection,
every card type's question and answer rendered by the anki backend (with the note
type's CSS), shown in Debian's Chromium at desktop and phone widths, by day and by
night (`card nightMode night_mode` on the body, as Anki's clients put them), and
checked for what can break. Screenshots go to $VOCABGEN_SCREENSHOTS when it is set
(one deck's are always taken, into the test's temporary folder, so the drawing
itself is exercised)."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest

pytest.importorskip("anki.collection")
from test_browser import CHROMIUM, CHROMIUM_ARGS, Page  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")]

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}  # an iPhone 12-15's CSS viewport
MODES = {"day": "card card1", "night": "card card1 nightMode night_mode"}

# WCAG contrast of each piece of text against the background it sits on, from the
# computed styles; `small` is text under 18.66 px that needs 4.5:1, larger text 3:1.
CONTRAST_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = c => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c;
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    const fg = lum(rgb(style.color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    out.push({text: el.textContent.trim().slice(0, 30), ratio: ratio, need: large ? 3 : 4.5});
  }
  return out;
}"""

LAYOUT_JS = """() => {
  // Where the answer starts: the revealed blank of a cloze, else Anki's #answer mark.
  const answer = document.querySelector(".cloze") || document.getElementById("answer");
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
    answerTop: answer ? answer.getBoundingClientRect().top + window.scrollY : null,
    bg: getComputedStyle(document.body).backgroundColor,
    toneClasses: Array.from(new Set(Array.from(document.querySelectorAll("[class^=tone]")).map(e => e.className))),
    rubies: document.querySelectorAll(".sentence ruby rt").length,
    visibleRubies: Array.from(document.querySelectorAll(".sentence ruby rt")).filter(e => e.getClientRects().length).length,
    pinyinLines: Array.from(document.querySelectorAll(".pinyin-line")).filter(e => e.getClientRects().length).length,
  };
}"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def collections(built_decks, tmp_path_factory):
    """One fresh collection per seed deck, with the deck imported (for the whole
    module: the anki_collection fixture's are the test's own)."""
    from helpers import open_collection

    out, _ = built_decks
    cols = []
    for k, package in enumerate(sorted(out.glob("*/*.apkg"))):
        cols.append((package, open_collection(tmp_path_factory.mktemp(f"anki{k}") / "collection.anki2", package)))
    yield cols
    for _, col in cols:
        col.close()


def _sample_cards(col):
    """The cards most likely to break a layout: the vocabulary note with the longest
    example (recognition and recall) and the cloze card with the longest sentence."""
    vocab = [col.get_note(n) for n in col.find_notes('"note:vocabgen: Chinese vocabulary"')]
    cloze = [col.get_note(n) for n in col.find_notes('"note:vocabgen: Chinese cloze"')]
    longest = max(vocab, key=lambda n: len(re.sub(r"<rt[^>]*>.*?</rt>|<[^>]+>", "", n["Sentence"])))
    recognition, recall = longest.cards()
    cloze_card = max(cloze, key=lambda n: len(n["Text"])).cards()[0]
    return {"recognition": recognition, "recall": recall, "cloze": cloze_card}


def _page(col, html: str, mode: str, name: str) -> Path:
    """The card as a page in the collection's media folder, so media resolve as in Anki."""
    media = Path(col.media.dir())
    path = media / f"render-{name}.html"
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body class="{MODES[mode]}">{html}</body></html>',
        encoding="utf-8",
    )
    return path


def _shots_dir(tmp_path_factory, index: int) -> Path | None:
    wanted = os.environ.get("VOCABGEN_SCREENSHOTS")
    if wanted:
        return Path(wanted)
    return tmp_path_factory.mktemp("shots") if index == 0 else None


def _problems(tab, page, where: str, side: str, phone_height: int | None, night: bool) -> list[str]:
    """What is wrong with one rendered side of a card."""
    out = []
    layout = page.evaluate(LAYOUT_JS)
    if layout["scrollWidth"] > layout["width"]:
        out.append(f"{where}: {layout['scrollWidth']} px wide in a {layout['width']} px window")
    if phone_height and side == "back" and layout["answerTop"] is not None and layout["answerTop"] > phone_height * 0.75:
        out.append(f"{where}: the answer starts at {layout['answerTop']:.0f} px, below the fold")
    if night and layout["bg"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"):
        out.append(f"{where}: the card stays white at night")
    if side == "back":
        if not layout["toneClasses"]:
            out.append(f"{where}: no tone colours")
        if not (layout["visibleRubies"] or layout["pinyinLines"]):
            out.append(f"{where}: no sentence pinyin shown")
        if layout["visibleRubies"] and layout["pinyinLines"]:
            out.append(f"{where}: pinyin shown twice (ruby and line)")
    for item in page.evaluate(CONTRAST_JS):
        if item["ratio"] < item["need"]:
            out.append(f"{where}: {item['text']!r} contrast {item['ratio']:.2f} < {item['need']}")
    if tab.errors:
        out.append(f"{where}: console errors {tab.errors[:2]}")
    if tab.outside:
        out.append(f"{where}: tried the network {tab.outside[:2]}")
    return out


def _strokes_problem(page, where: str) -> str | None:
    """Stroke order draws from the deck's own media files, offline: one drawing per
    character that has data, at least one."""
    page.wait_for_selector(".strokes[data-characters]", timeout=20000)
    drawn = page.eval_on_selector_all(".stroke-cell svg", "els => els.length")
    chars = page.eval_on_selector(".strokes-text", "e => e.textContent")
    return None if 1 <= drawn <= len(chars) else f"{where}: {drawn} stroke drawings for {chars!r}"


def test_every_card_type_renders_right_by_day_and_night_on_desktop_and_phone(browser, collections, tmp_path_factory):
    problems: list[str] = []
    for index, (package, col) in enumerate(collections):
        shots = _shots_dir(tmp_path_factory, index)
        cards = _sample_cards(col)
        for width_name, (width, height) in WIDTHS.items():
            tab = Page(browser, viewport={"width": width, "height": height})
            try:
                for (kind, card), side, mode in itertools.product(cards.items(), ("front", "back"), MODES):
                    name = f"{kind}-{side}-{width_name}-{mode}"
                    where = f"{package.stem[:24]} {name}"
                    tab.errors.clear()
                    page = tab.open(_page(col, card.question() if side == "front" else card.answer(), mode, name))
                    if kind == "recognition" and side == "back":
                        problems += filter(None, [_strokes_problem(page, where)])
                    problems += _problems(tab, page, where, side, height if width_name == "phone" else None,
                                          mode == "night")
                    if shots is not None:
                        page.screenshot(path=str(shots / f"{index}-{name}.png"), full_page=True)
            finally:
                tab.close()
    assert not problems, "\n".join(problems[:40])


def test_ruby_and_tones_reach_the_cards_of_every_deck(collections):
    """Most examples get pinyin above their characters; every word's pinyin is coloured."""
    for package, col in collections:
        vocab = [col.get_note(n) for n in col.find_notes('"note:vocabgen: Chinese vocabulary"')]
        with_ruby = sum("<ruby>" in n["Sentence"] for n in vocab)
        assert with_ruby >= 0.8 * len(vocab), (package.name, with_ruby, len(vocab))
        for note in vocab:
            assert re.fullmatch(r'(<span class="tone[1-5]">[^<]+</span> ?)+', note["Pinyin"]), note["Pinyin"]
            assert len(note["Article"]) <= 75
        media = set(os.listdir(col.media.dir()))
        assert {"_hanzi-writer.min.js", "_vocabgen-strokes.js"} <= media
        for note in vocab[:10]:
            for char in note["Hanzi"]:
                assert f"_hw-{ord(char):x}.js" in media, char


def test_quiz_page_animates_the_stroke_order_of_the_answer_offline(browser, built_decks):
    out, _ = built_decks
    quiz = sorted(out.glob("*/quiz.html"))[0]
    media = quiz.parent / "media"
    assert (media / "_hanzi-writer.min.js").is_file() and (media / "_hanzi-writer-data-ARPHICPL.txt").is_file()
    tab = Page(browser, viewport={"width": 390, "height": 844})
    try:
        page = tab.open(quiz)
        page.locator("#sentence input").first.fill("x")
        page.locator("#check").click()
        page.wait_for_selector("#feedback .strokes[data-characters]", timeout=20000)
        answer = page.eval_on_selector("#feedback .strokes-text", "e => e.textContent")
        drawn = page.eval_on_selector_all("#feedback .stroke-cell svg", "els => els.length")
        assert 1 <= drawn <= len(answer)
        # The characters' data comes inside the page (no file per character).
        inline = set(page.evaluate("Object.keys(window.vocabgenStrokeData || {})"))
        assert drawn == len({c for c in answer if c in inline}) and drawn >= 1
        assert not list(media.glob("_hw-*.js"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert tab.errors == [] and tab.outside == []
    finally:
        tab.close()
