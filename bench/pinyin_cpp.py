"""Score the reading of polyphonic characters on the CPP benchmark (g2pM's data).

Each line of PREFIX.sent is a sentence with one character wrapped in ``▁``; the
same line of PREFIX.lb is its reading (tone digit, 5 = neutral, ``u:`` for ü).
The sentence goes through the same code the decks use: ``vocabgen.segment.segment``,
then ``vocabgen.reading.pinyin.read_tokens``; the marked character's syllable is compared
with the label. For comparison the script also scores pypinyin alone, given the
whole sentence (the baseline), and prints the accuracy of the 30 most frequent
characters.

    python bench/pinyin_cpp.py                       # cpp-dev
    python bench/pinyin_cpp.py --data path/to/test   # any PREFIX.sent + PREFIX.lb

The last line printed is ``accuracy: 0.xxxx``: a neutral tone we write inside a
dictionary word (知识 zhīshi) counts as the label's citation tone of the same
syllable (see `citation_equal`); the line before gives the strict figure.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# ../shared/bench-data next to the repo (or next to the folder of worktrees)
SHARED = next((p / "shared" / "bench-data" for p in Path(__file__).resolve().parents
               if (p / "shared" / "bench-data").is_dir()), Path("shared") / "bench-data")
DEFAULT = SHARED / "cpp-dev" / "dev"
MARK = "▁"


def load(prefix: Path) -> list[tuple[str, int, str]]:
    """(clean sentence, index of the marked character, label) per item."""
    sentences = Path(f"{prefix}.sent").read_text(encoding="utf-8").splitlines()
    labels = Path(f"{prefix}.lb").read_text(encoding="utf-8").splitlines()
    if len(sentences) != len(labels):
        raise SystemExit(f"{prefix}: {len(sentences)} sentences but {len(labels)} labels")
    items = []
    for sentence, label in zip(sentences, labels):
        index = sentence.index(MARK)
        clean = sentence.replace(MARK, "")
        items.append((clean, index, label.strip()))
    return items


def normal(syllable: str) -> str:
    return syllable.lower().replace("v", "u:").replace("ü", "u:")


def read_ours(sentence: str, index: int, lexicon) -> tuple[str, bool]:
    """Our syllable for sentence[index], and whether it was read inside a word of
    two or more characters (where a neutral tone is the dictionary's)."""
    from vocabgen.reading.pinyin import read_tokens, syllable_at
    from vocabgen.segment import segment

    tokens = segment(sentence)
    readings = read_tokens(tokens, lexicon)
    in_word = any(t.start <= index < t.end and len(t.text) > 1 for t in tokens)
    return syllable_at(tokens, readings, index), in_word


def citation_equal(got: str, label: str, in_word: bool) -> bool:
    """CPP's labels give every syllable its citation tone (识 shí in 知识); we write
    the neutral tone where a learner's dictionary does (zhīshi). Inside a word,
    our neutral tone against the label's full tone of the same syllable is the same
    reading; a lone character's neutral tone (得 de / dé) is not."""
    return in_word and got.endswith("5") and got[:-1] == label[:-1]


def read_baseline(sentence: str, index: int) -> str:
    from pypinyin import Style, pinyin

    items = pinyin(sentence, style=Style.TONE3, neutral_tone_with_five=True,
                   errors=lambda text: list(text))
    return items[index][0] if len(items) == len(sentence) else ""


def report(name: str, results: list[tuple[str, bool]], top: int) -> float:
    total = collections.Counter(ch for ch, _ in results)
    right = collections.Counter(ch for ch, ok in results if ok)
    accuracy = sum(right.values()) / max(1, len(results))
    if top:
        print(f"{name}: accuracy for the {top} most frequent characters")
        for ch, n in total.most_common(top):
            print(f"  {ch}  {right[ch]:3d}/{n:<3d} {right[ch] / n:.3f}")
    return accuracy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT, help="PREFIX of PREFIX.sent/.lb")
    parser.add_argument("--no-baseline", action="store_true", help="skip pypinyin alone")
    parser.add_argument("--errors", type=Path, help="write our mistakes to this TSV file")
    args = parser.parse_args(argv)

    from vocabgen.lexicon import load_lexicon

    items = load(args.data)
    lexicon = load_lexicon()
    if not args.no_baseline:
        started = time.perf_counter()
        base = [(s[i], normal(read_baseline(s, i)) == normal(lb)) for s, i, lb in items]
        accuracy = report("baseline", base, 0)
        print(f"baseline (pypinyin alone, whole sentence): {accuracy:.4f}"
              f"  [{time.perf_counter() - started:.1f} s]")
    started = time.perf_counter()
    ours, mistakes = [], []
    strict_right = 0
    for sentence, index, label in items:
        got, in_word = read_ours(sentence, index, lexicon)
        strict = normal(got) == normal(label)
        ok = strict or citation_equal(normal(got), normal(label), in_word)
        strict_right += strict
        ours.append((sentence[index], ok))
        if not ok:
            mistakes.append(f"{sentence[index]}\t{label}\t{got}\t{sentence[:index]}▁{sentence[index]}▁{sentence[index + 1:]}")
    accuracy = report("vocabgen", ours, 30)
    print(f"items: {len(items)}  [{time.perf_counter() - started:.1f} s]")
    if args.errors:
        args.errors.write_text("\n".join(mistakes) + "\n", encoding="utf-8")
    print(f"strict (a dictionary's neutral tone counted wrong): {strict_right / max(1, len(items)):.4f}")
    print(f"accuracy: {accuracy:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
