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
  for all the characters of it that reach it (`readings`); sentences without
  such a character never reach it. The run stops as soon as those characters'
  states are known. Answers are not cached: within an article no sentence is
  asked twice, and across articles a cache would only pay off for repeated
  sentences (it made a benchmark built from reused paragraphs look 40% faster).
- Its answer is taken only when it is one of the readings we know for the
  character; otherwise the caller keeps the frequency fallback.
- Without g2pM installed (or with VOCABGEN_G2PM=0 in the environment) `readings`
  answers None for every character and everything works as before.

Honesty note on the benchmark: g2pM was trained on the train split of CPP (the
corpus `bench/pinyin_cpp.py` scores on) and its authors used the dev split for
model selection. Its contribution to our cpp-dev figure is therefore optimistic;
CPP's test split is not available here, so it is not measured on unseen data.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, Sequence

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
    cpp-dev sentences).

    The time loop is bound by the number of numpy calls per step, not by
    arithmetic (a state of 2 x 32), so each step makes as few as it can, all into
    buffers allocated once: the gates are laid out [i f o | g] (both directions
    side by side within each) so the three sigmoid gates are one slice, and their
    weights and projections are stored negated so exp(-z) needs no negation
    (negating every term negates a float sum exactly). The loop also stops once
    every character it must read has both its states: the forward state of the
    last one and the backward state of the first one. Hidden states are bit for
    bit those of the plain loop; about twice as fast."""

    def __init__(self, model: Any):
        import numpy as np

        self.np = np
        f64 = np.float64
        self.char2idx, self.cedict, self.idx2class = model.char2idx, model.cedict, model.idx2class
        self.unk = model.char2idx["<UNK>"]
        self.bos, self.eos = model.char2idx["시"], model.char2idx["끝"]  # g2pM's BOS/EOS tokens
        emb = model.embeddings.astype(f64)
        h = self.hidden = model.weight_hh.shape[1]
        # PyTorch's gate order is i, f, g, o; ours is i, f, o, g, the sigmoid gates
        # negated (sign -1), so a step computes z for tanh and -z for the sigmoids.
        gates = [0, 1, 3, 2]
        sign = np.repeat([-1.0, -1.0, -1.0, 1.0], h)
        columns = np.concatenate([np.arange(g * h, (g + 1) * h) for g in gates])
        directions = [
            (emb @ model.weight_ih.astype(f64).T + model.bias_ih + model.bias_hh,
             model.weight_hh.astype(f64)),
            (emb @ model.weight_ih_reverse.astype(f64).T + model.bias_ih_reverse + model.bias_hh_reverse,
             model.weight_hh_reverse.astype(f64)),
        ]
        # Per direction: x W_ih^T + b_ih + b_hh for every character, [vocab, 4 gates, h].
        self.proj = [
            np.ascontiguousarray((proj[:, columns] * sign).reshape(len(proj), 4, h))
            for proj, _ in directions
        ]
        # Recurrent weights [2h, 8h]: rows [h_fw h_bw]; columns gate by gate, each
        # [forward | backward], zero where the directions do not meet.
        w_hh = np.zeros((2 * h, 4, 2, h))
        for d, (_, weight) in enumerate(directions):
            w_hh[d * h : (d + 1) * h, :, d, :] = (weight.T[:, columns] * sign).reshape(h, 4, h)
        self.w_hh = np.ascontiguousarray(w_hh.reshape(2 * h, 8 * h))
        self.fc0 = (model.hidden_weight_l0.astype(f64).T, model.hidden_bias_l0.astype(f64))
        self.fc1 = (model.hidden_weight_l1.astype(f64).T, model.hidden_bias_l1.astype(f64))

    def __call__(self, sentence: str) -> list[str]:
        """One syllable per character, as `G2pM()(sentence, tone=True, char_split=True)`."""
        return self.predict(sentence, range(len(sentence)))

    def predict(self, sentence: str, indices: Sequence[int]) -> list[str]:
        """g2pM's syllable for each sentence[i] of `indices` (in increasing order), as
        its own call on the whole sentence gives it: the model's choice for a
        character its dictionary reads several ways, the one reading otherwise, the
        character itself when it has none. The forward pass runs up to the last of
        the characters asked about and the backward pass down to the first: their
        states are exactly those of a run over the whole sentence."""
        np = self.np
        out: list[str] = []
        poly: list[int] = []  # positions in `out` that the model decides
        for i in indices:
            char = sentence[i]
            prons = self.cedict.get(char)
            if prons is None:
                out.append(char)
            elif len(prons) > 1:
                poly.append(len(out))
                out.append("")
            else:
                out.append(prons[0])
        if not poly:
            return out
        ids = [self.bos] + [self.char2idx.get(c, self.unk) for c in sentence] + [self.eos]
        steps, h = len(ids), self.hidden
        rows = [indices[j] + 1 for j in poly]  # after BOS
        # Step t reads ids[t] forward and ids[steps-1-t] backward; stop when both
        # the last row's forward state and the first row's backward state are known.
        run = max(rows[-1], steps - 1 - rows[0]) + 1
        x = np.empty((run, 4, 2, h))
        x[:, :, 0, :] = self.proj[0][ids[:run]]
        x[:, :, 1, :] = self.proj[1][ids[::-1][:run]]
        x = x.reshape(run, 8 * h)
        states = np.zeros((run + 1, 2 * h))  # row 0: the initial state, row t+1: after step t
        cell = np.zeros(2 * h)
        gates = np.empty(8 * h)
        candidate = np.empty(2 * h)
        exp_part, g_part = gates[: 6 * h], gates[6 * h :]
        i_gate, f_gate, o_gate = gates[: 2 * h], gates[2 * h : 4 * h], gates[4 * h : 6 * h]
        dot, add, mul, exp, tanh, rec = np.dot, np.add, np.multiply, np.exp, np.tanh, np.reciprocal
        w_hh = self.w_hh
        for t in range(run):
            dot(states[t], w_hh, out=gates)
            add(x[t], gates, out=gates)
            exp(exp_part, out=exp_part)  # exp(-z): the sigmoid gates are stored negated
            add(1.0, exp_part, out=exp_part)
            rec(exp_part, out=exp_part)  # sigmoid(z) = 1 / (1 + exp(-z))
            mul(f_gate, cell, out=cell)
            tanh(g_part, out=candidate)
            mul(i_gate, candidate, out=candidate)
            add(cell, candidate, out=cell)
            state = states[t + 1]
            tanh(cell, out=state)
            mul(o_gate, state, out=state)
        # The output layers see only the rows asked about. (With a row for every
        # polyphone of the sentence, as g2pM's own call has, OpenBLAS runs the
        # 876-class product on two threads once there are ten or so: costly on a
        # busy machine. The logits then differ from such a run in the last bits,
        # never enough to change a prediction: see the commit that did this.)
        hidden = np.concatenate(
            [states[[r + 1 for r in rows], :h], states[[steps - r for r in rows], h:]], axis=1
        )
        layer = np.maximum(hidden @ self.fc0[0] + self.fc0[1], 0.0)
        logits = layer @ self.fc1[0] + self.fc1[1]
        for j, pred in zip(poly, np.argmax(logits, axis=1)):
            out[j] = self.idx2class[int(pred)]
        return out


def _predict(sentence: str, indices: tuple[int, ...]) -> tuple[str, ...] | None:
    """g2pM's syllables for the characters at `indices` of a sentence (CC-CEDICT's
    numbered form: 'lu:4', neutral 5; a character it does not read stays as it is)."""
    model = _model()
    if model is None:
        return None
    try:
        syllables = model.predict(sentence, indices)
    except Exception:
        return None
    if len(syllables) != len(indices):
        return None
    return tuple(s.lower().replace("v", "u:").replace("ü", "u:") for s in syllables)


def readings(
    sentence: str, indices: Sequence[int], options: Sequence[Sequence[str]]
) -> list[str | None]:
    """g2pM's reading of each sentence[indices[j]] when it is one of options[j]
    (numbered, lower case), else None (model off or missing, or an answer we cannot
    use). One model run answers all the characters of a sentence."""
    answers: list[str | None] = [None] * len(indices)
    if not indices or not enabled():
        return answers
    order = sorted(range(len(indices)), key=lambda j: indices[j])
    wanted = tuple(indices[j] for j in order)
    if wanted[0] < 0 or wanted[-1] >= len(sentence):
        return answers
    syllables = _predict(sentence, wanted)
    if syllables is None:
        return answers
    for j, syllable in zip(order, syllables):
        answers[j] = next((o for o in options[j] if o.lower() == syllable), None)
    return answers


def reading(sentence: str, index: int, options: Sequence[str]) -> str | None:
    """`readings` for one character."""
    return readings(sentence, [index], [options])[0]
