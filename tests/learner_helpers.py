"""Helpers for the learner tests: building through the CLI and a real Anki collection."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import SEEDS



def fast_options() -> list[str]:
    """No audio, one process, and no PDF sheets where the build makes them."""
    from vocabgen.cli import main

    flags = {o for p in main.commands["build"].params for o in (*p.opts, *getattr(p, "secondary_opts", ()))}
    return ["--tts", "none", "--jobs", "1"] + (["--no-pdf"] if "--no-pdf" in flags else [])


def seed(n: int) -> Path:
    return sorted(SEEDS.glob("*.txt"))[n]


def build(paths, out: Path, *options: str) -> str:
    from vocabgen.cli import main

    result = CliRunner().invoke(main, ["build", *map(str, paths), "--out", str(out), *fast_options(), *options])
    assert result.exit_code == 0, result.output
    return result.output


def manifests(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/vocab.json"))}


def open_collection(path: Path):
    from anki.collection import Collection

    return Collection(str(path))


def import_package(col, package: Path) -> None:
    """As Anki's import dialog does by default: update notes when the package's are newer."""
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    options = ImportAnkiPackageOptions(with_scheduling=False, merge_notetypes=True, update_notes=0)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))


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
