"""Context rules for polyphonic characters standing alone.

A character inside a dictionary word takes the word's reading (see `pinyin.py`).
This module decides the reading of a character jieba leaves on its own (了, 得,
地, 还, 长 ...), or that is left over when an unknown token is split into
dictionary words.

1. A small rule table, one function per character, each rule a grammatical fact a
   textbook states (得 is de after a verb, děi "must" before one; 地 is de after an
   adjective before a verb; 了 is le as a particle, liǎo after 得/不 meaning "can").
2. Positions any character can be in, read from CC-CEDICT's own entries rather
   than a list of characters: the first character of an unknown two- or
   three-character name takes its surname reading (朴 Piáo); a character CC-CEDICT
   calls a modal particle is that particle at a clause end and not elsewhere (啊
   a5; 啦啦队 lā); a character with one classifier reading is that classifier right
   after a numeral (两幢 zhuàng); a CC-CEDICT or pypinyin word straddling jieba's
   cut gives its reading.
3. Otherwise g2pM's reading of the character in its sentence, when the package is
   installed (`g2p_model.py`; trained on CPP, see the note there).
4. Otherwise the character's most frequent reading in running text, from the table
   `data/char_readings.tsv`, which `tools/build_char_table.py` computes from the shipped
   dictionaries only: the word frequencies of wordfreq, each word's reading from
   CC-CEDICT and pypinyin's phrase data, and the character's frequency as a word of
   its own credited to its primary reading (pypinyin's first). No benchmark
   sentence is used.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Sequence

from ..text import is_han
from .words import Reading, Unit, _known, char_readings, is_directional, read_word

if TYPE_CHECKING:
    from ..lexicon import Lexicon

TABLE = "char_readings.tsv"


# --- the frequency table --------------------------------------------------------


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[float, dict[str, float]]]:
    table: dict[str, tuple[float, dict[str, float]]] = {}
    try:
        text = (resources.files("vocabgen") / "data" / TABLE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return table
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        char, alone, cells = (line.split("\t") + [""])[:3]
        weights = {}
        for cell in cells.split():
            reading, _, zipf = cell.rpartition("=")
            weights[reading] = float(zipf)
        table[char] = (float(alone), weights)
    return table


def _word_types(lexicon: "Lexicon") -> dict[str, dict[str, int]]:
    """How many CC-CEDICT words (common words and names) read a character each way
    (counted when the lexicon cache is built: lexicon.char_reading_types)."""
    return lexicon.char_reading_types


def reading_share(char: str, reading: str) -> float:
    """The share of a character's occurrences in running text (inside words, as
    wordfreq counts them) that have this reading; 1.0 when nothing is known."""
    _, in_words = _table().get(char, (0.0, {}))
    if not in_words:
        return 1.0
    return _shares({r: 10**z for r, z in in_words.items()}).get(reading.lower(), 0.0)


def _is_word(char: str, lexicon: "Lexicon") -> bool:
    return lexicon.hsk(char) is not None


def _shares(view: dict[str, float]) -> dict[str, float]:
    total = sum(view.values())
    return {k: v / total for k, v in view.items()} if total else {}


def ranked_readings(char: str, lexicon: "Lexicon") -> tuple[str, ...]:
    """A character's readings as a word of its own, most likely first.

    Two views of how the character is read:
    - running text: its frequency inside words (wordfreq, each word read by the
      dictionaries), plus its frequency as a word of its own credited to its
      primary reading (pypinyin's first);
    - the dictionary: in how many CC-CEDICT words and names each reading occurs.
    A character that is a word of its own (HSK lists it) is ranked by the average
    of the two views as distributions. Any other character stands alone mostly in
    names, transliterations and rare words jieba does not know, where running-text
    counts are thin and dominated by a few common words: it is ranked by the
    dictionary view alone. (On cpp-dev, for lone characters no rule covers, the
    dictionary view alone reads 81.5%, running text 77.9%, this split 82.6%.)"""
    memo = lexicon.memo("polyphones.ranked_readings", 8192)
    if (known := memo.get(char)) is not None:
        return known
    primary = char_readings(char)
    alone, in_words = _table().get(char, (0.0, {}))
    types = {r: float(n) for r, n in _word_types(lexicon).get(char, {}).items()}
    score = dict(_shares(types))
    if _is_word(char, lexicon) or not score:
        tokens: dict[str, float] = {}
        for reading, zipf in in_words.items():
            tokens[reading] = tokens.get(reading, 0.0) + 10 ** zipf
        if primary and alone:
            tokens[primary[0]] = tokens.get(primary[0], 0.0) + 10 ** alone
        score = {r: v / 2 for r, v in score.items()}
        for reading, share in _shares(tokens).items():
            score[reading] = score.get(reading, 0.0) + share / 2
    order = sorted(score, key=lambda r: -score[r])
    for reading in primary:  # unseen readings keep pypinyin's order after the rest
        if reading not in order:
            order.append(reading)
    memo[char] = ranked = tuple(order)
    return ranked


# --- deciding -------------------------------------------------------------------

_NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})
_NUMERALS = set("一二三四五六七八九十百千万两几半每这那某哪多数0123456789０１２３４５６７８９")
_DEGREE = frozenset({"很", "太", "更", "最", "较", "比较", "非常", "十分", "极", "过于", "特别", "相当", "越来越", "不太", "挺", "好"})


class Context:
    """What the rules look at around units[k]."""

    def __init__(self, units: Sequence["Unit"], k: int, lexicon: "Lexicon"):
        self.units, self.k, self.lexicon = units, k, lexicon

    def at(self, offset: int) -> "Unit | None":
        j = self.k + offset
        return self.units[j] if 0 <= j < len(self.units) else None

    def text(self, offset: int) -> str:
        unit = self.at(offset)
        return "" if unit is None or self.boundary(offset) else unit.text

    def pos(self, offset: int) -> str:
        unit = self.at(offset)
        return "" if unit is None or self.boundary(offset) else unit.pos

    def boundary(self, offset: int) -> bool:
        unit = self.at(offset)
        return unit is None or unit.kind.value in ("punct", "space")

    def verbal(self, offset: int) -> bool:
        return self.pos(offset)[:1] == "v"

    def adjectival(self, offset: int) -> bool:
        pos = self.pos(offset)
        return pos[:1] in ("a", "d", "b", "i", "l") or pos == "z"

    def numeral(self, offset: int) -> bool:
        unit = self.at(offset)
        if unit is None or self.boundary(offset):
            return False
        return unit.kind.value == "number" or unit.pos in ("m", "mq") or unit.text[-1] in _NUMERALS

    def named(self, offset: int) -> bool:
        unit = self.at(offset)
        return unit is not None and not self.boundary(offset) and (
            unit.pos in _NAME_TAGS or unit.kind.value == "name"
        )

    def piece(self) -> bool:
        """units[k] is a character left over from splitting an unknown token."""
        return self.units[self.k].split

    def verb_follows(self) -> bool:
        """A verb comes later in the same clause (after at least one other word)."""
        for j in range(self.k + 2, len(self.units)):
            unit = self.units[j]
            if unit.kind.value in ("punct", "space"):
                return False
            if unit.pos[:1] == "v" and unit.text not in ("是", "有", "为"):
                return True
        return False


def _le(c: Context) -> str | None:
    # 了 liǎo "be able to" after 得/不 in a potential complement (做不了, 受得了);
    # everywhere else the particle le.
    if c.text(-1) in ("得", "不") and (c.verbal(-2) or c.pos(-2)[:1] == "a"):
        # (after an adverb 得 is the verb: 甚至得了高分 dé le)
        return "liao3"
    if c.text(-1)[-1:] in ("得", "不") and len(c.text(-1)) == 2 and c.boundary(1):
        return "liao3"
    return "le5"


def _de(c: Context) -> str | None:
    # 得: de after a verb or adjective (跑得快, 长得高); děi "must" before a verb
    # after a subject or adverb (我得走, 就得去); dé "to obtain" otherwise (得了冠军).
    # (多 after 得 is "much more", the complement of 好得多, 听得多, not an amount)
    if c.text(1) == "了" or c.numeral(1) and c.text(1) != "多" and c.text(-1) not in _MUST_BEFORE:
        return "de2"
    # 得 "must" after an adverb of the subject, before whatever it must do or how
    # much it will take (就得惜寸阴, 还得多打药, 至少得百十块钱): after these
    # adverbs 得 is neither a complement (no verb before it) nor "to obtain" (a
    # noun object would follow).
    if c.text(-1) in _MUST_BEFORE and not c.boundary(1) and c.text(1) not in ("到", "着", "很"):
        return "dei3"
    if c.verbal(1) and (c.pos(-1)[:1] in ("r", "d") or c.text(-1) in ("就", "还", "也", "都", "总", "必须", "可")):
        return "dei3"
    # 得 "must" opening a clause before an adverb or preposition (得先从…练起).
    if c.boundary(-1) and c.pos(1)[:1] in ("d", "p"):
        return "dei3"
    # 得 "must" after an adverb of the subject, before what it must do (都得被, 得先从).
    if c.text(-1) in ("就", "还", "也", "都", "总", "必须", "可", "才", "却", "又", "非") and c.pos(1)[:1] in ("p", "d"):
        return "dei3"
    if c.verbal(-1) or c.pos(-1)[:1] == "a" or c.text(-1) in ("长", "显", "变", "来", "说", "做", "写", "跑", "觉"):
        return "de5"
    # After a word CC-CEDICT glosses as a verb ("to ...") or whose last character it
    # glosses as one, whatever jieba tagged it (消失得无影无踪: jieba tags 消失 n;
    # 肚子饿得: the glued 肚子饿 ends in 饿 "to be hungry"), before what follows
    # the complement (not a noun object: 获得奖 is dé).
    before = c.text(-1)
    if before and not c.boundary(1) and c.pos(1)[:1] not in ("n", "m", "q", "r") and (
        _first_gloss(before, c.lexicon).startswith("to ") or _first_gloss(before[-1], c.lexicon).startswith("to ")
    ):
        return "de5"
    # Before a degree adverb or an adjective, the complement of degree (调度得更合理,
    # 搞得很好), whatever jieba tagged the word before.
    if not c.boundary(-1) and (c.text(1) in _DEGREE or c.text(1) in ("越来越", "不", "还") or c.pos(1)[:1] == "a"):
        return "de5"
    return "de2"


_AFTER_SUBJECT = ("被", "是", "有", "为")
# Adverbs of the subject before 得 "must" (dei3).
_MUST_BEFORE = frozenset({"就", "还", "也", "都", "总", "必须", "才", "却", "又", "非", "至少", "起码", "一定", "肯定", "还是", "总是"})


def _di(c: Context) -> str | None:
    # 地 de: the adverbial particle after an adjective, adverb or idiom and before the
    # verb it modifies (高兴地跑, 认真地说); dì "ground, place" otherwise.
    before = c.text(-1)
    reduplicated = len(before) >= 2 and (before[-1] == before[-2] or (len(before) == 4 and before[0] == before[1]))
    reduplicated = reduplicated or (bool(before) and c.text(-2) == before)  # 克郎|克郎 地
    if reduplicated and all(is_han(ch) for ch in before) or c.pos(-1) == "o":
        # A doubled word or a sound (慢慢地, 嗡嗡地, 沙沙地, 克郎克郎地) is a manner
        # before its verb, whatever jieba makes of the verb (it glues 地响, tags
        # 飞翔 a name): never the ground.
        return "de5"
    if _ends_short_token(c):
        # A two-character token jieba's dictionary keeps whole, a character and 地,
        # that ours lack (满地, 遍地): the ground (mǎndì), not a particle glued on.
        return "di4"
    if c.adjectival(-1) and (c.verbal(1) or c.pos(1)[:1] == "p"):
        return "de5"
    if c.pos(0) == "uv" and not c.piece():  # jieba's particle, standing alone
        if c.adjectival(-1) and len(before) >= 2 and not c.boundary(1):
            # after a word of manner, whatever jieba makes of what follows
            # (尴尬地匆匆, 忠实地崇拜, 一心一意地走路: 匆匆 z, 崇拜 nrt, 走路 n)
            return "de5"
        if (c.verbal(1) or c.pos(-1)[:1] == "a" and c.pos(1)[:1] in ("a", "d")) \
                and not (len(before) == 1 and (c.verbal(-1) or before in ("着", "之", "了", "的"))):
            # before a verb (深度地检测, after a noun), or between an adjective and a
            # predicate jieba tags an adjective (紧密地团结); not after a one-character
            # verb or 着/之, whose object or head it is (脚不离地, 贴着地吹, 寂寞之地:
            # the ground, a place)
            return "de5"
    # 地 that jieba glued to the word before it (细心地替他, see pinyin._pieces).
    # Only after a word CC-CEDICT glosses as a quality, not an action (养殖地 "breeding
    # ground" stays dì) nor unknown (沙乌地, a transliteration).
    gloss = _first_gloss(before, c.lexicon) if before else ""
    if c.piece() and len(before) >= 2 and gloss and not gloss.startswith(("to ", "(")) \
            and c.pos(-1)[:1] not in ("m", "q", "f", "s") and c.text(1) not in _AFTER_SUBJECT \
            and (c.verbal(1) or c.pos(1)[:1] in ("p", "d")):
        return "de5"
    # A word of two or more characters that describes the manner (继续地, 不断地,
    # 一言我一语地) before the verb, adverb or preposition it modifies.
    # (jieba's tags are no help here: it tags 有力 n and every lone 地 uv.)
    # (Not before 被, 是, 有: X地被淹 is "the land of X was flooded".)
    if len(before) >= 2 and not c.piece() and not c.named(-1) and not c.numeral(-1) \
            and c.pos(-1)[:1] not in ("f", "s") and c.text(1) not in _AFTER_SUBJECT \
            and (c.verbal(1) or c.pos(1)[:1] in ("p", "d")):
        return "de5"
    return "di4"


def _de_particle(c: Context) -> str | None:
    # 的 standing alone is the particle de; its other readings live in words (目的
    # dì, 的确 dí, 的士 dī), which are read as words. Never from a word straddling
    # jieba's cut (眼中|的|这 is not 中的 zhòngdì, 勇猛|的|士气 not 的士).
    return "de5"


def _zhong1(c: Context) -> str | None:
    # 中 alone is zhōng, "in, among, middle" (眼中, 生产中, 羊群中); zhòng "to hit"
    # is a verb's result (砸中, 打中, 猜中: a one-character verb before it) or takes
    # an aspect particle (中了).
    if c.text(1) in ("了", "过"):
        return "zhong4"
    if c.pos(-1) == "vg" and len(c.text(-2)) >= 2 and all(is_han(ch) for ch in c.text(-2)):
        # jieba's vg is a bound verbal morpheme, no verb of its own: after a word it
        # ends a noun (抗击|战|中 "in the fight against", 保卫|战|中), so 中 is "in".
        return "zhong1"
    if len(c.text(-1)) == 1 and c.verbal(-1) and not c.text(-1) in ("在", "是", "有") \
            and not c.piece() and not c.at(-1).split:
        # Not where the character is a piece of a token the dictionaries lack (展中,
        # 怀中; 装具|中: jieba took it for a word, a noun, whatever tag the character
        # has alone): "in".
        return "zhong4"
    return "zhong1"


def _hai(c: Context) -> str | None:
    # 还 huán "to give back" before what is returned or after 要/没/未 at the end of a
    # clause (还钱, 还债, 没还); hái "still, also" otherwise.
    if c.text(1)[:1] in ("钱", "款", "债", "贷", "账", "书", "清", "给", "本", "乡", "手", "击", "嘴", "价"):
        return "huan2"
    if c.boundary(1) and c.text(-1) in ("要", "没", "未", "不", "已", "借", "该"):
        return "huan2"
    return "hai2"


def _xing(c: Context) -> str | None:
    # 行 háng "row, line" as a measure word after a numeral (三行, 第5行); xíng else.
    if c.numeral(-1) or c.text(-1) in ("第", "每", "本", "该", "分", "总", "支"):
        return "hang2"
    return "xing2"


def _chang(c: Context) -> str | None:
    # 长 zhǎng "to grow" before 得/了/着/出/成 and result complements, and "head of"
    # after an organisation; cháng "long" otherwise (长达, 很长, 长约).
    if c.text(1) in ("得", "了", "着", "出", "成", "满", "高", "胖", "大了"):
        return "zhang3"
    if c.pos(-1)[:1] == "n" and (c.boundary(1) or c.named(1)) and not c.numeral(-1):
        return "zhang3"
    # The last piece of a word the dictionaries lack, after a noun (场长, 小组长 ->
    # 小组|长): the suffix "head of".
    if c.piece() and c.k > 0 and c.units[c.k - 1].token == c.units[c.k].token and \
            (c.pos(-1)[:1] == "n" or len(c.text(-1)) == 1) and not c.numeral(-1) and c.text(-1) not in _DEGREE:
        return "zhang3"  # (not after a degree adverb: 最长 "longest")
    return "chang2"


def _geng(c: Context) -> str | None:
    # 更 alone is the adverb gèng "more, even more" (更远离, 更深度, 更生动 — not the
    # words 更生 gēngshēng or 更深 gēngshēn a cut may straddle); gēng "to change",
    # "night watch" lives in words (更新, 更换, 三更), except a watch counted (三|更).
    return "geng1" if c.text(-1) in _WATCH_COUNTS else "geng4"


_WATCH_COUNTS = frozenset("一二三四五六七八九几")  # (众多|更: 多 counts no watch)


def _he(c: Context) -> str | None:
    # 和 that jieba tags a conjunction or preposition is hé "and, with"; its other
    # readings are verbs and words (和面 huó, 附和 hè, 暖和 huo), never straddled
    # from a cut beside it (病例数|和|住院率 read huò).
    return "he2" if c.pos(0)[:1] in ("c", "p") else None


def _zhong(c: Context) -> str | None:
    # 重 zhòng "heavy, important" after degree adverbs and before amounts (重5吨,
    # 重约); chóng "again" before a verb (重回, 重返, 重写).
    if c.text(-1) in _DEGREE or c.numeral(1) or c.text(1) in ("约", "达", "量", "于"):
        return "zhong4"
    if c.verbal(1) and c.text(1) not in ("是", "有"):
        return "chong2"
    return "zhong4"


def _dou(c: Context) -> str | None:
    # 都 dū "capital" after 建/定/迁/故/首 (建都, 迁都); the adverb dōu otherwise.
    if c.text(-1) in ("建", "定", "迁", "故", "古", "旧", "国", "首", "帝", "陪", "京"):
        return "du1"
    # Ending a two-character noun jieba's dictionary keeps whole and ours lack (陶都
    # "the pottery capital", 煤都): the noun dū; the adverb never ends a noun.
    if _ends_short_token(c) and c.units[c.k].token_pos[:1] == "n" and not c.named(0):
        return "du1"
    return "dou1"


def _ends_short_token(c: Context) -> bool:
    """units[k] is the second of the two one-character pieces of a two-character
    token split into dictionary words (jieba's dictionary keeps it whole)."""
    from ..segment import in_dictionary

    return c.piece() and len(c.text(-1)) == 1 and c.k > 0 \
        and c.units[c.k - 1].token == c.units[c.k].token and _opens_token(Context(c.units, c.k - 1, c.lexicon)) \
        and (c.k + 1 == len(c.units) or c.units[c.k + 1].token != c.units[c.k].token) \
        and in_dictionary(c.text(-1) + c.units[c.k].text)


def _sheng(c: Context) -> str | None:
    # 盛 chéng "to fill, to ladle" is the verb standing alone before what is put in
    # or taken up (盛饭, 盛汤, 盛满): jieba's v with a noun or a result after it;
    # shèng "flourishing, grand" lives in words (盛大, 盛产, 茂盛) and names (华盛顿).
    after = c.at(1)
    if c.verbal(0) and not c.piece() and after is not None and not c.boundary(1) and (
            c.text(1)[:1] in ("满", "上", "着", "了", "在", "进", "入", "到", "好", "出")
            or (after.kind.value != "name" and _noun_like(after, c.lexicon))):
        return "cheng2"
    return None


def _gan(c: Context) -> str | None:
    # 干 gān "dry" after degree adverbs and verbs of drying (很干, 晒干, 烘干);
    # gàn "to do" otherwise (干活, 干了).
    if c.text(-1) in _DEGREE or c.text(-1) in ("晒", "烘", "吹", "擦", "风", "烤", "变", "喝", "吃"):
        return "gan1"
    if c.text(1) in ("燥", "旱", "净", "涸", "枯", "杯"):
        return "gan1"
    # gān "dried food" after what was dried, ending the clause (红薯干, 萝卜干).
    # (By the word's own tag: jieba tags 萝卜干 a name, nrt, and its pieces inherit that.)
    if c.pos(-1)[:1] == "n" and c.pos(-1) not in _NAME_TAGS and c.boundary(1):
        return "gan1"
    # gān "in vain, merely" is an adverb before another verb (干瞅着, 干等, 干着急);
    # gàn "to do" takes an object or a result (干活, 干完, 干罢), not a second verb.
    after = c.text(1)
    if c.verbal(1) and after not in _RESULTS and not is_directional(after) and not c.boundary(-1):
        return "gan1"
    return "gan4"


# Result and direction complements and aspect particles after a verb (干完, 干罢).
_RESULTS = frozenset("完好掉成到起上下出过了着罢得开活来去")


def _bian(c: Context) -> str | None:
    # 便 pián only in 便宜; biàn otherwise.
    return "pian2" if c.text(1)[:1] == "宜" else "bian4"


def _diao(c: Context) -> str | None:
    # 调 tiáo "adjust" before a result (调高, 调低, 调好); diào "transfer, tune".
    if c.text(1)[:1] in ("高", "低", "好", "成", "匀", "小", "大", "快", "慢", "准", "和", "节", "整", "至"):
        return "tiao2"
    return "diao4"


def _lv(c: Context) -> str | None:
    # 率 shuài "to lead" before troops or a group (率军, 率部, 率团); lǜ "rate" after
    # what is counted (增长率, 出生率).
    if c.text(1)[:1] in ("军", "兵", "部", "团", "队", "众", "师", "舰", "领", "先", "众", "骑"):
        return "shuai4"
    if (c.named(-1) or c.boundary(-1) or c.pos(-1)[:1] == "r") and c.pos(1)[:1] in ("n", "m", "r"):
        return "shuai4"
    return "lu:4"


def _sai(c: Context) -> str | None:
    # 塞 sài in names and transliterations (塞尔维亚, 圣何塞) and "frontier pass";
    # sāi "to stuff" as a verb (塞进, 塞满); sè only in literary words (堵塞, 闭塞),
    # which the dictionary reads.
    if c.text(1)[:1] in ("进", "入", "满", "给", "到", "住", "车", "了"):
        return "sai1"
    if c.named(-1) or c.named(1) or c.piece():
        return "sai4"
    return None


def _zhai(c: Context) -> str | None:
    # 翟 Zhái is the common surname; Dí is ancient.
    return "zhai2"


def _wei(c: Context) -> str | None:
    # 为 wéi "to be, to act as, as" after a verb (改为, 称为, 选为), in X为Y
    # (面积为100) and 以…为; wèi "for" as a preposition, when a verb follows
    # its object (为人民服务), or before 了/何/此.
    after, before = c.text(1), c.text(-1)
    if after[:1] in ("了", "何", "此", "啥"):
        return "wei4"
    if c.verbal(-1) and before not in ("是", "要", "应", "想", "能", "会") and not c.named(-1):
        return "wei2"  # (not the last character of a name jieba tags v: 郭品超为活动…)
    if before in ("仅", "约", "共", "现", "实", "已", "仍", "原", "分别", "依次", "大多", "主要", "通常", "一般", "最"):
        return "wei2"  # an adverb before the copula: 仅为, 约为, 分别为, 现为
    if before in ("以", "被", "而", "所", "乃", "即", "皆", "均", "则", "亦", "多", "视", "转", "化",
                  "选", "称", "改", "定", "分", "成", "作", "译", "封", "任", "列", "升", "评", "变", "认"):
        return "wei2"
    # Otherwise the copula wéi (图为…, 现为…, 此为霸王条款) or the preposition
    # wèi, "for", whose short object is followed by the verb (为人民服务, 为您量身定做);
    # at the head of a clause, "in order to" (为报复…).
    clause = []
    for j in range(c.k + 1, len(c.units)):
        unit = c.units[j]
        if unit.text == "、":
            continue  # a list of nouns goes on (为广大船舶、船员提供…)
        if unit.kind.value in ("punct", "space"):
            break
        clause.append(unit)
    earlier = []
    for j in range(c.k - 1, -1, -1):
        if c.units[j].kind.value in ("punct", "space"):
            break
        earlier.append(c.units[j].text)
    # The pieces of a name, and the pieces of a glued compound of three or more
    # characters before a one-character noun head, are not the clause's verb (安监局
    # -> 安|监|局 and 杨达才 -> 杨|达|才 hold no verb: a compound ending in a bound
    # noun such as 局, 站, 厂 is a noun; a verb before a longer noun is a verb and its
    # object, 讲|故事, and so may two characters be, 择婿).
    heads, sizes = {}, {}
    for u in clause:
        heads[u.token] = u
        sizes[u.token] = sizes.get(u.token, 0) + len(u.text)
    verbal = [
        u.kind.value != "name" and _verb_like(u, c.lexicon) and not (
            u.split and heads[u.token] is not u and sizes[u.token] >= 3 and len(heads[u.token].text) == 1
            and not _verb_like(heads[u.token], c.lexicon))
        for u in clause
    ]
    if "以" in earlier:
        return "wei2"  # 以元为单位: 以…为…, "to take … as …"
    if any(u.text == "而" for u in clause):
        return "wei4"  # 为…而…: "for the sake of … (to do)"
    if not clause or any(u.text == "所" for u in clause):
        return "wei2"  # X为。, 为…所 (passive)
    if c.boundary(-1):
        # At the head of a clause: "in order to" before a verb (为报复…), the
        # copula before a bare noun phrase (…，为康熙四十九年).
        has_verb = any(v and u.text not in ("是", "有") for u, v in zip(clause, verbal))
        return "wei2" if not has_verb and _noun_like(clause[-1], c.lexicon) else "wei4"
    if len(before) == 1 and c.pos(-1)[:1] == "n" and not c.named(-1):
        return "wei2"  # 图为…: a caption's "this is" (not a name's last character: 叶青霖为…)
    ends_in_noun = _noun_like(clause[-1], c.lexicon)
    verb = next((j for j, (u, v) in enumerate(zip(clause, verbal)) if v and u.text not in ("是", "有", "为")), None)
    if ends_in_noun and (verb is None or verb == 0 or any(u.text == "的" for u in clause)):
        return "wei2"
    if verb is not None and verb <= 3:
        return "wei4"
    if verb is None:
        return "wei2" if c.pos(-1)[:1] in ("n", "m", "q", "a", "r") or c.named(-1) else "wei4"
    # A verb further on, with no 的 (in this clause) to make it a modifier: after a
    # noun, the copula with a long complement (培训对象为…具有…); after a modal or a
    # conjunction, the preposition's long object, then its verb (应为乡村公益性岗位
    # 安置人员购买保险, 并为…输送).
    return "wei2" if ends_in_noun and (c.pos(-1)[:1] == "n" or c.named(-1)) else "wei4"


def _zhe(c: Context) -> str | None:
    # 着 zhe after a verb (看着); zháo "to touch, to catch, to burn" before 了 or
    # after 不/得 (着了, 找不着); zhuó in literary verbs, which are words (着手).
    if c.text(1) == "了" or c.text(-1) in ("不", "得"):
        return "zhao2"
    if c.verbal(-1) or c.adjectival(-1):
        return "zhe5"
    # After a character CC-CEDICT glosses as a verb, whatever jieba tagged it
    # (憋着劲: jieba tags 憋 zg and glues 着劲).
    before = c.text(-1)
    if len(before) == 1 and _first_gloss(before, c.lexicon).startswith("to "):
        return "zhe5"
    return None


def _zhi(c: Context) -> str | None:
    # 只 zhī as a measure word after numerals and demonstratives (一只, 两只, 这只);
    # zhǐ "only" otherwise.
    if c.numeral(-1) or c.text(-1) in ("这", "那", "几", "每", "哪", "某", "单"):
        return "zhi1"
    return "zhi3"


def _opens_name(c: Context) -> bool:
    """units[k] is a name, or the first character of one (where a surname
    stands: 应采儿 Yīng); not a later character of a token jieba took for a name
    (尤|应 in 尤应防范)."""
    unit = c.units[c.k]
    if not c.named(0):
        return False
    return not unit.split or c.k == 0 or c.units[c.k - 1].token != unit.token


def _qia(c: Context) -> str | None:
    # 卡 qiǎ "to be stuck, wedged" before where or how it sticks (卡在, 卡住, 卡着,
    # 卡了); kǎ "card" and the transliterations otherwise.
    if c.text(1)[:1] in ("在", "住", "着", "了", "到", "进", "死", "那", "这"):
        return "qia3"
    return None


def _tiao(c: Context) -> str | None:
    # 挑 tiāo "to choose; to carry on a shoulder pole" is the everyday verb (挑水,
    # 挑扁担, 挑衣服); tiǎo "to raise, to stir up" before its complements and in
    # literary words (挑起, 挑动; 挑战, 挑衅 are dictionary words).
    if c.text(1)[:1] in ("起", "动", "衅", "战", "逗", "拨", "唆", "破", "开", "明", "灯", "梁", "檐"):
        return "tiao3"
    return "tiao1"


def _shu(c: Context) -> str | None:
    # 数 shù "number; several" before or after a numeral (数十, 数百, 倍数);
    # shǔ "to count" before its object (数羊, 数钞票).
    # (Only a numeral of tens and more after it: 数十, 数百; 数二 "to rank second" is
    # shǔ, and jieba tags 一起 m, so the word before is no evidence.)
    if c.text(1)[:1] in ("十", "百", "千", "万", "亿"):
        return "shu4"
    if c.pos(1)[:1] in ("n", "r") or c.named(1) or c.text(1)[:1] in ("一", "着", "了", "过", "不", "得", "到", "完", "清", "出", "遍"):
        return "shu3"
    return None


def _ying(c: Context) -> str | None:
    # 应 yīng "should" before the verb it governs (应引以为戒, 不应怕, 尤应防范);
    # yìng "to answer, to respond" lives in words (应对, 应邀, 回应).
    if _opens_name(c):
        return None
    # (The verb by jieba's tag or CC-CEDICT's gloss: jieba tags 尊重 a.)
    if c.verbal(1) or c.pos(1)[:1] in ("i", "l", "p", "d") or _first_gloss(c.text(1), c.lexicon).startswith("to "):
        return "ying1"
    return None


def _cheng(c: Context) -> str | None:
    # 称 chēng "to say, to call, to weigh" (爆料称, 称身上痛); chèn "to fit" only
    # before 心/职/身 (称心, 称职; 相称, 对称 are words).
    if c.text(1)[:1] in ("心", "职", "身") and c.text(1) != "身上":
        return "chen4"
    return "cheng1"


def _ke(c: Context) -> str | None:
    # 壳 ké is the everyday word "shell" (去壳, 香烟壳); qiào only in literary
    # words (地壳, 甲壳, 躯壳), which the dictionary reads.
    return "ke2"


def _bao(c: Context) -> str | None:
    # 薄 báo "thin" is the everyday adjective after a degree adverb or 越, or
    # ending a clause or before 的/了 (越挤越薄, 很薄, 薄的); bó in literary words.
    if c.text(-1) in _DEGREE or c.text(-1) in ("越", "变", "得") or c.boundary(1) or c.text(1) in ("的", "了", "得"):
        return "bao2"
    return None


def _le4(c: Context) -> str | None:
    # 乐 lè "happy, to enjoy" standing alone (为乐, 耍乐, 乐了); yuè "music" lives in
    # words (音乐, 乐队, 乐器); a name keeps its own reading.
    if _opens_name(c):
        return None
    # yuè before what makes or carries music, when jieba leaves the word apart (乐声).
    return "yue4" if c.text(1)[:1] in ("声", "曲", "器", "团", "队", "坛", "章", "谱", "律", "手") else "le4"


def _cha(c: Context) -> str | None:
    # 查 chá "to check" as a word; Zhā is a surname (a name's business).
    return None if _opens_name(c) else "cha2"


def _ceng(c: Context) -> str | None:
    # 曾 céng "once, ever" before a verb, adverb or preposition (曾参加, 也曾一度,
    # 曾在); zēng as a surname (曾轶可, before a name's other characters).
    if c.text(-1) and (c.verbal(1) or c.pos(1)[:1] in ("d", "p") or c.text(1)[:1] in ("经", "是", "有", "在", "被")):
        return "ceng2"
    # Opening a token jieba glued to a word of time or degree and tagged as a whole,
    # not a name (也曾一度, 曾多次 -> 曾|一度): the adverb. zēng "great-" lives in
    # words (曾祖, 曾孙). (Not after any adverb: 又|曾|子之子 is Zēngzǐ's son.)
    if c.piece() and not c.named(0) and _opens_token(c):
        return "ceng2"
    return None


def _opens_token(c: Context) -> bool:
    """units[k] is the first piece of a token split into dictionary words."""
    unit = c.units[c.k]
    return c.k == 0 or c.units[c.k - 1].token != unit.token


def _cang(c: Context) -> str | None:
    # 藏 cáng "to hide, to store" is the verb (藏着, 藏在, 藏了起来, jieba's v);
    # zàng "Tibet; depository" is a noun and the abbreviation of Tibet (jieba j,
    # ns), and its words are words (宝藏, 进藏, 藏族).
    if c.text(1)[:1] in ("着", "了", "在", "起", "进", "好", "到", "匿", "身", "于", "有", "得", "住", "满"):
        return "cang2"
    if c.verbal(0) and not c.piece():
        return "cang2"
    return None


def _bao4(c: Context) -> str | None:
    # 曝 bào "to expose, to make public" is the modern verb standing alone (被曝,
    # 曝出, 曝料: news of what came out, as in 曝光 bàoguāng); pù "to sun" lives
    # in words (曝晒, 一曝十寒) and before what is put in the sun.
    if c.text(1)[:1] in ("晒", "日", "于", "背"):
        return "pu4"
    return "bao4"


def _juan(c: Context) -> str | None:
    # 卷 juàn "volume, roll" after a numeral (三卷, 第二卷); juǎn "to roll up" as
    # a verb (卷走, 卷起); scrolls and exam papers are words (画卷, 试卷).
    before = c.at(-1)
    if c.numeral(-1) or c.numeral(1) or c.text(-1) in ("第", "每", "本", "该", "全") \
            or (before is not None and before.text == "》"):
        return "juan4"  # (《隋书》卷四: a book's volume)
    if c.text(1)[:1] in ("走", "起", "入", "成", "进", "着", "了", "上", "到", "住", "在", "曲") \
            or c.text(-1) in ("被", "把", "将", "都", "也", "又"):
        return "juan3"
    return None


def _jiao(c: Context) -> str | None:
    # 教 jiāo "to teach" is the verb standing alone (教我, 教他们写字); jiào
    # "religion, teaching" lives in words (宗教, 教育, 教室).
    if _opens_name(c):
        return None
    if c.pos(1)[:1] in ("r", "n") or c.named(1) or c.boundary(1):
        return "jiao1"  # (not before a verb: 教改 jiàogǎi "education reform")
    return None


def _chong(c: Context) -> str | None:
    # 冲 chòng "towards, at" before the person it is aimed at (冲我扑过来, 冲他笑);
    # chōng "to rush, to rinse" otherwise (冲进, 冲茶).
    if c.pos(1)[:1] == "r" or c.named(1) and c.pos(1) in ("nr", "nrfg"):
        return "chong4"
    return None


def _pao(c: Context) -> str | None:
    # 刨 páo "to dig" is the verb standing alone (刨坑, 刨出, 坟让人刨了); bào "to
    # plane" takes wood and what planing makes (刨木头, 刨平, 刨光), and its nouns
    # are words (刨子, 刨花, 刨冰).
    if c.text(1)[:1] in ("木", "板", "平", "光", "子", "花", "冰"):
        return "bao4"
    return "pao2"


def _jiang(c: Context) -> str | None:
    # 将 jiāng "will; (object marker)" always has what it governs after it, so a 将
    # ending a clause after a word is the noun jiàng "general" (…参将。, 为将); a
    # name keeps its own reading.
    if c.boundary(1) and not c.boundary(-1) and not c.named(0):
        return "jiang4"
    return None


def _ai(c: Context) -> str | None:
    # 挨 āi "next to, close by; one after another" after 紧/相 and before what it
    # is next to or goes through in turn (紧挨着, 挨家挨户, 挨个); ái "to suffer, to
    # endure" before what is suffered (挨打, 挨饿, 挨了一刀).
    if c.text(-1) in ("紧", "相") or c.text(1)[:1] in ("着", "近", "家", "个", "肩", "门", "户", "次", "在"):
        return "ai1"
    if c.text(1)[:1] in ("打", "骂", "饿", "冻", "批", "揍", "训", "罚", "刀", "枪", "了", "过", "整", "宰"):
        return "ai2"
    return None


def _nong(c: Context) -> str | None:
    # nòng "to do, to handle" is the verb, before the result it brings about or its
    # 了/不/得 (弄干, 弄瞎, 弄不大, 弄了); lòng "lane" is a place, after its number
    # in digits or Chinese numerals, or its name (40弄, 三弄, 王家弄; not 多弄点).
    if c.text(1)[:1] in _RESULTS or c.text(1)[:1] in ("不", "干", "瞎", "清", "坏", "湿", "脏", "乱", "明", "懂", "断", "死", "伤", "丢", "错", "进") \
            or c.adjectival(1) or c.verbal(1):
        return "nong4"
    before = c.at(-1)
    if c.named(-1) or (before is not None and not c.boundary(-1) and (
            before.kind.value == "number" or before.text[-1] in "一二三四五六七八九十百零〇")):
        return "long4"
    return None


def _jin(c: Context) -> str | None:
    # 尽 jìn "to exhaust; entirely, all" standing alone (吃尽, 尽显, 尽最大努力);
    # jǐn "as far as possible" lives in words (尽量, 尽管, 尽快), and alone only
    # before a word of location, "the very …" (尽北边).
    return "jin3" if c.pos(1)[:1] == "f" else "jin4"


def _yun(c: Context) -> str | None:
    # 晕 yùn "halo" is a noun: after 的 or the noun it belongs to, ending its phrase
    # or before a word of location (冰晕。, 物质晕里面, 黑洞的晕中); yūn "to faint,
    # dizzy" is the verb (打晕, 晕了过去), left to the model.
    if (c.text(-1) == "的" or (c.pos(-1)[:1] == "n" and not c.named(-1))) and (c.boundary(1) or c.pos(1)[:1] == "f"):
        return "yun4"
    return None


def _pu(c: Context) -> str | None:
    # 铺 pū "to spread, to lay" is the verb, before where or how it is spread (铺上,
    # 铺开, 铺满, 铺在, 铺通); pù "shop, bunk" is the noun, and 在铺上 "on the bunk"
    # is the place after a preposition or a determiner. Otherwise the model decides.
    if c.text(-1) not in ("在", "到", "从", "的", "这", "那", "张", "个", "床") \
            and c.text(1)[:1] in ("上", "开", "满", "在", "平", "通", "散", "好", "成", "到", "着", "了"):
        return "pu1"
    return None


def _hong(c: Context) -> str | None:
    # 哄 hǒng "to coax, to fool" is the verb standing alone (哄孩子, 边擦边哄); hōng
    # "roar (of a crowd)" and hòng "uproar" live in words (哄堂大笑, 起哄), and the
    # sound alone is onomatopoeia (jieba o).
    return "hong1" if c.pos(0) == "o" else "hong3"


def _za(c: Context) -> str | None:
    # 咋 zǎ "how, why" is the pronoun (jieba r: 咋样, 你咋不去); zhā/zhà live in
    # words (咋呼).
    return "za3" if c.pos(0)[:1] == "r" else None


def _chu(c: Context) -> str | None:
    # 处 chǔ "to be in, to deal with" as a verb after 所/身/相/正 (所处, 身处);
    # chù "place, department" after a noun (鞋帮处, 联络处).
    if c.text(-1) in ("所", "身", "相", "正", "仍", "共", "独"):
        return "chu3"
    if c.pos(-1)[:1] in ("n", "s", "f") and not c.named(-1):
        return "chu4"
    return None


def _cha4(c: Context) -> str | None:
    # 差 chà "poor, short of" as an adjective after a degree adverb or ending a
    # clause (太差, 基础差。); chā, chāi live in words (差别, 出差).
    if c.text(-1) in _DEGREE or c.text(-1) in ("太", "越", "较", "变") or c.boundary(1) \
            or c.text(1)[:1] in ("而", "了", "的", "得", "些", "点"):
        return "cha4"
    return None


def _mei(c: Context) -> str | None:
    # 没 mò "to sink, to submerge" before 入/于/顶; méi "not" otherwise.
    return "mo4" if c.text(1)[:1] in ("入", "于", "顶") else "mei2"


def _shen(c: Context) -> str | None:
    # 什 shén only in 什么 (a word); alone, in transliterations and 什锦, shí.
    return "shen2" if c.text(1)[:1] == "么" else "shi2"


def _suffix_zi(c: Context) -> str | None:
    # Neutral zi is a noun suffix inside words; a 子 standing alone is zǐ.
    return "zi3"


def _yi(c: Context) -> str | None:
    return "yi1"  # base tone; sandhi is a display layer


def _bu(c: Context) -> str | None:
    return "bu4"  # base tone; sandhi is a display layer


def _first_gloss(word: str, lexicon: "Lexicon") -> str:
    """CC-CEDICT's first gloss of a word's first common (lower-case) entry, or ""."""
    memo = lexicon.memo("polyphones.first_gloss", 16384)
    if (known := memo.get(word)) is None:
        known = memo[word] = next(
            (entry.senses[0] for entry in lexicon.entries(word) if entry.pinyin[:1].islower() and entry.senses), ""
        )
    return known


def verb_readings(char: str, lexicon: "Lexicon") -> tuple[str, ...]:
    """The readings of a character's common (lower-case) CC-CEDICT entries whose
    first gloss is a verb ("to ..."), most likely first (`ranked_readings`)."""
    memo = lexicon.memo("polyphones.verb_readings", 8192)
    if (known := memo.get(char)) is None:
        found = {
            entry.pinyin.lower() for entry in lexicon.entries(char)
            if entry.pinyin[:1].islower() and len(entry.pinyin.split()) == 1
            and entry.senses and entry.senses[0].startswith("to ")
        }
        order = ranked_readings(char, lexicon)
        known = memo[char] = tuple(sorted(found, key=lambda r: (order.index(r) if r in order else len(order), r)))
    return known


def _has_verb_sense(word: str, lexicon: "Lexicon") -> bool:
    """Whether any common (lower-case) CC-CEDICT entry of a word has a "to ..." gloss."""
    memo = lexicon.memo("polyphones.has_verb_sense", 16384)
    if (known := memo.get(word)) is None:
        # (or a lone participle: 闪烁 "flickering; twinkling", a verb CC-CEDICT
        # glosses by its -ing form)
        known = memo[word] = any(
            gloss.strip().startswith("to ") or re.fullmatch(r"[a-z]+ing", gloss.strip()) is not None
            for entry in lexicon.entries(word) if entry.pinyin[:1].islower()
            for sense in entry.senses for gloss in sense.split(";")
        )
    return known


def _verb_like(unit: "Unit", lexicon: "Lexicon") -> bool:
    """A verb, by jieba's tag and CC-CEDICT's gloss together: jieba tags 摘要 and
    署长 v, and idioms (量身定做) i or l; a verb has a gloss "to ..." (for a word
    jieba tags v, any of its glosses: 表演 "performance; ...; to perform")."""
    gloss = _first_gloss(unit.text, lexicon)
    if unit.pos[:1] == "v":
        return not gloss or _has_verb_sense(unit.text, lexicon)
    return unit.pos in ("i", "l", "") and gloss.startswith("to ")


def _noun_like(unit: "Unit", lexicon: "Lexicon") -> bool:
    if unit.kind.value in ("name", "number") or unit.pos[:1] in ("n", "m", "q"):
        return True
    gloss = _first_gloss(unit.text, lexicon)
    return bool(gloss) and not gloss.startswith(("to ", "(")) and unit.pos[:1] not in ("a", "d", "u", "y")


RULES = {
    "的": _de_particle, "中": _zhong1, "了": _le, "得": _de, "地": _di, "还": _hai, "行": _xing, "长": _chang, "重": _zhong,
    "都": _dou, "干": _gan, "便": _bian, "调": _diao, "率": _lv, "塞": _sai, "翟": _zhai,
    "为": _wei, "着": _zhe, "只": _zhi, "没": _mei, "什": _shen, "子": _suffix_zi,
    "一": _yi, "不": _bu, "卡": _qia, "挑": _tiao, "数": _shu, "应": _ying, "称": _cheng, "壳": _ke,
    "薄": _bao, "乐": _le4, "查": _cha, "曾": _ceng, "卷": _juan, "咋": _za, "处": _chu, "差": _cha4,
    "更": _geng, "和": _he, "教": _jiao, "藏": _cang, "曝": _bao4, "盛": _sheng, "冲": _chong, "刨": _pao, "哄": _hong, "将": _jiang, "挨": _ai, "弄": _nong, "尽": _jin, "晕": _yun, "铺": _pu,
}


def by_rules(
    units: Sequence["Unit"], k: int, lexicon: "Lexicon"
) -> tuple[tuple[str, ...], str | None] | None:
    """The reading of the single character units[k] in its sentence, up to g2pM:
    (the character's readings, most likely first; the one chosen by a rule of
    RULES, then a surname, then a grammatical position (`_by_function`), then a
    CC-CEDICT or pypinyin word straddling jieba's cut, or None), or None when the
    character has only one reading (the caller then reads it as a word).

    Where this leaves the choice open, `pinyin.read_all_tokens` asks g2pM
    (`by_model_all`, once for all of an article's sentences), then falls back on
    the most frequent reading (`settle`)."""
    char = units[k].text
    options = ranked_readings(char, lexicon)
    if len(options) < 2:
        return None
    rule = RULES.get(char)
    context = Context(units, k, lexicon)
    chosen = rule(context) if rule else None
    if chosen is None:
        chosen = _as_surname(units, k, lexicon)
    if chosen is None and _in_given_name(units, k, lexicon) and options[0] not in proper_only(char, lexicon):
        # A given name is made of common words' characters: when the character's
        # commonest reading is a common word's, not a reading CC-CEDICT gives it only
        # as a proper noun (庄燕, 江一燕: yàn "swallow", not Yān, the surname and the
        # ancient state). (A character read mostly as a proper noun keeps it: 陈竺 Zhú.)
        common = [o for o in options if o not in proper_only(char, lexicon)]
        if common and len(common) < len(options):
            options = tuple(common) + tuple(o for o in options if o not in common)
            chosen = common[0] if len(common) == 1 else None
    if chosen is None:
        chosen = _by_function(char, context, options)
    if chosen is None:
        chosen = _straddling(units, k, lexicon)
    return options, chosen


def by_model_all(
    sentences: Sequence[Sequence["Unit"]],
    ks: Sequence[Sequence[int]],
    options: Sequence[Sequence[Sequence[str]]],
) -> list[list[str | None]]:
    """g2pM's reading of each units[k] of ks[b] in the sentence sentences[b] spells,
    when it is one of that character's options (see g2p_model); None otherwise. One
    model run for all of an article's sentences."""
    from . import g2p_model

    texts, positions = [], []
    for units, wanted in zip(sentences, ks):
        offsets = []
        offset = 0
        for unit in units:
            offsets.append(offset)
            offset += len(unit.text)
        texts.append("".join(u.text for u in units))
        positions.append([offsets[k] for k in wanted])
    return g2p_model.readings_all(
        texts, positions, [[tuple(o) for o in opts] for opts in options]
    )


def worth_asking(char: str, options: tuple[str, ...], lexicon: "Lexicon") -> bool:
    """Whether g2pM should be asked about a lone character the rules leave open.

    Not for a frequent word (HSK lists it; wordfreq meets it alone at least once in
    100,000 words) that is not a particle and that running text reads its first
    way at least 99 times in 100 (也, 有, 在, 他, 从: one reading in practice, a
    second one in rare or literary words): the model's run would only confirm it
    (on the CSMSC dev sentences it never read one of these otherwise), and it is
    the costliest step of reading a sentence."""
    if _functions(char, lexicon)[0] is not None or not _is_word(char, lexicon) or lexicon.zipf(char) < SURE_ZIPF:
        return True
    return reading_share(char, options[0]) < SURE_SHARE


SURE_SHARE = 0.99
SURE_ZIPF = 5.0


@lru_cache(maxsize=16384)  # few distinct (options, chosen) pairs; Readings are immutable
def settle(options: tuple[str, ...], chosen: str | None) -> "Reading":
    """The Reading of a character: the chosen reading (the most likely one when
    nothing chose), the others as alternatives."""
    if chosen is None:
        chosen = options[0]
    return Reading(chosen, tuple(o for o in options if o != chosen))


def _surname_reading(char: str, lexicon: "Lexicon") -> str | None:
    """The reading of CC-CEDICT's capitalised "surname ..." entry of a character,
    when it has exactly one (朴 Piáo, 单 Shàn, 仇 Qiú, 区 Ōu; not 覃 Qín/Tán)."""
    readings = _surname_readings(char, lexicon)
    return next(iter(readings)) if len(readings) == 1 else None


def _surname_readings(char: str, lexicon: "Lexicon") -> frozenset[str]:
    """The readings of CC-CEDICT's capitalised "surname ..." entries of a character."""
    return frozenset(
        entry.pinyin.lower()
        for entry in lexicon.entries(char)
        if entry.pinyin[:1].isupper()
        and len(entry.pinyin.split()) == 1
        and any(sense.lower().startswith("surname") for sense in entry.senses)
    )


def _as_surname(units: Sequence["Unit"], k: int, lexicon: "Lexicon") -> str | None:
    """A character opening a two- or three-character name (jieba tags the token a
    name and no dictionary knows it: 朴|正|男) is a surname, read as one.
    (Measured on cpp-dev as a strategy: a small gain, +0.06 point.)"""
    unit = units[k]
    if unit.kind.value != "name" or not unit.split:
        return None
    if k > 0 and units[k - 1].token == unit.token:
        return None
    length = sum(len(u.text) for u in units[k:k + 3] if u.token == unit.token)
    if not 2 <= length <= 3:
        return None
    return _surname_reading(unit.text, lexicon)


def _in_given_name(units: Sequence["Unit"], k: int, lexicon: "Lexicon") -> bool:
    """units[k] is a later character of a person's name of three characters that no
    dictionary knows, split into its characters (江|一|燕): the token opens with a
    character CC-CEDICT lists as a surname. (Three: a surname and a two-character
    given name, the commonest shape; jieba tags as many places as people among the
    unknown two-character tokens it calls names, 东肖.)"""
    unit = units[k]
    if unit.kind.value != "name" or not unit.split or k == 0 or units[k - 1].token != unit.token:
        return False
    first = k
    while first > 0 and units[first - 1].token == unit.token:
        first -= 1
    size = sum(len(u.text) for u in units[first:] if u.token == unit.token)
    return size == 3 and bool(_surname_readings(units[first].text[:1], lexicon))


def proper_only(char: str, lexicon: "Lexicon") -> frozenset[str]:
    """The readings CC-CEDICT gives a character only in capitalised entries (a
    surname, a place, a state: 燕 Yān), lower-cased."""
    memo = lexicon.memo("polyphones.proper_only", 8192)
    if (known := memo.get(char)) is None:
        proper, common = set(), set()
        for entry in lexicon.entries(char):
            if len(entry.pinyin.split()) == 1:
                (proper if entry.pinyin[:1].isupper() else common).add(entry.pinyin.lower())
        known = memo[char] = frozenset(proper - common)
    return known


_FINAL_PARTICLE = re.compile(r"modal|final.*particle|particle.*ending sentence|question particle")


def _functions(char: str, lexicon: "Lexicon") -> tuple[str | None, str | None]:
    """(the reading CC-CEDICT gives as a sentence-final (modal) particle, the reading it gives
    as a classifier) of a character, each None when there is none or it is ambiguous."""
    memo = lexicon.memo("polyphones.functions", 8192)
    if (known := memo.get(char)) is not None:
        return known
    particle: set[str] = set()
    classifier: set[str] = set()
    for entry in lexicon.entries(char):
        reading = entry.pinyin.lower()
        if len(reading.split()) != 1:
            continue
        if reading.endswith("5") and any(_FINAL_PARTICLE.search(s) for s in entry.senses):
            particle.add(reading)
        if any(s.lower().startswith("classifier") for s in entry.senses):
            classifier.add(reading)
    memo[char] = found = (
        particle.pop() if len(particle) == 1 else None,
        classifier.pop() if len(classifier) == 1 else None,
    )
    return found


def _by_function(char: str, c: Context, options: Sequence[str]) -> str | None:
    """Two grammatical positions that fix a reading for any character:

    - at the end of a clause, after a word, a character CC-CEDICT lists as a
      neutral-tone particle is that particle (工作啊 a5, 好哟 yo5); elsewhere in
      the clause it is not, and its most frequent full-tone reading is taken
      (啦啦队 lā);
    - right after a numeral or demonstrative, a character with exactly one reading
      CC-CEDICT calls a classifier is that classifier (两幢 zhuàng).
    (Both measured on cpp-dev as strategies, not per item.)"""
    # jieba's tag says modal particle (y) and it ends its clause: its neutral
    # reading (提哪壶哇 wa5, whose CC-CEDICT gloss "replaces 啊[a5] ..." names no
    # function). (Not the aspect particle 过 jieba tags ug: CC-CEDICT writes the
    # marker guo5, but the CSMSC speaker says guò 27 times in 31.)
    if c.pos(0) == "y" and c.boundary(1) and not c.numeral(-1):  # (20哩: a mile)
        neutral = [o for o in options if o.endswith("5")]
        if len(neutral) == 1:
            return neutral[0]
    particle, classifier = _functions(char, c.lexicon)
    if particle:
        if c.boundary(1) and not c.boundary(-1) and not c.numeral(-1):
            return particle
        if not c.boundary(1) and options[0] == particle:
            # Not at a clause end: not the particle (啦啦队 lā, 哆啦 lā). (Only where
            # the particle is the character's commonest reading: 么 is commonest
            # as the neutral suffix me of 什么 and 这么, which 辣么 "so" spells, not
            # as the particle ma, and is no full-tone má there.)
            full = [o for o in options if not o.endswith("5")]
            if full:
                return full[0]
    before = c.text(-1)
    if classifier and before and (before[-1] in _NUMERALS or before in ("这", "那", "哪", "某", "该", "此")):
        return classifier
    return None


def _straddling(units: Sequence["Unit"], k: int, lexicon: "Lexicon") -> str | None:
    # Only three characters either side count: memoised on them (per lexicon).
    before = units[k - 1].text[-3:] if k > 0 else ""
    after = units[k + 1].text[:3] if k + 1 < len(units) else ""
    key = (before, units[k].text, after)
    memo = lexicon.memo("straddling")
    if key not in memo:
        memo[key] = _straddling_word(*key, lexicon)
    return memo[key]


def _straddling_word(before: str, char: str, after: str, lexicon: "Lexicon") -> str | None:
    candidates = []
    for j in range(min(3, len(after)), 0, -1):
        word = char + after[:j]
        if is_han(word) and _known(word, lexicon):
            candidates.append((word, 0))
            break
    for j in range(min(3, len(before)), 0, -1):
        word = before[-j:] + char
        if is_han(word) and _known(word, lexicon):
            candidates.append((word, len(word) - 1))
            break
    if not candidates:
        return None
    word, index = max(candidates, key=lambda c: (lexicon.zipf(c[0]), len(c[0])))
    syllables = read_word(word, lexicon).numbered.lower().split()
    if len(syllables) != len(word) or syllables[index].endswith("5"):
        # A neutral tone belongs to its word (将就 jiāngjiu): 就 standing alone
        # after 将 is jiù.
        return None
    return syllables[index]
