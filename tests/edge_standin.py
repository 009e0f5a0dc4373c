"""A stand-in for Microsoft's edge-tts service on 127.0.0.1, for tests and the bench.

It speaks the same websocket protocol as the real service, closely enough that the
unmodified edge_tts client runs against it: the client opens
`<url>&ConnectionId=...&Sec-MS-GEC=...&Sec-MS-GEC-Version=...`, sends a
`Path:speech.config` text frame and a `Path:ssml` one; the service answers with
`turn.start`, a `SentenceBoundary` metadata frame, binary `Path:audio` frames
(two-byte big-endian header length, header, MP3 bytes) and finally `turn.end`.
The audio is a real MP3 (a tone, 24 kHz mono 48 kbit/s like the service's
"audio-24khz-48kbitrate-mono-mp3"), about 0.2 s per character, cut into 4 KiB frames
that do not line up with MP3 frames, as the real service's do not.

Faults, set as attributes (between runs too):
  latency        seconds before answering each request (a realistic service: 0.15)
  reject_status  answer the websocket handshake with this HTTP status (403)
  drop_first     drop this many connections half-way through the audio
  drop_all       drop every connection half-way through the audio
  stall          seconds to wait before answering (past the client's time-out)

Counters: connections, rejected, dropped, served, max_concurrent, requests
(voice, rate, text of each SSML request). Loopback only; every loop is bounded.
"""

from __future__ import annotations

import asyncio
import math
import re
import struct
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import unescape

from aiohttp import WSMsgType, web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from vocabgen.audio.mp3 import encode_pcm16  # noqa: E402

_SSML = re.compile(
    r"<voice name='(?P<voice>[^']*)'><prosody pitch='[^']*' rate='(?P<rate>[^']*)'"
    r" volume='[^']*'>(?P<text>.*)</prosody></voice>",
    re.S,
)
_CHUNK = 4096
_SAMPLE_RATE = 24000
_MAX_MESSAGES = 4  # a request is two text frames; anything beyond is not the protocol


@dataclass(frozen=True, slots=True)
class SpokenRequest:
    voice: str
    rate: str
    text: str


@dataclass
class EdgeStandIn:
    latency: float = 0.0
    reject_status: int | None = None
    drop_first: int = 0
    drop_all: bool = False
    stall: float = 0.0
    connections: int = 0
    rejected: int = 0
    dropped: int = 0
    served: int = 0
    max_concurrent: int = 0
    requests: list[SpokenRequest] = field(default_factory=list)
    _active: int = 0
    _port: int = 0
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _stopping: asyncio.Event | None = None
    _audio: dict[int, bytes] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return (
            f"ws://127.0.0.1:{self._port}/consumer/speech/synthesize/readaloud/edge/v1"
            "?TrustedClientToken=6A5AA1D4EAFF4E9FB37E23D68491D6F4"
        )

    def __enter__(self) -> EdgeStandIn:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.start()
        if not ready.wait(10) or not self._port:
            raise RuntimeError("the edge-tts stand-in did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._loop and self._stopping:
            self._loop.call_soon_threadsafe(self._stopping.set)
        if self._thread:
            self._thread.join(10)

    # --- server thread -------------------------------------------------------------

    def _serve(self, ready: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._main(ready))
        finally:
            self._loop.close()
            ready.set()

    async def _main(self, ready: threading.Event) -> None:
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_get("/{path:.*}", self._handle)
        runner = web.AppRunner(app, shutdown_timeout=0.5, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        ready.set()
        await self._stopping.wait()
        await runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.connections += 1
        query = request.query
        if not all(query.get(name) for name in ("TrustedClientToken", "ConnectionId", "Sec-MS-GEC")):
            return web.Response(status=400, text="missing edge-tts query parameters")
        if self.reject_status is not None:
            self.rejected += 1
            return web.Response(status=self.reject_status, text="Forbidden")
        self._active += 1
        self.max_concurrent = max(self.max_concurrent, self._active)
        try:
            return await self._speak(request)
        finally:
            self._active -= 1

    async def _speak(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=1 << 20)
        await ws.prepare(request)
        config_seen = False
        for _ in range(_MAX_MESSAGES):
            try:
                message = await ws.receive(timeout=10)
            except asyncio.TimeoutError:
                break
            if message.type != WSMsgType.TEXT:
                break
            headers, _, body = message.data.partition("\r\n\r\n")
            if "Path:speech.config" in headers:
                config_seen = "audio-24khz-48kbitrate-mono-mp3" in body
            elif "Path:ssml" in headers and config_seen:
                match = _SSML.search(body)
                if match is None:
                    break
                request_id = re.search(r"X-RequestId:(\w+)", headers)
                await self._reply(ws, match, request_id.group(1) if request_id else "0")
                break
        await ws.close()
        return ws

    async def _reply(self, ws: web.WebSocketResponse, match: re.Match[str], request_id: str) -> None:
        assert self._stopping is not None
        spoken = SpokenRequest(match["voice"], match["rate"], unescape(match["text"]))
        self.requests.append(spoken)
        delay = self.stall or self.latency
        if delay:
            try:  # a stall ends early when the stand-in shuts down
                await asyncio.wait_for(self._stopping.wait(), delay)
                return
            except asyncio.TimeoutError:
                pass
        audio = self._tone(len(spoken.text))
        chunks = [audio[i : i + _CHUNK] for i in range(0, len(audio), _CHUNK)]
        drop = self.drop_all or self.dropped < self.drop_first
        head = f"X-RequestId:{request_id}\r\n"
        await ws.send_str(head + "Content-Type:application/json; charset=utf-8\r\nPath:turn.start\r\n\r\n{}")
        meta = (
            '{"Metadata":[{"Type":"SentenceBoundary","Data":{"Offset":1000000,'
            f'"Duration":{len(spoken.text) * 2_000_000},'
            f'"text":{{"Text":"{spoken.text[:40]}","Length":{len(spoken.text)},"BoundaryType":"SentenceBoundary"}}}}}}]}}'
        )
        await ws.send_str(head + "Content-Type:application/json; charset=utf-8\r\nPath:audio.metadata\r\n\r\n" + meta)
        for index, chunk in enumerate(chunks):
            if drop and index >= max(1, len(chunks) // 2):
                break
            header = (head + "Content-Type:audio/mpeg\r\nX-StreamId:1\r\nPath:audio\r\n").encode()
            await ws.send_bytes(struct.pack(">H", len(header)) + header + chunk)
        if drop:
            # The cut must land mid-frame; with 4 KiB chunks of 144-byte frames it does.
            self.dropped += 1
            assert ws._writer is not None
            ws._writer.transport.abort()  # no close frame, no turn.end: a dropped line
            return
        await ws.send_str(head + "Content-Type:application/json; charset=utf-8\r\nPath:turn.end\r\n\r\n{}")
        self.served += 1

    def _tone(self, characters: int) -> bytes:
        seconds = min(10.0, 0.3 + 0.2 * characters)
        frames = int(seconds * _SAMPLE_RATE)
        if frames not in self._audio:
            pcm = bytearray()
            for i in range(frames):
                pcm += struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / _SAMPLE_RATE)))
            self._audio[frames] = encode_pcm16(bytes(pcm), _SAMPLE_RATE)
        return self._audio[frames]
