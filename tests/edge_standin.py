"""A stand-in for Microsoft's edge-tts service on 127.0.0.1, for tests and the bench.

It speaks the same websocket protocol as the real service, closely enough that the
unmodified edge_tts client runs against it: the client opens
`<url>&ConnectionId=...&Sec-MS-GEC=...&Sec-MS-GEC-Version=...`, sends a
`Path:speech.config` text frame and a `Path:ssml` one; the service answers with
`turn.start`, one boundary metadata frame per sentence piece (offsets and durations
inside the audio), binary `Path:audio` frames (two-byte big-endian header length,
header, MP3 bytes), a final binary audio frame with no Content-Type and no data,
and `turn.end`. The audio is a real MP3 (a tone, 24 kHz mono 48 kbit/s like the
service's "audio-24khz-48kbitrate-mono-mp3"), about 0.2 s per character, cut into
4 KiB frames that do not line up with MP3 frames, as the real service's do not.

As the real service does, it checks the Sec-MS-GEC token against its own clock
(a 5-minute window; a wrong token gets HTTP 403 with the service's Date, from
which edge-tts corrects its clock and tries once more), and sends no audio at all
for a voice it does not have. With `tls=True` it serves wss:// with a self-signed
certificate made on the spot (needs the openssl command); `trusting()` makes the
client trust it for the length of a block.

Faults, set as attributes (between runs too):
  latency        seconds before answering each request (a realistic service: 0.15)
  reject_status  answer the websocket handshake with this HTTP status (403)
  drop_first     drop this many connections half-way through the audio
  drop_all       drop every connection half-way through the audio
  drop_on_frame  make those drops fall exactly on an MP3 frame boundary (else mid-frame)
  stall          seconds to wait before answering (past the client's time-out)
  clock_offset   seconds the service's clock is ahead of ours (token checks)

Counters: connections, rejected, token_rejected, dropped, served, max_concurrent,
requests (voice, rate, text of each SSML request). Loopback only; every loop is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import math
import re
import shutil
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import unescape

from aiohttp import WSMsgType, web
from edge_tts.drm import generate_sec_ms_gec_v2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from vocabgen.audio.mp3 import _audio_span, _frame_at, encode_pcm16  # noqa: E402

# Voices the stand-in has (the real service has hundreds; these are enough).
VOICES = frozenset({"zh-CN-XiaoxiaoNeural", "zh-CN-YunxiNeural", "zh-CN-YunjianNeural",
                    "zh-TW-HsiaoChenNeural", "zh-HK-HiuGaaiNeural"})
_TICKS = 10_000_000  # the service's offsets and durations are in 100 ns ticks

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
    drop_on_frame: bool = False
    clock_offset: float = 0.0
    tls: bool = False
    check_token: bool = True
    voices: frozenset[str] = VOICES
    connections: int = 0
    rejected: int = 0
    token_rejected: int = 0
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
    _certificate: str | None = None
    _folder: str | None = None

    @property
    def url(self) -> str:
        return (
            f"{'wss' if self.tls else 'ws'}://127.0.0.1:{self._port}/consumer/speech/synthesize/readaloud/edge/v1"
            "?TrustedClientToken=6A5AA1D4EAFF4E9FB37E23D68491D6F4"
        )

    def client_context(self) -> ssl.SSLContext:
        """What a client must trust to talk to this stand-in over TLS."""
        assert self._certificate is not None, "the stand-in was made without tls=True"
        return ssl.create_default_context(cafile=self._certificate)

    @contextlib.contextmanager
    def trusting(self):
        """edge-tts trusts this stand-in's certificate while the block runs (it
        verifies against certifi's authorities, held in one module-level context)."""
        import edge_tts.communicate

        original = edge_tts.communicate._SSL_CTX
        edge_tts.communicate._SSL_CTX = self.client_context()
        try:
            yield
        finally:
            edge_tts.communicate._SSL_CTX = original

    def _make_certificate(self) -> ssl.SSLContext:
        if shutil.which("openssl") is None:
            raise RuntimeError("the TLS stand-in needs the openssl command")
        self._folder = tempfile.mkdtemp(prefix="edge-standin-")
        key, cert = f"{self._folder}/key.pem", f"{self._folder}/cert.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
             "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True, timeout=60,
        )
        self._certificate = cert
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        return context

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
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)

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
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=self._make_certificate() if self.tls else None)
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
        now = time.time() + self.clock_offset
        if self.check_token and query["Sec-MS-GEC"] not in self._tokens(now):
            # The real service: 403, and its Date, from which edge-tts corrects its clock.
            self.token_rejected += 1
            return web.Response(status=403, text="Forbidden",
                                headers={"Date": email.utils.formatdate(now, usegmt=True)})
        self._active += 1
        self.max_concurrent = max(self.max_concurrent, self._active)
        try:
            return await self._speak(request)
        finally:
            self._active -= 1

    @staticmethod
    def _tokens(now: float) -> set[str]:
        """Tokens valid at `now`: this 5-minute window's and the one before (the
        service allows some slack at a window's edge)."""
        return {generate_sec_ms_gec_v2(now), generate_sec_ms_gec_v2(now - 300)}

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
        head = f"X-RequestId:{request_id}\r\n"
        json_head = head + "Content-Type:application/json; charset=utf-8\r\n"
        await ws.send_str(json_head + "Path:turn.start\r\n\r\n{}")
        if _short_name(spoken.voice) not in self.voices:
            # The real service has nothing to say in a voice it does not have.
            await ws.send_str(json_head + "Path:turn.end\r\n\r\n{}")
            return
        audio = self._tone(len(spoken.text))
        for meta in _boundaries(spoken.text, _duration_ticks(audio)):
            await ws.send_str(json_head + "Path:audio.metadata\r\n\r\n" + meta)
        drop = self.drop_all or self.dropped < self.drop_first
        if drop:
            audio = audio[: _cut(audio, on_frame=self.drop_on_frame)]
        header = (head + "Content-Type:audio/mpeg\r\nX-StreamId:1\r\nPath:audio\r\n").encode()
        for start in range(0, len(audio), _CHUNK):
            await ws.send_bytes(struct.pack(">H", len(header)) + header + audio[start : start + _CHUNK])
        if drop:
            self.dropped += 1
            assert ws._writer is not None
            ws._writer.transport.abort()  # no close frame, no turn.end: a dropped line
            return
        # The end of the audio: a binary audio frame with no Content-Type and no data.
        last = (head + "X-StreamId:1\r\nPath:audio\r\n").encode()
        await ws.send_bytes(struct.pack(">H", len(last)) + last)
        await ws.send_str(json_head + "Path:turn.end\r\n\r\n{}")
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


