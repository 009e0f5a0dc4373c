"""Decode MP3s in tests with a real decoder (miniaudio's dr_mp3), not our own parser.

miniaudio is a test-only dependency: a wheel with the decoder compiled in, so no
ffmpeg is needed."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import miniaudio


@dataclass(frozen=True)
class Decoded:
    sample_rate: int
    duration: float  # seconds
    peak: int  # largest absolute 16-bit sample
    rms: float


def decode(data: bytes | str | Path) -> Decoded:
    if not isinstance(data, bytes):
        data = Path(data).read_bytes()
    assert data, "empty file"
    sound = miniaudio.mp3_read_s16(data)
    samples = sound.samples
    assert len(samples) > 0, "no samples decoded"
    peak = max(max(samples), -min(samples))
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return Decoded(sound.sample_rate, sound.num_frames / sound.sample_rate, peak, rms)
