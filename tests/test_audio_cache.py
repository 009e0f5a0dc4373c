"""The clip cache: a rebuild synthesises nothing; a damaged entry is never used."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from audio_decode import decode

import vocabgen.audio.cache as cache_module
from vocabgen.audio import AudioOptions, ClipRequest, synthesize
from vocabgen.audio import offline
from vocabgen.audio.cache import CacheKey, ClipCache
from vocabgen.audio.engine import Unspeakable
from vocabgen.errors import AudioError

REQUESTS = [
    ClipRequest("银行", "word"),
    ClipRequest("增长", "word"),
    ClipRequest("经济保持稳定增长。", "sentence"),
]


class Counter:
    def __init__(self) -> None:
        self.calls: list[str] = []


@pytest.fixture
def offline_calls(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Counts real offline syntheses (the engine looks the function up per call)."""
    counter = Counter()
    real = offline.synthesize_mp3

    def counting(text: str, rate: str) -> bytes:
        counter.calls.append(text)
        return real(text, rate)

    monkeypatch.setattr(offline, "synthesize_mp3", counting)
    return counter


def all_files(root: Path) -> Iterator[Path]:
    return (path for path in root.rglob("*") if path.is_file())


def options(tmp_path: Path, **changes: object) -> AudioOptions:
    return AudioOptions(**{"engine": "offline", "cache_dir": str(tmp_path), **changes})  # type: ignore[arg-type]


def test_a_second_run_synthesises_nothing(tmp_path: Path, offline_calls: Counter) -> None:
    first = synthesize(REQUESTS, options(tmp_path))
    assert len(offline_calls.calls) == 3
    second = synthesize(REQUESTS, options(tmp_path))
    assert len(offline_calls.calls) == 3
    assert second == first


def test_the_default_cache_is_under_the_user_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOCABGEN_CACHE_DIR", str(tmp_path))
    (clip,) = synthesize(REQUESTS[:1], AudioOptions(engine="offline"))
    assert Path(clip.path).parent == tmp_path / "audio" / "clips"


def test_a_zero_length_clip_is_ignored_and_replaced(tmp_path: Path, offline_calls: Counter) -> None:
    (clip,) = synthesize(REQUESTS[:1], options(tmp_path))
    Path(clip.path).write_bytes(b"")
    (again,) = synthesize(REQUESTS[:1], options(tmp_path))
    assert offline_calls.calls == ["银行", "银行"]
    # eSpeak NG adds random aspiration noise, so the new clip may differ in bytes.
    assert Path(again.path).stat().st_size > 0
    assert decode(again.path).peak > 5000


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"\0" * len(data), id="zeroed"),
    ],
)
def test_a_damaged_clip_is_ignored_and_replaced(tmp_path: Path, offline_calls: Counter, damage) -> None:
    (clip,) = synthesize(REQUESTS[:1], options(tmp_path))
    path = Path(clip.path)
    path.write_bytes(damage(path.read_bytes()))
    (again,) = synthesize(REQUESTS[:1], options(tmp_path))
    assert len(offline_calls.calls) == 2
    assert Path(again.path).read_bytes() != b"" and decode(again.path).peak > 5000


def test_an_empty_or_foreign_key_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    key = CacheKey("offline", "cmn", "+0%", "银行")
    stored = cache.put(key, offline.synthesize_mp3("银行", "+0%"))
    assert cache.get(key) == stored
    key_file = tmp_path / "keys" / key.digest()
    key_file.write_text("")
    assert cache.get(key) is None
    key_file.write_text("../../etc/passwd\n")
    assert cache.get(key) is None


def test_keys_separate_engine_voice_rate_and_text() -> None:
    base = CacheKey("edge", "zh-CN-XiaoxiaoNeural", "+0%", "银行")
    variants = [
        CacheKey("offline", base.voice, base.rate, base.text),
        CacheKey(base.engine, "zh-CN-YunxiNeural", base.rate, base.text),
        CacheKey(base.engine, base.voice, "-10%", base.text),
        CacheKey(base.engine, base.voice, base.rate, "银行业"),
    ]
    assert len({base.digest(), *(v.digest() for v in variants)}) == 5


def test_the_cache_refuses_data_that_is_not_a_complete_mp3(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    with pytest.raises(ValueError):
        cache.put(CacheKey("offline", "cmn", "+0%", "x"), b"")
    assert list(all_files(tmp_path)) == []


def test_a_failed_write_leaves_no_file_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", failing_replace)
    with pytest.raises(AudioError, match="No space left"):
        synthesize(REQUESTS[:1], options(tmp_path))
    assert list(all_files(tmp_path)) == []


def test_nothing_spoken_means_nothing_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def mute(text: str, rate: str) -> bytes:
        raise Unspeakable("no sound")

    monkeypatch.setattr(offline, "synthesize_mp3", mute)
    warnings: list[str] = []
    assert synthesize(REQUESTS, options(tmp_path), warn=warnings.append) == ()
    assert list(all_files(tmp_path)) == []
    assert len(warnings) == 1 and "no sound for 3 text(s)" in warnings[0]


def test_stale_temp_files_from_a_dead_run_are_swept(tmp_path: Path) -> None:
    ClipCache(tmp_path)
    stale = tmp_path / "clips" / ".tmp-dead"
    stale.write_bytes(b"")
    fresh = tmp_path / "clips" / ".tmp-live"
    fresh.write_bytes(b"")
    old = 1_000_000_000
    os.utime(stale, (old, old))
    ClipCache(tmp_path)
    assert not stale.exists() and fresh.exists()


def test_progress_counts_every_clip_once(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    synthesize(REQUESTS, options(tmp_path), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_engine_none_gives_no_clips_and_touches_nothing(tmp_path: Path) -> None:
    assert synthesize(REQUESTS, options(tmp_path, engine="none")) == ()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"engine": "google"},
        {"rate": "fast"},
        {"sentence_rate": "-10"},
        {"concurrency": 0},
        {"retries": -1},
        {"timeout": 0},
    ],
)
def test_bad_options_are_refused_clearly(changes: dict[str, object]) -> None:
    with pytest.raises(AudioError):
        AudioOptions(**changes)  # type: ignore[arg-type]


def test_an_unknown_clip_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="kind"):
        synthesize([ClipRequest("银行", "phrase")], options(tmp_path))


def test_synthesize_works_when_called_from_inside_an_event_loop(tmp_path: Path) -> None:
    # A notebook or an async app already runs a loop; asyncio.run cannot nest.
    async def caller() -> tuple[object, ...]:
        return synthesize(REQUESTS[:1], options(tmp_path))

    (clip,) = asyncio.run(caller())
    assert decode(clip.path).peak > 5000
