"""The manifest `vocab.json`: everything a deck holds, for other tools and our tests."""

from __future__ import annotations

import json
from dataclasses import asdict
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..coverage import as_dict as coverage_dict
from ..models import LOW_CONFIDENCE, ArticleStudy

MANIFEST_VERSION = 1


def manifest(study: ArticleStudy, package: str) -> dict[str, Any]:
    article = study.article
    return {
        "version": MANIFEST_VERSION,
        "article": {
            "id": article.id,
            "title_en": article.title_en,
            "title_zh": article.title_zh,
            "author": article.author,
            "date": article.date,
            "page": article.page,
            "source": article.source,
        },
        "package": package,
        "sentences": [
            {
                "zh": pair.zh,
                "en": pair.en,
                "confidence": pair.confidence,
                "low_confidence": pair.confidence < LOW_CONFIDENCE,
                "pinyin": study.pinyin_of(index),
                "zh_traditional": study.pair_traditional[index] if index < len(study.pair_traditional) else None,
                "audio": (clip.filename if (clip := study.clip_for(pair.zh)) else None),
            }
            for index, pair in enumerate(study.pairs)
        ],
        "terms": [
            {
                "hanzi": t.hanzi,
                "traditional": t.traditional,
                "pinyin": t.pinyin,
                "pinyin_numbered": t.pinyin_numbered,
                "pinyin_alternatives": list(t.pinyin_alternatives),
                "meaning": t.meaning,
                "classifiers": list(t.classifiers),
                "hsk": t.hsk,
                "zipf": t.zipf,
                "count": t.count,
                "score": t.score,
                "sentence_index": t.sentence_index,
                "sentence_zh": t.sentence_zh,
                "sentence_en": t.sentence_en,
                "english_match": t.english_match,
                "audio": (clip.filename if (clip := study.clip_for(t.hanzi)) else None),
                "audio_engine": (clip.engine if clip else None),
            }
            for t in study.terms
        ],
        "cloze": [asdict(item) | {"parts": list(item.parts), "answers": list(item.answers)} for item in study.cloze],
        "names": list(study.names),
        "running_words": study.running_words,
        "script": study.script,
        "coverage": coverage_dict(study.coverage),
    }


class _Unsupported(Exception):
    """A value _dumps leaves to the json module."""


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


# How json.dumps writes each scalar type (ensure_ascii=False); exact types only.
_SCALARS = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}


def _dumps(data: Any) -> str:
    """The text of json.dumps(data, ensure_ascii=False, indent=1), made faster.

    With an indent, the json module leaves its C encoder for a chain of Python
    generators, a step per item and level: most of the time of writing the
    manifest. This walks the same dicts, lists and scalars with one plain function,
    writing each scalar as json does (strings escaped by json's own C function).
    Anything else (a subclass, a key that is not a str, a cycle) raises
    _Unsupported or RecursionError, and manifest_text leaves it to json.dumps."""
    parts: list[str] = []
    append = parts.append
    scalar = _SCALARS.get
    key_text = encode_basestring

    def container(value: Any, level: int) -> None:
        inner = "\n" + " " * (level + 1)
        if type(value) is dict:
            prefix = "{" + inner
            for key, item in value.items():
                if type(key) is not str:
                    raise _Unsupported
                text = scalar(type(item))
                if text is not None:
                    append(prefix + key_text(key) + ": " + text(item))
                elif type(item) not in (dict, list, tuple):
                    raise _Unsupported
                elif item:
                    append(prefix + key_text(key) + ": ")
                    container(item, level + 1)
                else:
                    append(prefix + key_text(key) + (": {}" if type(item) is dict else ": []"))
                prefix = "," + inner
            append("\n" + " " * level + "}")
        else:
            prefix = "[" + inner
            for item in value:
                text = scalar(type(item))
                if text is not None:
                    append(prefix + text(item))
                elif type(item) not in (dict, list, tuple):
                    raise _Unsupported
                elif item:
                    append(prefix)
                    container(item, level + 1)
                else:
                    append(prefix + ("{}" if type(item) is dict else "[]"))
                prefix = "," + inner
            append("\n" + " " * level + "]")

    if type(data) is not dict or not data:
        raise _Unsupported
    container(data, 0)
    return "".join(parts)


def manifest_text(data: dict[str, Any]) -> str:
    """vocab.json's text: json.dumps(data, ensure_ascii=False, indent=1) and a newline."""
    try:
        return _dumps(data) + "\n"
    except (_Unsupported, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    write_text_atomic(path, manifest_text(data))
