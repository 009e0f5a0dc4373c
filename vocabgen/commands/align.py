"""`vocabgen align ZH_FILE EN_FILE`: align already-split text, one sentence a line."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("align")
@click.argument("zh_file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.argument("en_file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["beads", "tsv"]), default="beads", show_default=True,
    help="beads: one bead a line, [i,j]:[k] with 0-based line numbers, as Vecalign and "
    "Bertalign write; tsv: Chinese, English and confidence per pair.",
)
@click.option(
    "--encoder", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
    help="Sentence embeddings (shipped with vocabgen, no download) beside the dictionary: "
    "auto uses them when the translation is free (few sentences share dictionary words), "
    "always for any text, never for none.",
)
def align_command(zh_file, en_file, fmt: str, encoder: str) -> None:
    """Align Chinese and English sentences (one sentence a line in each file).

    Blank lines are kept as empty sentences so line numbers stay those of the files.
    Beads may join up to four sentences of one side to one of the other (1-4, 4-1).

    Example:

        vocabgen align chapter.zh chapter.en > chapter.align
    """
    from ..align import align_sentences
    from ..errors import VocabgenError
    from ..lexicon import load_lexicon

    try:
        zh = _lines(zh_file)
        en = _lines(en_file)
        use = {"auto": None, "always": True, "never": False}[encoder]
        beads = align_sentences(zh, en, load_lexicon(), encoder=use)
    except VocabgenError as exc:
        raise click.ClickException(str(exc)) from None
    for bead in beads:
        if fmt == "beads":
            click.echo(f"[{','.join(map(str, bead.zh))}]:[{','.join(map(str, bead.en))}]")
        else:
            zh_text = "".join(zh[k] for k in bead.zh).replace("\t", " ")
            en_text = " ".join(en[k] for k in bead.en).replace("\t", " ")
            click.echo(f"{zh_text}\t{en_text}\t{bead.confidence:.3f}")


def _lines(path: Path) -> list[str]:
    """A file's lines, read as build reads articles: UTF-8, GB18030 or UTF-16 with
    its mark, a regular file of bounded size; anything else is a clear error."""
    from ..ingest import decode, read_text

    if str(path) == "-":
        text = decode(Path("<stdin>"), sys.stdin.buffer.read()).replace("\r\n", "\n")
    else:
        text = read_text(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # as iterating over the file would: no empty line after the last newline
    return [line.strip() for line in lines]
