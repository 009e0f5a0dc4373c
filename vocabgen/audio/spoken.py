"""Text for the voices: what a Chinese reader says for digits and signs.

A voice reads "1956年" as a cardinal number (一千九百五十六年) and "31%" in English,
where a Chinese reader says 一九五六年 and 百分之三十一. `spoken_text` rewrites
numbers the way they are read aloud, before any engine sees the text:

- a year (four digits, or two after an apostrophe, before 年) digit by digit:
  1956年 -> 一九五六年;
- a percentage or per-mille: 31% -> 百分之三十一, 3.5％ -> 百分之三点五;
- a decimal: 1.5 -> 一点五; a number with thousands separators: 1,200 -> 一千二百;
- any other number as a cardinal with 万 and 亿 (12345 -> 一万二千三百四十五), 2 as
  两 before a measure word (2个 -> 两个); a long string of digits (a telephone or
  serial number, more than 12 digits, or starting with 0) digit by digit;
- ranges and signs between numbers: 1956-1960年, 5~10 -> 至; 3:2 -> 比.

Full-width digits and signs are read like ASCII ones. Text without digits is
returned as it is.
"""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％", "0123456789%")
# Measure words before which 2 is read 两 (两个人, 两次), not 二.
_LIANG_BEFORE = set("个位名种次倍家只条辆台架本件张把所座项年天月周人口块元亿万千百")

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_YEAR = re.compile(r"(?<![\d.])(\d{4}|'\d{2})(?=\s*(?:[至到]\s*\d{2,4}\s*)?年)")
_YEAR_RANGE_END = re.compile(r"(?<=[至到])\s*(\d{4})(?=\s*年)")
_PERCENT = re.compile(rf"({_NUMBER})\s*([%‰])")
_RANGE = re.compile(r"(?<=\d)\s*[-—–~～]\s*(?=\d)")
_RATIO = re.compile(r"(?<=\d)\s*[:：]\s*(?=\d)")
_ANY = re.compile(_NUMBER)


def digits(number: str) -> str:
    """Digit by digit: "1956" -> "一九五六"."""
    return "".join(_DIGITS[int(d)] for d in number if d.isdigit())


def _below_10000(n: int, leading: bool) -> str:
    out = []
    zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        if power == 1 and d == 1 and not out and leading:
            out.append("十")  # 十五, not 一十五, at the head of a number
        else:
            out.append(_DIGITS[d] + _SMALL_UNITS[power])
    return "".join(out)


def cardinal(n: int) -> str:
    """12345 -> 一万二千三百四十五; 0 -> 零; 100000000 -> 一亿."""
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = []
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or group < 1000):
            out.append("零")
        out.append(_below_10000(group, leading=not out) + ("", "万", "亿", "万亿")[index])
        pending_zero = False
    return "".join(out)


def number(text: str) -> str:
    """A number as read: cardinal, decimals digit by digit, commas ignored."""
    whole, _, fraction = text.replace(",", "").partition(".")
    if len(whole) > 12 or (len(whole) > 1 and whole.startswith("0")):
        spoken = digits(whole)
    else:
        spoken = cardinal(int(whole or "0"))
    if spoken[:2] in ("二千", "二万", "二亿"):
        spoken = "两" + spoken[1:]  # 两千, 两万: how the head of a number is said
    if fraction:
        spoken += "点" + digits(fraction)
    return spoken


def spoken_text(text: str) -> str:
    """The text with its numbers and number signs as a Chinese reader says them."""
    text = text.translate(_FULL_WIDTH)
    if not any(ch.isdigit() for ch in text):
        return text
    text = _RANGE.sub("至", text)
    text = _RATIO.sub("比", text)
    text = _YEAR.sub(lambda m: digits(m.group(1)), text)
    text = _YEAR_RANGE_END.sub(lambda m: digits(m.group(1)), text)
    text = _PERCENT.sub(lambda m: ("百分之" if m.group(2) == "%" else "千分之") + number(m.group(1)), text)

    def any_number(match: re.Match) -> str:
        spoken = number(match.group(0))
        after = text[match.end() : match.end() + 1]
        if spoken == "二" and after in _LIANG_BEFORE:
            return "两"
        return spoken

    return _ANY.sub(any_number, text)
