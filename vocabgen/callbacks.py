"""What a build tells its caller while it runs: the callback types that the CLI
hands to batch.py, which hands them to pipeline.py and on to the audio stage.

Plain callables, so a caller passes `print`, a lambda or a progress bar's method;
the aliases say what each is called with. None means nobody listens. The outcomes
a batch yields per article are frozen dataclasses (batch.Summary, batch.Failure).
"""

from __future__ import annotations

from typing import Callable, TypeAlias

Warn: TypeAlias = Callable[[str], None]
"""Called with one line for the user (no "warning:" prefix: the caller adds its own)."""

Progress: TypeAlias = Callable[[int, int], None]
"""Called with (done, total) as an article's audio clips are made, first with (0, total)."""
