"""The options of one build, as one frozen value the CLI makes and the pipeline reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .options import AudioOptions, RankOptions


@dataclass(frozen=True, slots=True)
class BuildConfig:
    out_dir: Path = Path("decks")
    rank: RankOptions = RankOptions()
    blanks: int = 1  # blanks per cloze item
    script: str = "simplified"  # front of cards and sheets: "simplified" | "traditional" | "both"
    audio: AudioOptions = AudioOptions(engine="none")
    jobs: int = 1  # processes building articles, the main one included
    force: bool = False  # rebuild articles whose outputs are current
    word_bank: bool = False  # a word bank on the cloze worksheet
    pdf: bool = True  # vocab.pdf and cloze.pdf beside the HTML sheets
    tone_sandhi: bool = False  # sentence pinyin with the tone changes of 一 and 不
