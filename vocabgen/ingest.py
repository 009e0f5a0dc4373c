"""Reading articles from disk: the seed format and plain paragraph-per-line pairs.

The seed format (People's Daily archive):

    Title: ...            header, up to the first blank line
    Author: ...
    Date: 1960-08-09
    Page: 3

    English paragraphs, one a line (indented lines are section headings)
    <hr />
    Original:
    ### Chinese title
    byline (optional), date, 第N版(), 专栏：...
        indented Chinese paragraphs (ASCII or full-width indentation)

A plain pair is `name.zh.txt` + `name.en.txt`, one paragraph a line; the first
line of each is the title.

Everything here is about turning bytes into an `Article`; errors name the file and
line and say what to do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ArticleError
from .models import Article
from .text import HAN_CHAR

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PAGE = re.compile(r"^第\s*(\d+)\s*版")
_HEADER = re.compile(r"^([A-Za-z]+):\s*(.*)$")
# Whitespace a paragraph may be indented or padded with, including the ideographic space.
_SPACE = " \t\u3000\u00a0"


@dataclass(frozen=True, slots=True)
class Source:
    """Where an article comes from: one seed-format file, or a zh/en pair of files."""

    path: Path
    en_path: Path | None = None  # set for a plain pair; `path` is then the .zh.txt

    @property
    def label(self) -> str:
        return str(self.path)


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, else a clear error."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ArticleError(
        str(path), "is neither UTF-8 nor GB18030 text", hint="save it as UTF-8 and try again"
    )


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ArticleError(str(path), "is empty", hint="give it an article or leave it out")
    return decode(path, data).replace("\r\n", "\n").replace("\r", "\n")


def slugify(text: str, words: int = 6) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    return "-".join(parts[:words])


def article_id(date: str, title_en: str, fallback: str) -> str:
    slug = slugify(title_en) or slugify(fallback) or "article"
    return f"{date}-{slug}" if date else slug


def _clean(line: str) -> str:
    return line.strip(_SPACE + "\n")


def _headline_lines(title: str) -> list[str]:
    """English headlines join their lines with ': ' or '; '; the Chinese keeps them apart."""
    return [part.strip() for part in re.split(r"(?<=\S)[:;]\s+", title) if part.strip()]


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def parse_seed(text: str, path: str) -> Article:
    """Parse the seed format. `path` is only used in messages."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and lines[i].strip():
        match = _HEADER.match(lines[i].strip())
        if not match:
            break
        header[match.group(1).lower()] = match.group(2).strip()
        i += 1
    if "title" not in header:
        raise ArticleError(
            path, "has no 'Title:' header line", line=i + 1,
            hint="start the file with Title:, Author:, Date: and Page: lines",
        )

    hr = next((k for k in range(i, len(lines)) if lines[k].strip().startswith("<hr")), None)
    if hr is None:
        raise ArticleError(
            path, "has no '<hr />' line between the English and the Chinese",
            hint="put '<hr />' and 'Original:' before the Chinese text",
        )
    english = [_clean(line) for line in lines[i:hr] if _clean(line)]
    original = next(
        (k for k in range(hr + 1, len(lines)) if lines[k].strip()), None
    )
    if original is None or not lines[original].strip().startswith("Original:"):
        raise ArticleError(
            path, "is missing its 'Original:' part", line=(original or hr) + 1,
            hint="after '<hr />' the file needs a line 'Original:' and then the Chinese text",
        )

    title_zh = ""
    date = header.get("date", "")
    page = header.get("page", "")
    zh_paragraphs: list[str] = []
    first_zh_line = None
    for k in range(original + 1, len(lines)):
        raw = lines[k]
        line = _clean(raw)
        if not line:
            continue
        if line.startswith("### "):
            title_zh = line[4:].strip()
            continue
        indented = raw[:1] in _SPACE
        if not indented:
            # Header lines of the Chinese part: byline, date, 第N版, 专栏：
            if _DATE.match(line):
                date = date or line
            elif (m := _PAGE.match(line)):
                page = page or m.group(1)
            continue
        if first_zh_line is None:
            first_zh_line = k + 1
        zh_paragraphs.append(line)
    if not any(HAN_CHAR.search(p) for p in zh_paragraphs):
        raise ArticleError(
            path, "has no Chinese text after 'Original:'", line=original + 1,
            hint="the Chinese paragraphs must follow 'Original:', each on an indented line",
        )

    title_en = header["title"]
    # Most translations repeat the headline as their first lines; some do not. Give
    # the aligner the headline either way, since the Chinese always has it.
    if not english or not _normalise(title_en).startswith(_normalise(english[0])[:30]):
        english = _headline_lines(title_en) + english
    return Article(
        id=article_id(date, title_en, Path(path).stem),
        source=path,
        title_en=title_en,
        title_zh=re.sub(r"\s+", " ", title_zh.replace("\u3000", " ")).strip(),
        author=header.get("author", ""),
        date=date,
        page=page,
        en_paragraphs=tuple(english),
        zh_paragraphs=tuple(zh_paragraphs),
    )


