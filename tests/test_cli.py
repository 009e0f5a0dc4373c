import shutil

from click.testing import CliRunner

from vocabgen.cli import main

from helpers import SEEDS, build


def test_build_prints_a_summary_table(built_decks):
    out, output = built_decks
    lines = output.splitlines()
    header = next(line for line in lines if line.startswith("article"))
    for column in ("aligned", "terms", "files"):
        assert column in header
    for folder in sorted(out.iterdir()):
        assert any(str(folder) in line for line in lines)
        assert (folder / f"{folder.name}.apkg").stat().st_size > 0
        assert (folder / "vocab.json").stat().st_size > 0
    assert len([p for p in out.iterdir() if p.is_dir()]) == 5


def test_one_bad_article_does_not_stop_the_others(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / "000_5ad903a1dcf9d3b7.txt", inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "latin1.txt").write_bytes("caf\xe9 \xff\xfe".encode("latin-1"))
    out = tmp_path / "out"
    output = build([inputs], out, ok=False)
    assert f"{inputs / 'empty.txt'}: is empty" in output
    assert "latin1.txt: is neither UTF-8 nor GB18030" in output
    built = [p for p in out.iterdir() if p.is_dir()]
    assert len(built) == 1 and list(built[0].glob("*.apkg"))


def test_missing_path_is_an_error(tmp_path):
    assert "no such file or folder" in build([tmp_path / "nope"], tmp_path / "o", ok=False)


def test_options_reach_the_deck(tmp_path):
    import json

    out = tmp_path / "out"
    seed = SEEDS / "001_123a4070e7c0f7a1.txt"
    build([seed], out, "--max-terms", "12", "--min-hsk", "4")
    manifest = json.loads(next(out.glob("*/vocab.json")).read_text(encoding="utf-8"))
    assert len(manifest["terms"]) == 12
    assert all(t["hsk"] is None or t["hsk"] > 4 for t in manifest["terms"])


def test_interrupted_write_leaves_no_half_written_package(tmp_path, monkeypatch):
    import zipfile

    real_writestr = zipfile.ZipFile.writestr

    def explode(self, name, data, *args, **kwargs):
        real_writestr(self, name, data, *args, **kwargs)  # half a package is on disk
        raise KeyboardInterrupt

    monkeypatch.setattr(zipfile.ZipFile, "writestr", explode)
    out = tmp_path / "out"
    build([SEEDS / "000_5ad903a1dcf9d3b7.txt"], out, ok=False)
    leftovers = [p for p in out.rglob("*") if p.is_file()]
    assert leftovers == []


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, name


def test_tone_sandhi_changes_sentence_pinyin_but_not_words(tmp_path):
    import json

    seed = SEEDS / "000_5ad903a1dcf9d3b7.txt"

    def manifest(*extra):
        out = tmp_path / ("sandhi" if extra else "plain")
        build([seed], out, *extra)
        return json.loads(next(out.glob("*/vocab.json")).read_text(encoding="utf-8"))

    plain, sandhi = manifest(), manifest("--tone-sandhi")
    lines = [(p["zh"], p["pinyin"], s["pinyin"]) for p, s in zip(plain["sentences"], sandhi["sentences"])]
    (zh, before, after), = [line for line in lines if "一个人操心" in line[0]]
    # Numeral and measure word are written apart (GB/T 16159): yī gè, with sandhi yí gè.
    assert "yī gè rén" in before and "yí gè rén" in after
    assert [t["pinyin"] for t in plain["terms"]] == [t["pinyin"] for t in sandhi["terms"]]
