"""Text for the voices: numbers as a Chinese reader says them."""

from __future__ import annotations

import pytest

from vocabgen.audio.spoken import cardinal, spoken_text


@pytest.mark.parametrize(
    "text, spoken",
    [
        ("1956年", "一九五六年"),
        ("31%的人", "百分之三十一的人"),
        ("增长3.5％", "增长百分之三点五"),
        ("1,200人", "一千二百人"),
        ("2个人", "两个人"),
        ("1956-1960年", "一九五六至一九六零年"),
        ("8月9日", "八月九日"),
        ("比分3:2", "比分三比二"),
        ("5~10公里", "五至十公里"),
        ("电话01012345678", "电话零一零一二三四五六七八"),
        ("２０１６年，“六一”", "二零一六年，“六一”"),
        ("没有数字。", "没有数字。"),
    ],
)
def test_spoken_text(text, spoken):
    assert spoken_text(text) == spoken


@pytest.mark.parametrize(
    "n, spoken",
    [(0, "零"), (10, "十"), (15, "十五"), (110, "一百一十"), (1005, "一千零五"),
     (20500, "二万零五百"), (100000001, "一亿零一"), (12345, "一万二千三百四十五")],
)
def test_cardinal(n, spoken):
    assert cardinal(n) == spoken


def test_no_digit_is_left_for_a_voice_to_read_in_english():
    text = spoken_text("1958年，全省有4,500多个合作社，增产25%，人均1.5吨。")
    assert not any(ch.isdigit() or ch == "%" for ch in text)
