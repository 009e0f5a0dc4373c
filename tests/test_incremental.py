"""Rebuilds redo only what changed; parallel builds write what serial builds write."""

import shutil
from pathlib import Path

import pytest

from helpers import SEEDS, build

pytestmark = pytest.mark.slow  # whole builds of every seed, serial and with workers


def _build(inputs, out, *extra):
    # As a user's build: PDFs (outputs the stamp must cover) and every core.
    return build([inputs], out, *extra, pdf=True, jobs=None)


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


def test_workers_replaced_after_their_share_write_what_a_serial_build_writes(tmp_path, monkeypatch):
    import vocabgen.batch as batch

    # Every worker retires after one article: each replacement is forked from the
    # main process mid-run, with its caches, and must build the same outputs.
    monkeypatch.setattr(batch, "_ARTICLES_PER_WORKER", 1)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    _build(SEEDS, serial, "--jobs", "1", "--no-pdf")
    _build(SEEDS, parallel, "--jobs", "3", "--no-pdf")
    # Packages (and the stamps, which hold their hashes) carry the time they were written.
    def compared(root):
        return sorted(p.relative_to(root) for p in root.rglob("*")
                      if p.is_file() and p.suffix != ".apkg" and p.name != ".vocabgen-build.json")

    names = compared(serial)
    assert len(names) > 5 * 4
    assert names == compared(parallel)
    for name in names:
        assert (serial / name).read_bytes().replace(str(serial).encode(), b"") == \
            (parallel / name).read_bytes().replace(str(parallel).encode(), b""), name


def test_a_worker_that_dies_fails_its_article_only(tmp_path, monkeypatch):
    import os

    import vocabgen.batch as batch

    # The main process builds the first article, then hands the next two to its
    # worker before it builds again: so the second article is a worker's.
    seeds = sorted(SEEDS.glob("*.txt"))
    doomed = seeds[1].name
    main_pid = os.getpid()
    real = batch.build_article

    def dies_in_a_worker(article, *args, **kwargs):
        if os.getpid() != main_pid and Path(article.source).name == doomed:
            os._exit(9)  # as the kernel's OOM killer would, with no goodbye
        return real(article, *args, **kwargs)

    monkeypatch.setattr(batch, "build_article", dies_in_a_worker)
    out = tmp_path / "out"
    output = build([SEEDS], out, jobs=2, ok=False)
    assert doomed in output and "stopped unexpectedly" in output, output
    assert len(list(out.glob("*/vocab.json"))) == len(seeds) - 1
    # Nothing of the dead worker's article is left half-written.
    assert not [p for p in out.rglob("*.tmp")]


def test_a_build_cut_short_leaves_no_worker_running(tmp_path):
    import multiprocessing

    from vocabgen.config import BuildConfig
    from vocabgen.ingest import discover
    from vocabgen.batch import build_all, scan

    refs, failures = scan(discover([SEEDS]))
    assert not failures
    outcomes = build_all(refs, BuildConfig(out_dir=tmp_path, jobs=2, pdf=False))
    next(outcomes)  # built before any worker is forked
    next(outcomes)  # the worker has started by now
    assert multiprocessing.active_children()
    outcomes.close()  # as when the caller stops early (Ctrl-C, an error)
    assert not multiprocessing.active_children()
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_build_cut_short_sweeps_the_temporaries_of_its_articles(tmp_path):
    # A temporary a stop left behind (made while a signal went to another thread)
    # in the folder of an article this build had yet to finish: gone once it stops.
    from vocabgen.config import BuildConfig
    from vocabgen.ingest import discover
    from vocabgen.batch import build_all, scan

    refs, failures = scan(discover([SEEDS]))
    assert not failures and len(refs) >= 3
    left = tmp_path / refs[-1].id / ".vocab.json.abcd1234.tmp"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"half")
    outcomes = build_all(refs, BuildConfig(out_dir=tmp_path, jobs=1, pdf=False))
    next(outcomes)  # the first article only; the last one not started
    assert left.exists()
    outcomes.close()
    assert not left.exists()


def test_a_relative_out_folder_gets_the_pdfs_of_the_main_process(tmp_path, monkeypatch):
    # The main process hands its PDFs to a renderer that runs in vocabgen's own
    # folder: a relative --out (the default, decks/) must still mean the caller's.
    from vocabgen.config import BuildConfig
    from vocabgen.ingest import discover
    from vocabgen.batch import build_all, scan

    refs, failures = scan(discover([SEEDS]))
    assert not failures
    monkeypatch.chdir(tmp_path)
    outcomes = list(build_all(refs[:1], BuildConfig(out_dir=Path("decks"), jobs=1, pdf=True)))
    assert len(outcomes) == 1
    folder = tmp_path / "decks" / refs[0].id
    assert (folder / "vocab.pdf").stat().st_size > 0 and (folder / "cloze.pdf").stat().st_size > 0
