"""What the HTML pages share: the Jinja2 environment and our CSS and JavaScript,
read once. The sheets (sheets.py) and the quiz page (quiz_page.py) both render
through here, so neither imports the other.

Autoescaping is on, so every text from an article or the dictionary is escaped.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, select_autoescape

    from ..cachedir import user_cache_dir

    cache = user_cache_dir() / "templates"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        # Compiled templates are kept between runs (jinja2 checks them against the
        # template's source): compiling them took ~0.1 s of every cold start.
        bytecode_cache = FileSystemBytecodeCache(str(cache))
    except OSError:
        bytecode_cache = None  # a read-only cache only costs speed
    return Environment(
        loader=PackageLoader("vocabgen", "templates"),
        bytecode_cache=bytecode_cache,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are package data, not edited while we run: without this,
        # every render and every {% include %} stats the template file to see if
        # it changed since it was compiled.
        auto_reload=False,
    )


@lru_cache(maxsize=None)
def raw(name: str):
    """A template file's text, inserted as is (CSS and JavaScript are ours, not data).
    Read once per process, like the compiled templates."""
    from markupsafe import Markup

    return Markup((resources.files("vocabgen") / "templates" / name).read_text(encoding="utf-8"))


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)
