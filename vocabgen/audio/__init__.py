"""Audio for every term and sentence: edge-tts online, eSpeak NG offline, a cache.

    clips = synthesize([ClipRequest("银行", "word")], AudioOptions(), warn=print)

Engines live in their own modules (edge.py is the only one importing edge_tts,
offline.py the only one touching eSpeak NG); cache.py stores clips by content hash;
scheduler.py holds the policy for what is tried in which order. Every clip returned
is a complete, non-empty MP3 that is already in the cache, named by its content.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..cachedir import user_cache_dir
from ..callbacks import Progress, Warn
from ..errors import AudioError
from ..models import AudioClip
from ..options import ENGINES, AudioOptions
from .cache import ClipCache
from .engine import Engine
from .offline import OfflineEngine
from .scheduler import Job, Scheduler
from .spoken import spoken_text

__all__ = ["AudioClip", "AudioOptions", "ClipRequest", "ENGINES", "synthesize"]

KINDS = ("word", "sentence")


@dataclass(frozen=True, slots=True)
class ClipRequest:
    text: str
    kind: str  # "word" or "sentence" (picks rate)


def synthesize(
    requests: Sequence[ClipRequest],
    options: AudioOptions,
    progress: Progress | None = None,
    warn: Warn | None = None,
) -> tuple[AudioClip, ...]:
    """One AudioClip per distinct request that could be spoken; never a zero-byte or undecodable file.

    Requests are distinct by (text, kind); those with nothing to say (punctuation,
    blanks) are skipped. Clips come back in request order. `progress(done, total)` is
    called as clips finish, `warn(message)` at most once per kind of trouble.
    Raises AudioError for bad options, for engine="edge" when the service cannot be
    reached, and when the offline voice cannot be loaded but is needed."""
    if options.engine == "none":
        return ()
    jobs = _jobs(requests, options)
    if not jobs:
        return ()
    root = Path(options.cache_dir) if options.cache_dir else user_cache_dir() / "audio"
    try:
        cache = ClipCache(root)
    except OSError as error:
        raise AudioError(f"cannot use {root} as the audio cache: {error}") from error
    edge: Engine | None = None
    if options.engine in ("auto", "edge"):
        # Imported here: edge_tts and aiohttp take half a second to import, which a
        # build with --tts none or offline (and `vocabgen --help`) should not pay.
        from .edge import EdgeEngine

        edge = EdgeEngine(options.voice, options.timeout)
    offline: Engine | None = OfflineEngine() if options.engine in ("auto", "offline") else None
    scheduler = Scheduler(
        cache=cache,
        edge=edge,
        offline=offline,
        concurrency=options.concurrency,
        retries=options.retries,
        upgrade=options.upgrade,
        progress=progress,
        warn=warn,
    )

    async def run() -> tuple[AudioClip, ...]:
        return await scheduler.run(jobs)

    def run_in_new_loop() -> tuple[AudioClip, ...]:
        if edge is None:
            return asyncio.run(run())
        from .edge import endpoint

        with endpoint(options.endpoint):
            return asyncio.run(run())

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run_in_new_loop()
    # Called from inside an event loop (a notebook, an async app): asyncio.run cannot
    # nest, so the run gets its own loop in a worker thread; callbacks come from it.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run_in_new_loop).result()


def _unusable_cache(root: Path) -> str:
    """Why clips cannot be stored under root, or "" if they can."""
    try:
        ClipCache(root)
        with tempfile.NamedTemporaryFile(dir=root / "keys", prefix=".tmp-probe-"):
            pass
    except OSError as error:
        return error.strerror or str(error)
    return ""


def _jobs(requests: Sequence[ClipRequest], options: AudioOptions) -> list[Job]:
    jobs: list[Job] = []
    seen: set[tuple[str, str]] = set()
    for request in requests:
        if request.kind not in KINDS:
            raise AudioError(f"unknown clip kind {request.kind!r}; use 'word' or 'sentence'")
        if (request.text, request.kind) in seen or not _speakable(request.text):
            continue
        seen.add((request.text, request.kind))
        rate = options.rate if request.kind == "word" else options.sentence_rate
        # Numbers as a Chinese reader says them (1956年 一九五六年, 31% 百分之三十一).
        jobs.append(Job(text=request.text, spoken=spoken_text(request.text.strip()), rate=rate))
    return jobs


def _speakable(text: str) -> bool:
    """True if text has a letter or digit: punctuation alone has nothing to say."""
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def resolve_engine(options: AudioOptions, warn: Warn | None = None) -> AudioOptions:
    """Decide once per build whether "auto" can use the online service.

    A build synthesises article by article (in several processes); asking each
    article whether the service is reachable would cost a failed connection each.
    One probe clip decides: reachable, the options stay "auto" (which still falls back
    if the service goes away mid-run); not, they become "offline" with one warning."""
    if options.engine == "none":
        return options
    root = Path(options.cache_dir) if options.cache_dir else user_cache_dir() / "audio"
    if (problem := _unusable_cache(root)):
        # Every clip passes through the cache: without one, no audio, but the
        # articles still build (rather than each failing with the same line).
        if warn:
            warn(f"cannot use {root} as the audio cache ({problem}); this run makes no audio "
                 "(give a writable folder with --cache-dir)")
        return replace(options, engine="none")
    if options.engine not in ("auto", "edge"):
        return options

    # An empty cache of its own, so the probe really talks to the service.
    with tempfile.TemporaryDirectory(prefix="vocabgen-probe-") as empty:
        probe = replace(options, engine="edge", retries=0, timeout=min(options.timeout, 10.0), cache_dir=empty)
        try:
            synthesize([ClipRequest("你好", "word")], probe)
            reachable, reason = True, ""
        except AudioError as error:
            reachable, reason = False, str(error)
    if not reachable and options.engine == "edge":
        # Asked for the online voice and only that: one clear error for the run,
        # not the same failure once per article.
        raise AudioError(f"{reason.split('; ')[0]}; use --tts auto or --tts offline to build without it")
    if not reachable:
        if warn:
            # The engine's message ends with advice for --tts edge; only its cause fits here.
            cause = reason.split("; ")[0]
            warn(f"the online voice is not available ({cause}); this run uses the offline voice (eSpeak NG)")
        return replace(options, engine="offline")
    return options
