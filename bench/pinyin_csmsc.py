"""Score whole-sentence readings on CSMSC (sentences read aloud, every syllable labelled).

The file holds two lines per sentence: ``NNNNNN<TAB>text`` (prosody marks ``#1``..``#4``)
and the spoken pinyin of every syllable (tone digit, 5 = neutral, ü as v, erhua on the
r-syllable: ``wanr1`` covers 弯儿). Each sentence goes through the code the decks use
(``vocabgen.segment.segment`` then ``vocabgen.reading.pinyin.read_all_tokens``) and the
syllable read for each Chinese character is compared with the label:

- syllable accuracy: the syllable without its tone;
- tone accuracy: the tone, where a difference the spoken form explains is not an error:
  third-tone sandhi (a 3 read as 2 before a syllable whose citation tone is 3, or
  before a neutral syllable of a character that has a third-tone reading) and any
  tone of 一 and 不. 谁 shéi and shuí are both right (the README: equally standard).
  A neutral tone is compared as it is: learners' dictionaries mark
  it (衣服 yīfu), and so do we.

For comparison it also scores pypinyin alone on each whole sentence (the baseline).

    python bench/pinyin_csmsc.py                 # csmsc-dev
    python bench/pinyin_csmsc.py --errors /tmp/e.tsv --limit 500
    python bench/pinyin_csmsc.py --half a        # even-numbered sentences (b: odd)

The last lines printed are ``syllables: 0.xxxx``, the full-tone figure (differences
where either side is neutral left out: the speaker weakens many syllables that no
dictionary writes neutral, 一个 yí ge) and ``tones: 0.xxxx`` (every difference).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# ../shared/bench-data next to the repo (or next to the folder of worktrees)
SHARED = next((p / "shared" / "bench-data" for p in Path(__file__).resolve().parents
               if (p / "shared" / "bench-data").is_dir()), Path("shared") / "bench-data")
DEFAULT = SHARED / "csmsc-dev" / "000001-002000.txt"
_PROSODY = re.compile(r"#\d")


def is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def load(path: Path) -> list[tuple[str, list[str]]]:
    """(sentence, one label per Chinese character) per usable sentence. An erhua
    label (wanr1 for 弯儿) is given to the first character and 儿 gets "r"."""
    lines = path.read_text(encoding="utf-8").splitlines()
    items = []
    for head, labels in zip(lines[::2], lines[1::2]):
        text = _PROSODY.sub("", head.split("\t", 1)[1]).strip()
        syllables = labels.split()
        han = [c for c in text if is_han(c)]
        out: list[str] = []
        j = 0
        for k, char in enumerate(han):
            if char == "儿" and out and out[-1].rstrip("12345").endswith("r") and not out[-1].startswith("er") \
                    and len(han) - k > len(syllables) - j:
                out.append("r")
                continue
            if j >= len(syllables):
                break
            out.append(syllables[j])
            j += 1
        if len(out) == len(han) and j == len(syllables):
            items.append((text, out))
    return items


def base(syllable: str) -> str:
    s = syllable.lower().replace("u:", "v").replace("ü", "v")
    s = s.rstrip("12345")
    return s


def erhua(label: str, ours: str) -> tuple[str, str]:
    """A label with erhua (wanr1) against our plain syllable (wan1)."""
    if label.rstrip("12345").endswith("r") and not label.startswith("er") and not base(ours).endswith("r"):
        label = label.rstrip("12345")[:-1] + label[-1]
    return label, ours


def tone(syllable: str) -> str:
    return syllable[-1] if syllable[-1:].isdigit() else "5"


def dictionary_neutral(word: str, index: int, lexicon, syllable: str = "") -> bool | None:
    """Whether CC-CEDICT writes the character word[index] neutral in the word (a
    token of our segmentation: its reading as a whole, or that of the dictionary
    word containing the character when the token is not one). For a character
    standing alone, only when CC-CEDICT has no full tone of the syllable (吗 ma5);
    None (undecided) when it has both (过 guò, guo5 "experienced action marker")."""
    if len(word) == 1:
        tones = {r[-1] for r in (e.pinyin.lower() for e in lexicon.entries(word))
                 if len(r.split()) == 1 and r[-1:].isdigit() and (not syllable or base(r) == syllable)}
        return None if len(tones) > 1 and "5" in tones else tones == {"5"}
    if not lexicon.knows(word):
        offset = 0
        for piece in lexicon.split_known(word):
            if offset <= index < offset + len(piece):
                word, index = piece, index - offset
                break
            offset += len(piece)
    return any(
        len(syllables) == len(word) and syllables[index].endswith("5")
        for syllables in (entry.pinyin.split() for entry in lexicon.entries(word))
    )


def score(items, read, where=None, lexicon=None) -> tuple[int, int, int, int, int, int, list[str], collections.Counter]:
    """Counts: syllables, syllables right, tones compared, tones right, tones right
    but for neutral-tone differences, and tones right as the dictionary writes
    neutral tones (`where`: the token and the index in it of each character)."""
    from vocabgen.reading.words import char_readings

    total = syllables_ok = tones_total = tones_ok = full_ok = dictionary_ok = 0
    errors: list[str] = []
    missed: collections.Counter = collections.Counter()
    for n, ((text, labels), ours) in enumerate(zip(items, read)):
        han = [c for c in text if is_han(c)]
        if len(ours) != len(han):
            ours = (list(ours) + [""] * len(han))[: len(han)]
        for k, (char, label, got) in enumerate(zip(han, labels, ours)):
            if label == "r":
                continue
            label, got = erhua(label, got)
            total += 1
            same = bool(got) and (base(label) == base(got) or (char == "谁" and base(got) in ("shui", "shei")))
            syllables_ok += same
            if not same:
                errors.append(f"syl\t{char}\t{label}\t{got}\t{text}")
                missed[char] += 1
                continue
            tones_total += 1
            t_label, t_got = tone(label), tone(got)
            ok = t_label == t_got or char in "一不"
            if not ok and t_label == "2" and t_got == "3" and k + 1 < len(han):
                after = ours[k + 1]
                ok = tone(after) == "3" or (
                    tone(after) == "5" and any(r.endswith("3") for r in char_readings(han[k + 1]))
                )
            tones_ok += ok
            neutral_only = "5" in (t_label, t_got)
            full_ok += ok or neutral_only
            if where is not None and not ok and neutral_only:
                word, index = where[n][k]
                neutral = dictionary_neutral(word, index, lexicon, base(label))
                right = neutral is not None and (t_got == "5") == neutral
                dictionary_ok += right
                if not right:
                    errors.append(f"dict\t{char}\t{label}\t{got}\t{word}\t{text}")
            else:
                dictionary_ok += ok
            if not ok:
                errors.append(f"tone\t{char}\t{label}\t{got}\t{text}")
                missed[char] += 1
    return total, syllables_ok, tones_total, tones_ok, full_ok, dictionary_ok, errors, missed


def read_ours(texts: list[str], lexicon, where: list | None = None) -> list[list[str]]:
    """Our syllable for each Han character of each text; `where` gets, per text,
    the (token, index of the character in it) of each."""
    from vocabgen.reading.pinyin import han_syllables, read_all_tokens
    from vocabgen.segment import segment

    out = []
    read_all_tokens([segment("我们要为人民服务。")], lexicon)  # imports and the model, once
    reading = 0.0
    batches = 0
    for start in range(0, len(texts), 16):  # an article's worth at a time, as a build does
        token_lists = [segment(t) for t in texts[start : start + 16]]
        started = time.process_time()
        all_readings = read_all_tokens(token_lists, lexicon)
        reading += time.process_time() - started
        batches += 1
        for tokens, readings in zip(token_lists, all_readings):
            out.append(han_syllables(tokens, readings))
            if where is not None:
                where.append([
                    (han, k) for han in ("".join(c for c in t.text if is_han(c)) for t in tokens)
                    for k in range(len(han))
                ])
    # CPU time of read_all_tokens alone (segmenting excluded), each word met for the
    # first time in this process as in a build's worker: the cost of reading an article.
    print(f"reading: {1000 * reading / max(batches, 1):.1f} ms CPU per 16 sentences")
    return out


def read_baseline(texts: list[str]) -> list[list[str]]:
    from pypinyin import Style, pinyin

    out = []
    for text in texts:
        items = pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda t: [[c] for c in t])
        out.append([items[k][0] for k, c in enumerate(text) if is_han(c)] if len(items) == len(text) else [])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="first N sentences only")
    parser.add_argument("--half", choices=("a", "b"),
                        help="a: the even-numbered sentences only, b: the odd ones (develop on one "
                             "half, check that a gain holds on the other)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--errors", type=Path, help="write our mistakes to this TSV file")
    args = parser.parse_args(argv)

    from vocabgen.lexicon import load_lexicon

    items = load(args.data)
    if args.half:
        items = items[(0 if args.half == "a" else 1)::2]
    if args.limit:
        items = items[: args.limit]
    texts = [t for t, _ in items]
    print(f"sentences: {len(items)}")
    if not args.no_baseline:
        started = time.perf_counter()
        n, s, tn, t, f, _, _, _ = score(items, read_baseline(texts))
        print(f"baseline (pypinyin alone): syllables {s / n:.4f}  tones {t / tn:.4f}"
              f"  full tones {f / tn:.4f}"
              f"  [{time.perf_counter() - started:.1f} s]")
    lexicon = load_lexicon()
    started = time.perf_counter()
    where: list = []
    ours = read_ours(texts, lexicon, where)
    n, s, tn, t, f, d, errors, missed = score(items, ours, where, lexicon)
    print(f"vocabgen: {n} syllables  [{time.perf_counter() - started:.1f} s]")
    print("most missed: " + " ".join(f"{c}{k}" for c, k in missed.most_common(20)))
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    print(f"syllables: {s / n:.4f}")
    print(f"full tones (a neutral tone on either side not counted): {f / tn:.4f}")
    print(f"dictionary tones (a neutral tone right where CC-CEDICT writes it, not elsewhere): {d / tn:.4f}")
    print(f"tones: {t / tn:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
