"""The MP3 frame walker: what counts as a complete clip."""

from __future__ import annotations

import math
import struct

import pytest
from audio_decode import decode

from vocabgen.audio.mp3 import encode_pcm16, is_valid_mp3, mp3_info


def tone(seconds: float, sample_rate: int) -> bytes:
    count = int(seconds * sample_rate)
    return b"".join(
        struct.pack("<h", int(10000 * math.sin(2 * math.pi * 330 * i / sample_rate))) for i in range(count)
    )


@pytest.fixture(scope="module")
def one_second() -> bytes:
    return encode_pcm16(tone(1.0, 22050), 22050)


def test_encoded_tone_is_a_complete_mp3_of_the_right_length(one_second: bytes) -> None:
    info = mp3_info(one_second)
    assert info is not None
    assert info.sample_rate == 22050
    # LAME adds an info frame and encoder delay/padding: a few frames at most.
    assert 1.0 <= info.duration < 1.15
    decoded = decode(one_second)
    assert decoded.sample_rate == 22050
    assert decoded.duration == pytest.approx(1.0, abs=0.1)
    assert decoded.peak > 8000


@pytest.mark.parametrize("sample_rate", [16000, 22050, 24000, 44100, 48000])
def test_every_speech_sample_rate_parses(sample_rate: int) -> None:
    # LAME may resample (44.1 kHz at 48 kbit/s comes out at 32 kHz), so only the
    # length is compared, against a real decoder's reading of the same bytes.
    data = encode_pcm16(tone(0.5, sample_rate), sample_rate)
    info = mp3_info(data)
    assert info is not None
    assert info.duration == pytest.approx(decode(data).duration, abs=0.1)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: b"", id="empty"),
        pytest.param(lambda d: d[:-5], id="cut-mid-frame"),
        pytest.param(lambda d: d[:200], id="cut-early"),
        pytest.param(lambda d: b"<html>403 Forbidden</html>", id="error-page"),
        pytest.param(lambda d: b"\0" * len(d), id="zeros"),
        pytest.param(lambda d: d[:300] + b"\xff\x00garbage" + d[300:], id="garbage-inside"),
        pytest.param(lambda d: d[:1], id="one-byte"),
    ],
)
def test_damaged_data_is_not_an_mp3(one_second: bytes, damage) -> None:
    assert not is_valid_mp3(damage(one_second))


def test_id3_tags_around_the_frames_are_allowed(one_second: bytes) -> None:
    body = b"\0" * 20
    size = bytes([0, 0, 0, len(body)])  # syncsafe, small enough for one byte
    tagged = b"ID3\x04\x00\x00" + size + body + one_second + b"TAG" + b"\0" * 125
    info = mp3_info(tagged)
    assert info is not None and info == mp3_info(one_second)


def test_two_streams_at_different_rates_glued_together_are_rejected(one_second: bytes) -> None:
    other = encode_pcm16(tone(0.5, 24000), 24000)
    assert not is_valid_mp3(one_second + other)
    assert is_valid_mp3(one_second + one_second)
