"""The pipeline: composes the stages, and nothing else.

`study()` is pure (an Article in, an ArticleStudy out). `build_article()` adds the
edges: reading the file, synthesising audio, writing the outputs. Building many
articles (scanning, IDs, incremental skipping, worker processes) is batch.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .align import align_paragraphs
from .audio import AudioOptions, ClipRequest, synthesize
from .callbacks import Progress, Warn
from .cloze import make_cloze
from .config import BuildConfig
from .coverage import measure
from .export.anki import write_package
from .export.manifest import serialise, write_manifest
from .export.quiz_page import write_quiz_page
from .export.sheets import write_sheets
from .lexicon import Lexicon, load_lexicon
from .models import Article, ArticleStudy, SentencePair
from .names import split_glued_names
from .reading.pinyin import (
    name_spans, place_initials, read_all_tokens, recurring_people, sentence_pinyin, short_forms,
)
from .rank import rank_all, select
from .script import traditional_pairs
from .segment import segment
from .terms import build_terms
from .view import from_study
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


def _headline_pairs(article: Article, pairs: tuple[SentencePair, ...]) -> int:
    """How many leading pairs are the headline (and byline): their Chinese is part
    of the Chinese title (or empty, an English headline line left unpaired)."""
    title = "".join(article.title_zh.split())
    count = 0
    for pair in pairs:
        if "".join(pair.zh.split()) not in title:
            break
        count += 1
    return count


def study(article: Article, config: BuildConfig, lexicon: Lexicon) -> ArticleStudy:
    pairs = align_paragraphs(article.zh_paragraphs, article.en_paragraphs, lexicon)
    headline_pairs = _headline_pairs(article, pairs)

    # All sentences read at once: g2pM runs one batch per article, not one per sentence.
    token_lists = split_glued_names([segment(pair.zh) for pair in pairs], lexicon)
    tokenized = list(zip(token_lists, read_all_tokens(token_lists, lexicon)))
    people = recurring_people(token_lists, lexicon)
    initials = place_initials(tokenized, lexicon)
    pinyin_lines = []
    for (tokens, readings), pair in zip(tokenized, pairs):
        shown, places = short_forms(tokens, readings, initials, lexicon)
        pinyin_lines.append(sentence_pinyin(
            tokens, shown, tone_sandhi=config.tone_sandhi, lexicon=lexicon,
            names=name_spans(tokens, lexicon, shown, pair.en, people, places)))
    vocabulary = collect(tokenized, headline_pairs, lexicon, [pair.en for pair in pairs])
    every = rank_all(vocabulary.occurrences, lexicon, config.rank.known)
    ranked = select(every, lexicon, config.rank)
    terms = build_terms(ranked, pairs, lexicon, every)
    return ArticleStudy(
        article=article,
        pairs=pairs,
        terms=terms,
        cloze=make_cloze(terms, pairs, blanks=config.blanks, tokens=token_lists, headline=headline_pairs),
        pair_pinyin=tuple(pinyin_lines),
        names=vocabulary.names,
        running_words=vocabulary.running_words,
        coverage=measure(
            [t for t, _ in tokenized], vocabulary.occurrences, lexicon, config.rank.known, ranked=every
        ),
        script=config.script,
        pair_traditional=traditional_pairs(pairs, config.script),
    )


def audio_requests(result: ArticleStudy) -> list[ClipRequest]:
    """What to speak: each term, and each sentence a card or cloze shows."""
    requests = [ClipRequest(t.hanzi, "word") for t in result.terms]
    sentences = dict.fromkeys([t.sentence_zh for t in result.terms] + [c.zh for c in result.cloze])
    requests += [ClipRequest(s, "sentence") for s in sentences]
    return requests


def with_audio(result: ArticleStudy, options: AudioOptions, warn: Warn | None = None,
               progress: Progress | None = None) -> ArticleStudy:
    if options.engine == "none":
        return result
    clips = synthesize(audio_requests(result), options, progress=progress, warn=warn)
    return replace(result, audio=clips)


def write_outputs(result: ArticleStudy, config: BuildConfig) -> BuildResult:
    """The article's folder under config.out_dir: its Anki package, vocab.json, sheets
    and quiz page, all rendered from one view of its study."""
    folder = config.out_dir / result.article.id
    package_path = folder / f"{result.article.id}.apkg"
    view = from_study(result, package_path.name)
    package = write_package(view, package_path)
    manifest_path = folder / "vocab.json"
    write_manifest(manifest_path, serialise(view))
    write_sheets(view, folder, word_bank=config.word_bank, pdf=config.pdf)
    write_quiz_page(view, folder)
    return BuildResult(result.article, result, package, manifest_path)


def build_article(
    article: Article, config: BuildConfig, lexicon: Lexicon | None = None, warn: Warn | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    result = study(article, config, lexicon or load_lexicon())
    result = with_audio(result, config.audio, warn=warn, progress=progress)
    return write_outputs(result, config)
