"""The layout's promises that an import can break: the build's config is a plain
value, cheap to import (the CLI parses options and fails on bad ones before any
dictionary, tokenizer or audio encoder is loaded)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ("jieba", "pypinyin", "numpy", "genanki", "edge_tts", "lameenc", "asyncio",
         "vocabgen.lexicon", "vocabgen.audio", "vocabgen.rank", "vocabgen.segment", "vocabgen.reading.pinyin")


def _loaded_by(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


def test_config_imports_no_nlp_or_audio_module():
    loaded = _loaded_by("import vocabgen.config; vocabgen.config.BuildConfig()")
    assert "vocabgen.config" in loaded
    assert not [m for m in HEAVY if m in loaded]


def test_options_are_the_same_classes_from_their_old_homes():
    # Existing imports (from vocabgen.audio / vocabgen.rank) keep working, and name
    # the very classes BuildConfig holds.
    from vocabgen.audio import AudioOptions
    from vocabgen.config import BuildConfig
    from vocabgen.rank import RankOptions

    config = BuildConfig()
    assert type(config.audio) is AudioOptions and type(config.rank) is RankOptions


def test_help_of_every_command_loads_no_heavy_module():
    # `vocabgen --help` and `vocabgen build --help` stay fast because each command
    # imports its heavy modules inside the command, not at the top of its module.
    loaded = _loaded_by(
        "from click.testing import CliRunner\n"
        "from vocabgen.cli import main\n"
        "for args in (['--help'], *([name, '--help'] for name in main.commands)):\n"
        "    assert CliRunner().invoke(main, args).exit_code == 0, args\n"
        "assert 'build' in main.commands and 'stats' in main.commands"
    )
    assert "vocabgen.commands.build" in loaded
    assert not [m for m in (*HEAVY, "vocabgen.pipeline", "vocabgen.batch", "vocabgen.config") if m in loaded]
