"""Examples and cloze items over the seeds and the WMT22 news articles.

For every article (seeds/ and the WMT22 news documents rebuilt from their lines) the
article is studied as a build does (`pipeline.study`, default options) and:

- example ratio: for each card, the length of its example sentence over the length
  of the shortest clean sentence of the article that holds the word (clean: well
  aligned, not the headline, not a dateline; any sentence when none is clean);
  averaged over all cards;
- examples over 20 s: the share of card examples whose recording would last more
  than 20 s at about four characters a second (an estimate: these builds make no
  audio; cards decide from a clip's real duration, export/anki.py: is_long);
- most shared: the largest share of an article's cards that use one sentence;
- cloze give-away rate: items whose answer can still be read in the visible text;
- cloze blanks that are not whole words (jieba's tokens), and items over 60
  characters.

    python bench/examples_cloze.py              # this tree
    VOCABGEN_REPO=/path/to/other/tree python bench/examples_cloze.py   # another tree

The figures are printed one per line, ``name: value``.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(os.environ.get("VOCABGEN_REPO") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(REPO))
SHARED = next((p / "shared" / "bench-data" for p in Path(__file__).resolve().parents
               if (p / "shared" / "bench-data").is_dir()), Path("shared") / "bench-data")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"

_DATELINE = re.compile(
    r"^\W{0,3}(?:(?:新华社|本报|中新社|中新网|人民网|新华网|本刊|央视网)[^，。！？]{0,20}?[电讯]"
    r"|[^，。！？]{2,16}?\d{1,2}日电)"
)


def wmt_articles():
    from vocabgen.models import Article

    from wmt22 import wmt22_documents

    docs: dict[str, dict[int, list[tuple[str, str]]]] = {}
    for doc, lines in wmt22_documents(SHARED).items():
        for para, zh, en in lines:
            docs.setdefault(doc, {}).setdefault(para, []).append((zh, en))
    for doc, paras in docs.items():
        zh_paras = tuple("".join(zh.strip() for zh, _ in pairs) for _, pairs in sorted(paras.items()))
        en_paras = tuple(" ".join(en.strip() for _, en in pairs) for _, pairs in sorted(paras.items()))
        yield Article(id=doc, source=doc, title_en=en_paras[0], title_zh=zh_paras[0], author="",
                      date="", page="", en_paragraphs=en_paras, zh_paragraphs=zh_paras)


def seed_articles():
    from vocabgen.ingest import discover, read_article

    for source in discover([SEEDS]):
        yield read_article(source)


def measure(studies) -> dict[str, float]:
    from vocabgen.models import LOW_CONFIDENCE
    from vocabgen.segment import segment

    ratios, shared, items, give_away, not_whole, long_items, over_20s = [], [], 0, 0, 0, 0, 0
    for study in studies:
        pairs = study.pairs
        from vocabgen.pipeline import _headline_pairs

        headline = set(range(_headline_pairs(study.article, pairs)))
        def clean(i: int) -> bool:
            p = pairs[i]
            return p.confidence >= LOW_CONFIDENCE and bool(p.en) and i not in headline and not _DATELINE.match(p.zh)
        tokens = [segment(p.zh) for p in pairs]
        bounds = [({t.start for t in ts}, {t.end for t in ts}) for ts in tokens]

        def holds(i: int, word: str) -> bool:  # as whole tokens, somewhere
            at = pairs[i].zh.find(word)
            while at >= 0:
                if at in bounds[i][0] and at + len(word) in bounds[i][1]:
                    return True
                at = pairs[i].zh.find(word, at + 1)
            return False

        counts: dict[int, int] = {}
        for term in study.terms:
            holding = [i for i in range(len(pairs)) if holds(i, term.hanzi)]
            # The card's own sentence is always a candidate (the ratio is >= 1).
            pool = ([i for i in holding if clean(i)] or holding) + [term.sentence_index]
            shortest = min(len(pairs[i].zh) for i in pool)
            ratios.append(len(pairs[term.sentence_index].zh) / shortest)
            over_20s += len("".join(pairs[term.sentence_index].zh.split())) / 4.0 > 20
            counts[term.sentence_index] = counts.get(term.sentence_index, 0) + 1
        if study.terms:
            shared.append(max(counts.values(), default=0) / len(study.terms))
        for item in study.cloze:
            items += 1
            visible = item.parts[0::2]
            give_away += any(a in part for a in set(item.answers) for part in visible)
            long_items += len(item.zh) > 60
            tokens = segment(item.zh)
            starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
            at = 0
            for k, part in enumerate(item.parts):
                if k % 2 and (at not in starts or at + len(part) not in ends):
                    not_whole += 1
                at += len(part)
    return {
        "cards": len(ratios),
        "example_ratio": statistics.mean(ratios) if ratios else 0.0,
        "examples_over_20s_spoken": over_20s / max(1, len(ratios)),
        "most_shared_sentence": statistics.mean(shared) if shared else 0.0,
        "cloze_items": items,
        "cloze_give_away_rate": give_away / max(1, items),
        "cloze_blanks_not_whole_words": not_whole,
        "cloze_over_60_chars": long_items / max(1, items),
    }


def main() -> int:
    from vocabgen.config import BuildConfig
    from vocabgen.lexicon import load_lexicon
    from vocabgen.pipeline import study

    lexicon = load_lexicon()
    config = BuildConfig()
    for name, articles in (("seeds", seed_articles()), ("wmt22", wmt_articles())):
        started = time.perf_counter()
        studies = [study(a, config, lexicon) for a in articles]
        figures = measure(studies)
        print(f"{name}: {len(studies)} articles  [{time.perf_counter() - started:.1f} s]")
        for key, value in figures.items():
            print(f"{name}.{key}: {value:.4f}" if isinstance(value, float) else f"{name}.{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
