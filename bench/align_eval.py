"""Evaluate the sentence aligner: strict/lax bead P/R/F1, confidence and speed.

Data (resolved relative to the repository, or with --shared):
- ../shared/gold/NNN.jsonl: one object per Chinese sentence of seed NNN, with the
  English text that translates it. Gold beads follow: Chinese sentences sharing an
  English sentence form one bead; English sentences no Chinese claims are 0-1 beads.
- ../shared/bench-data/wmt22-news/: line-aligned news documents; whole articles are
  rebuilt from meta.tsv (lines of a paragraph joined), split with our splitters, and
  each line pair becomes a gold bead of the sentences it splits into.
- ../shared/bench-data/mac-dev/: literary chapters, one sentence a line, with gold
  beads `[i,j]:[k]` (Bertalign's MAC corpus, dev split); aligned as the lines stand,
  with no paragraphs (as `vocabgen align` does).

Prints `name=value` lines. Usage: python bench/align_eval.py [--shared DIR] [--loo]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "bench"):  # the tests load this file by its path
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from vocabgen.align import Bead, align_sentences  # noqa: E402
from vocabgen.align.score import score_beads  # noqa: E402
from vocabgen.models import LOW_CONFIDENCE  # noqa: E402
from vocabgen.sentences import split_en, split_zh  # noqa: E402
from wmt22 import wmt22_documents  # noqa: E402

Gold = list[tuple[tuple[int, ...], tuple[int, ...]]]


class Doc:
    """Sentences with paragraph numbers on both sides, and gold beads."""

    def __init__(self, name, zh, zh_par, en, en_par, gold):
        self.name, self.zh, self.zh_par, self.en, self.en_par, self.gold = (
            name, zh, zh_par, en, en_par, gold,
        )


def _split(paragraphs, splitter):
    sentences, numbers = [], []
    for p, text in enumerate(paragraphs):
        for s in splitter(text):
            sentences.append(s)
            numbers.append(p)
    return sentences, numbers


def seed_docs(shared: Path) -> list[Doc]:
    from vocabgen.ingest import discover, read_article

    docs = []
    seeds = {p.name[:3]: p for p in (ROOT / "seeds").glob("*.txt")}
    for gold_file in sorted((shared / "gold").glob("*.jsonl")):
        rows = [json.loads(line) for line in gold_file.read_text().splitlines() if line.strip()]
        article = read_article(discover([seeds[gold_file.stem]])[0])
        zh, zp = _split(article.zh_paragraphs, split_zh)
        en, ep = _split(article.en_paragraphs, split_en)
        if [r["zh"] for r in rows] != zh:
            raise SystemExit(f"{gold_file}: gold sentences differ from split_zh's")
        docs.append(Doc(gold_file.stem, zh, zp, en, ep, gold_from_rows(rows, en)))
    return docs


def gold_from_rows(rows: list[dict], en: list[str]) -> Gold:
    """Beads from per-Chinese-sentence English texts (see the module docstring)."""
    claims = []
    for r in rows:
        text = " ".join(r["en"].split())
        claims.append({k for k, s in enumerate(en) if text and (text in s or s in text)})
    return _group([[i] for i in range(len(rows))], claims, len(en))


def _group(zh_of_unit: list[list[int]], en_of_unit: list[set[int]], n_en: int) -> Gold:
    """Join units (zh ids, en ids) that share a sentence on either side into beads."""
    parent = list(range(len(zh_of_unit)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner_en: dict[int, int] = {}
    owner_zh: dict[int, int] = {}
    for u, (zs, es) in enumerate(zip(zh_of_unit, en_of_unit)):
        for k in es:
            if k in owner_en:
                parent[find(u)] = find(owner_en[k])
            owner_en[k] = u
        for k in zs:
            if k in owner_zh:
                parent[find(u)] = find(owner_zh[k])
            owner_zh[k] = u
    groups: dict[int, tuple[set, set]] = {}
    for u in range(len(zh_of_unit)):
        g = groups.setdefault(find(u), (set(), set()))
        g[0].update(zh_of_unit[u])
        g[1].update(en_of_unit[u])
    beads = [(tuple(sorted(z)), tuple(sorted(e))) for z, e in groups.values()]
    claimed = {k for _, e in beads for k in e}
    beads += [((), (k,)) for k in range(n_en) if k not in claimed]
    return sorted(beads, key=lambda b: (b[0][:1] or (-1,), b[1][:1] or (-1,)))


def wmt_docs(shared: Path) -> list[Doc]:
    return [_rebuild(docid, lines) for docid, lines in wmt22_documents(shared / "bench-data").items()]


def _rebuild(name: str, lines: list[tuple[int, str, str]]) -> Doc:
    """Paragraphs from (paragraph, zh line, en line); gold beads from the line pairs.

    Each line is split on its own, so a sentence never spans two lines (split_en
    keeps a quotation that the line leaves open together with the rest of its
    paragraph, which would make beads of twenty sentences)."""
    zh, zp, en, ep = [], [], [], []
    zh_units: list[list[int]] = []
    en_units: list[set[int]] = []
    for para, zh_line, en_line in lines:
        zs = split_zh(zh_line) or (zh_line.strip(),)
        es = split_en(en_line) or (en_line.strip(),)
        zh_units.append(list(range(len(zh), len(zh) + len(zs))))
        en_units.append(set(range(len(en), len(en) + len(es))))
        zh += zs
        en += es
        zp += [para] * len(zs)
        ep += [para] * len(es)
    return Doc(name, zh, zp, en, ep, _group(zh_units, en_units, len(en)))


def mac_docs(shared: Path) -> list[Doc]:
    base = shared / "bench-data" / "mac-dev"
    out = []
    for gold_file in sorted((base / "gold").glob("*.align")):
        name = gold_file.stem
        zh = [line.strip() for line in (base / "zh" / name).read_text(encoding="utf-8").splitlines()]
        en = [line.strip() for line in (base / "en" / name).read_text(encoding="utf-8").splitlines()]
        gold = []
        for line in gold_file.read_text().splitlines():
            if line.strip():
                z, e = line.split(":")
                gold.append((tuple(json.loads(z)), tuple(json.loads(e))))
        out.append(Doc(name, zh, None, en, None, gold))
    return out


def _default_shared() -> Path:
    """../shared beside the repository, or beside the folder of worktrees."""
    for parent in ROOT.parents:
        if (parent / "shared" / "gold").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"


def run(docs: list[Doc], lexicon, paragraphs: bool = True, encoder: bool | None = None) -> list[list[Bead]]:
    return [
        align_sentences(
            d.zh, d.en, lexicon,
            zh_paragraphs=d.zh_par if paragraphs else None,
            en_paragraphs=d.en_par if paragraphs else None,
            encoder=encoder,
        )
        for d in docs
    ]


def confidence_report(docs: list[Doc], results: list[list[Bead]]) -> dict[str, float]:
    """Precision of (non-empty) pairs at or above LOW_CONFIDENCE and below it: a
    pair under the threshold should rarely be right."""
    hi = [0, 0]
    lo = [0, 0]
    for d, beads in zip(docs, results):
        gold = set(d.gold)
        for b in beads:
            if not b.zh or not b.en:
                continue
            bucket = hi if b.confidence >= LOW_CONFIDENCE else lo
            bucket[0] += (b.zh, b.en) in gold
            bucket[1] += 1
    return {
        "pairs_high": hi[1],
        "acc_high": hi[0] / hi[1] if hi[1] else float("nan"),
        "pairs_low": lo[1],
        "acc_low": lo[0] / lo[1] if lo[1] else float("nan"),
    }


def perturb(doc: Doc, rng: random.Random) -> Doc:
    """Drop the English of three consecutive gold beads (not the first): a
    translation that left a passage out."""
    if len(doc.gold) < 6:
        return doc
    start = rng.randrange(1, len(doc.gold) - 3)
    dropped = {k for _, e in doc.gold[start : start + 3] for k in e}
    keep = [k for k in range(len(doc.en)) if k not in dropped]
    new_id = {k: n for n, k in enumerate(keep)}
    gold = []
    for z, e in doc.gold:
        e2 = tuple(new_id[k] for k in e if k in new_id)
        if z and not e2:
            gold.extend(((i,), ()) for i in z)
        elif z or e2:
            gold.append((z, e2))
    return Doc(doc.name + "-drop", doc.zh, doc.zh_par, [doc.en[k] for k in keep],
               [doc.en_par[k] for k in keep], gold)


def speed(docs: list[Doc], lexicon, target: int = 300, encoder: bool | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds to align `target` Chinese sentences (and their English)
    taken from the start of `docs`, scaled to exactly `target`; the encoder, if it
    is used, is loaded beforehand (its one-off load is reported apart). CPU time
    is what this process spent: on a machine shared with other work, wall time
    is larger by the share of the cores others took."""
    zh, en, zp, ep = [], [], [], []
    for n, d in enumerate(docs):
        zh += d.zh
        en += d.en
        zp += [(n, p) for p in d.zh_par] if d.zh_par is not None else [n] * len(d.zh)
        ep += [(n, p) for p in d.en_par] if d.en_par is not None else [n] * len(d.en)
        if len(zh) >= target:
            break
    zh, en = zh[:target], en[: int(target * len(en) / len(zh))]
    zp, ep = zp[: len(zh)], ep[: len(en)]
    paragraphs = docs[0].zh_par is not None
    start, cpu = time.perf_counter(), time.process_time()
    align_sentences(zh, en, lexicon, zh_paragraphs=zp if paragraphs else None,
                    en_paragraphs=ep if paragraphs else None, encoder=encoder)
    scale = target / len(zh)
    return (time.perf_counter() - start) * scale, (time.process_time() - cpu) * scale


