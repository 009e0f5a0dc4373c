"""Audio in the decks, end to end: the offline voice on this machine, edge against the
local stand-in, and the real Anki import finding every clip."""

import json
import re
from pathlib import Path

import pytest

from audio_decode import decode
from edge_standin import EdgeStandIn
from helpers import SEEDS, build

pytestmark = pytest.mark.slow  # builds with audio synthesised for whole articles

SEED = SEEDS / "000_5ad903a1dcf9d3b7.txt"
SOUND = re.compile(r"\[sound:([^\]]+)\]")
PLAYER = re.compile(r'<audio class="long-audio" controls preload="none" src="([^"]+)"></audio>')


@pytest.fixture(scope="module")
def offline_deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("offline")
    cache = tmp_path_factory.mktemp("audio-cache")
    build([SEED], out, "--cache-dir", cache, "--max-terms", "20", tts="offline")
    return next(out.glob("*/*.apkg"))


def test_every_term_and_cloze_sentence_plays_offline_audio_in_anki(offline_deck, anki_collection):
    col = anki_collection(offline_deck)
    media = Path(col.media.dir())
    vocab = col.find_notes('"note:vocabgen: Chinese vocabulary"')
    cloze = col.find_notes('"note:vocabgen: Chinese cloze"')
    assert len(vocab) == 20 and cloze
    referenced = set()
    for nid in vocab:
        note = col.get_note(nid)
        # A sentence clip over 20 s is a player (<audio src>), not autoplayed [sound:].
        assert SOUND.fullmatch(note["Audio"]), note["Hanzi"]
        assert SOUND.fullmatch(note["SentenceAudio"]) or PLAYER.fullmatch(note["SentenceAudio"]), note["Hanzi"]
        assert note["AudioSource"] == "offline"
        referenced |= set(SOUND.findall(note["Audio"] + note["SentenceAudio"]))
        referenced |= set(PLAYER.findall(note["SentenceAudio"]))
    for nid in cloze:
        note = col.get_note(nid)
        assert SOUND.fullmatch(note["Audio"]) or PLAYER.fullmatch(note["Audio"])
        referenced |= set(SOUND.findall(note["Audio"])) | set(PLAYER.findall(note["Audio"]))
    for name in referenced:
        assert (media / name).stat().st_size > 0, name
    # Spot-check that a word clip really is sound of a plausible length.
    clip = decode(media / SOUND.findall(col.get_note(vocab[0])["Audio"])[0])
    assert 0.2 < clip.duration < 5 and clip.peak > 1000


def test_edge_audio_is_used_when_the_service_answers(tmp_path, monkeypatch):
    from vocabgen.audio import AudioOptions
    from vocabgen.config import BuildConfig
    from vocabgen.ingest import Source
    from vocabgen.batch import build_all, scan
    from vocabgen.rank import RankOptions

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with EdgeStandIn() as server:
        config = BuildConfig(
            out_dir=tmp_path / "out",
            rank=RankOptions(max_terms=8),
            audio=AudioOptions(engine="auto", endpoint=server.url, cache_dir=str(tmp_path / "cache"), timeout=5),
        )
        (summary,) = list(build_all(scan([Source(SEED)])[0], config))
        assert server.served > 8
    manifest = json.loads((Path(summary.out_dir) / "vocab.json").read_text(encoding="utf-8"))
    assert [t["audio_engine"] for t in manifest["terms"]] == ["edge"] * 8
    assert all(t["audio"] and t["audio"].endswith(".mp3") for t in manifest["terms"])


def test_unreachable_service_falls_back_to_offline_with_one_warning(tmp_path):
    out = tmp_path / "out"
    output = build([SEED], out, "--cache-dir", tmp_path / "c", "--max-terms", "5", tts="auto")
    assert output.count("warning:") == 1
    assert "offline voice" in output
    manifest = json.loads(next(out.glob("*/vocab.json")).read_text(encoding="utf-8"))
    assert {t["audio_engine"] for t in manifest["terms"]} == {"offline"}
