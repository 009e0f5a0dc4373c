"""Options shared by `build` and `stats`: what the learner knows, and the settings file."""

from __future__ import annotations

from pathlib import Path

import click

from ..settings import config_option


def learner_options(function):
    """--known, --known-field, --hsk-known and --config, as one decorator."""
    for decorator in reversed((
        click.option("--known", "known", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
                     help="Words you know, never carded but counted in coverage: a word list (one a line, "
                          "# comments), CSV/TSV (first column), Anki text export, or .apkg/.colpkg/.anki2. "
                          "Repeatable."),
        click.option("--known-field", default="Hanzi", show_default=True,
                     help="The field holding the word in Anki packages and collections given to --known."),
        click.option("--hsk-known", type=click.IntRange(0, 7), default=0, show_default=True,
                     help="Count every word of HSK levels 1..N as known (7 = through band 7-9)."),
        config_option,
    )):
        function = decorator(function)
    return function


def known_words(paths: tuple[Path, ...], field: str, hsk_level: int) -> frozenset[str]:
    """Everything the learner knows, as simplified words: their lists and HSK 1..N."""
    from ..errors import VocabgenError
    from ..known import hsk_known, load_known
    from ..lexicon import load_lexicon

    if not paths and not hsk_level:
        return frozenset()
    lexicon = load_lexicon()
    try:
        return load_known(paths, field, lexicon) | hsk_known(lexicon, hsk_level)
    except VocabgenError as exc:
        raise click.ClickException(str(exc)) from exc
