"""Turning the paths a command is given into article sources, shared by `build`
and `stats`."""

from __future__ import annotations

from pathlib import Path

import click


def gather_sources(paths: list[Path]):
    """Sources from the given files and folders, and how many paths were missing.

    A missing path gets an error line and the others go on; no article at all in
    what exists is an error of its own."""
    from ..ingest import discover

    missing = [p for p in paths if not p.exists()]
    for path in missing:
        click.echo(f"error: {path}: no such file or folder", err=True)
    sources = discover([p for p in paths if p.exists()])
    if not sources and not missing:
        raise click.ClickException(f"no articles (*.txt) found in {', '.join(map(str, paths))}")
    return sources, len(missing)
