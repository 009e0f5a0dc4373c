"""`vocabgen align ZH_FILE EN_FILE`: align already-split text, one sentence a line."""

from __future__ import annotations

import click


@click.command("align")
@click.argument("zh_file", type=click.File("r", encoding="utf-8-sig"))
@click.argument("en_file", type=click.File("r", encoding="utf-8-sig"))
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
    from ..lexicon import load_lexicon

    zh = [line.rstrip("\n").strip() for line in zh_file]
    en = [line.rstrip("\n").strip() for line in en_file]
    use = {"auto": None, "always": True, "never": False}[encoder]
    beads = align_sentences(zh, en, load_lexicon(), encoder=use)
    for bead in beads:
        if fmt == "beads":
            click.echo(f"[{','.join(map(str, bead.zh))}]:[{','.join(map(str, bead.en))}]")
        else:
            zh_text = "".join(zh[k] for k in bead.zh).replace("\t", " ")
            en_text = " ".join(en[k] for k in bead.en).replace("\t", " ")
            click.echo(f"{zh_text}\t{en_text}\t{bead.confidence:.3f}")
