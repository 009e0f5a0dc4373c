"""g2pM: a small neural reader for polyphonic characters, used where our own
evidence is weakest.

`polyphones.by_rules` reads a polyphonic character standing alone by its rule
table, grammatical positions and dictionary words straddling jieba's cut; when
none of those applies it used to take the character's most frequent reading.
There, and only there, this module asks g2pM (Park & Lee, "g2pM: A Neural
Grapheme-to-Phoneme Conversion Package for Mandarin Chinese", Interspeech 2020;
PyPI package g2pM, Apache-2.0, Kakao Brain) for the character's reading in its
sentence. g2pM is a one-layer bi-LSTM in plain numpy whose weights (about 1.6 MB)
ship inside the wheel: nothing is downloaded at run time.

- The model is loaded once per process, on first use, and run once per article
  (`readings_all`) on the sentences with characters that reach it, side by side
  in one batch, each read exactly as it would be alone; sentences without such a
  character never reach it. The run stops as soon as those characters' states
  are known. Answers are not cached: within an article no sentence is asked
  twice, and across articles a cache would only pay off for repeated sentences
  (it made a benchmark built from reused paragraphs look 40% faster).
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

# Sentences run side by side at most. OpenBLAS gives a product of m*n*k above
# 4 * 65536 two threads; a step's is 256 x 64 per sentence, so up to 16 stay on one
# (threads cost more than they give at this size, and workers already fill the cores).
BATCH = 16


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
    """g2pM's bi-LSTM run on a batch of sentences, with its own weights and vocabulary.

    `G2pM.__call__` projects each character's embedding inside the time loop and
    runs the two directions one after the other (about 2.6 ms for a 32-character
    sentence). Here the input projection of every character of the vocabulary is
    computed once at load, and each time step runs both directions and every
    sentence of the batch together: the same arithmetic in float64 as g2pM's own
    loop, and the same predictions (identical on the 9,893 cpp-dev sentences;
    the products' last bits may differ from a one-sentence run's).

    The time loop is bound by the number of numpy calls per step, not by
    arithmetic (a state of 2 x 32), so each step makes as few as it can, all into
    buffers allocated once: the gates are laid out [i f o | g] so the three
    sigmoid gates are one slice, and their
    weights and projections are stored negated so exp(-z) needs no negation
    (negating every term negates a float sum exactly). The loop also stops once
    every character it must read has both its states: the forward state of the
    last one and the backward state of the first one."""

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
        # Recurrent weights per direction, [h, 4h]: W_hh^T with its columns in our
        # gate order (the directions never meet, so no product mixes them).
        self.w_hh = [
            np.ascontiguousarray(weight.T[:, columns] * sign) for _, weight in directions
        ]
        self.fc0 = (model.hidden_weight_l0.astype(f64).T, model.hidden_bias_l0.astype(f64))
        self.fc1 = (model.hidden_weight_l1.astype(f64).T, model.hidden_bias_l1.astype(f64))

    def predict(self, sentence: str, indices: Sequence[int]) -> list[str]:
        """`predict_all` for one sentence."""
        return self.predict_all([sentence], [indices])[0]

    def predict_all(
        self, sentences: Sequence[str], indices: Sequence[Sequence[int]]
    ) -> list[list[str]]:
        """g2pM's syllable for each sentences[b][i] of indices[b] (in increasing
        order), as its own call on that sentence alone gives it: the model's choice
        for a character its dictionary reads several ways, the one reading
        otherwise, the character itself when it has none.

        The sentences that need the model run side by side, as the columns of one
        batch: the time loop is bound by numpy calls, not arithmetic, so a step
        over nine sentences costs about what a step over one does. Each column
        reads its sentence forward and, in the backward half, its own sentence
        reversed, both right-padded; a step's state depends only on the steps
        before it, so the padding (which only follows a sentence's last step) never
        reaches a state that is read, and the columns never meet. The loop stops
        once every column has what it needs: the forward state of its last
        character asked about and the backward state of its first."""
        outs: list[list[str]] = []
        jobs: list[tuple[list[str], list[int], list[int], list[int]]] = []
        for sentence, wanted in zip(sentences, indices):
            out: list[str] = []
            poly: list[int] = []  # positions in `out` that the model decides
            for i in wanted:
                char = sentence[i]
                prons = self.cedict.get(char)
                if prons is None:
                    out.append(char)
                elif len(prons) > 1:
                    poly.append(len(out))
                    out.append("")
                else:
                    out.append(prons[0])
            outs.append(out)
            if poly:
                ids = [self.bos] + [self.char2idx.get(c, self.unk) for c in sentence] + [self.eos]
                jobs.append((out, poly, [wanted[j] + 1 for j in poly], ids))  # rows: after BOS
        # Longest first, in batches of at most BATCH columns (see there).
        jobs.sort(key=lambda job: -self._steps(job[2], job[3]))
        for start in range(0, len(jobs), BATCH):
            self._run(jobs[start : start + BATCH])
        return outs

    @staticmethod
    def _steps(rows: list[int], ids: list[int]) -> int:
        # Step t reads ids[t] forward and ids[-1-t] backward: the steps that give
        # the last row its forward state and the first row its backward state.
        return max(rows[-1], len(ids) - 1 - rows[0]) + 1

    def _run(self, jobs: list[tuple[list[str], list[int], list[int], list[int]]]) -> None:
        """The bi-LSTM over a batch of sentences, longest run first; fills in each
        job's `out`.

        Arrays are [direction, sentence, ...], so that each direction's recurrent
        product is one contiguous matrix product, and the sentences still running
        at a step are a leading slice of them: a sentence leaves the batch after
        its last needed step, so padding costs no arithmetic, only the steps."""
        np = self.np
        h, width = self.hidden, len(jobs)
        runs = [self._steps(rows, ids) for _, _, rows, ids in jobs]
        run = runs[0]
        # Input projections [step, direction, sentence, 4h]; the padding reads EOS.
        ids_in = np.full((2, run, width), self.eos)
        for b, (_, _, _, ids) in enumerate(jobs):
            n = min(run, len(ids))
            ids_in[0, :n, b] = ids[:n]
            ids_in[1, :n, b] = ids[::-1][:n]  # each sentence reversed on its own
        x = np.empty((run, 2, width, 4 * h))
        for d in range(2):
            x[:, d] = self.proj[d][ids_in[d]].reshape(run, width, 4 * h)
        states = np.zeros((run + 1, 2, width, h))  # [0]: the initial state, [t+1]: after step t
        cell = np.zeros((2, width, h))
        gates = np.empty((2, width, 4 * h))
        candidate = np.empty((2, width, h))
        dot, add, mul, exp, tanh, rec = np.dot, np.add, np.multiply, np.exp, np.tanh, np.reciprocal
        w_fw, w_bw = self.w_hh
        active = width
        for t in range(run):
            if t == 0 or runs[active - 1] <= t:
                # The batch shrinks: new views over its first `active` sentences.
                while runs[active - 1] <= t:
                    active -= 1
                a = active
                g, c, cand = gates[:, :a], cell[:, :a], candidate[:, :a]
                g_fw, g_bw = gates[0, :a], gates[1, :a]
                exp_part, g_part = g[:, :, : 3 * h], g[:, :, 3 * h :]
                i_gate, f_gate, o_gate = g[:, :, :h], g[:, :, h : 2 * h], g[:, :, 2 * h : 3 * h]
            before, state = states[t], states[t + 1, :, :a]
            dot(before[0, :a], w_fw, out=g_fw)
            dot(before[1, :a], w_bw, out=g_bw)
            add(x[t, :, :a], g, out=g)
            exp(exp_part, out=exp_part)  # exp(-z): the sigmoid gates are stored negated
            add(1.0, exp_part, out=exp_part)
            rec(exp_part, out=exp_part)  # sigmoid(z) = 1 / (1 + exp(-z))
            mul(f_gate, c, out=c)
            tanh(g_part, out=cand)
            mul(i_gate, cand, out=cand)
            add(c, cand, out=c)
            tanh(c, out=state)
            mul(o_gate, state, out=state)
        # The output layers, sentence by sentence, see only the rows asked about, as
        # a run on the sentence alone does. (With a row for every polyphone, as
        # g2pM's own call has, OpenBLAS runs the 876-class product on two threads
        # once there are ten or so: costly on a busy machine. The logits then
        # differ from such a run in the last bits, never enough to change a
        # prediction: see the commit that did this.)
        for b, (out, poly, rows, ids) in enumerate(jobs):
            hidden = np.concatenate(
                [states[[r + 1 for r in rows], 0, b], states[[len(ids) - r for r in rows], 1, b]],
                axis=1,
            )
            layer = np.maximum(hidden @ self.fc0[0] + self.fc0[1], 0.0)
            logits = layer @ self.fc1[0] + self.fc1[1]
            for j, pred in zip(poly, np.argmax(logits, axis=1)):
                out[j] = self.idx2class[int(pred)]


def _predict(
    sentences: Sequence[str], indices: Sequence[tuple[int, ...]]
) -> list[tuple[str, ...]] | None:
    """g2pM's syllables for the characters at indices[b] of each sentences[b]
    (CC-CEDICT's numbered form: 'lu:4', neutral 5; a character it does not read
    stays as it is), from one batched run."""
    model = _model()
    if model is None:
        return None
    try:
        answers = model.predict_all(sentences, indices)
    except Exception:
        return None
    if any(len(a) != len(i) for a, i in zip(answers, indices)):
        return None
    return [tuple(s.lower().replace("v", "u:").replace("ü", "u:") for s in a) for a in answers]


def readings_all(
    sentences: Sequence[str],
    indices: Sequence[Sequence[int]],
    options: Sequence[Sequence[Sequence[str]]],
) -> list[list[str | None]]:
    """`readings` for several sentences (an article's) in one model run: for each
    sentence, g2pM's reading of each sentence[indices[j]] when it is one of
    options[j]. Each sentence is read as it would be alone (see predict_all)."""
    answers: list[list[str | None]] = [[None] * len(i) for i in indices]
    if not enabled():
        return answers
    asked: list[int] = []  # the sentences put to the model
    orders: list[list[int]] = []
    wanted: list[tuple[int, ...]] = []
    for b, (sentence, positions) in enumerate(zip(sentences, indices)):
        if not positions:
            continue
        order = sorted(range(len(positions)), key=lambda j: positions[j])
        sorted_positions = tuple(positions[j] for j in order)
        if sorted_positions[0] < 0 or sorted_positions[-1] >= len(sentence):
            continue
        asked.append(b)
        orders.append(order)
        wanted.append(sorted_positions)
    if not asked:
        return answers
    syllables = _predict([sentences[b] for b in asked], wanted)
    if syllables is None:
        return answers
    for b, order, found in zip(asked, orders, syllables):
        for j, syllable in zip(order, found):
            answers[b][j] = next((o for o in options[b][j] if o.lower() == syllable), None)
    return answers
