"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import os
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


def _temporary_beside(path: Path) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(fd, _file_mode())
    return fd, tmp_name


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success rename it over `path`.

    An exception (or an interrupted run) leaves the old file as it was and removes
    the temporary one, so an .apkg or manifest is either whole or absent."""
    fd, tmp_name = _temporary_beside(path)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.stat().st_size == 0:
            raise OSError(f"refusing to publish an empty file as {path}")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """atomic_path's promise for bytes already in memory, written through the
    descriptor mkstemp opened (a build writes seven files per article)."""
    if not data:
        raise OSError(f"refusing to publish an empty file as {path}")
    fd, tmp_name = _temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
