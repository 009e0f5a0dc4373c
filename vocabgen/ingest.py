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
import stat
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


# Past this size a file is not one article (a news article is 5-50 KB; a long book
# chapter 200 KB): refused before it is read, so /dev/zero or a disk image cannot
# fill the memory.
MAX_ARTICLE_BYTES = 1_000_000
# Characters a sentence may run to without an end mark (。！？ or . ! ?): past this,
# the text has lost its punctuation, and segmenting and reading one "sentence" of
# 100,000 characters costs hundreds of MB. Refused, with the line named.
MAX_ZH_RUN = 3_000
MAX_EN_RUN = 10_000
_ZH_RUN = re.compile(r"[^。！？!?；;…\n]{%d,}" % (MAX_ZH_RUN + 1))
_EN_RUN = re.compile(r"[^.!?;。！？；\n]{%d,}" % (MAX_EN_RUN + 1))
# A letter of a Latin word inside which GB18030 decoding put a CJK character: the
# mark of a Latin-1 / Windows-1252 file ("café" -> "caf" + one ideograph).
_LATIN_MOJIBAKE = re.compile(r"[A-Za-z][\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff][A-Za-z]")
_SAVE_AS_UTF8 = "open it in an editor and save it as UTF-8"


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, else a clear error; text that cannot
    be what its author wrote (Big5 or Latin-1 read as GB18030, replacement marks)
    is an error that says which encoding to save it in."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        damaged = text.count("\ufffd")
        if damaged > 3:
            raise ArticleError(
                str(path), f"holds {damaged} replacement characters (\ufffd), left by a wrong conversion",
                line=text.count("\n", 0, text.index("\ufffd")) + 1,
                hint="convert the original file to UTF-8 again, from the encoding it was written in",
            )
        return text
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ArticleError(
            str(path), "is neither UTF-8 nor GB18030 text (Latin-1, Big5 or binary?)", hint=_SAVE_AS_UTF8
        ) from None
    _check_gb18030_plausible(path, text)
    return text


def _check_gb18030_plausible(path: Path, text: str) -> None:
    """Refuse GB18030 decodings that produced nonsense.

    Big5 bytes decode as GB18030 without an error, into characters about half of
    which lie outside GB2312 (the 6,763 characters that make up nearly all of
    simplified Chinese text); Latin-1 accents become ideographs inside English words."""
    if (match := _LATIN_MOJIBAKE.search(text)):
        raise ArticleError(
            str(path), "is not UTF-8, and read as GB18030 its English words turn into Chinese characters "
            "(Latin-1 or Windows-1252?)", line=text.count("\n", 0, match.start()) + 1, hint=_SAVE_AS_UTF8,
        )
    han = HAN_CHAR.findall(text)
    if len(han) < 20:
        return
    rare = 0
    for char in han:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
    if rare > len(han) * 0.2:
        looks = ""
        try:
            big5 = text.encode("gb18030").decode("big5")
        except (UnicodeDecodeError, UnicodeEncodeError):
            pass
        else:
            if len(HAN_CHAR.findall(big5)) >= len(han) * 0.9:
                looks = " it looks like Big5 (traditional Chinese);"
        raise ArticleError(
            str(path), f"is not UTF-8, and read as GB18030 {rare * 100 // len(han)}% of its Chinese "
            "characters are rare ones: it is probably in another encoding",
            hint=f"{looks.strip()} {_SAVE_AS_UTF8}".strip(),
        )


