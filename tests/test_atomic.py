"""Outputs are published whole or not at all."""

import os

import pytest

from vocabgen import atomic


def test_a_written_file_has_its_text_and_the_usual_permissions(tmp_path):
    target = tmp_path / "new" / "vocab.json"
    atomic.write_text_atomic(target, "一二三\n")
    assert target.read_bytes() == "一二三\n".encode("utf-8")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert os.listdir(target.parent) == ["vocab.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "vocab.json"
    target.write_text("old", encoding="utf-8")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic.write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["vocab.json"]


@pytest.mark.parametrize("write", [atomic.write_bytes_atomic, lambda p, d: atomic.write_text_atomic(p, d.decode())])
def test_an_empty_file_is_never_published(tmp_path, write):
    with pytest.raises(OSError, match="empty"):
        write(tmp_path / "clip.mp3", b"")
    assert os.listdir(tmp_path) == []


class _Stopped(Exception):
    pass


@pytest.mark.parametrize("write", [
    lambda path: atomic.write_bytes_atomic(path, b"data"),
    lambda path: atomic.atomic_path(path).__enter__(),
])
def test_a_stop_while_the_temporary_is_made_leaves_none(tmp_path, monkeypatch, write):
    # SIGTERM arriving right after mkstemp made the file, before the writer knew its
    # name: the build's handler raises, and the temporary must still go.
    import signal
    import tempfile

    real = tempfile.mkstemp

    def mkstemp_then_stop(*args, **kwargs):
        made = real(*args, **kwargs)
        signal.raise_signal(signal.SIGTERM)  # to this thread, which holds it back
        return made

    def stop(*_):
        raise _Stopped

    previous = signal.signal(signal.SIGTERM, stop)
    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp_then_stop)
    try:
        with pytest.raises(_Stopped):
            write(tmp_path / "vocab.json")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert os.listdir(tmp_path) == []
