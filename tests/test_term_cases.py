"""Real cases of terms, readings, senses and English equivalents, one data file.

Each case in tests/data/term_cases.json is a short bilingual text (written for the
test) or a seed article, run through the pipeline's study stage; it names a term
that must be a card, and what must hold of it: its reading, the sense it leads
with (its start, or whole: first_sense), the English words found for it, no
measure words, a short sense, and words that must get no card. Known failures carry "xfail" (strict: a fix is noticed).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from vocabgen.config import BuildConfig
from vocabgen.ingest import parse_seed
from vocabgen.lexicon import load_lexicon
from vocabgen.models import Article
from vocabgen.pipeline import study

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "data" / "term_cases.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _study(zh: str, en: str, seed: str):
    if seed:
        path = ROOT / "seeds" / seed
        article = parse_seed(path.read_text(encoding="utf-8"), str(path))
    else:
        article = Article("case", "case.txt", "", "", "", "", "", (en,), (zh,))
    return study(article, BuildConfig(), load_lexicon())


def _params() -> list:
    return [
        pytest.param(
            case, id=case["id"],
            marks=[pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else [],
        )
        for case in CASES
    ]


@pytest.mark.parametrize("case", _params())
def test_term_case(case):
    result = _study(case.get("zh", ""), case.get("en", ""), case.get("seed", ""))
    terms = {t.hanzi: t for t in result.terms}
    assert case["term"] in terms, f"{case['term']} is no card; cards: {sorted(terms)}"
    term = terms[case["term"]]
    if "reading" in case:
        assert term.pinyin_numbered.lower() == case["reading"]
    if "sense" in case:
        assert term.meaning.split("; ")[0].startswith(case["sense"]), term.meaning
    if "first_sense" in case:  # the whole first sense, where a longer one starts alike ("to ask the way")
        assert term.meaning.split("; ")[0] == case["first_sense"], term.meaning
    if "english" in case:
        assert term.english_match == case["english"]
        # "": no English word translates it (none underlined)
        assert term.sentence_en[slice(*term.english_span)] == case["english"] if case["english"] else not term.english_span
    if case.get("no_classifiers"):
        assert term.classifiers == () and "CL:" not in term.meaning
    if "max_sense_length" in case:
        assert all(len(sense) <= case["max_sense_length"] for sense in term.meaning.split("; ")), term.meaning
    for absent in case.get("absent", []):
        assert absent not in terms, f"{absent} should get no card"
