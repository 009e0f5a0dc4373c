"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterator


@lru_cache(maxsize=1)
def _file_mode() -> int:
    """The mode a new file gets from open(): mkstemp makes 0600 files, and
    published outputs get the usual permissions. Read once: reading the umask
    means setting it, twice, on every write."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# The signals a build turns into an exception (SIGTERM, Ctrl-C): see held_signals.
HELD_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT})


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """SIGTERM and Ctrl-C held back for the duration, delivered right after. Around
    the making of a temporary: a stop that raised between mkstemp and the caller
    knowing the name would leave the temporary behind (seen under load)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _temporary_beside(path: Path) -> tuple[int, str]:
    """Call with the signals held (held_signals), and own the temporary from then on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(fd, _file_mode())
    return fd, tmp_name


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success rename it over `path`.

    An exception (or an interrupted run) leaves the old file as it was and removes
    the temporary one, so an .apkg or manifest is either whole or absent."""
    tmp: Path | None = None
    try:
        with held_signals():
            fd, tmp_name = _temporary_beside(path)
            os.close(fd)
            tmp = Path(tmp_name)
        yield tmp
        if tmp.stat().st_size == 0:
            raise OSError(f"refusing to publish an empty file as {path}")
        os.replace(tmp, path)
        note_published(path)
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """atomic_path's promise for bytes already in memory, written through the
    descriptor mkstemp opened (a build writes seven files per article)."""
    if not data:
        raise OSError(f"refusing to publish an empty file as {path}")
    tmp_name = None
    try:
        with held_signals():
            fd, tmp_name = _temporary_beside(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp_name, path)
        note_published(path)
    except BaseException:
        if tmp_name is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


# The files published (by the functions above, or note_published) while a
# journal() is open: what one article's build wrote, so that the build can tell
# them from outputs an earlier build left behind (see pipeline.py).
_journals: list[set[Path]] = []


@contextlib.contextmanager
def journal() -> Iterator[set[Path]]:
    written: set[Path] = set()
    _journals.append(written)
    try:
        yield written
    finally:
        _journals.remove(written)


def note_published(path: Path) -> None:
    """Count `path` as written by the open journals (also for a file found whole
    and kept, such as a content-named media file)."""
    for written in _journals:
        written.add(Path(path))


# What _temporary_beside names a temporary: "." + the target's name + "." + 8
# random characters (mkstemp's) + ".tmp".
_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


def sweep_temporaries(folder: Path) -> int:
    """Remove the temporaries a killed run left in `folder` (not below it); how many.

    Only for a folder this process holds the lock of (see locked), or a running
    build's temporaries would go from under it."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if _TEMPORARY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


class Busy(OSError):
    """Another process holds the lock of an output folder."""


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold `folder`'s lock for the duration, so that two builds into one output
    folder cannot interleave their files; raises Busy at once if another process
    holds it. The lock is taken on the folder itself (flock on its descriptor: no
    lock file to leave behind) and goes with the process, so a killed build never
    leaves a folder locked."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            fcntl = None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy(f"another vocabgen build is writing to {folder}; wait for it to finish, "
                           "or build into another --out folder") from None
        yield
    finally:
        os.close(fd)
