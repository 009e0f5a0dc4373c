"""The manifest `vocab.json`: the article's view (view.py) serialised, for other
tools, for `vocabgen quiz` and --combined (view.from_manifest reads it back), and
for our tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..coverage import as_dict as coverage_dict
from ..models import ArticleStudy
from ..view import ArticleView, from_study

MANIFEST_VERSION = 1


def manifest(study: ArticleStudy, package: str) -> dict[str, Any]:
    return serialise(from_study(study, package))


def serialise(view: ArticleView) -> dict[str, Any]:
    """The view as vocab.json holds it: what the study found, not what is derived
    from it (headwords per script, marks, tones: view.from_manifest derives them again)."""
    article = view.article
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
        "package": view.package,
        "sentences": [
            {
                "zh": s.zh,
                "en": s.en,
                "confidence": s.confidence,
                "low_confidence": s.low_confidence,
                "pinyin": s.pinyin,
                "zh_traditional": s.traditional,
                "audio": s.audio.filename if s.audio else None,
            }
            for s in view.sentences
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
                "english_span": list(t.english_span),
                "audio": tv.audio.filename if tv.audio else None,
                "audio_engine": tv.audio.engine if tv.audio else None,
            }
            for tv in view.terms
            for t in (tv.term,)
        ],
        "cloze": [
            {
                "sentence_index": c.item.sentence_index,
                "zh": c.item.zh,
                "en": c.item.en,
                "answers": list(c.item.answers),
                "parts": list(c.item.parts),
            }
            for c in view.cloze
        ],
        "names": list(view.names),
        "running_words": view.running_words,
        "script": view.script,
        "coverage": coverage_dict(view.coverage),
    }


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
