"""Shared fixtures: a private cache directory and the seed decks built once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
# ../shared beside the repository (or beside the folder of worktrees); evaluation
# data only, so the tests that read it skip where it is absent.
SHARED = next((p / "shared" for p in REPO.parents if (p / "shared" / "gold").is_dir()), REPO.parent / "shared")


def pytest_configure(config):
    # Keep the tests' dictionary and audio caches out of the user's home, but share
    # them across the session so the lexicon pickle is built once.
    if "VOCABGEN_CACHE_DIR" not in os.environ:
        os.environ["VOCABGEN_CACHE_DIR"] = str(REPO / ".pytest_cache" / "vocabgen-cache")


# Fixtures that build every seed (PDFs included): a test that asks for one, even
# through another fixture, is in the slow lane (see README: pytest -m "not slow").
_SLOW_FIXTURES = {"built_decks"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def lexicon():
    from vocabgen.lexicon import load_lexicon

    return load_lexicon()


@pytest.fixture(scope="session")
def seed_articles():
    from vocabgen.ingest import discover, read_article

    return [read_article(s) for s in discover([SEEDS])]


@pytest.fixture(scope="session")
def built_decks(tmp_path_factory):
    """The seeds built through the CLI, without audio: (output folder, CLI result)."""
    from click.testing import CliRunner

    from vocabgen.cli import main

    out = tmp_path_factory.mktemp("decks")
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out), "--tts", "none"])
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="session")
def manifests(built_decks):
    import json

    out, _ = built_decks
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/vocab.json"))}
