"""`vocabgen stats PATH...`: coverage of articles for a learner, without building."""

from __future__ import annotations

from pathlib import Path

import click

from .learner import known_words, learner_options
from .tables import short, table


def coverage_rows(studies) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The stats table: per article, running words, share known by HSK level, share
    this learner knows, and how many ranked new words reach 90/95/98%."""
    from ..coverage import hsk_label
    from ..lexicon import HSK_BAND

    headers = ("article", "words", *(f"HSK{hsk_label(k)}" for k in range(1, HSK_BAND + 1)), "known",
               "to 90%", "to 95%", "to 98%")
    rows = []
    for study in studies:
        c = study.coverage
        reach = dict(c.new_words_for)
        rows.append((
            short(f"{study.article.date} {study.article.title_en}".strip(), 40),
            str(c.running_words),
            *(f"{v:.0%}" for v in c.by_hsk),
            f"{c.known:.1%}",
            *("-" if reach.get(t) is None else f"+{reach[t]}" for t in (90, 95, 98)),
        ))
    return headers, rows


@click.command("stats")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@learner_options
def stats_command(paths: tuple[Path, ...], known: tuple[Path, ...], known_field: str, hsk_known: int) -> None:
    """Print how much of each article you already know, without building anything.

    For each article: its running words; the share known by a learner of HSK
    1..N (names and grammatical words count as known); the share you know
    (--known lists and --hsk-known); and how many new words, in the deck's rank
    order, take you to 90%, 95% and 98% ("-": never, with the dictionary's words).

    \b
    Example:
        vocabgen stats seeds/
        vocabgen stats article.txt --hsk-known 3 --known my_words.txt
    """
    from ..config import BuildConfig
    from .inputs import gather_sources
    from ..lexicon import load_lexicon
    from ..errors import VocabgenError
    from ..batch import Failure, read_all
    from ..pipeline import study
    from ..rank import RankOptions

    sources, missing = gather_sources(list(paths))
    config = BuildConfig(rank=RankOptions(known=known_words(known, known_field, hsk_known)))
    articles, failures = read_all(sources)
    for failure in failures:
        click.echo(f"error: {failure.message}", err=True)
    lexicon = load_lexicon()
    studies = []
    for article in articles:
        try:
            studies.append(study(article, config, lexicon))
        except VocabgenError as exc:
            failures.append(Failure(article.source, str(exc)))
            click.echo(f"error: {exc}", err=True)
    if studies:
        headers, rows = coverage_rows(studies)
        click.echo(table(rows, headers))
    if failures or missing:
        raise click.ClickException(f"{len(failures) + missing} input(s) could not be read; see the errors above")
