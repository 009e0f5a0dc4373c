"""The command line: options in, one BuildConfig out, library errors as clear lines.

Heavy modules (the pipeline, jieba, the dictionaries) are imported inside the
commands, so `vocabgen --help` starts fast.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path

import click

from .commands.learner import learner_options

DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("decks")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vocabgen")
def main() -> None:
    """Turn bilingual Chinese-English articles into Anki decks and study sheets.

    \b
    Example:
        vocabgen build                      # seeds/ -> decks/
        vocabgen build article.txt --out mydecks --tts none
    """


def _table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(tuple("-" * w for w in widths))] + [line(r) for r in rows])


def _audio_options(factory, tts, voice, rate, sentence_rate, cache_dir):
    from .errors import VocabgenError

    try:
        return factory(engine=tts, voice=voice, rate=rate, sentence_rate=sentence_rate,
                       cache_dir=str(cache_dir) if cache_dir else None)
    except VocabgenError as exc:
        raise click.BadParameter(str(exc)) from exc


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@main.command()
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
def build(paths: tuple[Path, ...], out_dir: Path, tts: str, voice: str, rate: str, sentence_rate: str,
          cache_dir: Path | None, jobs: int | None, force: bool, tone_sandhi: bool, max_terms: int, min_hsk: int,
          blanks: int, word_bank: bool, pdf: bool, known: tuple[Path, ...], known_field: str,
          hsk_known: int, script: str, combined: bool) -> None:
    """Build decks from articles (files or folders; default: seeds/).

    \b
    Example:
        vocabgen build
        vocabgen build path/to/article.txt other/dir --out mydecks
        vocabgen build --hsk-known 3 --known my_words.txt --combined --script both
    """
    from .audio import AudioOptions
    from .commands.learner import known_words
    from .config import BuildConfig
    from .commands.inputs import gather_sources
    from .batch import scan
    from .rank import RankOptions

    sources, missing = gather_sources(list(paths) or [DEFAULT_SEEDS])
    config = BuildConfig(
        out_dir=out_dir,
        rank=RankOptions(max_terms=max_terms, min_hsk=min_hsk, known=known_words(known, known_field, hsk_known)),
        blanks=blanks,
        script=script,
        audio=_audio_options(AudioOptions, tts, voice, rate, sentence_rate, cache_dir),
        jobs=jobs or os.cpu_count() or 1,
        force=force,
        tone_sandhi=tone_sandhi,
        word_bank=word_bank,
        pdf=pdf,
    )
    warn = lambda message: click.echo(f"\nwarning: {message}", err=True)  # noqa: E731
    articles, failures = scan(sources, warn=lambda message: click.echo(f"warning: {message}", err=True))
    for failure in failures:
        click.echo(f"error: {failure.message}", err=True)
    with _terminate_cleanly(), _holding(out_dir):
        _build_and_report(articles, failures, missing, config, combined, warn)


def _build_and_report(articles, failures, missing, config, combined, warn) -> None:
    from .errors import VocabgenError
    from .batch import Failure, build_all, build_combined

    rows = []
    built: set[str] = set()
    with click.progressbar(
        length=len(articles), label="Building decks", file=sys.stderr,
        item_show_func=lambda r: _short(r.article_id, 30) if r is not None and hasattr(r, "article_id") else None,
    ) as bar:
        try:
            def clips(done: int, total: int) -> None:
                # Audio is the slow part of a voiced build: show it in the bar's label.
                bar.label = f"Building decks (audio {done}/{total})" if done < total else "Building decks"
                bar.render_progress()

            for outcome in build_all(articles, config, warn=warn, progress=clips):
                if isinstance(outcome, Failure):
                    failures.append(outcome)
                    click.echo(f"\nerror: {outcome.message}", err=True)
                else:
                    rows.append((
                        _short(outcome.title_en),
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
        click.echo(_table(rows, headers))
    if combined and built:
        try:
            deck = build_combined([a for a in articles if a.id in built], config, warn=warn)
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
    from .atomic import Busy, locked, sweep_temporaries

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


# Commands that live in their own modules (each imports nothing heavy at import time).
from .commands.align import align_command  # noqa: E402

main.add_command(align_command)

from .commands.quiz import quiz_command  # noqa: E402

main.add_command(quiz_command)

from .commands.init import init_command  # noqa: E402
from .commands.pinyin import pinyin_command  # noqa: E402
from .commands.stats import stats_command  # noqa: E402

main.add_command(stats_command)
main.add_command(init_command)
main.add_command(pinyin_command)

from .commands.push import push_command  # noqa: E402

main.add_command(push_command)


if __name__ == "__main__":  # pragma: no cover
    main()
