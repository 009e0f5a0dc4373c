"""The offline voice: eSpeak NG's Mandarin ("cmn"), from the espeakng-loader wheel.

It works after `pip install` alone, with no system package and no network. It sounds
robotic next to a neural voice, but a robotic reading beats a silent card.

eSpeak NG keeps its state in globals and is not thread-safe, so every call into it
holds one process-wide lock; a clip takes a few milliseconds, so serialising costs
little. Encoding to MP3 happens outside the lock.

Some of that state outlives a clip and even espeak_Initialize: the pitch flutter's
phase (a static in its wave generator) goes on from where the last clip left it, so
the same text came out a few samples different depending on what was read before
it, and decks built in another order or another process got other audio files. So
eSpeak NG runs in a small speaker process (`python -m vocabgen.audio.speaker`) that
loads and initialises it and then never synthesises: for each clip it forks a child
that starts from that same pristine state, reads the text, hands back the samples
and exits (about 5 ms a clip). The same text and rate give the same bytes, always.
"""

from __future__ import annotations

import array
import asyncio
import ctypes
import json
import os
import signal
import struct
import sys
import threading
from dataclasses import dataclass

import espeakng_loader

from ..child import Child, own
from .engine import EngineUnavailable, Unspeakable, rate_percent
from .mp3 import encode_pcm16, is_valid_mp3

VOICE = "cmn"
SAMPLE_RATE = 22050  # what espeak_Initialize reports for its voices
_DEFAULT_WPM = 175  # eSpeak NG's default speed; rates are percentages of it
_MIN_WPM, _MAX_WPM = 80, 450  # the range eSpeak NG accepts
# A 16-bit peak below this is silence or noise: eSpeak NG gives a few milliseconds
# of near-zero samples for text it cannot read (a lone dash, say).
_SILENCE_PEAK = 500

# Values from espeak-ng/speak_lib.h.
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE_PARAMETER = 1
_EE_OK = 0

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


@dataclass(slots=True)
class _Library:
    lib: ctypes.CDLL
    callback: object  # the ctypes callback must stay referenced while C holds it
    chunks: list[bytes]


_lock = threading.Lock()
_library: _Library | None = None


def _load() -> _Library:
    """Load and initialise eSpeak NG once per process. Call with _lock held."""
    global _library
    if _library is not None:
        return _library
    try:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        data_path = espeakng_loader.get_data_path()
    except (OSError, RuntimeError) as error:
        raise EngineUnavailable(f"cannot load eSpeak NG from espeakng-loader: {error}") from error
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
    lib.espeak_Synth.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
        ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]  # fmt: skip
    chunks: list[bytes] = []

    def collect(wav: ctypes._Pointer, count: int, _events: int) -> int:
        if count > 0:
            chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 = go on synthesising

    callback = _SynthCallback(collect)
    rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), 0)
    if rate != SAMPLE_RATE:
        raise EngineUnavailable(f"eSpeak NG failed to initialise (returned {rate})")
    lib.espeak_SetSynthCallback(callback)
    if lib.espeak_SetVoiceByName(VOICE.encode()) != _EE_OK:
        raise EngineUnavailable(f"eSpeak NG has no {VOICE!r} voice in {data_path}")
    _library = _Library(lib, callback, chunks)
    return _library


def phonemes(text: str) -> str:
    """eSpeak NG's reading of text, in its phoneme mnemonics (cmn: tone digits)."""
    buffer = ctypes.create_string_buffer(text.encode("utf-8"))
    pointer = ctypes.c_void_p(ctypes.addressof(buffer))
    out = []
    with _lock:
        library = _load()
        while pointer.value:  # one clause a call; it moves the pointer on (NULL at the end)
            clause = library.lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, 0)
            if clause:
                out.append(clause.decode("utf-8", "replace"))
    return " ".join(out)


def _our_readings(text: str) -> str:
    """text with the polyphones eSpeak NG would misread replaced by homophones of
    our reading (homophones.py), so that the clip says what the pinyin shows. A
    failure there costs only that: eSpeak reads the text as it is."""
    from .homophones import with_our_readings

    try:
        return with_our_readings(text, phonemes)
    except Exception:  # noqa: BLE001 - a reading aid must never cost the clip
        return text


def _wpm(rate: str) -> int:
    return min(_MAX_WPM, max(_MIN_WPM, round(_DEFAULT_WPM * (100 + rate_percent(rate)) / 100)))


