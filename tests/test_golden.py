"""Golden files: what a learner is taught from each seed, as text, so that any
change in learning content (which words, their pinyin and meaning, the cloze items)
shows as a readable diff in review.

Each seed's tests/golden/<seed>.txt is rendered from the vocab.json a default build
writes for it (pipeline.study, then export.manifest, as the build does). A change
that is meant is accepted by regenerating every file and committing the diff:

    python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from helpers import SEEDS

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = "python -m pytest tests/test_golden.py --update-golden"
SEED_NAMES = [p.stem for p in sorted(SEEDS.glob("*.txt"))]


def render(seed: str, data: dict) -> str:
    """A seed's golden text, from the vocab.json data its default build writes."""
    from vocabgen.text import hsk_label

    article = data["article"]
    lines = [
        f"# What a learner is taught from seeds/{seed}.txt (default options).",
        f"# Regenerate after an intended change: {REGENERATE}",
        "",
        f"{article['date']}  {article['title_en']}",
        article["title_zh"],
        "",
        f"Terms ({len(data['terms'])}, in deck order): word [traditional]  pinyin  HSK level  meaning",
    ]
    for k, term in enumerate(data["terms"], start=1):
        word = term["hanzi"]
        if term["traditional"] and term["traditional"] != word:
            word += f" [{term['traditional']}]"
        hsk = f"HSK {hsk_label(term['hsk'])}" if term["hsk"] else "no HSK"
        lines.append(f"{k:3}. {word}  {term['pinyin']}  {hsk}  {term['meaning']}")
    lines += ["", f"Cloze items ({len(data['cloze'])}): #sentence, the answers in [brackets], then the English shown"]
    for item in data["cloze"]:
        # parts alternate text and answer: text, answer, text, ...
        zh = "".join(f"[{part}]" if k % 2 else part for k, part in enumerate(item["parts"]))
        lines += [f"  #{item['sentence_index']:<3} {zh}", f"       {item['en']}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def rendered(seed_studies) -> dict[str, str]:
    from vocabgen.export.manifest import manifest

    assert [Path(s.article.source).stem for s in seed_studies] == SEED_NAMES
    return {name: render(name, manifest(study, f"{study.article.id}.apkg"))
            for name, study in zip(SEED_NAMES, seed_studies)}


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_learning_content_matches_the_golden_file(seed, rendered, request):
    path = GOLDEN / f"{seed}.txt"
    fresh = rendered[seed]
    if request.config.getoption("update_golden"):
        GOLDEN.mkdir(exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != fresh:
            path.write_text(fresh, encoding="utf-8")
            pytest.skip(f"wrote {path.relative_to(GOLDEN.parent.parent)}")
        return
    assert path.exists(), f"no golden file for seeds/{seed}.txt; make it with: {REGENERATE}"
    golden = path.read_text(encoding="utf-8")
    if golden != fresh:
        diff = "".join(difflib.unified_diff(golden.splitlines(True), fresh.splitlines(True),
                                            f"{path.name} (golden)", f"{path.name} (this build)"))
        pytest.fail(f"The learning content of seeds/{seed}.txt changed:\n{diff}\n"
                    f"If the change is meant, regenerate the golden files and commit them:\n    {REGENERATE}",
                    pytrace=False)


def test_every_golden_file_is_a_seeds():
    stale = sorted(p.name for p in GOLDEN.glob("*.txt") if p.stem not in SEED_NAMES)
    assert not stale, f"golden files of no seed (remove them): {stale}"


def test_rendering_is_deterministic(seed_studies, rendered):
    # A second study of a seed renders the very same text (no order from sets or
    # dicts of unstable order, no clock): a golden diff is always a real change.
    from vocabgen.config import BuildConfig
    from vocabgen.export.manifest import manifest
    from vocabgen.lexicon import load_lexicon
    from vocabgen.pipeline import study

    first = seed_studies[0]
    again = study(first.article, BuildConfig(), load_lexicon())
    assert render(SEED_NAMES[0], manifest(again, f"{again.article.id}.apkg")) == rendered[SEED_NAMES[0]]
