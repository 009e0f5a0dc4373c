"""The options of the stages that the build's config holds, with nothing heavy imported.

`BuildConfig` (config.py) holds a RankOptions and an AudioOptions, and the CLI makes
one before any stage runs; so these live apart from the modules that use them
(rank.py and audio/, which load the dictionaries, jieba, asyncio and the encoders)
and `import vocabgen.config` stays cheap. Both modules re-export their options.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import AudioError


@dataclass(frozen=True, slots=True)
class RankOptions:
    max_terms: int = 40
    min_hsk: int = 0  # drop words of HSK level <= min_hsk (0 keeps all)
    known: frozenset[str] = frozenset()  # words the learner knows: never ranked


ENGINES = ("auto", "edge", "offline", "none")
# A Chinese voice of the online service: language, region (and a dialect), name.
_EDGE_VOICE = re.compile(r"zh-[A-Z]{2}(-[a-z]+)?-[A-Za-z]+Neural")
RATE_PATTERN = re.compile(r"[+-]\d{1,3}%")  # the form edge-tts accepts, e.g. "-10%"


def rate_percent(rate: str) -> int:
    """-10 for "-10%"; raises ValueError for anything edge-tts would reject."""
    if not RATE_PATTERN.fullmatch(rate):
        raise ValueError(f"speech rate {rate!r} is not of the form '+0%' or '-10%'")
    return int(rate[:-1])


@dataclass(frozen=True, slots=True)
class AudioOptions:
    engine: str = "auto"  # "auto" | "edge" | "offline" | "none"
    voice: str = "zh-CN-XiaoxiaoNeural"  # edge voice; offline always uses eSpeak's "cmn"
    rate: str = "+0%"  # word clips
    sentence_rate: str = "-10%"  # sentence clips (slower track for learners)
    cache_dir: str | None = None  # default: user_cache_dir() / "audio"
    concurrency: int = 8  # edge requests in flight at once
    timeout: float = 20.0  # seconds for one edge request, connection to last byte
    retries: int = 2  # further attempts after a transient edge failure
    endpoint: str | None = None  # edge-tts websocket URL override (tests: a local stand-in)
    # Replace cached offline clips with edge ones on a run that reaches the service.
    # On by default: a learner who built a deck offline gets the better voice on the
    # next online build without asking; offline runs pay one failed connection.
    upgrade: bool = True

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise AudioError(f"unknown speech engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.engine in ("auto", "edge") and not _EDGE_VOICE.fullmatch(self.voice):
            # The service answers an unknown voice with no audio at all, and edge-tts
            # raises a bare ValueError on a malformed name: say it here, once.
            raise AudioError(
                f"unknown voice {self.voice!r}: the online voices for Chinese are named like "
                "zh-CN-XiaoxiaoNeural, zh-CN-YunxiNeural, zh-TW-HsiaoChenNeural (see `edge-tts --list-voices`)"
            )
        for rate in (self.rate, self.sentence_rate):
            try:
                rate_percent(rate)
            except ValueError as error:
                raise AudioError(str(error)) from None
        if self.concurrency < 1:
            raise AudioError("audio concurrency must be at least 1")
        if self.retries < 0:
            raise AudioError("audio retries cannot be negative")
        if not self.timeout > 0:
            raise AudioError("audio time-out must be a positive number of seconds")
