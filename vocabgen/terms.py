"""From ranked words to Terms: reading, meaning and example sentence of each."""

from __future__ import annotations

import re
from typing import Sequence

from .lexicon import Lexicon
from .models import LOW_CONFIDENCE, DictEntry, SentencePair, Term
from .pinyin import numbered_to_marks
from .rank import Ranked
from .vocabulary import Occurrence

_NOISE = ("variant of", "old variant of", "see ", "used in ", "Taiwan pr.", "(Tw)")
MAX_SENSES = 3


def _normal(numbered: str) -> str:
    return numbered.lower().replace("u:", "v").replace(" ", "")


def entries_for_reading(entries: Sequence[DictEntry], numbered: str) -> list[DictEntry]:
    """The entries with this reading; all entries if none has it."""
    matching = [e for e in entries if _normal(e.pinyin) == _normal(numbered)]
    return matching or list(entries)


def short_meaning(entries: Sequence[DictEntry]) -> tuple[str, tuple[str, ...]]:
    """At most MAX_SENSES senses for a card, and the classifiers apart.

    Cross-references ("variant of ...", "see ...") only when nothing else is there."""
    senses: list[str] = []
    classifiers: list[str] = []
    for entry in entries:
        for sense in entry.senses:
            if sense.startswith("CL:"):
                classifiers.extend(c.strip() for c in sense[3:].split(","))
            elif sense not in senses:
                senses.append(sense)
    useful = [s for s in senses if not s.startswith(_NOISE)]
    chosen = (useful or senses)[:MAX_SENSES]
    return "; ".join(chosen), tuple(dict.fromkeys(classifiers))


_CROSS_REF = re.compile(r"([\u3400-\u9fff]+)\|([\u3400-\u9fff]+)")
_PINYIN_REF = re.compile(r"\[[A-Za-z:0-9 ,]+\]")


def card_safe(meaning: str, forms: Sequence[str]) -> str:
    """The meaning as a card shows it: CC-CEDICT's cross-references reduced to the
    simplified form without their [pinyin], and the headword itself masked as ～,
    since the meaning is the front of the recall card and must not give it away."""
    text = _PINYIN_REF.sub("", _CROSS_REF.sub(r"\2", meaning))
    for form in sorted(set(forms), key=len, reverse=True):
        if form:
            text = text.replace(form, "～")
    return text


def example_occurrence(ranked: Ranked, pairs: Sequence[SentencePair]) -> Occurrence:
    """The first occurrence in a well-aligned pair; the first of all otherwise."""
    for occurrence in ranked.occurrences:
        if pairs[occurrence.pair_index].confidence >= LOW_CONFIDENCE and pairs[occurrence.pair_index].en:
            return occurrence
    return ranked.occurrences[0]


def build_term(ranked: Ranked, pairs: Sequence[SentencePair], lexicon: Lexicon) -> Term:
    example = example_occurrence(ranked, pairs)
    pair = pairs[example.pair_index]
    reading = example.reading
    entries = entries_for_reading(lexicon.entries(ranked.word), reading.numbered)
    meaning, classifiers = short_meaning(entries)
    meaning = card_safe(meaning, [ranked.word] + [e.traditional for e in entries])
    return Term(
        hanzi=ranked.word,
        traditional=entries[0].traditional if entries else ranked.word,
        pinyin=numbered_to_marks(reading.numbered),
        pinyin_numbered=reading.numbered,
        meaning=meaning,
        hsk=lexicon.hsk(ranked.word),
        zipf=lexicon.zipf(ranked.word),
        count=ranked.count,
        score=ranked.score,
        sentence_index=example.pair_index,
        sentence_zh=pair.zh,
        sentence_en=pair.en,
        classifiers=classifiers,
        pinyin_alternatives=tuple(numbered_to_marks(r) for r in reading.alternatives),
    )
