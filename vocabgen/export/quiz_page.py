"""quiz.html: the article's cloze quiz as one self-contained page.

CSS, JavaScript and the items (as JSON) are inline, so the file works opened from
disk, offline, on a phone. Audio, when the build made it, is referenced by relative
path, `media/<file name>`; the clips the page uses are copied there beside it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Mapping

from ..atomic import atomic_path, note_published, write_bytes_atomic, write_text_atomic
from ..models import ArticleStudy
from ..quiz import items_from_manifest
from . import strokes

MEDIA_DIR = "media"


def quiz_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the page needs of the manifest: the items, with their blanks' answers."""
    script = data.get("script", "simplified")
    return {
        "id": data["article"]["id"],
        "items": [
            {
                "number": item.number,
                "parts": list(item.shown_parts(script)),
                "en": item.en,
                "pinyin": item.pinyin,
                "audio": item.audio,
                "blanks": [
                    {
                        "hanzi": b.hanzi,
                        "traditional": b.traditional,
                        "shown": b.shown(script),
                        "pinyin": b.pinyin,
                        "numbered": b.pinyin_numbered,
                        "meaning": b.meaning,
                    }
                    for b in item.blanks
                ],
            }
            for item in items_from_manifest(data)
        ],
    }


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, no `<!--`."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def quiz_page_html(data: Mapping[str, Any], page: Mapping[str, Any] | None = None) -> str:
    """The page; `page` is quiz_data(data) when the caller has made it already."""
    from markupsafe import Markup

    from .sheets import _meta, _raw, render, zh_lang

    return render(
        "quiz_page.html",
        article=data["article"],
        meta=_meta(data["article"]),
        zh_lang=zh_lang(data),
        css=_raw("quiz_page.css"),
        js=_raw("quiz_page.js"),
        data_json=Markup(script_json(quiz_data(data) if page is None else page)),
    )


def _copy_media(study: ArticleStudy, names: set[str], folder: Path) -> None:
    media = folder / MEDIA_DIR
    for clip in study.audio:
        if clip.filename not in names:
            continue
        target = media / clip.filename
        if _holds_clip(target):  # content-hashed names: same name, same sound
            note_published(target)
            continue
        media.mkdir(parents=True, exist_ok=True)
        # A copy, never a hard link: damage to the shared cache must not reach a
        # built deck (and --force must be able to repair one).
        with atomic_path(target) as tmp:
            shutil.copyfile(clip.path, tmp)


def _holds_clip(path: Path) -> bool:
    """Whether path is there and its content hash is its name (see audio/cache.py)."""
    from ..audio.cache import media_name

    try:
        return media_name(path.read_bytes()) == path.name
    except OSError:
        return False


def _write_strokes(page: dict[str, Any], folder: Path) -> None:
    """Stroke order of the answers, shown after each check: hanzi-writer and the
    answers' character data as scripts in media/ (see export/strokes.py)."""
    blobs = strokes.media(b["shown"] or b["hanzi"] for item in page["items"] for b in item["blanks"])
    if not blobs:
        return
    media = folder / MEDIA_DIR
    media.mkdir(parents=True, exist_ok=True)
    for name, data in blobs.items():
        target = media / name
        if target.exists() and target.stat().st_size == len(data) and target.read_bytes() == data:
            note_published(target)  # kept whole: an output of this build, not a stale one
        else:
            write_bytes_atomic(target, data)
    page["strokes"] = MEDIA_DIR + "/"


def write_quiz_page(study: ArticleStudy, data: Mapping[str, Any], folder: Path) -> Path:
    page = quiz_data(data)
    names = {item["audio"] for item in page["items"] if item["audio"]}
    if names:
        _copy_media(study, names, folder)
    _write_strokes(page, folder)
    path = folder / "quiz.html"
    write_text_atomic(path, quiz_page_html(data, page))
    return path
