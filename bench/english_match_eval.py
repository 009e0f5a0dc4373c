"""Precision and recall of the English equivalent (Term.english_match) on a hand-checked gold.

bench/english_match_gold.tsv holds 367 terms of the five seeds and of WMT22 news
articles (../shared/bench-data/wmt22-news), each with its example sentence in both
languages and the English words that translate the term in it, read and written
by hand ("|" between alternatives: a term that occurs twice may be translated
twice; empty: the translation leaves the term out). It is evaluation data: it is
not shipped in the package and not used by the tests.

For each row the term, read as the dictionary reads it, gets its span in the English
sentence as build_terms gives it (terms.english_spans): the other candidate words
of the Chinese sentence compete for the English words (--alone: they do not).
With --articles, a row whose term gets that sentence as its example in a whole
build of its article (pipeline.study) is scored by that build's span, which also
weighs the article's other sentences (terms._article_spans).
Rows after the line "# held out" were written after the matcher was tuned; rows after
"# held out 2" were written in a later round, before that round's changes. Each group's
figures are reported apart.

- precision: spans that lie inside a gold span, out of all spans found;
- recall: rows with a gold translation whose span lies inside one, out of those rows.

Usage: python bench/english_match_eval.py [--errors [--group old]] [--alone] [--articles /work/shared]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vocabgen.gloss import English  # noqa: E402
from vocabgen.lexicon import load_lexicon  # noqa: E402
from vocabgen.reading.pinyin import read_all_tokens  # noqa: E402
from vocabgen.reading.words import read_word  # noqa: E402
from vocabgen.segment import segment  # noqa: E402
from vocabgen.terms import english_spans  # noqa: E402
from vocabgen.vocabulary import collect  # noqa: E402

GOLD = Path(__file__).resolve().parent / "english_match_gold.tsv"


def gold_spans(english: str, phrases: list[str]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        for m in re.finditer(r"(?<![A-Za-z])" + re.escape(phrase) + r"(?![A-Za-z])", english, re.IGNORECASE):
            spans.append(m.span())
    return spans


# Marker lines that open a group of rows written later than the ones above them.
GROUPS = {"# held out 2": "held out 2", "# held out": "held out"}


def span_of(term: str, zh: str, en: str, lexicon, alone: bool) -> tuple[int, int] | None:
    """The term's English equivalent as build_terms finds it: every candidate word of
    the sentence (vocabulary.collect) competes for the English words, unless `alone`."""
    tokens = [segment(zh)]
    occurrences = collect(list(zip(tokens, read_all_tokens(tokens, lexicon))), 0, lexicon, [en]).occurrences
    # The term where the vocabulary finds it first, else where the text has it first.
    start = next((o.start for o in occurrences if o.word == term), max(zh.find(term), 0))
    words = [(term, read_word(term, lexicon).numbered, start)]
    if not alone:
        words += [(o.word, o.reading.numbered, o.start) for o in occurrences if (o.word, o.start) != (term, start)]
    return english_spans(words, zh, English.of(en), lexicon, [0])[0]


def _unspaced(zh: str) -> str:
    # The build drops the spaces WMT's tokenised text puts around punctuation (ingest);
    # the gold keeps the sentence as the corpus has it.
    return "".join(zh.split())


def article_spans(shared: Path) -> dict[tuple[str, str], tuple[int, int] | None]:
    """(term, example sentence) -> the span the whole build gives it (pipeline.study
    over the seeds and every WMT22 document of eight lines or more), where the
    term's card has that example: what the article's other sentences add."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from term_review import articles  # noqa: E402

    from vocabgen.config import BuildConfig  # noqa: E402
    from vocabgen.pipeline import study  # noqa: E402

    lexicon, config = load_lexicon(), BuildConfig()
    found: dict[tuple[str, str], tuple[int, int] | None] = {}
    for article in articles(shared, 1000):
        for t in study(article, config, lexicon).terms:
            found[(t.hanzi, _unspaced(t.sentence_zh))] = tuple(t.english_span) if t.english_span else None  # type: ignore[assignment]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="print the rows found wrong or missed")
    parser.add_argument("--group", help="print errors of this group only (old, held out, held out 2)")
    parser.add_argument("--alone", action="store_true", help="match each term without its sentence's other words")
    parser.add_argument(
        "--articles", metavar="SHARED", help="score what whole builds give (rows whose term has that example card; "
        "the others as without it), reading the WMT22 documents under SHARED/bench-data"
    )
    args = parser.parse_args()
    lexicon = load_lexicon()
    tallies = {name: [0, 0, 0, 0] for name in ["old", "held out", "held out 2"]}  # found, correct, wanted, hits
    built = article_spans(Path(args.articles)) if args.articles else {}
    in_build = 0
    part = "old"
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        part = next((name for marker, name in GROUPS.items() if line.startswith(marker)), part)
        if line.startswith("#") or not line.strip():
            continue
        term, zh, en, answer = line.split("\t")
        phrases = [p for p in answer.split("|") if p]
        if (term, _unspaced(zh)) in built:
            span, in_build = built[(term, _unspaced(zh))], in_build + 1
        else:
            span = span_of(term, zh, en, lexicon, args.alone)
        golds = gold_spans(en, phrases)
        right = span is not None and any(a <= span[0] and span[1] <= b for a, b in golds)
        tally = tallies[part]
        tally[0] += span is not None
        tally[1] += right
        tally[2] += bool(phrases)
        tally[3] += right and bool(phrases)
        if args.errors and args.group in (None, part) and (span is not None and not right or phrases and not right):
            got = en[span[0] : span[1]] if span else "-"
            print(f"{part}\t{term}\tgot {got!r}\twant {answer!r}")
    for part, (found, correct, wanted, hits) in [*tallies.items(), ("all", [sum(x) for x in zip(*tallies.values())])]:
        if not wanted:
            continue
        precision = correct / found if found else 0.0
        recall = hits / wanted
        print(f"{part:10} rows with a translation: {wanted:3}, spans found: {found:3}, right: {correct:3}"
              f"  precision {precision:.3f}  recall {recall:.3f}")
    if args.articles:
        print(f"rows scored from whole builds: {in_build}")


if __name__ == "__main__":
    main()
