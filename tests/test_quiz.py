"""The quiz: answer checking (golden cases), items from the manifest, the terminal quiz."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vocabgen.cli import main
from vocabgen.quiz import canonical_pinyin, check_answer, items_from_manifest, select

CASES = json.loads((Path(__file__).parent / "data" / "quiz_answers.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("hanzi, numbered, traditional, given, accepted, why", CASES, ids=[c[5] for c in CASES])
def test_check_answer(hanzi, numbered, traditional, given, accepted, why):
    assert check_answer(hanzi, numbered, given, traditional=traditional) is accepted


def test_canonical_pinyin_puts_marks_where_pinyin_does():
    assert canonical_pinyin("hao3 jiu3 dou1 lu:4 er4") == "hǎojiǔdōulǜèr"


def _deck(built_decks) -> Path:
    out, _ = built_decks
    # The article with the fewest cloze items keeps the scripted sessions short.
    decks = sorted(out.glob("*/vocab.json"), key=lambda p: len(json.loads(p.read_text(encoding="utf-8"))["cloze"]))
    return decks[0].parent


def _items(deck: Path):
    return items_from_manifest(json.loads((deck / "vocab.json").read_text(encoding="utf-8")))


def test_items_follow_the_manifest(manifests):
    for data in manifests.values():
        items = items_from_manifest(data)
        assert len(items) == len(data["cloze"])
        for item, cloze in zip(items, data["cloze"]):
            assert "".join(item.parts) == cloze["zh"]
            assert tuple(b.hanzi for b in item.blanks) == tuple(cloze["answers"])
            for blank in item.blanks:
                assert blank.pinyin_numbered, blank  # every answer is a deck term with a reading
                assert blank.accepts(blank.hanzi)
                assert blank.accepts(blank.pinyin)
                assert blank.accepts(blank.pinyin_numbered)
            assert item.prompt().count("＿＿") == len(item.blanks)


def test_select_count_and_seeded_shuffle(built_decks):
    items = _items(_deck(built_decks))
    assert select(items, 3) == items[:3]
    once = select(items, None, shuffle=True, seed=7)
    assert once == select(items, None, shuffle=True, seed=7)
    assert sorted(i.number for i in once) == [i.number for i in items]
    assert [i.number for i in select(items, 4, shuffle=True, seed=7)] == [i.number for i in once[:4]]


def test_terminal_quiz_scores_and_repeats_the_missed(built_decks):
    deck = _deck(built_decks)
    items = _items(deck)[:3]
    first, second, third = (item.questions() for item in items)
    # A word that stands twice in its sentence is blanked twice and asked once.
    script = [
        *(b.hanzi for b in first),  # right, characters
        *("wrong" for _ in second),
        *(b.pinyin for b in third),  # right, tone marks
        # round 2: the missed one again
        *(b.pinyin_numbered for b in second),  # right, tone numbers
    ]
    result = CliRunner().invoke(main, ["quiz", str(deck), "--count", "3", "--no-shuffle"], input="\n".join(script) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Score: 2/3 (67%)" in out
    assert "Again: the 1 missed" in out
    assert "All 3 right after 2 rounds." in out
    assert out.count("right:") == len(first) + len(third) + len(second) and out.count("wrong:") == len(second)
    assert items[1].en in out  # the English hint is shown


def test_terminal_quiz_stops_cleanly_when_input_ends(built_decks):
    deck = _deck(built_decks)
    result = CliRunner().invoke(main, ["quiz", str(deck / "vocab.json"), "-n", "2"], input="nope\n")
    assert result.exit_code == 0, result.output
    assert "Score: 0/1 (0%)" in result.output
    assert "Stopped." in result.output


def test_terminal_quiz_shuffle_is_seeded(built_decks):
    deck = _deck(built_decks)
    runs = [
        CliRunner().invoke(main, ["quiz", str(deck), "--shuffle", "--seed", "3", "--no-repeat"], input="\n" * 40).output
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    plain = CliRunner().invoke(main, ["quiz", str(deck), "--no-repeat"], input="\n" * 40).output
    assert plain != runs[0]
    assert f"Score: 0/{len(_items(deck))}" in plain


def test_terminal_quiz_rejects_a_folder_without_a_manifest(tmp_path):
    result = CliRunner().invoke(main, ["quiz", str(tmp_path)])
    assert result.exit_code != 0
    assert "no vocab.json" in result.output


def test_quiz_command_loads_nothing_heavy(built_decks):
    deck = _deck(built_decks)
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from vocabgen.cli import main\n"
        f"r = CliRunner().invoke(main, ['quiz', {str(deck)!r}, '-n', '1', '--no-repeat'], input='x\\n')\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('jieba', 'pypinyin', 'wordfreq', 'genanki', 'typst', 'vocabgen.lexicon', 'vocabgen.pipeline', 'vocabgen.batch') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
