"""Builds cut short (each signal, several moments), damaged outputs, two builds at
once: the next build never calls a mixed or damaged folder "up to date", leaves no
temporary or zero-byte file, and no worker outlives its build (issue 19)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from hostile import REPO, SEEDS, article_folders, assert_clean_failure, assert_no_debris, build

pytestmark = pytest.mark.slow  # whole builds, killed and damaged on purpose

STAMP = ".vocabgen-build.json"


def _start(out: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "vocabgen", "build", str(SEEDS), "--out", str(out), "--tts", "none", "--no-pdf",
         *extra],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def _processes_of(out: Path) -> list[int]:
    """Live processes building into out (the build and any worker forked from it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if str(out).encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _notes_in(package: Path) -> int:
    with zipfile.ZipFile(package) as archive, archive.open("collection.anki2") as handle:
        data = handle.read()
    path = package.with_suffix(".check.sqlite")
    path.write_bytes(data)
    try:
        with sqlite3.connect(path) as db:
            return db.execute("select count(*) from notes").fetchone()[0]
    finally:
        path.unlink()


def _assert_whole(out: Path, max_terms: int) -> None:
    """Every article folder is one build's: its package holds the notes its manifest
    lists, made with `max_terms`, and nothing half-written is around."""
    assert_no_debris(out)
    folders = article_folders(out)
    assert len(folders) == 5
    for folder in folders:
        manifest = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        assert len(manifest["terms"]) <= max_terms
        assert _notes_in(folder / f"{folder.name}.apkg") == len(manifest["terms"]) + len(manifest["cloze"])
        assert (folder / STAMP).is_file()


@pytest.mark.parametrize("signum, moment", [
    (signal.SIGTERM, "first"), (signal.SIGINT, "first"), (signal.SIGKILL, "first"),
    (signal.SIGTERM, "later"), (signal.SIGKILL, "later"),
])
def test_a_rebuild_cut_short_is_never_called_up_to_date(tmp_path, signum, moment):
    out = tmp_path / "out"
    first = build(SEEDS, out, "--max-terms", "8", "--jobs", "2")
    assert first.code == 0, first.err
    # Rebuild with other options, and stop it part-way: once it has rewritten its
    # first output file, or several.
    started = time.time()
    time.sleep(0.05)
    process = _start(out, "--max-terms", "25", "--jobs", "2")
    try:
        def rewritten() -> int:
            count = 0
            for path in out.rglob("*"):
                try:
                    count += path.is_file() and path.stat().st_mtime > started
                except OSError:
                    pass  # a temporary renamed meanwhile
            return count

        assert _wait_for(lambda: rewritten() >= (1 if moment == "first" else 9), 120)
        os.kill(process.pid, signum)
        process.wait(timeout=60)
        assert b"Traceback" not in process.stderr.read()
        # No worker outlives the build, whatever the signal.
        assert _wait_for(lambda: not _processes_of(out), 15), _processes_of(out)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stderr.close()
    if signum != signal.SIGKILL:
        assert_no_debris(out)  # the build cleaned up after itself
    # The first options again: nothing half of the second build may pass as current.
    again = build(SEEDS, out, "--max-terms", "8", "--jobs", "2")
    assert again.code == 0, again.err
    _assert_whole(out, 8)
    reused = again.out.count("(up to date)")
    assert reused < 5
    assert build(SEEDS, out, "--max-terms", "8").out.count("(up to date)") == 5


def test_a_worker_exits_when_its_build_is_killed(tmp_path):
    out = tmp_path / "out"
    process = _start(out, "--jobs", "2")
    try:
        assert _wait_for(lambda: len(_processes_of(out)) >= 2, 120), "no worker started"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        assert _wait_for(lambda: not _processes_of(out), 15), "a worker outlived its build"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()


def test_damaged_outputs_are_not_up_to_date(tmp_path):
    out = tmp_path / "out"
    assert build(SEEDS, out, "--jobs", "1").code == 0
    folders = article_folders(out)
    package = folders[0] / f"{folders[0].name}.apkg"
    package.write_bytes(package.read_bytes()[:1000])  # truncated
    (folders[1] / "vocab.json").write_text("garbage", encoding="utf-8")
    (folders[2] / "vocab.csv").unlink()
    (folders[3] / "vocab.html").write_text("", encoding="utf-8")
    (folders[4] / STAMP).write_text('["not a stamp"]', encoding="utf-8")
    for name in ("vocab.json", ".x.y.abcdefgh.tmp"):
        (folders[0] / f".{name}.k3j4h5g6.tmp").write_bytes(b"")  # left by a killed run
    (out / ".all.apkg.zzzzzzzz.tmp").write_bytes(b"")

    again = build(SEEDS, out, "--jobs", "1")

    assert again.code == 0, again.err
    assert again.out.count("(up to date)") == 0
    _assert_whole(out, 40)


def test_outputs_of_an_earlier_build_with_other_options_do_not_linger(tmp_path):
    out = tmp_path / "out"
    seed = sorted(SEEDS.glob("*.txt"))[0]
    assert build(seed, out).code == 0
    (folder,) = article_folders(out)
    (folder / "vocab.pdf").write_bytes(b"%PDF- an earlier build's")
    (folder / "my notes.md").write_text("mine", encoding="utf-8")
    (folder / "media" / "_hw-4e2d.js").write_text("/* a quiz page's stroke script of old */", encoding="utf-8")
    assert build(seed, out, "--force").code == 0
    assert not (folder / "vocab.pdf").exists()
    assert not (folder / "media" / "_hw-4e2d.js").exists()
    assert (folder / "my notes.md").read_text(encoding="utf-8") == "mine"  # not ours: kept
    stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    assert "my notes.md" not in stamp["files"] and "vocab.json" in stamp["files"]


def test_two_builds_into_one_folder_do_not_interleave(tmp_path):
    from vocabgen.atomic import locked

    out = tmp_path / "out"
    seed = sorted(SEEDS.glob("*.txt"))[0]
    with locked(out):  # another build, holding the folder
        run = build(seed, out)
    assert_clean_failure(run)
    assert "another vocabgen build is writing to" in run.err
    assert not article_folders(out)
    assert build(seed, out).code == 0  # free again
