"""Audio that must not be trusted blindly (issue 19): a stand-in that behaves like the
real service (TLS, its token, its voices, drops on a frame boundary), cache entries
checked against their text, deck media that are copies, not links into the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from audio_decode import decode
from edge_standin import EdgeStandIn

from vocabgen.audio import AudioOptions, ClipRequest, synthesize
from vocabgen.audio.cache import CacheKey, ClipCache
from vocabgen.audio.mp3 import encode_pcm16
from vocabgen.errors import AudioError

from hostile import SEEDS, article_folders, build

SENTENCE = [ClipRequest("银行今天宣布降息，市场反应平稳。", "sentence")]


@pytest.fixture(autouse=True)
def _loopback(monkeypatch):
    # edge-tts honours proxy variables (trust_env); loopback must not go through one.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    # edge-tts keeps its clock correction process-wide; each test starts from none.
    import edge_tts.drm

    monkeypatch.setattr(edge_tts.drm.DRM, "clock_skew_seconds", 0.0)


def _options(server: EdgeStandIn, tmp_path: Path, **changes) -> AudioOptions:
    settings = {"engine": "edge", "endpoint": server.url, "cache_dir": str(tmp_path / "cache"), "timeout": 5.0,
                "retries": 2, **changes}
    return AudioOptions(**settings)


needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="the TLS stand-in needs openssl")


@needs_openssl
def test_edge_speaks_over_tls_and_refuses_an_untrusted_certificate(tmp_path):
    with EdgeStandIn(tls=True) as server:
        assert server.url.startswith("wss://")
        with pytest.raises(AudioError, match="certificate|SSL|connect"):
            synthesize(SENTENCE, _options(server, tmp_path, retries=0))
        assert server.served == 0
        with server.trusting():
            (clip,) = synthesize(SENTENCE, _options(server, tmp_path))
    assert clip.engine == "edge" and server.served == 1
    assert decode(clip.path).duration > 2


def test_a_token_from_a_skewed_clock_is_refused_then_corrected(tmp_path):
    with EdgeStandIn(clock_offset=3 * 3600) as server:  # the service's clock is 3 h ahead of ours
        (clip,) = synthesize(SENTENCE, _options(server, tmp_path))
    assert server.token_rejected == 1  # refused once; edge-tts took the service's Date and retried
    assert clip.engine == "edge" and server.served == 1


def test_an_unknown_voice_gets_no_audio_and_a_clear_error(tmp_path):
    with EdgeStandIn() as server:
        with pytest.raises(AudioError, match="no audio for the voice zh-CN-NobodyNeural"):
            synthesize(SENTENCE, _options(server, tmp_path, voice="zh-CN-NobodyNeural"))
        assert server.served == 0 and len(server.requests) == 1  # not retried: it will not change


def test_a_stream_cut_on_an_mp3_frame_boundary_is_not_taken_as_complete(tmp_path):
    with EdgeStandIn(drop_first=1, drop_on_frame=True) as server:
        (clip,) = synthesize(SENTENCE, _options(server, tmp_path))
        full = decode(clip.path).duration
        assert server.dropped == 1 and server.served == 1  # the cut clip was asked again
    warnings = []
    with EdgeStandIn(drop_all=True, drop_on_frame=True) as server:
        clips = synthesize(SENTENCE, _options(server, tmp_path / "other", retries=1), warn=warnings.append)
        assert server.dropped == 2
    assert clips == () and "cut off" in warnings[0] and "left without audio" in warnings[0]
    assert not any((tmp_path / "other" / "cache" / "clips").glob("*.mp3"))
    assert full > 2


def test_swapped_cache_key_files_are_misses(tmp_path):
    cache = ClipCache(tmp_path)
    tone = bytes(2) * 24000
    one, two = CacheKey("edge", "v", "+0%", "银行"), CacheKey("edge", "v", "+0%", "市场")
    cache.put(one, encode_pcm16(tone, 24000))
    cache.put(two, encode_pcm16(tone[: len(tone) // 2], 24000))
    first, second = tmp_path / "keys" / one.digest(), tmp_path / "keys" / two.digest()
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b)
    second.write_bytes(a)
    assert cache.get(one) is None and cache.get(two) is None


@pytest.mark.slow  # builds with audio, three times
def test_deck_media_are_copies_that_force_repairs(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    out, cache = tmp_path / "out", tmp_path / "cache"
    run = build(seed, out, "--tts", "offline", "--cache-dir", str(cache), "--max-terms", "3")
    assert run.code == 0, run.err
    (folder,) = article_folders(out)
    media = sorted((folder / "media").glob("*.mp3"))
    assert media and all(p.stat().st_nlink == 1 for p in media)
    # Damage to the cache does not reach the built deck ...
    clip = next((cache / "clips").glob("*.mp3"))
    kept = {p: p.read_bytes() for p in media}
    clip.write_bytes(b"garbage")
    assert {p: p.read_bytes() for p in media} == kept
    # ... and a damaged deck file is made whole again by --force.
    media[0].write_bytes(b"garbage")
    again = build(seed, out, "--tts", "offline", "--cache-dir", str(cache), "--max-terms", "3", "--force")
    assert again.code == 0, again.err
    # The clip is whole again, the very bytes it had: when the damaged cache clip was
    # this one, it was spoken anew, and the offline voice says a text the same way
    # whatever it said before (see audio/offline.py).
    from vocabgen.audio.cache import media_name

    repaired = sorted((folder / "media").glob("*.mp3"))
    assert {p.name: p.read_bytes() for p in repaired} == {p.name: data for p, data in kept.items()}
    assert all(media_name(p.read_bytes()) == p.name for p in repaired)
    page = (folder / "quiz.html").read_text(encoding="utf-8")
    assert all(p.name in page for p in repaired)


@pytest.mark.slow  # builds every seed with audio
def test_an_unusable_audio_cache_is_one_warning_and_the_articles_still_build(tmp_path):
    (tmp_path / "file").write_text("x")
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    run = build(seeds, tmp_path / "out", "--tts", "offline", "--cache-dir", str(tmp_path / "file" / "c"),
                "--max-terms", "3")
    assert run.code == 0, run.err
    assert run.err.count("as the audio cache") == 1
    assert len(article_folders(tmp_path / "out")) == 2


def test_edge_unreachable_is_one_error_for_the_run(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: connection refused
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    import helpers
    import vocabgen.options as options

    real = options.AudioOptions

    def pointed(**kwargs):
        return real(**{**kwargs, "endpoint": f"ws://127.0.0.1:{port}/edge/v1?x=1"})

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(options, "AudioOptions", pointed)  # where `vocabgen build` makes its options
        output = helpers.build(seeds, tmp_path / "out", "--cache-dir", tmp_path / "cache", tts="edge", ok=False)
    assert output.count("speech service") == 1 and "--tts auto" in output, output
    assert not (tmp_path / "out").exists() or not article_folders(tmp_path / "out")
