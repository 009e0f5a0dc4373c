"""Precision and recall of the English equivalent (Term.english_match) on a hand-checked gold.

bench/english_match_gold.tsv holds 150 terms of the five seeds and of WMT22 news
articles (../shared/bench-data/wmt22-news), each with its example sentence in both
languages and the English words that translate the term in it, read and written
by hand ("|" between alternatives: a term that occurs twice may be translated
twice; empty: the translation leaves the term out). It is evaluation data: it is
not shipped in the package and not used by the tests.

For each row the term is glossed as build_term glosses it (terms.gloss_in, with the
dictionary reading) and english_match picks its span in the English sentence.

- precision: spans that lie inside a gold span, out of all spans found;
- recall: rows with a gold translation whose span lies inside one, out of those rows.

Usage: python bench/english_match_eval.py [--errors]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vocabgen.gloss import English, english_match  # noqa: E402
from vocabgen.lexicon import load_lexicon  # noqa: E402
from vocabgen.pinyin import read_word  # noqa: E402
from vocabgen.terms import gloss_in  # noqa: E402

GOLD = Path(__file__).resolve().parent / "english_match_gold.tsv"


def gold_spans(english: str, phrases: list[str]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        for m in re.finditer(r"(?<![A-Za-z])" + re.escape(phrase) + r"(?![A-Za-z])", english, re.IGNORECASE):
            spans.append(m.span())
    return spans


def position(zh: str, term: str) -> float:
    """Where the term first stands in the Chinese sentence, 0..1 (as build_term gives it)."""
    return max(zh.find(term), 0) / max(len(zh), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="print the rows found wrong or missed")
    args = parser.parse_args()
    lexicon = load_lexicon()
    found = correct = wanted = hits = 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        term, zh, en, answer = line.split("\t")
        phrases = [p for p in answer.split("|") if p]
        sentence = English.of(en)
        gloss = gloss_in(term, read_word(term, lexicon).numbered, sentence, lexicon)
        span = english_match(gloss.senses, sentence, near=position(zh, term))
        golds = gold_spans(en, phrases)
        right = span is not None and any(a <= span[0] and span[1] <= b for a, b in golds)
        found += span is not None
        correct += right
        wanted += bool(phrases)
        hits += right and bool(phrases)
        if args.errors and (span is not None and not right or phrases and not right):
            got = en[span[0] : span[1]] if span else "-"
            print(f"{term}\tgot {got!r}\twant {answer!r}\t({gloss.meaning[:60]})")
    precision = correct / found if found else 0.0
    recall = hits / wanted if wanted else 0.0
    print(f"rows with a translation: {wanted}, spans found: {found}, right: {correct}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")


if __name__ == "__main__":
    main()
