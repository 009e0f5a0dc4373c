"""The tests' one way to build articles and one way to read decks in a real Anki.

    from helpers import build, manifests, seed
    output = build([seed(1)], tmp_path / "out", "--max-terms", "12")

`build` runs the `vocabgen build` command in this process (click's CliRunner), with
no audio, one process and no PDFs unless asked, and checks the exit code. In-process
studies of the seeds (no files written) are the `seed_studies` fixture (conftest.py);
a collection to import decks into is the `anki_collection` fixture, built on
`open_collection` and `import_package` here. tests/hostile.py runs the installed
command in a child process instead, for what only a process shows (signals, exit
codes, stderr, timeouts).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def seed(n: int) -> Path:
    """The n-th seed article (0-4), in file-name order."""
    return sorted(SEEDS.glob("*.txt"))[n]


def build(paths, out: Path | None, *options: str, tts: str = "none", pdf: bool = False, jobs: int | None = 1,
          ok: bool = True) -> str:
    """`vocabgen build PATHS --out OUT OPTIONS` run here; its output (stdout and stderr).

    `ok` says how it must end: with success, or (ok=False) with an error. Options
    given in `options` win over the defaults (click takes an option's last value).
    `out=None` leaves --out out (a settings file may give it); `jobs=None` leaves
    the number of processes to the command (every core)."""
    from vocabgen.cli import main

    args = ["build", *map(str, paths)]
    if out is not None:
        args += ["--out", str(out)]
    args += ["--tts", tts, "--pdf" if pdf else "--no-pdf"]
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    result = CliRunner().invoke(main, [*args, *map(str, options)])
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code != 0, result.output
    return result.output


def manifests(out: Path) -> dict[str, dict]:
    """Every built article's vocab.json under `out`, by article ID."""
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/vocab.json"))}


# --- a real Anki collection (the `anki` package) -----------------------------------


def open_collection(path: Path, *packages: Path):
    """A new (or existing) Anki collection at `path`, with `packages` imported."""
    from anki.collection import Collection

    col = Collection(str(path))
    for package in packages:
        import_package(col, package)
    return col


def import_package(col, package: Path, update: bool = True):
    """Import as Anki's import dialog does by default: notes matched by GUID, updated
    when the package's copy is newer (update=False: never updated)."""
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    options = ImportAnkiPackageOptions(with_scheduling=False, merge_notetypes=True, update_notes=0 if update else 2)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))


def answer(col, count: int, ratings=(3, 2)) -> list[int]:
    """Study `count` cards through the v3 scheduler, cycling the ratings (3 = easy,
    2 = good); returns the card ids answered."""
    from anki.cards import Card
    from anki.scheduler_pb2 import CardAnswer

    col.decks.select(col.decks.id_for_name("vocabgen"))
    answered = []
    for k in range(count):
        queued = col.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards:
            break
        top = queued.cards[0]
        card = Card(col, backend_card=top.card)
        card.start_timer()
        rating = ratings[k % len(ratings)]
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states, rating=rating))
        answered.append(card.id)
    assert CardAnswer.EASY == 3
    return answered


def vocab_notes(col) -> list:
    return [col.get_note(nid) for nid in col.find_notes('"note:vocabgen: Chinese vocabulary"')]
