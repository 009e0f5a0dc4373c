"""One synthesis run: cache first, then edge with bounded concurrency, retries and a
circuit breaker, then the offline voice.

Policy, in the order each clip tries things:

1. A cached edge clip, when edge is allowed (auto or edge): it is the better voice,
   and it is used even after edge went down this run.
2. A cached offline clip, unless `upgrade` is on and edge is still believed to work:
   then edge gets a chance first and the offline clip is the fallback. `upgrade`
   (the default) therefore costs one failed connection per run while offline, and
   turns every offline clip into an edge clip on the first run that can reach the
   service; the offline entry stays cached for runs that cannot.
3. edge: at most `concurrency` requests in flight; a transient failure is retried
   `retries` times with exponential back-off and jitter. An "unavailable" failure
   (DNS, refused, 403) marks edge down for the rest of the run at once; so do
   _BREAKER_LIMIT clips in a row that exhaust their retries, so a service that only
   ever times out costs a bounded wait instead of one per clip.
4. offline (eSpeak NG), when the engine setting allows it.

In auto mode the switch to offline is announced once. With engine="edge" nothing
falls back: an unreachable service raises AudioError, since the user asked for edge
by name; single clips that fail are left without audio and counted in one warning.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

from ..callbacks import Progress, Warn
from ..errors import AudioError
from ..models import AudioClip
from .cache import CacheKey, CachedClip, ClipCache
from .engine import Engine, EngineUnavailable, TransientFailure, Unspeakable

_BACKOFF_SECONDS = 0.25  # first retry waits 0.125-0.25 s, then twice as long each time
_BREAKER_LIMIT = 3


@dataclass(frozen=True, slots=True)
class Job:
    text: str  # as requested; AudioClip.text, so callers can look clips up by it
    spoken: str  # stripped, what the engine reads
    rate: str


@dataclass(slots=True)
class _Tally:
    edge_down: bool = False
    edge_down_reason: str = ""
    consecutive_failures: int = 0
    edge_gave_up: list[str] = field(default_factory=list)  # texts that exhausted retries
    last_transient: str = ""
    unspeakable: list[str] = field(default_factory=list)
    done: int = 0


class Scheduler:
    def __init__(
        self,
        *,
        cache: ClipCache,
        edge: Engine | None,
        offline: Engine | None,
        concurrency: int,
        retries: int,
        upgrade: bool,
        progress: Progress | None,
        warn: Warn | None,
    ) -> None:
        self._cache = cache
        self._edge = edge
        self._offline = offline
        self._retries = retries
        self._upgrade = upgrade
        self._progress = progress
        self._warn = warn
        self._semaphore = asyncio.Semaphore(concurrency)
        self._tally = _Tally()

    async def run(self, jobs: list[Job]) -> tuple[AudioClip, ...]:
        total = len(jobs)
        if self._progress:
            self._progress(0, total)

        async def one(job: Job) -> AudioClip | None:
            clip = await self._clip(job)
            self._tally.done += 1
            if self._progress:
                self._progress(self._tally.done, total)
            return clip

        clips = await asyncio.gather(*(one(job) for job in jobs))
        self._report()
        return tuple(clip for clip in clips if clip is not None)

    async def _clip(self, job: Job) -> AudioClip | None:
        edge_key = self._key(self._edge, job)
        offline_key = self._key(self._offline, job)
        if edge_key and (hit := self._cache.get(edge_key)):
            return _clip(job, hit, "edge")
        edge_first = self._edge is not None and self._upgrade and not self._tally.edge_down
        if offline_key and not edge_first and (hit := self._cache.get(offline_key)):
            return _clip(job, hit, "offline")
        if self._edge is not None and edge_key and (data := await self._try_edge(self._edge, job)):
            return _clip(job, self._store(edge_key, data), "edge")
        if self._offline is None or offline_key is None:
            return None
        if hit := self._cache.get(offline_key):
            return _clip(job, hit, "offline")
        try:
            data = await self._offline.speak(job.spoken, job.rate)
        except Unspeakable:
            self._tally.unspeakable.append(job.spoken)
            return None
        except EngineUnavailable as error:
            raise AudioError(f"the offline voice is not available: {error}") from error
        return _clip(job, self._store(offline_key, data), "offline")

    def _store(self, key: CacheKey, data: bytes) -> CachedClip:
        try:
            return self._cache.put(key, data)
        except OSError as error:
            raise AudioError(f"cannot write to the audio cache in {self._cache.root}: {error}") from error

    async def _try_edge(self, edge: Engine, job: Job) -> bytes | None:
        tally = self._tally
        for attempt in range(self._retries + 1):
            if attempt:
                await asyncio.sleep(_BACKOFF_SECONDS * 2 ** (attempt - 1) * random.uniform(0.5, 1))
            async with self._semaphore:
                # Checked after the wait too: edge may have gone down meanwhile.
                if tally.edge_down:
                    return None
                try:
                    data = await edge.speak(job.spoken, job.rate)
                except EngineUnavailable as error:
                    self._edge_down(str(error))
                    return None
                except TransientFailure as error:
                    tally.last_transient = str(error)
                    continue
                tally.consecutive_failures = 0
                return data
        tally.edge_gave_up.append(job.spoken)
        tally.consecutive_failures += 1
        if tally.consecutive_failures >= _BREAKER_LIMIT:
            self._edge_down(f"{_BREAKER_LIMIT} clips in a row failed ({tally.last_transient})")
        return None

    def _edge_down(self, reason: str) -> None:
        if self._tally.edge_down:
            return  # requests in flight fail one after another; say it once
        self._tally.edge_down = True
        self._tally.edge_down_reason = reason
        if self._offline is not None and self._warn:
            self._warn(
                f"edge-tts cannot use the speech service ({reason}); using the offline "
                "voice (eSpeak NG) for the rest of this run. Run again when online to "
                "replace offline clips with edge ones."
            )

    def _report(self) -> None:
        tally = self._tally
        if tally.edge_down and self._offline is None:
            raise AudioError(
                f"edge-tts cannot use the speech service ({tally.edge_down_reason}); "
                "use the 'auto' or 'offline' engine to get audio without it"
            )
        if not self._warn:
            return
        if tally.edge_gave_up:
            outcome = "spoken offline instead" if self._offline else "left without audio"
            self._warn(
                f"{len(tally.edge_gave_up)} clip(s) failed with edge-tts after "
                f"{self._retries + 1} attempt(s) ({tally.last_transient}); {outcome}: "
                + _sample(tally.edge_gave_up)
            )
        if tally.unspeakable:
            self._warn(
                f"the offline voice produced no sound for {len(tally.unspeakable)} "
                "text(s), left without audio: " + _sample(tally.unspeakable)
            )

    @staticmethod
    def _key(engine: Engine | None, job: Job) -> CacheKey | None:
        if engine is None:
            return None
        return CacheKey(engine.name, engine.voice, job.rate, job.spoken)


def _clip(job: Job, cached: CachedClip, engine: str) -> AudioClip:
    return AudioClip(text=job.text, path=str(cached.path), filename=cached.filename, engine=engine)


def _sample(texts: list[str], limit: int = 3) -> str:
    shown = ", ".join(repr(text) for text in texts[:limit])
    return shown + (f" and {len(texts) - limit} more" if len(texts) > limit else "")