def _speak_here(library: _Library, text: str, wpm: int) -> tuple[int, bytes]:
    """eSpeak NG's status and the samples of one text, in this process."""
    encoded = text.encode("utf-8")
    library.chunks.clear()
    library.lib.espeak_SetParameter(_RATE_PARAMETER, wpm, 0)
    # Synchronous mode: returns once the callback has had every sample.
    status = library.lib.espeak_Synth(encoded, len(encoded) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
    pcm = b"".join(library.chunks)
    library.chunks.clear()
    return status, pcm


_HEADER = struct.Struct("<iQ")  # eSpeak NG's status, then the length of the samples


def _read_exactly(stream, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


class _Speaker(Child):
    """The speaker process of this process (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__("vocabgen.audio.speaker")
        ready = self.process.stdout.readline()
        if not ready.startswith(b"ok"):
            self.close()
            raise EngineUnavailable(ready.decode("utf-8", "replace").strip() or "the eSpeak NG speaker process did not start")

    def speak(self, text: str, wpm: int) -> tuple[int, bytes]:
        try:
            self.process.stdin.write(json.dumps({"text": text, "wpm": wpm}).encode("utf-8") + b"\n")
            self.process.stdin.flush()
            header = _read_exactly(self.process.stdout, _HEADER.size)
        except OSError as error:
            raise Unspeakable(f"the eSpeak NG speaker process stopped ({error})") from error
        if len(header) < _HEADER.size:
            raise Unspeakable("the eSpeak NG speaker process stopped")
        status, size = _HEADER.unpack(header)
        pcm = _read_exactly(self.process.stdout, size)
        if len(pcm) < size:
            raise Unspeakable("the eSpeak NG speaker process stopped mid-clip")
        return status, pcm


_speaker: _Speaker | None = None


def _own_speaker() -> _Speaker:
    """This process's speaker, started on first use (call with _lock held); a worker
    forked from a process that had one starts its own rather than share the pipe."""
    global _speaker
    _speaker = own(_speaker, _Speaker)
    return _speaker


def speak_pcm(text: str, rate: str) -> bytes:
    """16-bit mono samples at SAMPLE_RATE of text read at rate: the same bytes for the
    same text and rate, whatever was read before."""
    with _lock:
        if hasattr(os, "fork"):
            status, pcm = _own_speaker().speak(text, _wpm(rate))
        else:  # no fork (Windows): in this process, where earlier clips shift the samples
            status, pcm = _speak_here(_load(), text, _wpm(rate))
    if status != _EE_OK:
        raise Unspeakable(f"eSpeak NG returned error {status}")
    return pcm


def serve(stdin=None, stdout=None) -> None:
    """The speaker's loop: a clip request per line in, status + samples out, until EOF.
    eSpeak NG is initialised here once and used only in forked children, so every clip
    starts from the state initialisation left."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    stdin = stdin or sys.stdin.buffer
    if stdout is None:
        # The answers get a descriptor of their own and fd 1 becomes stderr, so that
        # nothing the C library might print can end up inside a clip.
        stdout = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)
    try:
        library = _load()
    except EngineUnavailable as error:
        stdout.write(str(error).replace("\n", " ").encode("utf-8") + b"\n")
        stdout.flush()
        return
    stdout.write(b"ok\n")
    stdout.flush()
    for line in stdin:
        request = json.loads(line)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: one clip from the pristine state, then gone
            os.close(read)
            try:
                status, pcm = _speak_here(library, request["text"], int(request["wpm"]))
            except BaseException:  # noqa: BLE001 - any failure is an error status to the build
                status, pcm = -1, b""
            with os.fdopen(write, "wb") as out:
                out.write(_HEADER.pack(status, len(pcm)) + pcm)
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as answer:
            data = answer.read()
        os.waitpid(pid, 0)
        if len(data) < _HEADER.size:
            data = _HEADER.pack(-1, 0)
        stdout.write(data)
        stdout.flush()


def synthesize_mp3(text: str, rate: str) -> bytes:
    """A complete MP3 of text, or Unspeakable if eSpeak NG produced only silence."""
    pcm = speak_pcm(_our_readings(text), rate)
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if not samples or max(max(samples), -min(samples)) < _SILENCE_PEAK:
        raise Unspeakable("eSpeak NG produced no sound")
    data = encode_pcm16(pcm, SAMPLE_RATE)
    if not is_valid_mp3(data):  # would be a bug in the encoder glue; never cache it
        raise Unspeakable("the MP3 encoder produced an incomplete file")
    return data


class OfflineEngine:
    name = "offline"
    # The cache keys on this: clips made before the voice read our readings
    # (homophones.py) are not reused.
    voice = f"{VOICE}+our-readings"

    async def speak(self, text: str, rate: str) -> bytes:
        # In a worker thread, so edge requests in flight keep going meanwhile.
        return await asyncio.to_thread(synthesize_mp3, text, rate)
