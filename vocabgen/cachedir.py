"""Where vocabgen keeps what it can rebuild: parsed dictionaries, audio clips."""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path
from typing import Iterator


def user_cache_dir() -> Path:
    """$VOCABGEN_CACHE_DIR, else $XDG_CACHE_HOME/vocabgen, else ~/.cache/vocabgen."""
    explicit = os.environ.get("VOCABGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "vocabgen"


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while a large cache is unpickled.

    Unpickling the lexicon makes millions of tuples; each 700 of them triggered a
    collection, and the older generations were traversed again and again as they
    grew: 20% of the load. Nothing loaded is garbage, so nothing is lost."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was loaded is kept for the whole run: frozen, it is never traversed.
        # Otherwise the first allocation after enable() would collect generation 0,
        # which still holds every object made while paused (0.16 s for the lexicon).
        gc.freeze()
        if was_enabled:
            gc.enable()
