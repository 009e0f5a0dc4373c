"""The real edge-tts client against a local stand-in for Microsoft's service.

Nothing in edge_tts is mocked: the stand-in (edge_standin.py) speaks the websocket
protocol on 127.0.0.1 and the engine's `endpoint` option points the client at it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import edge_tts.communicate
import pytest
from audio_decode import decode
from edge_standin import EdgeStandIn

from vocabgen.audio import AudioOptions, ClipRequest, synthesize
from vocabgen.audio import offline
from vocabgen.errors import AudioError

WORDS = [ClipRequest(text, "word") for text in ("银行", "增长", "改革", "经济", "市场")]


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> Iterator[EdgeStandIn]:
    # edge-tts honours proxy variables (trust_env); loopback must not go through one.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with EdgeStandIn() as server:
        yield server


@pytest.fixture
def offline_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = offline.synthesize_mp3

    def counting(text: str, rate: str) -> bytes:
        calls.append(text)
        return real(text, rate)

    monkeypatch.setattr(offline, "synthesize_mp3", counting)
    return calls


def edge_options(server: EdgeStandIn, tmp_path: Path, **changes: object) -> AudioOptions:
    settings: dict[str, object] = {
        "engine": "edge",
        "endpoint": server.url,
        "cache_dir": str(tmp_path),
        "timeout": 5.0,
        "retries": 2,
    }
    settings.update(changes)
    return AudioOptions(**settings)  # type: ignore[arg-type]


def test_edge_speaks_words_and_slower_sentences(standin: EdgeStandIn, tmp_path: Path) -> None:
    requests = [ClipRequest("银行", "word"), ClipRequest("银行今天宣布降息。", "sentence")]
    word, sentence = synthesize(requests, edge_options(standin, tmp_path))
    assert (word.engine, sentence.engine) == ("edge", "edge")
    assert [(r.text, r.rate) for r in standin.requests] == [
        ("银行", "+0%"),
        ("银行今天宣布降息。", "-10%"),
    ]
    assert all("XiaoxiaoNeural" in r.voice for r in standin.requests)
    for clip in (word, sentence):
        audio = decode(clip.path)
        assert audio.sample_rate == 24000 and audio.peak > 5000
        assert Path(clip.path).name == clip.filename
    assert decode(sentence.path).duration > decode(word.path).duration
    assert standin.served == 2


def test_the_endpoint_override_is_undone_after_the_run(standin: EdgeStandIn, tmp_path: Path) -> None:
    before = edge_tts.communicate.WSS_URL
    synthesize(WORDS[:1], edge_options(standin, tmp_path))
    assert edge_tts.communicate.WSS_URL == before


def test_a_dropped_connection_is_retried(standin: EdgeStandIn, tmp_path: Path) -> None:
    standin.drop_first = 1
    warnings: list[str] = []
    (clip,) = synthesize(WORDS[:1], edge_options(standin, tmp_path), warn=warnings.append)
    assert clip.engine == "edge"
    assert (standin.dropped, standin.served) == (1, 1)
    assert warnings == []
    assert decode(clip.path).peak > 5000  # the half-clip from the dropped line was not kept


def test_a_line_that_always_drops_falls_back_offline_in_auto(
    standin: EdgeStandIn, tmp_path: Path, offline_calls: list[str]
) -> None:
    standin.drop_all = True
    warnings: list[str] = []
    clips = synthesize(WORDS[:2], edge_options(standin, tmp_path, engine="auto", retries=1), warn=warnings.append)
    assert [clip.engine for clip in clips] == ["offline", "offline"]
    assert standin.dropped == 4  # two clips, two attempts each
    assert sorted(offline_calls) == sorted(r.text for r in WORDS[:2])
    assert len(warnings) == 1 and "2 clip(s) failed with edge-tts after 2 attempt(s)" in warnings[0]


def test_a_403_makes_auto_fall_back_offline_with_exactly_one_warning(
    standin: EdgeStandIn, tmp_path: Path
) -> None:
    standin.reject_status = 403
    warnings: list[str] = []
    clips = synthesize(WORDS, edge_options(standin, tmp_path, engine="auto"), warn=warnings.append)
    assert [clip.engine for clip in clips] == ["offline"] * len(WORDS)
    assert len(warnings) == 1
    assert "HTTP 403" in warnings[0] and "offline voice" in warnings[0]
    # edge-tts retries a 403 once itself (clock skew); we add no retries of our own,
    # and no request is made after the first ones fail.
    assert standin.rejected <= 2 * 8


def test_a_403_with_engine_edge_is_an_error(standin: EdgeStandIn, tmp_path: Path) -> None:
    standin.reject_status = 403
    with pytest.raises(AudioError, match="403"):
        synthesize(WORDS, edge_options(standin, tmp_path))
    assert list((tmp_path / "clips").iterdir()) == []


def test_a_refused_connection_makes_auto_fall_back_offline(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    warnings: list[str] = []
    options = AudioOptions(endpoint=f"ws://127.0.0.1:{port}/edge/v1?x=1", cache_dir=str(tmp_path))
    clips = synthesize(WORDS, options, warn=warnings.append)
    assert [clip.engine for clip in clips] == ["offline"] * len(WORDS)
    assert len(warnings) == 1 and "cannot connect to 127.0.0.1" in warnings[0]


def test_a_reply_slower_than_the_timeout_is_abandoned(
    standin: EdgeStandIn, tmp_path: Path, offline_calls: list[str]
) -> None:
    standin.stall = 60  # far past the run's whole length: only the time-out can end it
    warnings: list[str] = []
    options = edge_options(standin, tmp_path, engine="auto", timeout=0.4, retries=1)
    clips = synthesize(WORDS[:2], options, warn=warnings.append)
    assert [clip.engine for clip in clips] == ["offline", "offline"]
    assert len(standin.requests) == 4 and standin.served == 0
    assert len(warnings) == 1 and "no complete reply within 0.4 s" in warnings[0]


def test_a_service_that_never_answers_is_given_up_after_a_few_clips(
    standin: EdgeStandIn, tmp_path: Path
) -> None:
    standin.stall = 60
    warnings: list[str] = []
    options = edge_options(standin, tmp_path, engine="auto", timeout=0.3, retries=0, concurrency=1)
    clips = synthesize(WORDS, options, warn=warnings.append)
    assert [clip.engine for clip in clips] == ["offline"] * len(WORDS)
    assert len(standin.requests) == 3  # the circuit breaker's limit, not one per clip
    assert any("3 clips in a row failed" in warning for warning in warnings)


def test_twenty_clips_at_once_stay_within_the_concurrency_bound(standin: EdgeStandIn, tmp_path: Path) -> None:
    standin.latency = 0.15
    requests = [ClipRequest(f"第{n}个词", "word") for n in range(20)]
    done: list[int] = []
    clips = synthesize(
        requests,
        edge_options(standin, tmp_path, concurrency=4),
        progress=lambda finished, total: done.append(finished),
    )
    assert len(clips) == 20 and {clip.engine for clip in clips} == {"edge"}
    assert standin.served == 20
    assert 1 < standin.max_concurrent <= 4
    assert done == list(range(21))


def test_a_rebuild_asks_the_service_nothing(standin: EdgeStandIn, tmp_path: Path) -> None:
    first = synthesize(WORDS, edge_options(standin, tmp_path))
    second = synthesize(WORDS, edge_options(standin, tmp_path))
    assert second == first
    assert standin.connections == len(WORDS)


def test_offline_clips_are_upgraded_when_edge_becomes_available(
    standin: EdgeStandIn, tmp_path: Path, offline_calls: list[str]
) -> None:
    standin.reject_status = 403
    offline_run = synthesize(WORDS, edge_options(standin, tmp_path, engine="auto"))
    assert {clip.engine for clip in offline_run} == {"offline"}
    standin.reject_status = None
    upgraded = synthesize(WORDS, edge_options(standin, tmp_path, engine="auto"))
    assert {clip.engine for clip in upgraded} == {"edge"}
    assert standin.served == len(WORDS)
    assert len(offline_calls) == len(WORDS)  # the offline voice was not asked again


def test_without_upgrade_cached_offline_clips_are_kept(
    standin: EdgeStandIn, tmp_path: Path, offline_calls: list[str]
) -> None:
    standin.reject_status = 403
    synthesize(WORDS, edge_options(standin, tmp_path, engine="auto"))
    standin.reject_status = None
    kept = synthesize(WORDS, edge_options(standin, tmp_path, engine="auto", upgrade=False))
    assert {clip.engine for clip in kept} == {"offline"}
    assert standin.served == 0


def test_cached_offline_clips_are_used_when_edge_is_still_down(
    standin: EdgeStandIn, tmp_path: Path, offline_calls: list[str]
) -> None:
    standin.reject_status = 403
    first = synthesize(WORDS, edge_options(standin, tmp_path, engine="auto"))
    again = synthesize(WORDS, edge_options(standin, tmp_path, engine="auto"), warn=lambda message: None)
    assert again == first
    assert len(offline_calls) == len(WORDS)


def test_no_zero_byte_file_is_left_anywhere(standin: EdgeStandIn, tmp_path: Path) -> None:
    standin.drop_first = 3
    synthesize(WORDS, edge_options(standin, tmp_path, engine="auto"))
    standin.reject_status = 403
    synthesize([ClipRequest("新词", "word")], edge_options(standin, tmp_path, engine="auto"))
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert files and all(path.stat().st_size > 0 for path in files)
    assert not [path for path in files if path.name.startswith(".tmp-")]
