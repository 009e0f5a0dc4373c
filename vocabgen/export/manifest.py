"""The manifest `vocab.json`: everything a deck holds, for other tools and our tests."""

from __future__ import annotations

import json
from dataclasses import asdict
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
                "english_span": list(t.english_span),
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


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
