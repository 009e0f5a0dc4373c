"""The pieces of a card's fields: pinyin cut into syllables, tone classes, ruby,
the traditional form, the short title, and long audio kept out of autoplay."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from vocabgen.export import anki, ruby
from vocabgen.models import Article, ArticleStudy, AudioClip, SentencePair, Term
from vocabgen.view import from_study


@pytest.mark.parametrize("word, expected", [
    ("gōngzuò", ["gōng", "zuò"]),
    ("fāngàn", ["fān", "gàn"]),          # the n goes to the next syllable when it can
    ("fāng'àn", ["fāng", "àn"]),         # the apostrophe says otherwise
    ("Xī'ān", ["Xī", "ān"]),
    ("gōnggòng", ["gōng", "gòng"]),
    ("fēnzhōng", ["fēn", "zhōng"]),
    ("nǚ'ér", ["nǚ", "ér"]),
    ("zhuàngkuàng", ["zhuàng", "kuàng"]),
    ("shénme", ["shén", "me"]),
    ("yuányīn", ["yuán", "yīn"]),
    ("APEC", None),
    ("2024", None),
])
def test_pinyin_words_cut_into_syllables(word, expected):
    assert ruby.syllables(word) == expected


def test_tone_classes_follow_the_numbered_reading_or_the_marks():
    assert ruby.tone_spans("gōng zuò", "gong1 zuo4") == '<span class="tone1">gōng</span> <span class="tone4">zuò</span>'
    assert ruby.tone_spans("shénme,") == '<span class="tone2">shén</span><span class="tone5">me</span>,'
    assert "<b>" not in ruby.tone_spans("<b>")  # text is escaped
    # The apostrophe of the orthography stays (it was dropped: "kǒuàn").
    assert ruby.tone_spans("kǒu'àn") == '<span class="tone3">kǒu</span>&#x27;<span class="tone4">àn</span>'
    assert ruby.tone_spans("Xī’ān.") == '<span class="tone1">Xī</span>’<span class="tone1">ān</span>.'


def test_a_sentence_gets_one_syllable_per_character_or_none():
    sentence = "我们在2024年开APEC会议。"
    line = "wǒmen zài 2024 nián kāi APEC huìyì."
    assert ruby.sentence_syllables(sentence, line) == ["wǒ", "men", "zài", "nián", "kāi", "huì", "yì"]
    assert ruby.sentence_syllables(sentence, "wǒmen zài nián huìyì.") is None  # one syllable short
    marked = ruby.ruby("我们去。", ["wǒ", "men", "qù"], [(0, 2)])
    assert marked == (
        '<b class="hl"><ruby>我<rt class="tone3">wǒ</rt></ruby><ruby>们<rt class="tone5">men</rt></ruby></b>'
        '<ruby>去<rt class="tone4">qù</rt></ruby>。'
    )


def _study(title="A title", audio=(), script="simplified"):
    article = Article("2020-01-01-x", "x.txt", title, "标题", "", "2020-01-01", "", (title,), ("标题",))
    return ArticleStudy(article, (SentencePair("我们去。", "We go.", 1.0),), (), (), ("wǒmen qù.",),
                        audio=tuple(audio), script=script)


def _term(hanzi="升", traditional="升"):
    return Term(hanzi, traditional, "shēng", "sheng1", "to rise", 4, 4.0, 1, 1.0, 0, "我们去。", "We go.")


def _view(study, *terms):
    return from_study(replace(study, terms=terms))


def test_traditional_only_when_it_differs():
    study = _study()
    for script, term, shown in [("simplified", _term("升", "升"), ""), ("simplified", _term("干部", "幹部"), "幹部"),
                                ("traditional", _term("干部", "幹部"), "")]:
        view = _view(replace(study, script=script), term)
        assert anki.traditional_shown(view, view.terms[0]) == shown


def test_the_article_is_a_short_title():
    long_title = "Strengthen Concrete Leadership, Foster Close Relations Between Cadres and Masses, and Ensure More"
    shown = anki.short_title(from_study(_study(long_title)))
    assert shown.startswith("2020-01-01 · Strengthen Concrete") and shown.endswith("…")
    assert len(shown) <= len("2020-01-01 · ") + anki.TITLE_CHARS
    assert anki.short_title(from_study(_study("Short"))) == "2020-01-01 · Short"


def _clip(folder, text, seconds):
    """A silent MP3 clip of `seconds` for `text`."""
    from vocabgen.audio.mp3 import encode_pcm16

    path = folder / f"{len(text)}-{seconds}.mp3"
    path.write_bytes(encode_pcm16(b"\0\0" * int(16000 * seconds), 16000))
    return AudioClip(text, str(path), path.name, "offline")


def test_a_long_sentence_clip_is_a_player_not_autoplayed(tmp_path):
    study = _study(audio=[_clip(tmp_path, "我们", 1.0), _clip(tmp_path, "我们去。", anki.AUTOPLAY_SECONDS + 2)])
    view = _view(study, replace(_term("我们", "我們")))
    assert anki.sound(view.terms[0].audio) == f"[sound:{study.audio[0].filename}]"
    player = anki.sound(view.sentences[0].audio)
    assert "[sound:" not in player
    assert re.fullmatch(r'<audio class="long-audio" controls preload="none" src="[^"]+\.mp3"></audio>', player)


def test_autoplay_is_decided_by_the_clip_duration_not_the_sentence_length(tmp_path):
    # A long sentence read quickly still plays by itself; a short one read slowly does not.
    assert not anki.is_long(_clip(tmp_path, "很" * 200, anki.AUTOPLAY_SECONDS - 1))
    assert anki.is_long(_clip(tmp_path, "我们。", anki.AUTOPLAY_SECONDS + 1))
    # No readable clip: nothing to keep out of autoplay.
    assert not anki.is_long(AudioClip("我们", str(tmp_path / "missing.mp3"), "missing.mp3", "offline"))


def test_fields_carry_ruby_tones_and_the_underlined_english():
    term = replace(_term("我们", "我們"), pinyin="wǒ men", pinyin_numbered="wo3 men5", english_match="We", english_span=(0, 2))
    view = _view(_study(), term)
    fields = dict(zip(anki.VOCAB_FIELDS, anki.vocab_fields(view, view.terms[0])))
    assert fields["Traditional"] == "我們"
    assert fields["Pinyin"] == '<span class="tone3">wǒ</span> <span class="tone5">men</span>'
    assert fields["Sentence"].startswith('<b class="hl"><ruby>我<rt class="tone3">wǒ</rt></ruby>')
    assert 'class="pinyin-line has-ruby"' in fields["SentencePinyin"]
    assert fields["SentenceEnglish"] == '<u class="hl">We</u> go.'


def test_stroke_data_round_trips_through_the_compact_form():
    from vocabgen import stroke_codec

    strokes = ["M 254 596 Q 244 603 202 608 L 306 381 C 261 585 259 594 254 596 Z", "M 10 -20 L 1023 0 Z"]
    medians = [[[250, 600], [190, 598], [-3, 1000]], [[10, -20], [1023, 0]]]
    record = stroke_codec.encode_char(strokes, medians)
    assert stroke_codec.decode_char(record) == {"strokes": strokes, "medians": medians}
    blob = stroke_codec.pack("notice", [("中", record), ("国", b"\x00")])
    notice, index = stroke_codec.unpack_index(blob)
    assert notice == "notice" and blob[slice(*index["中"])] == record


def test_shipped_stroke_data_covers_common_characters_in_both_scripts():
    from vocabgen.export import strokes

    for char in "中国的酝酿發展這":
        assert strokes.has_strokes(char), char
    data = strokes.char_data("中")
    assert len(data["strokes"]) == len(data["medians"]) == 4
    assert all(path.startswith("M ") and path.endswith("Z") for path in data["strokes"])
    media = strokes.media(["中国", "abc"])
    assert set(media) == {"_hanzi-writer.min.js", "_vocabgen-strokes.js", "_hanzi-writer-data-ARPHICPL.txt",
                          "_hw-4e2d.js", "_hw-56fd.js"}
    assert b"Arphic Public License" in media["_hw-4e2d.js"]
    assert strokes.media(["abc"]) == {}
