"""Errors the library raises; the CLI turns them into one clear line each."""

from __future__ import annotations


class VocabgenError(Exception):
    """Base class: a problem the user can act on, with a message that says how."""


class ArticleError(VocabgenError):
    """An input file that cannot be read as an article.

    The message names the file, the line when there is one, what is wrong and what
    to do about it."""

    def __init__(self, path: str, problem: str, line: int | None = None, hint: str = ""):
        self.path = path
        self.line = line
        self.problem = problem
        self.hint = hint
        where = f"{path}:{line}" if line else path
        text = f"{where}: {problem}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class AudioError(VocabgenError):
    """Speech synthesis failed in a way the caller should hear about."""
