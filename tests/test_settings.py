"""vocabgen.toml: settings become defaults, the command line wins, typos are errors."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from helpers import build, manifests, seed
from vocabgen.cli import main
from vocabgen.settings import EXAMPLE, tomllib, SettingsError, defaults_for, example_text, option_keys


def test_settings_file_in_the_working_directory_is_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "mine.txt").write_text("干部\n", encoding="utf-8")
    (tmp_path / "vocabgen.toml").write_text(
        'max-terms = 7\nknown = ["lists/mine.txt"]\nhsk_known = 2\n\n[stats]\nhsk_known = 1\n', encoding="utf-8"
    )
    build([seed(0)], tmp_path / "a")
    (manifest,) = manifests(tmp_path / "a").values()
    assert len(manifest["terms"]) == 7
    assert "干部" not in {t["hanzi"] for t in manifest["terms"]}
    assert all(t["hsk"] is None or t["hsk"] > 2 for t in manifest["terms"])
    # The command line wins.
    build([seed(0)], tmp_path / "b", "--max-terms", "9", "--hsk-known", "0")
    (manifest,) = manifests(tmp_path / "b").values()
    assert len(manifest["terms"]) == 9 and "干部" not in {t["hanzi"] for t in manifest["terms"]}
    assert manifest["coverage"]["known"] < manifest["coverage"]["by_hsk"]["2"]  # --hsk-known 0 won


def test_explicit_config_file_with_relative_paths(tmp_path, monkeypatch):
    elsewhere = tmp_path / "settings"
    elsewhere.mkdir()
    (elsewhere / "mine.txt").write_text("干部\n", encoding="utf-8")
    (elsewhere / "mine.toml").write_text('known = "mine.txt"\nout = "decks"\nmax_terms = 5\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    build([seed(0)], None, "--config", elsewhere / "mine.toml")
    (manifest,) = manifests(elsewhere / "decks").values()
    assert len(manifest["terms"]) == 5 and "干部" not in {t["hanzi"] for t in manifest["terms"]}


@pytest.mark.parametrize(
    "text, message",
    [
        ("max_trems = 3\n", "max_trems: unknown setting"),
        ("[build]\nhsk = 3\n", "build.hsk: unknown setting"),
        ("[buidl]\nmax_terms = 3\n", "no such command"),
        ("max_terms = \n", "not valid TOML"),
    ],
)
def test_bad_settings_are_named(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vocabgen.toml").write_text(text, encoding="utf-8")
    output = build([seed(0)], tmp_path / "o", ok=False)
    assert message in output and "vocabgen.toml" in output
    assert not (tmp_path / "o").exists()


def test_bad_value_is_checked_like_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vocabgen.toml").write_text('script = "cursive"\n', encoding="utf-8")
    assert "cursive" in build([seed(0)], tmp_path / "o", ok=False)


def test_missing_config_file(tmp_path):
    assert "no such settings file" in build([], None, "--config", tmp_path / "nope.toml", ok=False)


def test_init_writes_a_commented_example_that_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "vocabgen.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text) == {}  # all commented out
    assert "hsk_known" in text and "script" in text and "known" in text
    again = CliRunner().invoke(main, ["init"])
    assert again.exit_code != 0 and "--force" in again.output
    assert CliRunner().invoke(main, ["init", "--force"]).exit_code == 0


def test_every_example_setting_is_accepted(tmp_path):
    """Uncommented, the example is a valid settings file (so it cannot go stale)."""
    text = "\n".join(line[2:] for line in example_text().splitlines() if " = " in line)
    settings = tomllib.loads(text)
    assert set(settings) == {key for key, _, _ in EXAMPLE}
    commands = [main.commands["build"], main.commands["stats"]]
    accepted = set(option_keys(commands[0])) | set(option_keys(commands[1]))
    assert set(settings) <= accepted
    defaults = defaults_for(commands[0], settings, tmp_path / "vocabgen.toml", commands)
    assert defaults["hsk_known"] == 3 and defaults["known"] == [str(tmp_path / "my_words.txt")]


def test_stats_reads_its_own_table(tmp_path):
    stats = main.commands["stats"]
    settings = {"hsk_known": 2, "max_terms": 5, "stats": {"hsk_known": 4}}
    assert defaults_for(stats, settings, tmp_path / "v.toml", main.commands.values()) == {"hsk_known": 4}
    with pytest.raises(SettingsError):
        defaults_for(stats, {"nonsense": 1}, tmp_path / "v.toml", main.commands.values())
    assert isinstance(SettingsError("x"), click.ClickException)
