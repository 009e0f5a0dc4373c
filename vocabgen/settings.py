"""The settings file: options a learner always uses, in `vocabgen.toml`.

    # vocabgen.toml
    hsk_known = 3
    known = ["my_words.txt", "collection.colpkg"]
    script = "both"
    max_terms = 30

    [stats]            # a table named after a command applies to that command only
    hsk_known = 4

A key is a command-line option's long name (`max-terms` or `max_terms`). The file is
`vocabgen.toml` in the working directory, or the one given with `--config FILE`;
relative paths in it are relative to the file. The values become the commands'
defaults (click's `default_map`), so an option given on the command line wins, and
they are checked exactly as the command line's are. A key no command knows is an
error, so a typo does not silently do nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable

import click

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SETTINGS_NAME = "vocabgen.toml"


class SettingsError(click.ClickException):
    """A settings file that cannot be used; the message names it."""


def settings_path(explicit: Path | None, cwd: Path | None = None) -> Path | None:
    """The file to read: the explicit one, else vocabgen.toml here, else none."""
    if explicit is not None:
        if not Path(explicit).is_file():
            raise SettingsError(f"{explicit}: no such settings file")
        return Path(explicit)
    here = (cwd or Path.cwd()) / SETTINGS_NAME
    return here if here.is_file() else None


def read_settings(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read it ({exc.strerror})") from None


def _key(name: str) -> str:
    return name.lstrip("-").replace("-", "_")


def option_keys(command: click.Command) -> dict[str, click.Option]:
    """Settings keys a command accepts: each option's long names (and its --no- form's
    positive name), not --help or --config."""
    keys: dict[str, click.Option] = {}
    for param in command.params:
        if not isinstance(param, click.Option) or param.name in ("config", "help"):
            continue
        for opt in param.opts:
            if opt.startswith("--"):
                keys[_key(opt)] = param
    return keys


def _expected(param: click.Option) -> tuple[tuple[type, ...], str]:
    """The TOML types a setting may have, and how to say so."""
    kind = param.type
    if param.is_flag and param.is_bool_flag:
        return (bool,), "true or false"
    if isinstance(kind, (click.types.IntParamType, click.IntRange)):
        return (int,), "a whole number"
    if isinstance(kind, (click.types.FloatParamType, click.FloatRange)):
        return (int, float), "a number"
    return (str,), "a quoted string"


def _value(param: click.Option, value: Any, base: Path, where: str) -> Any:
    """A setting's value, checked as strictly as the command line's (and more: TOML
    has types, so `max_terms = 1.9` or `true` is an error, not 1), paths resolved
    against the settings file's folder."""
    if isinstance(value, dict):
        raise SettingsError(f"{where}: expected a value, not a table")
    types, wanted = _expected(param)
    values = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not param.multiple:
        raise SettingsError(f"{where}: expected {wanted}, not a list")
    for item in values:
        # bool is an int in Python; in a settings file true is not 1.
        if not isinstance(item, types) or (isinstance(item, bool) and bool not in types):
            shown = "a list holding " if isinstance(value, list) else ""
            raise SettingsError(f"{where}: expected {wanted}{' (or a list of them)' if param.multiple else ''}, "
                                f"not {shown}{_toml(item)}")
        try:
            param.type.convert(item, param, None)
        except click.BadParameter as exc:
            raise SettingsError(f"{where}: {exc.message}") from None
    if isinstance(param.type, click.Path):
        resolve = lambda v: str(base / v) if not Path(v).is_absolute() else v  # noqa: E731
        values = [resolve(v) for v in values]
    if param.multiple:
        return values
    return values[0]


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def defaults_for(
    command: click.Command, settings: dict[str, Any], path: Path, siblings: Iterable[click.Command] = ()
) -> dict[str, Any]:
    """The `default_map` for one command from a settings file.

    Top-level keys apply to every command that has the option; a table named after
    a command applies to it alone. A key no command (of `siblings`) knows is an error."""
    commands = {c.name: c for c in [*siblings, command] if c.name}
    keys_of = {name: option_keys(c) for name, c in commands.items()}
    known_anywhere = set().union(*keys_of.values())
    own = keys_of[command.name]
    defaults: dict[str, Any] = {}
    tables = {k: v for k, v in settings.items() if isinstance(v, dict)}
    for name, value in settings.items():
        if name in tables:
            continue
        key = _key(name)
        if key in own:
            defaults[own[key].name] = _value(own[key], value, path.parent, f"{path}: {name}")
        elif key not in known_anywhere:
            raise SettingsError(f"{path}: {name}: unknown setting (settings: {', '.join(sorted(known_anywhere))})")
    for name, table in tables.items():
        if name not in commands:
            raise SettingsError(f"{path}: [{name}]: no such command (commands: {', '.join(sorted(commands))})")
        for raw_key, value in table.items():
            key = _key(raw_key)
            if key not in keys_of[name]:
                raise SettingsError(
                    f"{path}: {name}.{raw_key}: unknown setting (settings: {', '.join(sorted(keys_of[name]))})"
                )
            if name == command.name:
                defaults[own[key].name] = _value(own[key], value, path.parent, f"{path}: {name}.{raw_key}")
    return defaults


