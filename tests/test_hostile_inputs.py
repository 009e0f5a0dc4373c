"""What a careless or hostile user feeds `vocabgen build`: it may fail, clearly, per
file, but never write outside --out, lose an article, crash with a traceback or
take the machine (issue 19)."""

from __future__ import annotations

import json
import os
import re
import tracemalloc

import pytest

from hostile import article_folders, assert_clean_failure, assert_no_debris, build, seed_text, snapshot

SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,90}")


def _with_header(text: str, key: str, value: str) -> str:
    return re.sub(rf"(?m)^{key}:.*$", lambda _: f"{key}: {value}", text, count=1)


@pytest.mark.slow  # one build per hostile header
def test_no_header_value_becomes_a_path(tmp_path):
    text = seed_text(0)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "up.txt").write_text(_with_header(text, "Date", "../../escaped"), encoding="utf-8")
    (inputs / "abs.txt").write_text(_with_header(text, "Date", str(tmp_path / "abs")), encoding="utf-8")
    (inputs / "slashes.txt").write_text(_with_header(text, "Date", "1960/08/09"), encoding="utf-8")
    (inputs / "long.txt").write_text(_with_header(text, "Title", "Word " * 5000), encoding="utf-8")
    (inputs / "dots.txt").write_text(_with_header(text, "Title", "../.. / . \\ ~"), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    before = snapshot(tmp_path)

    run = build(inputs, out)

    assert run.code == 0, run.err
    made = snapshot(tmp_path) - before
    assert all(p == out or out in p.parents or p in out.parents for p in made), "wrote outside --out"
    folders = article_folders(out)
    assert len(folders) == 5
    for folder in folders:
        assert SAFE_ID.fullmatch(folder.name), folder.name
        assert (folder / f"{folder.name}.apkg").is_file()
    # A slash date is a date, not two more folder levels.
    assert any(f.name.startswith("1960-08-09-") for f in folders)
    assert not any(p.is_dir() for f in folders for p in f.iterdir() if p.name != "media")
    assert_no_debris(out)


@pytest.mark.slow  # 12,000 characters split under tracemalloc (seconds)
def test_word_splitting_is_linear_in_memory(lexicon):
    # The splitter used to copy the split so far at every position: 0.66 GB at
    # 10,000 characters, growing with the square of the length.
    text = ("中共兰州市委及时总结领导干部深入第一线后的工作方法提高基层干部加强基层工作" * 400)[:12000]
    tracemalloc.start()
    try:
        pieces = lexicon._split(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "".join(pieces) == text
    assert peak < 30e6, f"{peak / 1e6:.0f} MB"


@pytest.mark.slow  # a process of its own, for its peak memory
def test_a_huge_unpunctuated_file_is_refused_clearly_in_bounded_memory(tmp_path):
    body = "".join(re.findall(r"[\u4e00-\u9fff]", seed_text(1))) * 400
    body = body[:100_000]  # 300 KB of UTF-8, no sentence end
    path = tmp_path / "flood.txt"
    path.write_text(f"Title: Flood\nDate: 2020-01-01\n\nA flood.\n<hr />\nOriginal:\n### 洪水\n    {body}\n",
                    encoding="utf-8")
    assert path.stat().st_size > 290_000

    run = build([path, tmp_path / "missing.txt"], tmp_path / "out")

    assert_clean_failure(run)
    assert "flood.txt:8:" in run.err and "sentence end" in run.err
    assert run.peak_mb < 300, f"peak {run.peak_mb:.0f} MB"


@pytest.mark.slow  # reads an input of thousands of sentences
def test_too_many_sentences_to_align_is_refused_clearly(tmp_path):
    # 3,000 one-character paragraphs took 6 minutes in the aligner.
    zh = "\n".join("    好。" for _ in range(2100))
    en = "\n".join("Good." for _ in range(2100))
    path = tmp_path / "many.txt"
    path.write_text(f"Title: Many\nDate: 2020-01-01\n\n{en}\n<hr />\nOriginal:\n### 多\n{zh}\n", encoding="utf-8")
    run = build([path, seed_text_file(tmp_path, 2)], tmp_path / "out")
    assert_clean_failure(run)
    assert "many.txt: has 2,100 Chinese and 2,101 English sentences" in run.err
    assert len(article_folders(tmp_path / "out")) == 1  # the other article is built
    assert run.peak_mb < 600, f"peak {run.peak_mb:.0f} MB"


def seed_text_file(tmp_path, k: int):
    path = tmp_path / f"seed{k}.txt"
    path.write_text(seed_text(k), encoding="utf-8")
    return path


@pytest.mark.slow  # a whole build
def test_numbers_of_hundreds_of_digits_do_not_stop_the_build(tmp_path):
    text = seed_text(0)
    digits = "9" * 400
    text = text.replace("\n\n(Our Dispatch", f"\n\nIt cost {digits} yuan and the {digits}th time.\n\n(Our Dispatch", 1)
    text = re.sub(r"(?m)^(    中共兰州市委及时总结.*)$", rf"\1\n    花了{digits}亿元。", text, count=1)
    (tmp_path / "long-number.txt").write_text(text, encoding="utf-8")
    run = build([tmp_path / "long-number.txt", seed_text_file(tmp_path, 1)], tmp_path / "out")
    assert run.code == 0, run.err
    assert len(article_folders(tmp_path / "out")) == 2


def test_wrong_encodings_are_refused_with_the_encoding_to_use(tmp_path):
    text = seed_text(0)
    (tmp_path / "big5.txt").write_bytes(text.encode("big5", errors="ignore"))
    (tmp_path / "latin.zh.txt").write_text("咖啡馆\n我喜欢咖啡馆。\n", encoding="utf-8")
    (tmp_path / "latin.en.txt").write_bytes("Café\nThe naïve café owner's résumé.\n".encode("latin-1"))
    (tmp_path / "latin2.txt").write_bytes(
        _with_header(text, "Title", "Déjà vu à Lanzhou").encode("gb18030").replace(
            "Déjà".encode("gb18030"), "Déjà".encode("latin-1")))
    (tmp_path / "mended.txt").write_text(text.replace("中共", "\ufffd\ufffd", 3), encoding="utf-8")
    output = _invoke("build", tmp_path, "--out", tmp_path / "out", "--tts", "none", "--no-pdf")
    lines = [line for line in output.splitlines() if line.startswith("error:")]
    by_file = {name: next((line for line in lines if name in line), "") for name in
               ("big5.txt", "latin.en.txt", "latin2.txt", "mended.txt")}
    assert "Big5" in by_file["big5.txt"] and "UTF-8" in by_file["big5.txt"]
    assert "UTF-8" in by_file["latin.en.txt"]
    assert "Latin-1" in by_file["latin2.txt"] and "UTF-8" in by_file["latin2.txt"]
    assert "replacement characters" in by_file["mended.txt"]
    assert not (tmp_path / "out").exists() or not article_folders(tmp_path / "out")


@pytest.mark.slow  # builds several articles
def test_same_titled_translations_both_survive_and_copies_are_built_once(tmp_path):
    text = seed_text(0)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(text, encoding="utf-8")
    # Another translation of the same article: same title, date and Chinese.
    (inputs / "b.txt").write_text(text.replace("(Our Dispatch from Lanzhou", "(Dispatch from Lanzhou"),
                                  encoding="utf-8")
    (inputs / "c.txt").write_bytes(text.encode("gb18030"))  # a copy of a.txt in another encoding
    out = tmp_path / "out"

    run = build(inputs, out)

    assert run.code == 0, run.err
    assert re.search(r"a\.txt, .*c\.txt hold the same article; it is built once", run.err), run.err
    folders = article_folders(out)
    assert len(folders) == 2
    sources = {json.loads((f / "vocab.json").read_text(encoding="utf-8"))["article"]["id"] for f in folders}
    assert sources == {f.name for f in folders}
    manifests = [(f / "vocab.json").read_text(encoding="utf-8") for f in folders]
    assert manifests[0].replace(folders[0].name, "") != manifests[1].replace(folders[1].name, "")
    again = build(inputs, out)
    assert again.code == 0 and again.out.count("(up to date)") == 2, again.out


@pytest.mark.slow  # waits out FIFOs and devices
def test_special_files_are_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    run = build([fifo, "/dev/zero", seed_text_file(tmp_path, 0)], tmp_path / "out", timeout=120)
    assert_clean_failure(run)
    assert "pipe.txt: is not a regular file" in run.err and "/dev/zero: is not a regular file" in run.err
    assert len(article_folders(tmp_path / "out")) == 1


def test_a_lone_half_of_a_pair_names_its_missing_partner(tmp_path):
    (tmp_path / "x.zh.txt").write_text("标题\n正文。\n", encoding="utf-8")
    assert "x.en.txt is missing" in _invoke("build", tmp_path / "x.zh.txt", "--out", tmp_path / "out", "--tts", "none")


@pytest.mark.parametrize("setting, message", [
    ("known = 5", "known: expected a quoted string"),
    ("out = 3", "out: expected a quoted string"),
    ("cache_dir = 7", "cache_dir: expected a quoted string"),
    ("[build]\nknown = {a = 1}", "expected a value, not a table"),
    ("max_terms = 1.9", "max_terms: expected a whole number, not 1.9"),
    ("max_terms = true", "max_terms: expected a whole number, not true"),
    ("max_terms = 5000", "max_terms: 5000 is not in the range"),
    ("pdf = \"yes\"", "pdf: expected true or false"),
])
def test_settings_of_the_wrong_type_get_one_line_naming_the_file(tmp_path, monkeypatch, setting, message):
    # In this process (see _invoke): a process each would cost half a second per case.
    (tmp_path / "vocabgen.toml").write_text(setting + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    output = _invoke("build", seed_text_file(tmp_path, 0), "--out", tmp_path / "out", "--tts", "none")
    assert "vocabgen.toml" in output and message in output, output
    assert not (tmp_path / "out").exists()


def test_settings_that_are_not_utf8_get_one_line(tmp_path, monkeypatch):
    (tmp_path / "vocabgen.toml").write_bytes("script = \"both\" # 繁體\n".encode("big5"))
    monkeypatch.chdir(tmp_path)
    output = _invoke("build", seed_text_file(tmp_path, 0), "--out", tmp_path / "out", "--tts", "none")
    assert "vocabgen.toml: not UTF-8" in output


def test_an_output_folder_under_a_file_is_one_clear_line(tmp_path):
    (tmp_path / "file").write_text("x")
    output = _invoke("build", seed_text_file(tmp_path, 0), "--out", tmp_path / "file" / "out", "--tts", "none")
    assert "cannot use it as the output folder" in output


def test_an_unknown_voice_is_one_clear_line(tmp_path):
    output = _invoke("build", seed_text_file(tmp_path, 0), "--out", tmp_path / "out", "--tts", "edge",
                     "--voice", "nosuch", "--no-pdf")
    assert "voice" in output and "nosuch" in output and "zh-CN-XiaoxiaoNeural" in output


def test_a_crash_inside_one_article_fails_that_article_only(tmp_path, monkeypatch):
    import helpers
    import vocabgen.pipeline as pipeline

    real = pipeline.study

    def study(article, *args, **kwargs):
        if "Lanzhou" in article.title_en:
            raise ZeroDivisionError("a bug")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(pipeline, "study", study)
    inputs = [seed_text_file(tmp_path, k) for k in range(3)]
    output = helpers.build(inputs, tmp_path / "out", ok=False)
    assert "seed0.txt: could not be built: ZeroDivisionError: a bug" in output
    assert len(article_folders(tmp_path / "out")) == 2


def _invoke(*args, input=None):
    """The command run in this process (a process each costs a second): its output,
    checked to be one clean error (no exception escaping, one `Error:` line). What
    only a process shows (exit codes of signals, peak memory, hangs) uses hostile.build."""
    from click.testing import CliRunner

    from vocabgen.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    # A clean failure is a SystemExit with a message, not an exception escaping.
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit), result.output
    assert len([line for line in result.output.splitlines() if line.startswith("Error:")]) == 1, result.output
    return result.output


@pytest.mark.parametrize("manifest", ['{"cloze": [{"x": 1}]}', "[1, 2]", '{"cloze": 5, "article": 3}', "{", ""])
def test_quiz_on_a_malformed_manifest_is_one_line(tmp_path, manifest):
    (tmp_path / "vocab.json").write_text(manifest, encoding="utf-8")
    assert str(tmp_path / "vocab.json") in _invoke("quiz", tmp_path, input="")


def test_align_reads_what_build_reads_and_refuses_the_rest(tmp_path):
    from click.testing import CliRunner

    from vocabgen.cli import main

    (tmp_path / "a.en").write_text("Hello.\nWorld.\n", encoding="utf-8")
    for name, data in (("gb.zh", "你好。\n世界。\n".encode("gb18030")),
                       ("u16.zh", "你好。\n世界。\n".encode("utf-16"))):
        (tmp_path / name).write_bytes(data)
        result = CliRunner().invoke(main, ["align", str(tmp_path / name), str(tmp_path / "a.en")])
        assert result.exit_code == 0 and result.output.splitlines() == ["[0]:[0]", "[1]:[1]"], result.output
    (tmp_path / "binary.zh").write_bytes(bytes(range(256)) * 4)
    assert "binary.zh: is not a text file" in _invoke("align", tmp_path / "binary.zh", tmp_path / "a.en")
    assert "/dev/zero: is not a regular file" in _invoke("align", "/dev/zero", tmp_path / "a.en")


def test_init_where_it_cannot_write_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    assert "file/vocabgen.toml: cannot write it" in _invoke("init", tmp_path / "file" / "vocabgen.toml")
