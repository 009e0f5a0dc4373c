"""Shared fixtures: a private cache directory, the seeds read, studied and built
once, and a real Anki collection. Building in a test: helpers.build (helpers.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import REPO, SEEDS, build, open_collection
# ../shared beside the repository (or beside the folder of worktrees); evaluation
# data only, so the tests that read it skip where it is absent.
SHARED = next((p / "shared" for p in REPO.parents if (p / "shared" / "gold").is_dir()), REPO.parent / "shared")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/*.txt from a fresh study of each seed (see tests/test_golden.py).")


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
def seed_studies(seed_articles, lexicon):
    """Every seed studied with the default options (pipeline.study: no files written),
    in file-name order."""
    from vocabgen.config import BuildConfig
    from vocabgen.pipeline import study

    return [study(article, BuildConfig(), lexicon) for article in seed_articles]


@pytest.fixture(scope="session")
def built_decks(tmp_path_factory):
    """The seeds built through the CLI as a user would (PDFs, every core), without
    audio: (output folder, the command's output)."""
    out = tmp_path_factory.mktemp("decks")
    return out, build([SEEDS], out, pdf=True, jobs=None)


@pytest.fixture()
def anki_collection(tmp_path):
    """Opens empty Anki collections (the real `anki` backend) in the test's folder,
    with packages imported: `col = anki_collection(package, ...)`. Every one is
    closed after the test."""
    pytest.importorskip("anki.collection")
    opened = []

    def open_one(*packages: Path):
        col = open_collection(tmp_path / f"collection{len(opened)}.anki2", *packages)
        opened.append(col)
        return col

    yield open_one
    for col in opened:
        if col.db is not None:  # not closed by the test itself
            col.close()


@pytest.fixture(scope="session")
def manifests(built_decks):
    import json

    out, _ = built_decks
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/vocab.json"))}