def _apply(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    path = settings_path(value)
    if path is None:
        return None
    group = ctx.parent.command if ctx.parent is not None else None
    siblings = list(group.commands.values()) if isinstance(group, click.Group) else []
    defaults = defaults_for(ctx.command, read_settings(path), path, siblings)
    ctx.default_map = {**(ctx.default_map or {}), **defaults}
    return path


def config_option(function):
    """The --config option: read settings before the other options (it is eager),
    so they become those options' defaults."""
    return click.option(
        "--config", type=click.Path(path_type=Path, dir_okay=False), default=None,
        is_eager=True, expose_value=False, callback=_apply,
        help=f"Settings file (default: ./{SETTINGS_NAME} if there). Command-line options win.",
    )(function)


# (key, example value, comment) for `vocabgen init`; a test checks every key is a
# setting `build` or `stats` accepts.
EXAMPLE = (
    ("hsk_known", "3", "Every word of HSK levels 1..N counts as known: no cards, counted in coverage."),
    ("known", '["my_words.txt"]', "Lists of words you know: a word a line, CSV/TSV, Anki text export, .apkg/.colpkg."),
    ("known_field", '"Hanzi"', "The field holding the word in Anki packages and collections."),
    ("script", '"simplified"', "Characters on the front of cards and sheets: simplified, traditional or both."),
    ("max_terms", "40", "Most vocabulary notes per article."),
    ("min_hsk", "0", "Leave out words of HSK level N and below, without counting them as known."),
    ("combined", "true", "Also write decks/all.apkg: every article, each word once."),
    ("tts", '"auto"', "Speech engine: auto, edge, offline or none."),
    ("voice", '"zh-CN-XiaoxiaoNeural"', "Voice of the online speech engine."),
    ("out", '"decks"', "Folder for the decks."),
)


def example_text(accepted: Iterable[str] | None = None) -> str:
    """A commented vocabgen.toml: every line commented out, so it changes nothing
    until the learner uncomments what they want."""
    allowed = set(accepted) if accepted is not None else None
    lines = [
        "# vocabgen settings: read by `vocabgen build` and `vocabgen stats` from the",
        "# working directory (or pass --config FILE). Options given on the command line",
        "# win over these. Uncomment and edit what you always use; paths are relative",
        "# to this file. A [build] or [stats] table applies to that command only.",
        "",
    ]
    for key, value, comment in EXAMPLE:
        if allowed is not None and key not in allowed:
            continue
        lines += [f"# {comment}", f"# {key} = {value}", ""]
    return "\n".join(lines)
