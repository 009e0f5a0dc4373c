"""A helper process of this process, spoken to through its stdin and stdout.

Two stages keep state they must not share with forked build workers or carry from
one job to the next: the PDF renderer (Typst's thread pool does not survive a fork)
and the offline voice's speaker (eSpeak NG's state shifts each clip). Each runs as
`python -m <module>` from the vocabgen this process imported, belongs to the
process that started it (a fork's copy is never used or closed by the fork), and
ends when its input closes, so it never outlives the build.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, TypeVar


class Child:
    """`python -m module`, with pipes to its stdin and stdout."""

    def __init__(self, module: str) -> None:
        root = str(Path(__file__).resolve().parents[1])  # where this vocabgen is imported from
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        self.process = subprocess.Popen(
            [sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=root
        )
        self.pid = os.getpid()

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        if os.getpid() != self.pid:
            return  # a fork's copy: the child belongs to the process that started it
        try:
            self.process.stdin.close()  # the child ends at the end of its input
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


C = TypeVar("C", bound=Child)


def own(current: C | None, start: Callable[[], C]) -> C:
    """`current` if this process started it and it still runs, else a new one from
    `start` (closed when this process exits)."""
    if current is not None and current.pid == os.getpid() and current.alive():
        return current
    child = start()
    atexit.register(child.close)
    return child
