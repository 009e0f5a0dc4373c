"""Microsoft Edge's online neural voices, through edge-tts. The only module that
imports edge_tts.

edge-tts has no option for its service address: it builds the websocket URL from
the module-level name `edge_tts.communicate.WSS_URL` (imported there from
edge_tts.constants) when each request starts. `endpoint()` replaces that one name
for the length of a run and puts it back afterwards; that is how tests and the bench
point the real client at a local stand-in. Because the name is process-wide, runs
that use edge hold a lock, so two runs in two threads cannot see each other's URL.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import edge_tts
import edge_tts.communicate
from edge_tts import exceptions as edge_errors

from .engine import EngineUnavailable, TransientFailure, rate_percent
from .mp3 import mp3_info

_endpoint_lock = threading.Lock()

# Handshake statuses worth another try: the service is there but busy or hiccuping.
# Anything else (401, 403, 404...) means it will not serve us this run. edge-tts
# itself already retries a 403 once after correcting for clock skew.
_TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


@contextmanager
def endpoint(url: str | None) -> Iterator[None]:
    """Point edge-tts at url (a ws:// or wss:// URL) while the block runs.

    edge-tts appends "&ConnectionId=...", so a URL without a query gets a "?"."""
    with _endpoint_lock:
        if url is None:
            yield
            return
        original = edge_tts.communicate.WSS_URL
        edge_tts.communicate.WSS_URL = url if "?" in url else url + "?"
        try:
            yield
        finally:
            edge_tts.communicate.WSS_URL = original


class EdgeEngine:
    name = "edge"

    def __init__(self, voice: str, timeout: float) -> None:
        self.voice = voice
        self.timeout = timeout

    async def speak(self, text: str, rate: str) -> bytes:
        rate_percent(rate)  # reject a bad rate here, not as an obscure edge-tts error
        try:
            data = await asyncio.wait_for(self._stream(text, rate), self.timeout)
        except asyncio.TimeoutError as error:
            # Includes aiohttp's own read time-outs, which subclass TimeoutError.
            if isinstance(error, aiohttp.ConnectionTimeoutError):
                raise EngineUnavailable(f"no connection within {self._connect_timeout()} s") from error
            raise TransientFailure(f"no complete reply within {self.timeout:g} s") from error
        except aiohttp.ClientResponseError as error:
            # WSServerHandshakeError is one: the service answered the upgrade with
            # an HTTP status instead of a websocket.
            reason = f"the service answered HTTP {error.status}"
            if error.status in _TRANSIENT_STATUSES:
                raise TransientFailure(reason) from error
            raise EngineUnavailable(reason) from error
        except aiohttp.ClientConnectorError as error:
            # DNS failure, connection refused, no route, bad certificate.
            cause = error.os_error.strerror or str(error.os_error) or type(error).__name__
            raise EngineUnavailable(f"cannot connect to {error.host}: {cause}") from error
        except edge_errors.SkewAdjustmentError as error:
            raise EngineUnavailable(str(error)) from error
        except edge_errors.NoAudioReceived as error:
            # What the service does for a voice it does not have: it answers, with no audio.
            raise EngineUnavailable(f"the service sent no audio for the voice {self.voice} "
                                    "(is the name right? see `edge-tts --list-voices`)") from error
        except (aiohttp.ClientError, OSError, edge_errors.EdgeTTSException) as error:
            # Dropped connections, resets, truncated or malformed replies.
            raise TransientFailure(str(error) or type(error).__name__) from error
        return data

    def _connect_timeout(self) -> int:
        # edge-tts wants whole seconds. Shorter than the overall deadline, so an
        # unreachable host is recognised as such (not retried as a slow reply).
        return max(1, math.ceil(min(self.timeout / 2, 10)))

    async def _stream(self, text: str, rate: str) -> bytes:
        communicate = edge_tts.Communicate(
            text,
            self.voice,
            rate=rate,
            connect_timeout=self._connect_timeout(),
            receive_timeout=max(1, math.ceil(self.timeout)),
        )
        chunks: list[bytes] = []
        spoken_until = 0  # end of the last boundary the service announced, in 100 ns ticks
        async for message in communicate.stream():
            if message["type"] == "audio":
                chunks.append(message["data"])
            elif message["type"] in ("WordBoundary", "SentenceBoundary"):
                spoken_until = max(spoken_until, message["offset"] + message["duration"])
        data = b"".join(chunks)
        _check_complete(data, spoken_until, communicate)
        return data


def _check_complete(data: bytes, spoken_until: int, communicate: edge_tts.Communicate) -> None:
    """Raise TransientFailure unless data is the whole clip.

    edge-tts ends quietly when the socket closes before "turn.end", so a dropped
    connection can look like success with part of the audio; cut on an MP3 frame
    boundary, that part is even a valid MP3. Three checks, any of which catches it:
    the frames must be whole; edge-tts's own count of audio bytes not yet closed
    by a "turn.end" must be back to zero; and the audio must last as long as the
    boundaries the service announced (the last word's end)."""
    info = mp3_info(data)
    if info is None:
        raise TransientFailure("the audio stream was cut off (a partial MP3 frame)")
    unfinished = getattr(communicate, "state", {}).get("chunk_audio_bytes", 0)
    if unfinished:
        raise TransientFailure("the audio stream was cut off (no end of turn)")
    if info.duration + _DURATION_SLACK < spoken_until / 1e7:
        raise TransientFailure(
            f"the audio stream was cut off ({info.duration:.2f} s of the {spoken_until / 1e7:.2f} s announced)"
        )


# MP3 frames are 24 ms at 24 kHz; the service's boundaries are exact to 100 ns.
_DURATION_SLACK = 0.05
