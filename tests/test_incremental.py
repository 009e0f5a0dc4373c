"""Rebuilds redo only what changed; parallel builds write what serial builds write."""

import shutil

from click.testing import CliRunner

from vocabgen.cli import main

from conftest import SEEDS


def _build(inputs, out, *extra):
    result = CliRunner().invoke(main, ["build", str(inputs), "--out", str(out), "--tts", "none", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def _mtimes(out):
    return {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_unchanged_articles_are_reused_and_changed_ones_rebuilt(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(SEEDS.glob("00[01]_*.txt")):
        shutil.copy(seed, inputs)
    out = tmp_path / "out"
    _build(inputs, out)
    first = _mtimes(out)

    again = _build(inputs, out)
    assert again.count("(up to date)") == 2
    assert _mtimes(out) == first

    changed = sorted(inputs.glob("001_*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("苏州", "苏州市"), encoding="utf-8")
    third = _build(inputs, out)
    assert third.count("(up to date)") == 1
    rebuilt = {p for p, t in _mtimes(out).items() if first.get(p) != t}
    assert rebuilt and all("1960-06-14" in str(p) for p in rebuilt)

    # Options that shape the output are part of the key.
    assert _build(inputs, out, "--max-terms", "10").count("(up to date)") == 0
    assert _build(inputs, out, "--max-terms", "10", "--force").count("(up to date)") == 0


def test_a_deleted_output_is_rebuilt(tmp_path):
    out = tmp_path / "out"
    seed = SEEDS / "000_5ad903a1dcf9d3b7.txt"
    _build(seed, out)
    next(out.glob("*/*.apkg")).unlink()
    assert "(up to date)" not in _build(seed, out)
    assert list(out.glob("*/*.apkg"))


def test_parallel_build_writes_what_a_serial_build_writes(tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    _build(SEEDS, serial, "--jobs", "1")
    _build(SEEDS, parallel, "--jobs", "2")
    names = sorted(p.relative_to(serial) for p in serial.rglob("vocab.json"))
    assert len(names) == 5
    assert names == sorted(p.relative_to(parallel) for p in parallel.rglob("vocab.json"))
    for name in names:
        assert (serial / name).read_text().replace(str(serial), "") == (parallel / name).read_text().replace(str(parallel), "")
