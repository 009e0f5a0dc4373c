"""Where vocabgen keeps what it can rebuild: parsed dictionaries, audio clips."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    """$VOCABGEN_CACHE_DIR, else $XDG_CACHE_HOME/vocabgen, else ~/.cache/vocabgen."""
    explicit = os.environ.get("VOCABGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "vocabgen"
