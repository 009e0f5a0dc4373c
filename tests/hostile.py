"""Helpers of the hostile-input tests: run vocabgen as a user would (a process of its
own), and check what a build may never leave behind."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers import REPO, SEEDS


def seed_text(k: int = 0) -> str:
    return sorted(SEEDS.glob("*.txt"))[k].read_text(encoding="utf-8")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    peak_mb: float  # peak resident memory of the vocabgen process


# Runs `python -m vocabgen` under a small wrapper whose only child is vocabgen, so
# the wrapper's RUSAGE_CHILDREN is that one process's peak (the test process's own
# would be the largest of every child it ever had).
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call([sys.executable, '-m', 'vocabgen', *sys.argv[1:]])\n"
    "sys.stderr.write('\\n@peak_kb=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def vocabgen(*args: str | Path, cwd: Path | None = None, timeout: float = 240) -> Run:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *map(str, args)], cwd=cwd or REPO, env=env,
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )
    err, _, peak = done.stderr.rpartition("\n@peak_kb=")
    return Run(done.returncode, done.stdout, err, int(peak.strip()) / 1024)


def build(inputs, out: Path, *extra: str, cwd: Path | None = None, timeout: float = 240) -> Run:
    paths = [str(p) for p in (inputs if isinstance(inputs, (list, tuple)) else [inputs])]
    return vocabgen("build", *paths, "--out", str(out), "--tts", "none", "--no-pdf", *extra,
                    cwd=cwd, timeout=timeout)


def assert_clean_failure(run: Run) -> None:
    """Non-zero exit, and every line a message: no traceback."""
    assert run.code not in (0, None), run
    assert "Traceback" not in run.err + run.out, run.err


def snapshot(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def assert_no_debris(out: Path) -> None:
    """No temporary and no zero-byte file anywhere under out."""
    for path in out.rglob("*"):
        if path.is_file():
            assert not path.name.endswith(".tmp"), path
            assert path.stat().st_size > 0, path


def article_folders(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir())
