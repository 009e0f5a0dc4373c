"""The offline voice, for real: eSpeak NG through ctypes, encoded by lameenc,
decoded here by an independent MP3 decoder."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest
from audio_decode import decode

from vocabgen.audio import AudioOptions, ClipRequest, synthesize
from vocabgen.audio import offline
from vocabgen.audio.engine import Unspeakable
from vocabgen.audio.mp3 import mp3_info

WORD = "银行"
SENTENCE = "中国人民银行今天宣布下调存款准备金率。"


def test_a_text_sounds_the_same_whatever_was_read_before() -> None:
    # eSpeak NG's pitch flutter keeps its phase from clip to clip: read in this
    # process, a word came out a few samples different after another text.
    first = offline.speak_pcm(WORD, "+0%")
    offline.speak_pcm(SENTENCE, "-10%")
    assert offline.speak_pcm(WORD, "+0%") == first


def test_a_text_sounds_the_same_in_another_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import hashlib; from vocabgen.audio import offline; "
        f"offline.speak_pcm({SENTENCE!r}, '+20%'); "
        f"print(hashlib.sha256(offline.synthesize_mp3({WORD!r}, '+0%')).hexdigest())"
    )
    root = Path(__file__).resolve().parents[1]
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root, check=True)
    assert there.stdout.strip() == hashlib.sha256(offline.synthesize_mp3(WORD, "+0%")).hexdigest()


def test_a_word_is_audible_and_about_as_long_as_two_syllables() -> None:
    clip = decode(offline.synthesize_mp3(WORD, "+0%"))
    assert clip.sample_rate == offline.SAMPLE_RATE
    assert 0.3 < clip.duration < 2.0
    assert clip.peak > 5000 and clip.rms > 300  # speech, not silence or hiss


def test_a_sentence_is_audible_and_about_as_long_as_its_syllables() -> None:
    clip = decode(offline.synthesize_mp3(SENTENCE, "+0%"))
    syllables = len(SENTENCE) - 1  # the full stop is silent
    # Mandarin at eSpeak's default speed: roughly 0.15-0.4 s per syllable.
    assert 0.15 * syllables < clip.duration < 0.4 * syllables
    assert clip.peak > 5000 and clip.rms > 300


def test_a_slower_rate_gives_a_longer_clip() -> None:
    normal = decode(offline.synthesize_mp3(SENTENCE, "+0%")).duration
    slow = decode(offline.synthesize_mp3(SENTENCE, "-30%")).duration
    assert slow > normal * 1.2


def test_text_without_anything_to_say_is_unspeakable_not_silent_audio() -> None:
    with pytest.raises(Unspeakable):
        offline.synthesize_mp3("——", "+0%")


def test_synthesize_records_the_engine_and_names_the_file_by_its_content(tmp_path: Path) -> None:
    options = AudioOptions(engine="offline", cache_dir=str(tmp_path))
    clips = synthesize([ClipRequest(WORD, "word"), ClipRequest(SENTENCE, "sentence")], options)
    assert [clip.text for clip in clips] == [WORD, SENTENCE]
    for clip in clips:
        data = Path(clip.path).read_bytes()
        assert clip.engine == "offline"
        assert os.path.isabs(clip.path)
        assert clip.filename == f"vocabgen-{hashlib.sha1(data).hexdigest()[:16]}.mp3"
        assert Path(clip.path).name == clip.filename  # what genanki packs it as
        assert decode(data).peak > 5000


def test_sentences_use_the_slower_sentence_rate(tmp_path: Path) -> None:
    text = "经济稳步增长"
    word, sentence = synthesize(
        [ClipRequest(text, "word"), ClipRequest(text, "sentence")],
        AudioOptions(engine="offline", cache_dir=str(tmp_path), rate="+0%", sentence_rate="-30%"),
    )
    assert decode(sentence.path).duration > decode(word.path).duration


def test_duplicates_and_unspeakable_requests_give_no_extra_clips(tmp_path: Path) -> None:
    requests = [
        ClipRequest(WORD, "word"),
        ClipRequest(WORD, "word"),
        ClipRequest("……", "word"),
        ClipRequest("  ", "sentence"),
        ClipRequest(WORD, "sentence"),
    ]
    clips = synthesize(requests, AudioOptions(engine="offline", cache_dir=str(tmp_path)))
    assert [clip.text for clip in clips] == [WORD, WORD]  # one word clip, one sentence clip
    assert clips[0].filename != clips[1].filename  # two rates, two recordings


def test_concurrent_threads_get_the_same_audio_as_one_thread() -> None:
    # eSpeak NG is not thread-safe; the module's lock must make this safe. Its output
    # is not byte-for-byte repeatable (random aspiration noise), so each threaded
    # clip is compared with a serial one by length: mixed-up buffers would show.
    texts = ["银行", "中国人民银行今天宣布", "增长", "经济保持稳定增长", "一", "改革开放四十年"]
    expected = {text: decode(offline.synthesize_mp3(text, "+0%")).duration for text in texts}
    results: dict[str, bytes] = {}
    errors: list[BaseException] = []

    def work(text: str) -> None:
        try:
            for _ in range(3):
                results[text] = offline.synthesize_mp3(text, "+0%")
                assert decode(results[text]).duration == pytest.approx(expected[text], abs=0.05)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert all(mp3_info(data) for data in results.values())


def test_the_voice_reads_a_polyphone_as_the_pinyin_does() -> None:
    from vocabgen.audio.homophones import syllables
    from vocabgen.audio.offline import _our_readings, phonemes

    # eSpeak NG alone reads 为 here wéi (35); our pinyin has wèi (51), "for".
    text = "我们要为人民服务。"
    assert syllables(phonemes(text))[3].endswith("35")
    spoken = _our_readings(text)
    assert spoken != text and len(spoken) == len(text)
    assert syllables(phonemes(spoken))[3].endswith("51")
    # Where eSpeak already agrees (他长得很高 zhǎng), the text is left as it is.
    assert _our_readings("他长得很高。") == "他长得很高。"


def test_homophones_only_where_the_readings_differ_and_can_be_lined_up() -> None:
    from vocabgen.audio.homophones import with_our_readings

    # A fake eSpeak that reads 行 xíng (35) everywhere and every other character
    # with one made-up syllable: the 行 of 银行 (háng) gets a homophone.
    def fake(text: str) -> str:
        return " ".join("xiN35" if ch == "行" else ("hAN35" if ch == "航" else "ta55") for ch in text if "\u4e00" <= ch <= "\u9fff")

    assert with_our_readings("他去银行。", fake) == "他去银航。"
    assert with_our_readings("他去银行。", lambda t: "ta55") == "他去银行。"  # cannot be lined up
    assert with_our_readings("hello", fake) == "hello"
