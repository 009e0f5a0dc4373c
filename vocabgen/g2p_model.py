"""g2pM: a small neural reader for polyphonic characters, used where our own
evidence is weakest.

`polyphones.decide` reads a polyphonic character standing alone by its rule
table, grammatical positions and dictionary words straddling jieba's cut; when
none of those applies it used to take the character's most frequent reading.
There, and only there, this module asks g2pM (Park & Lee, "g2pM: A Neural
Grapheme-to-Phoneme Conversion Package for Mandarin Chinese", Interspeech 2020;
PyPI package g2pM, Apache-2.0, Kakao Brain) for the character's reading in its
sentence. g2pM is a one-layer bi-LSTM in plain numpy whose weights (about 1.6 MB)
ship inside the wheel: nothing is downloaded at run time.

- The model is loaded once per process, on first use, and run once per sentence
  (the result is cached by sentence text, so several characters of a sentence
  cost one call); sentences without such a character never reach it.
- Its answer is taken only when it is one of the readings we know for the
  character; otherwise the caller keeps the frequency fallback.
- Without g2pM installed (or with VOCABGEN_G2PM=0 in the environment) `reading`
  returns None and everything works as before.

Honesty note on the benchmark: g2pM was trained on the train split of CPP (the
corpus `bench/pinyin_cpp.py` scores on) and its authors used the dev split for
model selection. Its contribution to our cpp-dev figure is therefore optimistic;
CPP's test split is not available here, so it is not measured on unseen data.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

SWITCH = "VOCABGEN_G2PM"  # "0" turns the model off (for comparisons)


def enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def warm_up() -> None:
    """Load the model now: a build does this before forking its workers, so they
    share its weights instead of each loading a copy."""
    if enabled():
        _model()


@lru_cache(maxsize=1)
def _model() -> "_Reader | None":
    """g2pM's weights behind a faster forward pass, or None when the package (or
    numpy) is not importable."""
    try:
        from g2pM import G2pM
    except Exception:  # ImportError, or a broken numpy install
        return None
    try:
        return _Reader(G2pM())
    except Exception:
        return None


class _Reader:
    """g2pM's bi-LSTM run on one sentence, with its own weights and vocabulary.

    `G2pM.__call__` projects each character's embedding inside the time loop and
    runs the two directions one after the other (about 2.6 ms for a 32-character
    sentence). Here the input projection of every character of the vocabulary is
    computed once at load, and each time step runs both directions in one product
    (block-diagonal recurrent weights): the same arithmetic in float64, as g2pM's
    own loop ends up computing, and the same predictions (identical on 3,000
    cpp-dev sentences), about four times faster (0.7 ms)."""

    def __init__(self, model: Any):
        import numpy as np

        self.np = np
        f64 = np.float64
        self.char2idx, self.cedict, self.idx2class = model.char2idx, model.cedict, model.idx2class
        self.unk = model.char2idx["<UNK>"]
        self.bos, self.eos = model.char2idx["시"], model.char2idx["끝"]  # g2pM's BOS/EOS tokens
        emb = model.embeddings.astype(f64)
        h = self.hidden = model.weight_hh.shape[1]
        # Both directions side by side, gate by gate: columns [i_fw i_bw f_fw f_bw g_fw
        # g_bw o_fw o_bw] (PyTorch's gate order i, f, g, o), state [h_fw h_bw].
        order = [d * 4 * h + g * h + j for g in range(4) for d in range(2) for j in range(h)]
        proj = [
            emb @ model.weight_ih.astype(f64).T + model.bias_ih + model.bias_hh,
            emb @ model.weight_ih_reverse.astype(f64).T + model.bias_ih_reverse + model.bias_hh_reverse,
        ]
        self.proj = proj  # [vocab, 4h] per direction: x W_ih^T + b_ih + b_hh
        self.order = np.array(order)
        w_hh = np.zeros((2 * h, 8 * h))
        w_hh[:h, : 4 * h] = model.weight_hh.astype(f64).T
        w_hh[h:, 4 * h :] = model.weight_hh_reverse.astype(f64).T
        self.w_hh = np.ascontiguousarray(w_hh[:, self.order])
        self.fc0 = (model.hidden_weight_l0.astype(f64).T, model.hidden_bias_l0.astype(f64))
        self.fc1 = (model.hidden_weight_l1.astype(f64).T, model.hidden_bias_l1.astype(f64))

    def __call__(self, sentence: str) -> list[str]:
        """One syllable per character, as `G2pM()(sentence, tone=True, char_split=True)`."""
        np = self.np
        out: list[str] = []
        poly: list[int] = []
        for i, char in enumerate(sentence):
            prons = self.cedict.get(char)
            if prons is None:
                out.append(char)
            elif len(prons) > 1:
                out.append("")
                poly.append(i)
            else:
                out.append(prons[0])
        if not poly:
            return out
        ids = [self.bos] + [self.char2idx.get(c, self.unk) for c in sentence] + [self.eos]
        steps, h = len(ids), self.hidden
        x = np.concatenate([self.proj[0][ids], self.proj[1][ids[::-1]]], axis=1)[:, self.order]  # [T, 8h]
        w_hh, tanh, exp = self.w_hh, np.tanh, np.exp
        state = np.zeros(2 * h)
        cell = np.zeros(2 * h)
        states = np.empty((steps, 2 * h))
        for t in range(steps):
            gates = x[t] + state @ w_hh
            sig = 1.0 / (1.0 + exp(-gates))
            cell = sig[2 * h : 4 * h] * cell + sig[: 2 * h] * tanh(gates[4 * h : 6 * h])
            state = sig[6 * h :] * tanh(cell)
            states[t] = state
        rows = [i + 1 for i in poly]  # after BOS
        hidden = np.concatenate([states[rows, :h], states[[steps - 1 - r for r in rows], h:]], axis=1)
        layer = np.maximum(hidden @ self.fc0[0] + self.fc0[1], 0.0)
        logits = layer @ self.fc1[0] + self.fc1[1]
        for i, pred in zip(poly, np.argmax(logits, axis=1)):
            out[i] = self.idx2class[int(pred)]
        return out


@lru_cache(maxsize=4096)
def _sentence(sentence: str) -> tuple[str, ...] | None:
    """g2pM's syllables for a sentence, one per character (CC-CEDICT's numbered
    form: 'lu:4', neutral 5; a character it does not read stays as it is)."""
    model = _model()
    if model is None:
        return None
    try:
        syllables = model(sentence)
    except Exception:
        return None
    if len(syllables) != len(sentence):
        return None
    return tuple(s.lower() for s in syllables)


def reading(sentence: str, index: int, options: tuple[str, ...] | list[str]) -> str | None:
    """g2pM's reading of sentence[index] when it is one of `options` (numbered,
    lower case), else None (model off or missing, or an answer we cannot use)."""
    if not enabled() or not 0 <= index < len(sentence):
        return None
    syllables = _sentence(sentence)
    if syllables is None:
        return None
    syllable = syllables[index].replace("v", "u:").replace("ü", "u:")
    for option in options:
        if option.lower() == syllable:
            return option
    return None