def parse_pair(zh_text: str, en_text: str, zh_path: str) -> Article:
    """A plain pair: one paragraph a line; the first line of each is its title."""
    zh = [_clean(line) for line in zh_text.split("\n") if _clean(line)]
    en = [_clean(line) for line in en_text.split("\n") if _clean(line)]
    if not any(HAN_CHAR.search(p) for p in zh):
        raise ArticleError(zh_path, "has no Chinese text", hint="the .zh.txt file holds the Chinese")
    if not en:
        raise ArticleError(
            zh_path[: -len(".zh.txt")] + ".en.txt", "has no English text",
            hint="the .en.txt file holds the English, one paragraph a line",
        )
    stem = Path(zh_path).name[: -len(".zh.txt")]
    return Article(
        id=article_id("", en[0], stem) if slugify(stem) == "" else slugify(stem, words=10),
        source=zh_path,
        title_en=en[0],
        title_zh=zh[0],
        author="",
        date="",
        page="",
        en_paragraphs=tuple(en),
        zh_paragraphs=tuple(zh),
    )


def read_article(source: Source) -> Article:
    if source.en_path is not None:
        return parse_pair(read_text(source.path), read_text(source.en_path), str(source.path))
    return parse_seed(read_text(source.path), str(source.path))


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article by where it is and the ID it is built under, read when needed.

    A build over thousands of files keeps only these (a few hundred bytes each)
    rather than every text; reading one again costs ~0.3 ms."""

    source: Source
    id: str  # the article's own ID, or that made unique among same-titled ones
    digest: str  # of its file(s) as scanned (source_digest): what incremental builds key on

    def load(self) -> Article:
        article = read_article(self.source)
        return article if article.id == self.id else replace(article, id=self.id)


def source_digest(source: Source) -> str:
    """A hash of the bytes of an article's file (or pair of files)."""
    digest = hashlib.sha256()
    for path in (source.path, source.en_path):
        if path is not None:
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def discover(paths: list[Path]) -> list[Source]:
    """Expand files and directories into article sources, in a stable order.

    A directory contributes its *.txt files; `x.zh.txt` and `x.en.txt` pair up. A
    `.zh.txt` without its `.en.txt` (or the reverse) is reported as a source of its
    own, so that reading it fails with a message that says what is missing."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file()))
        else:
            files.append(path)
    sources: list[Source] = []
    seen: set[Path] = set()
    for file in files:
        if file in seen:
            continue
        seen.add(file)
        name = file.name
        if name.endswith(".zh.txt") or name.endswith(".en.txt"):
            stem = name[:-7]
            zh, en = file.with_name(stem + ".zh.txt"), file.with_name(stem + ".en.txt")
            seen.update({zh, en})
            if not en.exists():
                raise_later = Source(zh)  # parse_seed will say what is wrong
                sources.append(raise_later)
                continue
            sources.append(Source(zh, en) if zh.exists() else Source(en))
        else:
            sources.append(Source(file))
    return sources


def content_hash(article: Article) -> str:
    """A short hash of what an article says, to tell two same-titled articles apart."""
    digest = hashlib.sha1("\n".join(article.zh_paragraphs).encode("utf-8")).hexdigest()
    return digest[:8]
