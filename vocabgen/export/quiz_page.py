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
from ..view import ArticleView, from_manifest
from . import strokes
from .sheet_view import meta  # the page header's lines, as the sheets print them
from .templating import raw, render

MEDIA_DIR = "media"


def quiz_data(view: ArticleView) -> dict[str, Any]:
    """What the page needs of the view: the items, with their blanks' answers."""
    items = []
    for cloze in view.cloze:
        sentence = view.sentence(cloze.item.sentence_index)
        items.append({
            "number": cloze.number,
            "parts": list(cloze.shown_parts(view.script)),
            "en": cloze.item.en,
            "pinyin": sentence.pinyin if sentence else "",
            "audio": sentence.audio.filename if sentence and sentence.audio else None,
            "blanks": [
                {
                    "hanzi": b.hanzi,
                    "traditional": b.traditional,
                    "shown": b.shown(view.script),
                    "pinyin": b.pinyin,
                    "numbered": b.pinyin_numbered,
                    "meaning": b.meaning,
                }
                for b in cloze.blanks
            ],
        })
    return {"id": view.article.id, "items": items}


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, no `<!--`."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def quiz_page_html(data: ArticleView | Mapping[str, Any], page: Mapping[str, Any] | None = None) -> str:
    """The page, from the article's view (or its manifest); `page` is quiz_data(view)
    when the caller has made it already."""
    from markupsafe import Markup

    view = data if isinstance(data, ArticleView) else from_manifest(data)
    article = view.article
    return render(
        "quiz_page.html",
        article={"title_zh": article.title_zh, "title_en": article.title_en, "date": article.date},
        meta=meta(article),
        zh_lang=view.zh_lang,
        css=raw("quiz_page.css"),
        js=raw("quiz_page.js"),
        data_json=Markup(script_json(quiz_data(view) if page is None else page)),
    )


def _copy_media(view: ArticleView, names: set[str], folder: Path) -> None:
    media = folder / MEDIA_DIR
    clips = {s.audio.filename: s.audio for s in view.sentences if s.audio is not None}
    for name in sorted(names):
        clip = clips.get(name)
        if clip is None or not clip.path:
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
    """Stroke order of the answers, shown after each check: hanzi-writer and our
    loader in media/ (see export/strokes.py), the answers' character data inside
    the page. A file per character, as decks have them, was a dozen more files to
    create per article, a third of a build's system time."""
    data = strokes.data_of(b["shown"] or b["hanzi"] for item in page["items"] for b in item["blanks"])
    if not data:
        return
    media = folder / MEDIA_DIR
    media.mkdir(parents=True, exist_ok=True)
    for name, blob in strokes.static_media().items():
        target = media / name
        if target.exists() and target.stat().st_size == len(blob) and target.read_bytes() == blob:
            note_published(target)  # kept whole: an output of this build, not a stale one
        else:
            write_bytes_atomic(target, blob)
    page["strokes"] = MEDIA_DIR + "/"
    page["stroke_data"] = data


def write_quiz_page(view: ArticleView, folder: Path) -> Path:
    page = quiz_data(view)
    names = {item["audio"] for item in page["items"] if item["audio"]}
    if names:
        _copy_media(view, names, folder)
    _write_strokes(page, folder)
    path = folder / "quiz.html"
    write_text_atomic(path, quiz_page_html(view, page))
    return path
