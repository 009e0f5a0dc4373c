"""The HTML sheets and the quiz page in a real headless Chromium (Debian's build,
driven by Playwright), with every request but file: refused."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("VOCABGEN_CHROMIUM", "/usr/bin/chromium")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not Path(CHROMIUM).exists() and shutil.which("chromium") is None,
    reason=f"no Chromium at {CHROMIUM} (Debian package 'chromium'; .ci/run installs it)",
)]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
CASES = json.loads((Path(__file__).parent / "data" / "quiz_answers.json").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page with its console errors and any request that tried to leave the disk."""

    def __init__(self, browser, viewport=None):
        self.context = browser.new_context(viewport=viewport or {"width": 1000, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []

        def route(r):
            url = r.request.url
            if url.startswith(("file:", "data:", "about:")):
                r.continue_()
            else:
                self.outside.append(url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: Path):
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser):
    page = Page(browser)
    yield page
    page.close()


def _smallest_deck(out: Path) -> Path:
    return min(out.glob("*/vocab.json"), key=lambda p: len(json.loads(p.read_text(encoding="utf-8"))["cloze"])).parent


@pytest.mark.parametrize("name", ["vocab.html", "cloze.html", "quiz.html"])
def test_pages_load_without_errors_or_network(browser, built_decks, name):
    out, _ = built_decks
    tab = Page(browser)
    try:
        for folder in sorted(p for p in out.iterdir() if p.is_dir()):
            page = tab.open(folder / name)
            assert page.title()
            assert page.locator("h1").first.inner_text().strip()
            assert tab.errors == [], (folder.name, tab.errors)
            assert tab.outside == [], tab.outside
    finally:
        tab.close()


def test_quiz_page_checks_answers_like_the_python_quiz(tab, built_decks):
    out, _ = built_decks
    page = tab.open(_smallest_deck(out) / "quiz.html")
    results = page.evaluate(
        "cases => cases.map(c => window.vocabgenQuiz.check(c[0], c[1], c[3], c[2]))", CASES
    )
    wrong = [(case[3], case[5]) for case, got in zip(CASES, results) if got is not case[4]]
    assert wrong == []
    assert tab.errors == []


def _answer(page, text: str) -> bool:
    """Type into the current item's first blank, check, and read the verdict."""
    page.locator("#sentence input").first.fill(text)
    page.locator("#check").click()
    verdict = page.locator("#feedback .verdict").inner_text()
    return verdict.startswith("Right")


def test_quiz_page_scores_and_retries_the_missed(tab, built_decks):
    out, _ = built_decks
    deck = _smallest_deck(out)
    data = json.loads((deck / "vocab.json").read_text(encoding="utf-8"))
    terms = {t["hanzi"]: t for t in data["terms"]}
    items = data["cloze"]
    page = tab.open(deck / "quiz.html")
    assert page.locator("#hint").inner_text() == items[0]["en"]

    right = 0
    for k, item in enumerate(items):
        assert page.locator("#progress").inner_text() == f"{k + 1} / {len(items)}"
        inputs = page.locator("#sentence input")
        assert inputs.count() == len(item["answers"])
        term = terms[item["answers"][0]]
        # characters, tone numbers, tone marks, and a wrong answer, in turn
        given = [term["hanzi"], term["pinyin_numbered"], term["pinyin"], "错误"][k % 4]
        for n in range(1, inputs.count()):
            inputs.nth(n).fill(item["answers"][n])
        ok = _answer(page, given)
        assert ok is (k % 4 != 3), (given, term)
        right += ok
        feedback = page.locator("#feedback").inner_text()
        assert term["hanzi"] in feedback and term["pinyin"].split()[0] in feedback
        assert page.locator("#running").inner_text() == f"Right: {right}"
        page.locator("#next").click()

    assert page.locator("#done").is_visible()
    percent = round(100 * right / len(items))
    assert page.locator("#score").inner_text() == f"Score: {right} / {len(items)} ({percent}%)"
    missed = len(items) - right
    assert page.locator("#missed li").count() == missed
    page.locator("#retry").click()
    assert page.locator("#progress").inner_text() == f"Retry 1 · 1 / {missed}"
    first_missed = items[3]
    assert page.locator("#hint").inner_text() == first_missed["en"]
    assert _answer(page, terms[first_missed["answers"][0]]["hanzi"])
    assert tab.errors == []


def test_quiz_page_works_with_the_keyboard_on_a_phone(browser, built_decks):
    out, _ = built_decks
    tab = Page(browser, viewport={"width": 375, "height": 740})
    try:
        page = tab.open(_smallest_deck(out) / "quiz.html")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        page.locator("#sentence input").first.type("nope")
        page.keyboard.press("Enter")
        assert page.locator("#feedback").is_visible()
        assert page.locator("#feedback .verdict").inner_text().startswith("Not quite")
        page.keyboard.press("Enter")
        assert page.locator("#progress").inner_text().startswith("2 / ")
        assert tab.errors == []
    finally:
        tab.close()


def test_quiz_page_shows_article_text_as_text(tab, tmp_path):
    from test_sheets import EVIL, evil_manifest

    from vocabgen.export.quiz_page import quiz_page_html
    from vocabgen.export.sheets import cloze_sheet_html, vocab_sheet_html

    data = evil_manifest()
    data["sentences"][0]["audio"] = "abc.mp3"
    for name, render in (("quiz.html", quiz_page_html), ("vocab.html", vocab_sheet_html), ("cloze.html", cloze_sheet_html)):
        (tmp_path / name).write_text(render(data), encoding="utf-8")
        page = tab.open(tmp_path / name)
        assert EVIL in page.locator("body").inner_text()
    page = tab.open(tmp_path / "quiz.html")
    assert page.locator("#hint").inner_text() == "My work " + EVIL
    assert _answer(page, "gōngzuò")
    assert page.locator("#feedback audio").get_attribute("src") == "media/abc.mp3"
    assert tab.dialogs == []
    # The missing audio file is the only complaint.
    assert all("abc.mp3" in e or "ERR_FILE_NOT_FOUND" in e for e in tab.errors), tab.errors
