"""`vocabgen build PATH...`: articles in, decks and sheets out, and a table of what was built.

The options become one BuildConfig; batch.py builds the articles (in worker
processes) and this module reports each outcome as it comes, turns library errors
into clear lines, holds the output folder's lock and stops cleanly on SIGTERM.
Heavy modules are imported inside the command, so `vocabgen --help` starts fast.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .learner import learner_options
from .tables import short, table

if TYPE_CHECKING:
    from ..batch import Failure, Outcome
    from ..config import BuildConfig
    from ..ingest import ArticleRef
    from ..options import AudioOptions

DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("decks")


def _audio_options(tts: str, voice: str, rate: str, sentence_rate: str, cache_dir: Path | None) -> AudioOptions:
    from ..errors import VocabgenError
    from ..options import AudioOptions

    try:
        return AudioOptions(engine=tts, voice=voice, rate=rate, sentence_rate=sentence_rate,
                            cache_dir=str(cache_dir) if cache_dir else None)
    except VocabgenError as exc:
        raise click.BadParameter(str(exc)) from exc


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=DEFAULT_OUT, show_default=True, help="Folder for the decks, one sub-folder per article.")
@click.option("--tts", type=click.Choice(["auto", "edge", "offline", "none"]), default="auto",
              show_default=True,
              help="Speech engine: edge (online neural voice), offline (eSpeak NG), auto (edge, "
                   "else offline), none.")
@click.option("--voice", default="zh-CN-XiaoxiaoNeural", show_default=True, help="edge-tts voice.")
@click.option("--rate", default="+0%", show_default=True, help="Speaking rate of word audio (edge).")
@click.option("--sentence-rate", default="-10%", show_default=True,
              help="Speaking rate of sentence audio (edge): slower for learners.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Audio cache folder (default: the user cache directory).")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Processes building articles, this one included (default: the number of cores).")
@click.option("--force", is_flag=True, help="Rebuild articles whose outputs are up to date.")
@click.option("--tone-sandhi", is_flag=True,
              help="Sentence pinyin as spoken: 一 and 不 change tone (yí gè, bú shì). "
                   "Words keep their dictionary tones.")
@click.option("--max-terms", type=click.IntRange(1, 1000), default=40, show_default=True,
              help="Most vocabulary notes per article.")
@click.option("--min-hsk", type=click.IntRange(0, 7), default=0, show_default=True,
              help="Leave out words of HSK level N and below (7 = band 7-9).")
@click.option("--blanks", type=click.IntRange(1, 5), default=1, show_default=True,
              help="Blanks per cloze sentence.")
@click.option("--word-bank/--no-word-bank", default=False, show_default=True,
              help="Print a word bank (the answers, in pinyin order) on the cloze worksheet.")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Make vocab.pdf and cloze.pdf beside the HTML sheets (tens of milliseconds each).")
@learner_options
@click.option("--script", type=click.Choice(["simplified", "traditional", "both"]), default="simplified",
              show_default=True, help="Characters on the front of cards and sheets.")
@click.option("--combined/--no-combined", default=False, show_default=True,
              help="Also write OUT/all.apkg: a subdeck per article, each word once, in date order.")
def build_command(paths: tuple[Path, ...], out_dir: Path, tts: str, voice: str, rate: str, sentence_rate: str,
                  cache_dir: Path | None, jobs: int | None, force: bool, tone_sandhi: bool, max_terms: int,
                  min_hsk: int, blanks: int, word_bank: bool, pdf: bool, known: tuple[Path, ...], known_field: str,
                  hsk_known: int, script: str, combined: bool) -> None:
    """Build decks from articles (files or folders; default: seeds/).

    \b
    Example:
        vocabgen build
        vocabgen build path/to/article.txt other/dir --out mydecks
        vocabgen build --hsk-known 3 --known my_words.txt --combined --script both
    """
    from ..batch import scan
    from ..config import BuildConfig
    from ..options import RankOptions
    from .inputs import gather_sources
    from .learner import known_words

    sources, missing = gather_sources(list(paths) or [DEFAULT_SEEDS])
    config = BuildConfig(
        out_dir=out_dir,
        rank=RankOptions(max_terms=max_terms, min_hsk=min_hsk, known=known_words(known, known_field, hsk_known)),
        blanks=blanks,
        script=script,
        audio=_audio_options(tts, voice, rate, sentence_rate, cache_dir),
        jobs=jobs or os.cpu_count() or 1,
        force=force,
        tone_sandhi=tone_sandhi,
        word_bank=word_bank,
        pdf=pdf,
    )
    articles, failures = scan(sources, warn=lambda message: click.echo(f"warning: {message}", err=True))
    for failure in failures:
        click.echo(f"error: {failure.message}", err=True)
    with _terminate_cleanly(), _holding(out_dir):
        _build_and_report(articles, failures, missing, config, combined)


def _warn(message: str) -> None:
    # On a line of its own: the progress bar holds the current one.
    click.echo(f"\nwarning: {message}", err=True)


def _build_and_report(articles: list[ArticleRef], failures: list[Failure], missing: int, config: BuildConfig,
                      combined: bool) -> None:
    from ..batch import Failure, Summary, build_all, build_combined
    from ..errors import VocabgenError

    rows: list[tuple[str, ...]] = []
    built: set[str] = set()

    def shown(outcome: Outcome | None) -> str | None:
        return short(outcome.article_id, 30) if isinstance(outcome, Summary) else None

    with click.progressbar(length=len(articles), label="Building decks", file=sys.stderr,
                           item_show_func=shown) as bar:
        try:
            def clips(done: int, total: int) -> None:
                # Audio is the slow part of a voiced build: show it in the bar's label.
                bar.label = f"Building decks (audio {done}/{total})" if done < total else "Building decks"
                bar.render_progress()

            for outcome in build_all(articles, config, warn=_warn, progress=clips):
                if isinstance(outcome, Failure):
                    failures.append(outcome)
                    click.echo(f"\nerror: {outcome.message}", err=True)
                else:
                    rows.append((
                        short(outcome.title_en, 48),
                        str(outcome.aligned),
                        str(outcome.terms),
                        str(outcome.cloze),
                        outcome.coverage,
                        outcome.out_dir + (" (up to date)" if outcome.reused else ""),
                    ))
                    built.add(outcome.article_id)
                bar.update(1, outcome)
        except VocabgenError as exc:
            raise click.ClickException(str(exc)) from exc
    if rows:
        headers = ("article", "aligned", "terms", "cloze", "known (+new → 95%)", "files")
        if not config.rank.known:
            # With nothing known, the share is only names and grammatical words:
            # a figure that reads as a judgement of the learner. `stats` shows it.
            headers = headers[:4] + headers[5:]
            rows = [row[:4] + row[5:] for row in rows]
        click.echo(table(rows, headers))
    if combined and built:
        try:
            deck = build_combined([a for a in articles if a.id in built], config, warn=_warn)
        except (VocabgenError, OSError) as exc:
            raise click.ClickException(f"cannot write the combined deck: {exc}") from exc
        click.echo(f"combined deck: {deck}")
    if failures or missing:
        n = len(failures) + missing
        raise click.ClickException(f"{n} input(s) could not be built; see the errors above")


@contextlib.contextmanager
def _holding(out_dir: Path):
    """The output folder, made if need be and locked for this build (see
    atomic.locked), with the temporaries a killed build left in it swept."""
    from ..atomic import Busy, locked, sweep_temporaries

    stack = contextlib.ExitStack()
    try:
        stack.enter_context(locked(out_dir))
    except Busy as exc:
        raise click.ClickException(str(exc)) from None
    except FileExistsError:
        raise click.ClickException(f"{out_dir}: cannot make the output folder: a file of that name is in the way")
    except OSError as exc:
        raise click.ClickException(f"{out_dir}: cannot use it as the output folder: {exc.strerror or exc}") from None
    with stack:
        sweep_temporaries(out_dir)
        yield


class _Terminated(SystemExit):
    """SIGTERM, turned into an exception so that every `finally` runs: temporaries
    are removed and worker processes stopped, as for Ctrl-C."""


@contextlib.contextmanager
def _terminate_cleanly():
    def on_term(signum, frame):
        raise _Terminated(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread (an embedding app): leave signals alone
        yield
        return
    try:
        yield
    except _Terminated:
        click.echo("\nerror: stopped (SIGTERM); articles not finished will be built by the next run", err=True)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