def read_text(path: Path) -> str:
    try:
        # Only regular files: a FIFO would block the build forever, /dev/zero never ends.
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(str(path), "is not a regular file (a device, pipe or socket?)",
                               hint="give the path of a text file")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise ArticleError(
                str(path), f"is {info.st_size / 1e6:.1f} MB; one article can be at most "
                f"{MAX_ARTICLE_BYTES // 1_000_000} MB", hint="split it into several articles",
            )
        with open(path, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise ArticleError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(str(path), f"is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB",
                           hint="split it into several articles")
    if not data.strip():
        raise ArticleError(str(path), "is empty", hint="give it an article or leave it out")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and (text := _utf16(data)) is not None:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    if b"\0" in data:
        raise ArticleError(str(path), "is not a text file (it holds NUL bytes)", hint=_SAVE_AS_UTF8)
    return decode(path, data).replace("\r\n", "\n").replace("\r", "\n")


def _utf16(data: bytes) -> str | None:
    """UTF-16 text with its byte-order mark (what Windows Notepad once saved as
    "Unicode"), or None if these bytes only start like it: such text has line
    breaks and is nearly all letters, CJK, punctuation and spaces."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return None
    usual = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return text if "\n" in text and usual >= 0.98 * len(text) else None


def _check_runs(path: str, text: str, start: int = 0) -> None:
    """Refuse a paragraph whose sentences have lost their punctuation (see MAX_ZH_RUN),
    looking from `start` (past a header, whose title only names the article)."""
    for pattern, limit, marks in ((_ZH_RUN, MAX_ZH_RUN, "。！？"), (_EN_RUN, MAX_EN_RUN, ". ! ?")):
        if (match := pattern.search(text, start)) and (pattern is _EN_RUN or HAN_CHAR.search(match.group())):
            raise ArticleError(
                path, f"has more than {limit:,} characters without a sentence end ({marks})",
                line=text.count("\n", 0, match.start()) + 1,
                hint="the punctuation seems lost; put it back, or split the text into sentences",
            )


# An ID names a folder and a file: made of these characters only, and short enough
# for any file system once ".apkg" and a clash suffix ("-" + 12 hex) are added.
_ID_PART = re.compile(r"[a-z0-9]+")
_MAX_SLUG = 60
_DATE_PARTS = re.compile(r"(\d{4})\D{1,3}?(\d{1,2})\D{1,3}?(\d{1,2})(?!\d)")


def slugify(text: str, words: int = 6) -> str:
    """Lower-case ASCII letters and digits joined by '-', at most `words` words and
    _MAX_SLUG characters (cut at a word boundary when one is near)."""
    parts = _ID_PART.findall(text[:4000].lower().replace("’", "").replace("'", ""))
    slug = "-".join(parts[:words])
    if len(slug) > _MAX_SLUG:
        cut = slug[:_MAX_SLUG]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[_MAX_SLUG // 2:] else cut
    return slug


def id_date(date: str) -> str:
    """A header date as an ID prefix, YYYY-MM-DD, or "" when it is not a date.

    Never the header's own text: a `Date:` of `../../x` or `/tmp` must not become
    part of a path, and `1960/08/09` must not make nested folders."""
    match = _DATE_PARTS.search(date[:100])
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def article_id(date: str, title_en: str, fallback: str, words: int = 6) -> str:
    """The one place an article's ID is made: [a-z0-9-] only, bounded length, from
    the date (if it is one) and the English title (else the file name)."""
    slug = slugify(title_en, words) or slugify(fallback, words) or "article"
    prefix = id_date(date)
    return f"{prefix}-{slug}" if prefix else slug


def _clean(line: str) -> str:
    return line.strip(_SPACE + "\n")


# Spaces around full-width punctuation: tokenised corpora (WMT's news) write
# "说 ： “ 双年展", which a card would show as it is. Chinese sets none there; a
# space between two words (a headline's two clauses) is kept.
_SPACED_PUNCTUATION = re.compile(r"[ \t\u00a0]*([，。、；：？！“”‘’（）《》〈〉【】「」『』…—])[ \t\u00a0]*")


def _chinese_line(line: str) -> str:
    return _SPACED_PUNCTUATION.sub(r"\1", _clean(line))


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
        line = _chinese_line(raw)
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
    zh = [_chinese_line(line) for line in zh_text.split("\n") if _clean(line)]
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
        id=article_id("", en[0], stem) if slugify(stem) == "" else article_id("", stem, "", words=10),
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
        zh_text, en_text = read_text(source.path), read_text(source.en_path)
        _check_runs(str(source.path), zh_text)
        _check_runs(str(source.en_path), en_text)
        return parse_pair(zh_text, en_text, str(source.path))
    name = source.path.name
    if name.endswith((".zh.txt", ".en.txt")):
        # discover() makes a lone half of a pair its own source, for this message.
        other = source.path.with_name(name[:-7] + (".en.txt" if name.endswith(".zh.txt") else ".zh.txt"))
        if not other.exists():
            raise ArticleError(
                str(source.path), f"has no partner: {other.name} is missing",
                hint="a plain pair is name.zh.txt (Chinese) and name.en.txt (English), one paragraph a line",
            )
    text = read_text(source.path)
    header_end = text.find("\n\n", len(text) - len(text.lstrip()))
    _check_runs(str(source.path), text, max(header_end, 0))
    return parse_seed(text, str(source.path))


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
    """A short hash of what an article says, in both languages (decoded text, so a
    UTF-8 and a GB18030 copy of one article agree): it tells two same-titled
    articles apart, and finds the same article given twice."""
    fields = (article.title_en, article.title_zh, article.date, article.author, article.page,
              *article.en_paragraphs, "\0", *article.zh_paragraphs)
    digest = hashlib.sha256("\n".join(fields).encode("utf-8")).hexdigest()
    return digest[:12]
