"""`vocabgen quiz decks/<id>`: the article's cloze quiz in the terminal.

It reads the deck's manifest (vocab.json) only: no jieba, no dictionaries, so it
starts at once. Keep the imports at the top of this module light.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..quiz import QuizItem, items_from_manifest, select


def _manifest_path(deck: Path) -> Path:
    path = deck / "vocab.json" if deck.is_dir() else deck
    if not path.is_file():
        raise click.ClickException(
            f"{deck}: no vocab.json here; give a deck folder that `vocabgen build` made (decks/<id>)"
        )
    return path


def _ask(item: QuizItem, position: str, script: str = "simplified") -> bool:
    """Ask one item; True if every blank was answered right."""
    click.echo()
    click.secho(f"{position}  ({item.number})  {item.prompt(script=script)}", bold=True)
    click.echo(f"      {item.en}")
    right = True
    questions = item.questions()
    for k, blank in enumerate(questions, start=1):
        label = f"  answer ({k})" if len(questions) > 1 else "  answer"
        given = click.prompt(label, default="", show_default=False, prompt_suffix=": ")
        ok = blank.accepts(given)
        right = right and ok
        mark = click.style("right", fg="green") if ok else click.style("wrong", fg="red")
        click.echo(f"  {mark}: {blank.shown(script)}  {blank.pinyin}  {blank.meaning}".rstrip())
    if not right:
        click.echo(f"  {''.join(item.shown_parts(script))}")
    return right


def run_quiz(items: list[QuizItem], repeat: bool = True, script: str = "simplified") -> tuple[int, int]:
    """Ask every item, then the missed ones again until all are right (when `repeat`).

    Returns (right at the first try, items). Ends early, with the score so far, when
    the input ends or the learner presses Ctrl-C."""
    first_right = 0
    asked = 0
    todo = list(items)
    round_number = 1
    try:
        while todo:
            if round_number > 1:
                click.echo()
                click.secho(f"Again: the {len(todo)} missed (round {round_number})", bold=True)
            missed = []
            for n, item in enumerate(todo, start=1):
                ok = _ask(item, f"[{n}/{len(todo)}]", script)
                if round_number == 1:
                    asked += 1
                    first_right += ok
                if not ok:
                    missed.append(item)
            if round_number == 1:
                _score(first_right, len(items))
            if not repeat:
                break
            todo = missed
            round_number += 1
        if round_number > 2 and not todo:
            click.echo(f"All {len(items)} right after {round_number - 1} rounds.")
    except click.Abort:
        click.echo()
        if round_number == 1:
            _score(first_right, asked)
        click.echo("Stopped.")
    return first_right, len(items)


def _score(right: int, total: int) -> None:
    percent = round(100 * right / total) if total else 0
    click.secho(f"\nScore: {right}/{total} ({percent}%)", bold=True)


@click.command("quiz")
@click.argument("deck", type=click.Path(exists=True, path_type=Path))
@click.option("--count", "-n", type=click.IntRange(1), default=None, help="Ask at most N sentences.  [default: all]")
@click.option("--shuffle/--no-shuffle", default=False, show_default=True, help="Ask in a random order instead of the article's.")
@click.option("--seed", type=int, default=None, help="Seed for --shuffle, to get the same order again.")
@click.option("--repeat/--no-repeat", default=True, show_default=True, help="Ask the missed sentences again until all are right.")
def quiz_command(deck: Path, count: int | None, shuffle: bool, seed: int | None, repeat: bool) -> None:
    """Quiz yourself on an article's cloze sentences in the terminal.

    Type the missing word as characters (工作) or as pinyin with tone numbers
    (gong1zuo4) or tone marks (gōngzuò); an empty answer shows the word. The score
    counts first tries; then the missed sentences come again. Ctrl-C stops.

    \b
    Example:
        vocabgen quiz decks/1960-08-09-lanzhou-municipal-committee-of-the-ccp
        vocabgen quiz decks/<id> --count 10 --shuffle --seed 7
    """
    path = _manifest_path(deck)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"{path}: cannot read the manifest ({exc})") from exc
    try:
        items = select(items_from_manifest(data), count, shuffle, seed)
        article = data.get("article") or {}
        title = str(article.get("title_zh") or article.get("title_en", ""))
    except (AttributeError, KeyError, TypeError, ValueError, IndexError) as exc:
        # A manifest from another program, an older vocabgen, or edited by hand.
        raise click.ClickException(
            f"{path}: not a manifest vocabgen can quiz from ({type(exc).__name__}: {exc}); "
            "build the deck again with `vocabgen build`"
        ) from None
    if not items:
        raise click.ClickException(f"{path}: this deck has no cloze sentences to quiz")
    click.secho(title, bold=True)
    click.echo(f"{len(items)} sentence(s). Type the missing word: characters or pinyin with tones.")
    run_quiz(items, repeat=repeat, script=data.get("script", "simplified"))