def leave_one_out(docs: list[Doc], lexicon) -> None:
    """Choose the free-translation search's main weights on all chapters but one,
    score the one left out, for each chapter: how well the choice carries over."""
    import dataclasses
    import itertools

    from vocabgen.align import encoder as align_encoder, semantic as align_semantic
    from vocabgen.align.score import _counts, _norm

    grid = {"encoder_zero": (0.75, 0.85, 0.95), "skip": (1.0, 1.5, 2.0), "length": (0.5, 1.0)}
    base, embed = align_semantic.WEIGHTS, align_encoder.embed
    memo: dict[tuple[str, ...], object] = {}

    def embed_once(texts):  # the weights change, the embeddings do not
        key = tuple(texts)
        if key not in memo:
            memo[key] = embed(texts)
        return memo[key]

    align_encoder.embed = embed_once
    counts = {}
    try:
        for values in itertools.product(*grid.values()):
            align_semantic.WEIGHTS = dataclasses.replace(base, **dict(zip(grid, values)))
            rows = []
            for d in docs:
                test = _norm([(b.zh, b.en) for b in align_sentences(d.zh, d.en, lexicon)])
                gold = _norm(d.gold)
                rows.append(_counts(gold, test)[:2] + _counts(test, gold)[:2])
            counts[values] = rows
    finally:
        align_semantic.WEIGHTS, align_encoder.embed = base, embed

    def f1(rows):
        tp, fp, tr, fr = (sum(r[k] for r in rows) for k in range(4))
        p, r = tp / max(tp + fp, 1), tr / max(tr + fr, 1)
        return 2 * p * r / (p + r) if p + r else 0.0

    held = []
    for k, d in enumerate(docs):
        best = max(counts, key=lambda v: f1([r for i, r in enumerate(counts[v]) if i != k]))
        held.append(counts[best][k])
        print(f"mac_loo_{d.name}_chosen={dict(zip(grid, best))}")
        print(f"mac_loo_{d.name}_f1_strict={f1([counts[best][k]]):.4f}")
    print(f"mac_loo_f1_strict={f1(held):.4f}")
    shipped = tuple(getattr(base, key) for key in grid)
    if shipped in counts:
        print(f"mac_shipped_weights_f1_strict={f1(counts[shipped]):.4f}")


