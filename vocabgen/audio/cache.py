"""A content-addressed store of clips, shared by every run and every article.

Layout under the cache directory:

    keys/<sha1 of engine, voice, rate, text>   JSON: the clip's file name and the key
                                               itself (engine, voice, rate, text)
    clips/vocabgen-<sha1 of the MP3>[:16].mp3  the audio itself

Two levels, so that a clip's path already carries its media name: Anki exporters
(genanki) name a media file after its path's basename, and identical audio reached
through two keys is stored once. Every write goes to a temporary file in the same
directory followed by os.replace, so a reader sees the old entry or the new one,
never half of one; a crash can leave only a ".tmp-" file, which no lookup reads and
the next run sweeps. A lookup re-checks the clip (non-empty, hash matches its name,
complete MP3) and the key file against the key asked for (a key file moved or
swapped to another name would otherwise give one card another word's audio), so a
damaged entry is a miss and gets replaced, never packed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .mp3 import is_valid_mp3

# Part of every key: bump it when what an engine produces for the same input
# changes (encoder settings, voice data), so old clips are not reused.
FORMAT_VERSION = "1"

_CLIP_NAME = re.compile(r"vocabgen-[0-9a-f]{16}\.mp3")
_STALE_TEMP_SECONDS = 3600  # older temp files belong to a run that died


def media_name(data: bytes) -> str:
    """The content-hashed file name a clip has in the cache and in a package."""
    return f"vocabgen-{hashlib.sha1(data).hexdigest()[:16]}.mp3"


@dataclass(frozen=True, slots=True)
class CacheKey:
    engine: str
    voice: str
    rate: str
    text: str

    def digest(self) -> str:
        # NUL cannot occur in any field we build keys from, so fields cannot run
        # into each other ("a"+"bc" vs "ab"+"c").
        parts = (FORMAT_VERSION, self.engine, self.voice, self.rate, self.text)
        return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CachedClip:
    path: Path  # absolute
    filename: str


class ClipCache:
    def __init__(self, root: Path) -> None:
        self.root = root.expanduser().resolve()
        self._keys = self.root / "keys"
        self._clips = self.root / "clips"
        self._keys.mkdir(parents=True, exist_ok=True)
        self._clips.mkdir(parents=True, exist_ok=True)
        self._sweep_temp_files()

    def get(self, key: CacheKey) -> CachedClip | None:
        """The clip stored under key, if it is there and intact."""
        try:
            entry = json.loads((self._keys / key.digest()).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != _fields(key):
            return None  # another key's entry (or an old or damaged one)
        name = entry.get("clip")
        if not isinstance(name, str) or not _CLIP_NAME.fullmatch(name):
            return None
        path = self._clips / name
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not data or media_name(data) != name or not is_valid_mp3(data):
            return None
        return CachedClip(path, name)

    def put(self, key: CacheKey, data: bytes) -> CachedClip:
        """Store a clip under key. The caller has checked that data is a valid MP3."""
        if not is_valid_mp3(data):
            # A programming error upstream, not a user problem: refuse loudly
            # rather than let a broken file into the cache.
            raise ValueError("refusing to cache data that is not a complete MP3")
        name = media_name(data)
        path = self._clips / name
        if not _holds(path, data):
            _write_atomic(path, data)
        entry = {"clip": name, "key": _fields(key)}
        _write_atomic(self._keys / key.digest(), (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
        return CachedClip(path, name)

    def _sweep_temp_files(self) -> None:
        cutoff = time.time() - _STALE_TEMP_SECONDS
        for folder in (self._keys, self._clips):
            for temp in folder.glob(".tmp-*"):
                try:
                    if temp.stat().st_mtime < cutoff:
                        temp.unlink()
                except OSError:
                    pass  # another run got there first


def _fields(key: CacheKey) -> list[str]:
    return [FORMAT_VERSION, key.engine, key.voice, key.rate, key.text]


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _write_atomic(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            # No fsync: after a power cut a new entry may come back empty or
            # short, but get() validates every clip, so that costs one
            # re-synthesis, not a broken card, and bulk writes stay fast.
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
