"""What every speech engine offers the scheduler, and how an engine says it failed.

An engine turns (text, rate) into the bytes of a complete MP3. How it fails decides
what the scheduler does next, so failures come in three kinds rather than as
whatever its library happened to raise.
"""

from __future__ import annotations

from typing import Protocol

# Defined beside AudioOptions, which checks its rates without loading the engines.
from ..options import RATE_PATTERN, rate_percent  # noqa: F401 - the engines import them from here


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
