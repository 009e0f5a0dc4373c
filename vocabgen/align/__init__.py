"""Sentence alignment: which Chinese sentences translate which English ones.

- `search`: the lexical search over beads (1-1, 1-2, 2-1, ...) that news takes,
  and the gate that sends a free translation to the semantic search;
- `features`: the lexical evidence (dictionary translations, numbers, names);
- `semantic` and `encoder`: a Vecalign-like search over sentence embeddings with
  beads up to 1-4/4-1, for literary text;
- `beads`: what the two searches share; `score`: precision and recall of beads
  against a gold alignment (benches and tests).
"""

from .beads import Bead
from .search import MAX_SENTENCE_PAIRS, align_article, align_paragraphs, align_sentences

__all__ = ["Bead", "MAX_SENTENCE_PAIRS", "align_article", "align_paragraphs", "align_sentences"]
