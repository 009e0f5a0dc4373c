"""The WMT22 zh-en news test set (bench-data/wmt22-news) as whole documents.

The set is line-aligned: line k of the Chinese and of the English reference
translate each other, and meta.tsv gives each line's document and paragraph. The
benches that rebuild articles from it (align_eval, examples_cloze, term_review)
read it here, then join the lines as they need."""

from __future__ import annotations

from pathlib import Path


def wmt22_documents(bench_data: Path) -> dict[str, list[tuple[int, str, str]]]:
    """Each document's lines in meta.tsv's order, as (paragraph, zh line, en line),
    documents in the order they first appear."""
    base = bench_data / "wmt22-news"
    zh = (base / "wmt22.zh-en.news.zh").read_text(encoding="utf-8").splitlines()
    en = (base / "wmt22.zh-en.news.refA.en").read_text(encoding="utf-8").splitlines()
    meta = (base / "wmt22.zh-en.news.meta.tsv").read_text(encoding="utf-8").splitlines()[1:]
    docs: dict[str, list[tuple[int, str, str]]] = {}
    for k, row in enumerate(meta):
        docid, _domain, para, _seg = row.split("\t")
        docs.setdefault(docid, []).append((int(para), zh[k], en[k]))
    return docs
