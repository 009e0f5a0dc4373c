"""HTML to PDF: the only module that imports WeasyPrint.

The sheets' HTML names common system fonts for browsers; for the PDF we give
WeasyPrint fonts we ship through pip and use them for all text, so a PDF looks the
same on every machine and embeds its (subsetted) fonts: the Chinese prints anywhere,
never as empty boxes.

- Chinese: WenQuanYi Micro Hei (TrueType, from the `paperang-p2-fonts-cjk` wheel).
  Not Noto Sans CJK: WeasyPrint subsets the font into each PDF, and subsetting the
  19 MB CFF collection takes about 7 s a file against about 1 s (DESIGN.md, costs).
- Latin and pinyin: Source Sans Pro (TrueType, regular, bold, italic, from the
  `font-source-sans-pro` wheel), first in the family list, so Chinese characters
  fall through to WenQuanYi. It is needed, not decoration: WenQuanYi maps the
  third-tone and ü vowels (ǎ ǐ ǒ ǔ ǘ ǚ ǜ) to *empty* glyphs, so pinyin set in it
  loses those letters on paper (gǎi jìn printed as "g i jìn").
"""

from __future__ import annotations

import gc
import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..atomic import atomic_path

LATIN_FAMILY = "vocabgen Latin"
CJK_FAMILY = "vocabgen CJK"
# Latin, pinyin and general punctuation, but not the curly quotes: Chinese text
# quotes with them, and they belong to the Chinese font there.
LATIN_RANGE = "U+0000-02FF, U+0300-036F, U+1E00-1EFF, U+2000-2017, U+201E-206F, U+20AC"
# (file, weight, style) of the Latin faces we use.
_LATIN_FACES = (
    ("SourceSansPro-Regular.ttf", "normal", "normal"),
    ("SourceSansPro-Bold.ttf", "bold", "normal"),
    ("SourceSansPro-It.ttf", "normal", "italic"),
    ("SourceSansPro-BoldIt.ttf", "bold", "italic"),
)


@lru_cache(maxsize=1)
def font_path() -> Path:
    """The shipped CJK font file (TrueType collection; its first face is used)."""
    return Path(str(resources.files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"))


def latin_font_path(name: str = "SourceSansPro-Regular.ttf") -> Path:
    return Path(str(resources.files("font_source_sans_pro") / "files" / name))


def font_css() -> str:
    """@font-face rules for the shipped fonts, and every element set in them."""
    rules = [
        f'@font-face {{ font-family: "{LATIN_FAMILY}"; src: url("{latin_font_path(name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; unicode-range: {LATIN_RANGE}; }}"
        for name, weight, style in _LATIN_FACES
    ]
    rules.append(f'@font-face {{ font-family: "{CJK_FAMILY}"; src: url("{font_path().as_uri()}"); }}')
    rules.append(f'html, body, * {{ font-family: "{LATIN_FAMILY}", "{CJK_FAMILY}" !important; }}')
    return "\n".join(rules) + "\n"


@lru_cache(maxsize=1)
def _pdf_css():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(string=font_css(), font_config=fonts), fonts


def html_to_pdf(html: str, path: Path, base_url: Path | None = None) -> Path:
    """Render HTML (A4 size and margins come from its own @page rules) to `path`, atomically."""
    from weasyprint import HTML

    # WeasyPrint logs every CSS property it does not support at WARNING; the sheets
    # use a few screen-only ones on purpose.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    css, fonts = _pdf_css()
    document = HTML(string=html, base_url=str(base_url) if base_url else None)
    # Rendering allocates many small objects; in a build process that holds the
    # dictionaries, each full garbage collection walks millions of them, which more
    # than doubled the time of a PDF. Nothing here needs the cycle collector.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with atomic_path(path) as tmp:
            document.write_pdf(str(tmp), stylesheets=[css], font_config=fonts)
    finally:
        if was_enabled:
            gc.enable()
    return path


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why PDFs cannot be made on this machine, or None when they can.

    WeasyPrint needs the Pango library, which pip cannot install; a machine without
    it still gets every other output, and one warning that says what to install."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return (
            f"PDF sheets are skipped: WeasyPrint cannot load ({error}); install Pango "
            "(Debian/Ubuntu: apt install libpango-1.0-0 libpangoft2-1.0-0) to get them"
        )
    if not font_path().exists():
        return f"PDF sheets are skipped: the font {font_path()} is missing; reinstall vocabgen"
    return None
