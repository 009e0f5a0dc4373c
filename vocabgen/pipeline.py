"""The pipeline: composes the stages, and nothing else.

`study()` is pure (an Article in, an ArticleStudy out). `build_article()` adds the
edges: reading the file, synthesising audio, writing the outputs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from .align import align_article
from .cloze import make_cloze
from .config import BuildConfig
from .export.anki import write_package
from .export.manifest import manifest, write_manifest
from .errors import VocabgenError
from .ingest import Source, content_hash, read_article
from .lexicon import Lexicon, load_lexicon
from .models import Article, ArticleStudy
from .pinyin import read_tokens, sentence_pinyin
from .rank import rank
from .segment import segment
from .sentences import split_en, split_zh
from .terms import build_term
from .vocabulary import collect


@dataclass(frozen=True, slots=True)
class BuildResult:
    article: Article
    study: ArticleStudy
    package: Path
    manifest: Path

    @property
    def out_dir(self) -> Path:
        return self.package.parent


def _headline_sentences(article: Article, zh_sentences: list[str]) -> int:
    """How many leading Chinese sentences are the headline (and byline)."""
    title = "".join(article.title_zh.split()).replace("\u3000", "")
    count = 0
    for sentence in zh_sentences:
        if "".join(sentence.split()).replace("\u3000", "") not in title:
            break
        count += 1
    return count


def study(article: Article, config: BuildConfig, lexicon: Lexicon) -> ArticleStudy:
    zh = [s for paragraph in article.zh_paragraphs for s in split_zh(paragraph)]
    en = [s for paragraph in article.en_paragraphs for s in split_en(paragraph)]
    pairs = align_article(zh, en, lexicon)
    headline = _headline_sentences(article, zh)
    headline_pairs = sum(1 for p in pairs if p.zh_ids and p.zh_ids[0] < headline)

    tokenized = []
    pinyin_lines = []
    for pair in pairs:
        tokens = segment(pair.zh)
        readings = read_tokens(tokens, lexicon)
        tokenized.append((tokens, readings))
        pinyin_lines.append(sentence_pinyin(tokens, readings))
    vocabulary = collect(tokenized, headline_pairs, lexicon)
    ranked = rank(vocabulary.occurrences, lexicon, config.rank)
    terms = tuple(build_term(r, pairs, lexicon) for r in ranked)
    return ArticleStudy(
        article=article,
        pairs=pairs,
        terms=terms,
        cloze=make_cloze(terms, pairs, blanks=config.blanks),
        pair_pinyin=tuple(pinyin_lines),
        names=vocabulary.names,
        running_words=vocabulary.running_words,
    )


def write_outputs(result_study: ArticleStudy, out_dir: Path) -> BuildResult:
    folder = out_dir / result_study.article.id
    package = write_package(result_study, folder / f"{result_study.article.id}.apkg")
    manifest_path = folder / "vocab.json"
    write_manifest(manifest_path, manifest(result_study, package.name))
    return BuildResult(result_study.article, result_study, package, manifest_path)


def build_article(article: Article, config: BuildConfig, lexicon: Lexicon | None = None) -> BuildResult:
    result = study(article, config, lexicon or load_lexicon())
    return write_outputs(result, config.out_dir)


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    message: str


def read_all(sources: list[Source]) -> tuple[list[Article], list[Failure]]:
    """Read every source; a bad one becomes a Failure and the others go on.

    Articles that would share an ID (same date and title) get distinct ones."""
    articles: list[Article] = []
    failures: list[Failure] = []
    for source in sources:
        try:
            articles.append(read_article(source))
        except VocabgenError as exc:
            failures.append(Failure(source.label, str(exc)))
    counts: dict[str, int] = {}
    for article in articles:
        counts[article.id] = counts.get(article.id, 0) + 1
    unique = [replace(a, id=f"{a.id}-{content_hash(a)}") if counts[a.id] > 1 else a for a in articles]
    return unique, failures


def build_all(
    articles: list[Article], config: BuildConfig
) -> Iterator[BuildResult | Failure]:
    """Build each article in turn, yielding its result or its failure."""
    lexicon = load_lexicon()
    for article in articles:
        try:
            yield build_article(article, config, lexicon)
        except VocabgenError as exc:
            yield Failure(article.source, str(exc))
        except OSError as exc:
            yield Failure(article.source, f"cannot write its outputs: {exc}")
