"""Incremental builds: an article whose input, options and code are unchanged is
not rebuilt.

Each article folder gets a stamp file holding a build key (a hash of the article's
file(s), its ID, the options that shape its outputs, and the code and data of the
vocabgen package)
and the size and hash of every file the build wrote; the stamp is written last. A
later build with the same key whose files are all still there, unchanged, reuses them.
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


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def is_current(folder: Path, key: str) -> bool:
    """True when folder holds a whole build made with this key: the stamp's key
    matches, and every file it lists is there with the size and hash it had when
    the build finished (a truncated package or an edited manifest is not current)."""
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        if not isinstance(stamp, dict) or stamp.get("key") != key:
            return False
        files = stamp.get("files")
        if not isinstance(files, dict) or not files:
            return False
        for name, expected in files.items():
            path = folder / name
            if not _inside(folder, path) or not isinstance(expected, dict):
                return False
            if path.stat().st_size != expected.get("size") or file_digest(path) != expected.get("sha256"):
                return False
    except (OSError, ValueError, TypeError, AttributeError):
        return False
    return True


def _inside(folder: Path, path: Path) -> bool:
    """A stamp names files below its folder only (a hand-edited one might not)."""
    return ".." not in Path(path).relative_to(folder).parts and not Path(path).is_symlink()


def discard_stamp(folder: Path) -> None:
    """Withdraw a folder's stamp before its outputs are rewritten: a build cut short
    (Ctrl-C, SIGKILL, a full disk) then leaves no stamp vouching for a mix of old
    and new files, and the next build makes them again."""
    (folder / STAMP).unlink(missing_ok=True)


def write_stamp(folder: Path, key: str, files: Iterable[Path], summary: dict[str, Any]) -> None:
    """Record a finished build, last of all its writes: its key, each file's size
    and hash, and the summary the CLI shows (a reused article needs no manifest parsing)."""
    entries = {}
    for file in sorted(Path(f) for f in files):
        entries[file.relative_to(folder).as_posix()] = {"size": file.stat().st_size, "sha256": file_digest(file)}
    data = {"key": key, "files": entries, "summary": summary}
    write_text_atomic(folder / STAMP, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def stamped_summary(folder: Path) -> dict[str, Any] | None:
    try:
        summary = json.loads((folder / STAMP).read_text(encoding="utf-8")).get("summary")
    except (OSError, ValueError, AttributeError):
        return None
    return summary if isinstance(summary, dict) else None
