"""What every speech engine offers the scheduler, and how an engine says it failed.

An engine turns (text, rate) into the bytes of a complete MP3. How it fails decides
what the scheduler does next, so failures come in three kinds rather than as
whatever its library happened to raise.
"""

from __future__ import annotations

import re
from typing import Protocol

RATE_PATTERN = re.compile(r"[+-]\d{1,3}%")  # the form edge-tts accepts, e.g. "-10%"


class EngineUnavailable(Exception):
    """The engine cannot work at all right now (no route, refused, forbidden):
    asking again this run would only waste time."""


class TransientFailure(Exception):
    """This attempt failed (time-out, dropped connection, cut-off audio); another
    attempt may well succeed."""


class Unspeakable(Exception):
    """The engine worked but produced no sound for this text."""


class Engine(Protocol):
    @property
    def name(self) -> str:
        """Recorded on each clip and in cache keys: "edge" or "offline"."""

    @property
    def voice(self) -> str:
        """The voice actually used, as part of cache keys."""

    async def speak(self, text: str, rate: str) -> bytes:
        """A complete MP3 of text read at rate ("+0%", "-10%", ...)."""


def rate_percent(rate: str) -> int:
    """-10 for "-10%"; raises ValueError for anything edge-tts would reject."""
    if not RATE_PATTERN.fullmatch(rate):
        raise ValueError(f"speech rate {rate!r} is not of the form '+0%' or '-10%'")
    return int(rate[:-1])
