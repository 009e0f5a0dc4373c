"""Incremental builds: an article whose input, options and code are unchanged is
not rebuilt.

Each article folder gets a stamp file holding a build key (a hash of the article's
file(s), its ID, the options that shape its outputs, and the code and data of the
vocabgen package)
and the list of files the build wrote. A later build with the same key whose files
are all still there reuses them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .atomic import write_text_atomic
from .ingest import ArticleRef

STAMP = ".vocabgen-build.json"
# Options that change where or how fast a build runs, not what it writes.
_IRRELEVANT = {"out_dir", "jobs", "force", "cache_dir", "concurrency", "timeout", "retries"}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every source and data file of the installed vocabgen package, so a
    fixed gloss or a new template rebuilds what it changes."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc",) and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _canonical(value: Any) -> Any:
    """JSON-ready form with a stable order (sets are sorted; str hashing is random)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _canonical(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in _IRRELEVANT
        }
    if isinstance(value, (set, frozenset)):
        return sorted(_canonical(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def options_digest(options: Any) -> str:
    """A hash of the options that shape a build's outputs and of the package's code;
    made once per build (a known-word list can be thousands of words)."""
    payload = json.dumps([_canonical(options), code_fingerprint()], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def build_key(ref: ArticleRef, options: str) -> str:
    """An article's key: its ID, the bytes of its file(s) (ref.digest, taken when it
    was scanned: no second parse) and `options` (options_digest)."""
    return hashlib.sha256(f"{options}\n{ref.id}\n{ref.digest}".encode("utf-8")).hexdigest()


def is_current(folder: Path, key: str) -> bool:
    """True when folder holds a whole build made with this key."""
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if stamp.get("key") != key:
        return False
    files = stamp.get("files") or []
    return bool(files) and all((folder / name).is_file() and (folder / name).stat().st_size > 0 for name in files)


def write_stamp(folder: Path, key: str, files: Iterable[Path], summary: dict[str, Any]) -> None:
    """Record a finished build: its key, its files, and the summary the CLI shows,
    so a reused article needs no manifest parsing."""
    names = sorted(str(Path(f).relative_to(folder)) for f in files)
    data = {"key": key, "files": names, "summary": summary}
    write_text_atomic(folder / STAMP, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def stamped_summary(folder: Path) -> dict[str, Any] | None:
    try:
        summary = json.loads((folder / STAMP).read_text(encoding="utf-8")).get("summary")
    except (OSError, ValueError):
        return None
    return summary if isinstance(summary, dict) else None
