"""`vocabgen init`: write a commented example settings file."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("init")
@click.argument("path", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init_command(path: Path | None, force: bool) -> None:
    """Write a commented example vocabgen.toml (default: in this folder).

    Every line of it is commented out; uncomment the settings you always use.
    `vocabgen build` and `vocabgen stats` read it from the working directory.

    \b
    Example:
        vocabgen init
        vocabgen init ~/chinese/vocabgen.toml
    """
    from ..atomic import write_text_atomic
    from ..settings import SETTINGS_NAME, example_text, option_keys

    target = path or Path(SETTINGS_NAME)
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists; use --force to overwrite it")
    group = click.get_current_context().find_root().command
    accepted: set[str] = set()
    for name in ("build", "stats"):
        command = group.commands.get(name) if isinstance(group, click.Group) else None
        if command is not None:
            accepted |= set(option_keys(command))
    try:
        write_text_atomic(target, example_text(accepted or None) + "\n")
    except OSError as exc:
        reason = "a file is in the way of its folder" if isinstance(exc, (FileExistsError, NotADirectoryError)) \
            else exc.strerror or str(exc)
        raise click.ClickException(f"{target}: cannot write it: {reason}") from None
    click.echo(f"wrote {target}")
