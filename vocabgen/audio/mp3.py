"""MP3 checks and encoding, with no decoder and no ffmpeg.

A clip is only worth keeping if a player can decode all of it. Walking the MPEG
frame headers tells us that cheaply (microseconds for a clip): the file must be
nothing but a run of consistent MPEG Layer III frames, optionally wrapped in ID3
tags, ending exactly at a frame boundary. That rejects zero-byte files, error pages
saved as .mp3, and streams cut off mid-frame by a dropped connection. It cannot
notice a cut that happens to fall on a frame boundary; nothing short of the service
saying "done" can, and edge-tts does not tell us that.
"""

from __future__ import annotations

from dataclasses import dataclass

import lameenc

# Layer III bitrates in kbit/s by bitrate index, for MPEG-1 and for MPEG-2/2.5.
_BITRATES_V1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_BITRATES_V2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
# Sample rates by version bits (0 = MPEG-2.5, 2 = MPEG-2, 3 = MPEG-1) and index.
_SAMPLE_RATES = {
    0: (11025, 12000, 8000),
    2: (22050, 24000, 16000),
    3: (44100, 48000, 32000),
}
_MIN_FRAMES = 2  # one frame may be only a LAME/Xing info header


@dataclass(frozen=True, slots=True)
class Mp3Info:
    frames: int
    sample_rate: int
    duration: float  # seconds


@dataclass(frozen=True, slots=True)
class _Frame:
    length: int
    samples: int
    sample_rate: int
    version: int


def _frame_at(data: bytes, pos: int) -> _Frame | None:
    """The Layer III frame whose header starts at pos, or None if there is none."""
    if pos + 4 > len(data):
        return None
    b1, b2 = data[pos + 1], data[pos + 2]
    if data[pos] != 0xFF or (b1 & 0xE0) != 0xE0:
        return None
    version = (b1 >> 3) & 0x03
    layer = (b1 >> 1) & 0x03
    bitrate_index = b2 >> 4
    rate_index = (b2 >> 2) & 0x03
    if version == 1 or layer != 1 or rate_index == 3 or bitrate_index in (0, 15):
        return None  # reserved values, another layer, or free format
    sample_rate = _SAMPLE_RATES[version][rate_index]
    padding = (b2 >> 1) & 0x01
    if version == 3:
        bitrate = _BITRATES_V1[bitrate_index] * 1000
        return _Frame(144 * bitrate // sample_rate + padding, 1152, sample_rate, version)
    bitrate = _BITRATES_V2[bitrate_index] * 1000
    return _Frame(72 * bitrate // sample_rate + padding, 576, sample_rate, version)


def _audio_span(data: bytes) -> tuple[int, int]:
    """Start and end of the audio frames, skipping a leading ID3v2 and trailing ID3v1 tag."""
    start, end = 0, len(data)
    if data[:3] == b"ID3" and len(data) >= 10:
        size = 0
        for byte in data[6:10]:  # a "syncsafe" integer: 7 bits per byte
            size = (size << 7) | (byte & 0x7F)
        footer = 10 if data[5] & 0x10 else 0
        start = 10 + size + footer
    if end - start >= 128 and data[end - 128 : end - 125] == b"TAG":
        end -= 128
    return start, end


def mp3_info(data: bytes) -> Mp3Info | None:
    """Frames, sample rate and duration of a complete MP3, or None if it is not one."""
    pos, end = _audio_span(data)
    frames = 0
    samples = 0
    first: _Frame | None = None
    # Each step moves forward by at least one byte (frame lengths are > 4), so the
    # loop is bounded by the size of the data.
    while pos < end:
        frame = _frame_at(data, pos)
        if frame is None or pos + frame.length > end:
            return None  # garbage, or a frame cut short
        if first is None:
            first = frame
        elif (frame.sample_rate, frame.version) != (first.sample_rate, first.version):
            return None  # frames from two different streams glued together
        frames += 1
        samples += frame.samples
        pos += frame.length
    if first is None or frames < _MIN_FRAMES:
        return None
    return Mp3Info(frames, first.sample_rate, samples / first.sample_rate)


def is_valid_mp3(data: bytes) -> bool:
    return mp3_info(data) is not None


def encode_pcm16(pcm: bytes, sample_rate: int, *, bitrate_kbps: int = 48) -> bytes:
    """Encode mono 16-bit little-endian PCM to a constant-bitrate MP3.

    48 kbit/s mono is what edge-tts delivers too; speech needs no more."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(2)  # 2 = high quality; clips are short, so speed is no issue
    return bytes(encoder.encode(pcm) + encoder.flush())
