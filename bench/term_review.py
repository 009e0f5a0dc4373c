"""Every card's term, reading, meaning and English match, for reading as a teacher.

Builds the five seeds and ten WMT22 news articles (rebuilt into whole articles from
meta.tsv, one paragraph a line) through `pipeline.study`, and prints one line a term:

    article  term  pinyin  meaning  [english match]  | example sentence (zh) | (en)

Usage: python bench/term_review.py [--shared /work/shared] [--wmt 10] [--skip N] [--no-seeds] > review.tsv
(the matcher and term choice were tuned on the first ten documents: --skip 10 reads others)
The output is read by a person: it is not a score. bench/english_match_eval.py
scores the English match against a hand-checked gold.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vocabgen.config import BuildConfig  # noqa: E402
from vocabgen.ingest import parse_pair, parse_seed  # noqa: E402
from vocabgen.lexicon import load_lexicon  # noqa: E402
from vocabgen.pipeline import study  # noqa: E402
from wmt22 import wmt22_documents  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def wmt_articles(shared: Path, count: int, skip: int = 0):
    """`count` WMT22 news documents of at least eight lines, after the first `skip`
    such documents, as Articles."""
    out = []
    for docid, lines in wmt22_documents(shared / "bench-data").items():
        if len(lines) < 8:
            continue
        if skip:
            skip -= 1
            continue
        paras_zh: dict[int, list[str]] = {}
        paras_en: dict[int, list[str]] = {}
        for para, zh, en in lines:
            paras_zh.setdefault(para, []).append(zh)
            paras_en.setdefault(para, []).append(en)
        zh_text = "\n".join("".join(v) for _, v in sorted(paras_zh.items()))
        en_text = "\n".join(" ".join(v) for _, v in sorted(paras_en.items()))
        out.append(parse_pair(zh_text, en_text, f"{docid}.zh.txt"))
        if len(out) == count:
            break
    return out


def articles(shared: Path, wmt: int, skip: int = 0, seeds: bool = True):
    found = [parse_seed(p.read_text(encoding="utf-8"), str(p)) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return (found if seeds else []) + wmt_articles(shared, wmt, skip)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default="/work/shared")
    parser.add_argument("--wmt", type=int, default=10)
    parser.add_argument("--skip", type=int, default=0, help="leave out the first SKIP documents (read before)")
    parser.add_argument("--no-seeds", action="store_true", help="the WMT22 articles only")
    args = parser.parse_args()
    lexicon = load_lexicon()
    config = BuildConfig()
    for article in articles(Path(args.shared), args.wmt, args.skip, not args.no_seeds):
        result = study(article, config, lexicon)
        name = Path(article.source).name.removesuffix(".zh.txt")[:28]
        for t in result.terms:
            print(f"{name}\t{t.hanzi}\t{t.pinyin}\t{t.meaning}\t[{t.english_match}]\t| {t.sentence_zh} | {t.sentence_en}")
        print(f"{name}\tNAMES\t{' '.join(result.names)}")


if __name__ == "__main__":
    main()