def report(prefix: str, docs: list[Doc], results: list[list[Bead]]) -> None:
    s = score_beads([d.gold for d in docs], [[(b.zh, b.en) for b in r] for r in results])
    for field in ("precision_strict", "recall_strict", "f1_strict", "precision_lax",
                  "recall_lax", "f1_lax"):
        print(f"{prefix}_{field}={getattr(s, field):.4f}")
    for key, value in confidence_report(docs, results).items():
        print(f"{prefix}_{key}={value:.4f}" if isinstance(value, float) else f"{prefix}_{key}={value}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=_default_shared())
    parser.add_argument("--verbose", action="store_true", help="print wrong beads")
    parser.add_argument("--loo", action="store_true",
                        help="also choose the literary weights leave-one-chapter-out (slow)")
    parser.add_argument("--only", choices=["seeds", "wmt22", "mac"], help="one data set")
    args = parser.parse_args(argv)

    from vocabgen.align import encoder as align_encoder
    from vocabgen.lexicon import load_lexicon

    lexicon = load_lexicon()
    start, cpu = time.perf_counter(), time.process_time()
    print(f"encoder_available={align_encoder.available()}")
    print(f"encoder_load_seconds={time.perf_counter() - start:.2f}")
    print(f"encoder_load_cpu_seconds={time.process_time() - cpu:.2f}")
    wrong = []
    if args.only in (None, "seeds"):
        seeds = seed_docs(args.shared)
        seed_results = run(seeds, lexicon)
        report("seeds", seeds, seed_results)
        wrong += list(zip(seeds, seed_results))
    if args.only in (None, "wmt22"):
        wmt = wmt_docs(args.shared)
        print(f"wmt22_docs={len(wmt)}")
        print(f"wmt22_zh_sentences={sum(len(d.zh) for d in wmt)}")
        wmt_results = run(wmt, lexicon)
        report("wmt22", wmt, wmt_results)
        report("wmt22_noparagraphs", wmt, run(wmt, lexicon, paragraphs=False))
        rng = random.Random(0)
        dropped = [perturb(d, rng) for d in wmt]
        dropped = [d for d in dropped if d.name.endswith("-drop")]
        print(f"wmt22_dropped_passage_docs={len(dropped)}")
        dropped_results = run(dropped, lexicon)
        report("wmt22_dropped_passage", dropped, dropped_results)
        report("wmt22_encoder_forced", wmt, run(wmt, lexicon, encoder=True))
        wall, cpu = speed(wmt, lexicon)
        print(f"seconds_per_300_sentences={wall:.3f}")
        print(f"cpu_seconds_per_300_sentences={cpu:.3f}")
        wrong += list(zip(wmt, wmt_results)) + list(zip(dropped, dropped_results))
    if args.only in (None, "mac"):
        mac = mac_docs(args.shared)
        print(f"mac_docs={len(mac)}")
        print(f"mac_zh_sentences={sum(len(d.zh) for d in mac)}")
        start = time.perf_counter()
        mac_results = run(mac, lexicon)
        print(f"mac_seconds={time.perf_counter() - start:.2f}")
        report("mac", mac, mac_results)
        for d, r in zip(mac, mac_results):
            s = score_beads([d.gold], [[(b.zh, b.en) for b in r]])
            print(f"mac_{d.name}_f1_strict={s.f1_strict:.4f}")
        report("mac_lexical_only", mac, run(mac, lexicon, encoder=False))
        for label, encoder in (("", None), ("_lexical_only", False)):
            wall, cpu = speed(mac, lexicon, encoder=encoder)
            print(f"seconds_per_300_sentence_chapter{label}={wall:.3f}")
            print(f"cpu_seconds_per_300_sentence_chapter{label}={cpu:.3f}")
        wrong += list(zip(mac, mac_results))
        if args.loo:
            leave_one_out(mac, lexicon)
    if args.verbose:
        for d, r in wrong:
            gold = set(d.gold)
            for b in r:
                if (b.zh, b.en) not in gold and (b.zh or b.en):
                    print(f"WRONG {d.name} {list(b.zh)}:{list(b.en)} conf={b.confidence}"
                          f" sim={b.score} gold={[g for g in d.gold if set(g[0]) & set(b.zh) or set(g[1]) & set(b.en)]}")


if __name__ == "__main__":
    main()