def _frame_ends(audio: bytes) -> list[int]:
    """Byte offsets at which the MP3's frames end."""
    pos, end = _audio_span(audio)
    ends = []
    while pos < end and (frame := _frame_at(audio, pos)) is not None:
        pos += frame.length
        ends.append(pos)
    return ends


def _duration_ticks(audio: bytes) -> int:
    pos, end = _audio_span(audio)
    samples, rate = 0, 24000
    while pos < end and (frame := _frame_at(audio, pos)) is not None:
        samples, rate = samples + frame.samples, frame.sample_rate
        pos += frame.length
    return samples * _TICKS // rate


def _cut(audio: bytes, on_frame: bool) -> int:
    """Where a dropped line cuts the audio, about half-way: exactly at the end of a
    frame (the stream then still parses as a whole MP3), or inside one."""
    ends = _frame_ends(audio)
    boundary = ends[len(ends) // 2]
    return boundary if on_frame else boundary - 50


def _boundaries(text: str, total_ticks: int) -> list[str]:
    """One SentenceBoundary message per piece of text (split after punctuation), with
    offsets and durations spread over the audio, speech starting 0.1 s in."""
    import json

    pieces = [p for p in re.split(r"(?<=[，。！？；,.!?;\s])", text) if p.strip()] or [text]
    lead = min(_TICKS // 10, total_ticks // 4)
    span = max(1, total_ticks - 2 * lead)
    weights = [len(p) for p in pieces]
    offset, messages = lead, []
    for piece, weight in zip(pieces, weights):
        duration = span * weight // sum(weights)
        messages.append(json.dumps({"Metadata": [{"Type": "SentenceBoundary", "Data": {
            "Offset": offset, "Duration": duration,
            "text": {"Text": piece, "Length": len(piece), "BoundaryType": "SentenceBoundary"}}}]},
            ensure_ascii=False))
        offset += duration
    return messages


def _short_name(voice: str) -> str:
    """'Microsoft Server Speech Text to Speech Voice (zh-CN, XiaoxiaoNeural)', as
    edge-tts sends it, to 'zh-CN-XiaoxiaoNeural'."""
    match = re.fullmatch(r"Microsoft Server Speech Text to Speech Voice \(([^,]+), ([^)]+)\)", voice)
    return f"{match[1]}-{match[2]}" if match else voice
