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


@pytest.mark.slow  # two processes, each loading the dictionaries and studying a seed
def test_rendering_does_not_depend_on_the_hash_seed(rendered):
    # Sets and dicts of strings iterate in an order that changes with PYTHONHASHSEED,
    # so from one process to the next: a golden diff must always be a real change.
    import os
    import subprocess
    import sys

    code = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from test_golden import SEED_NAMES, render\n"
        "from helpers import seed\n"
        "from vocabgen.config import BuildConfig\n"
        "from vocabgen.export.manifest import manifest\n"
        "from vocabgen.ingest import Source, read_article\n"
        "from vocabgen.lexicon import load_lexicon\n"
        "from vocabgen.pipeline import study\n"
        "s = study(read_article(Source(seed(0))), BuildConfig(), load_lexicon())\n"
        "sys.stdout.write(render(SEED_NAMES[0], manifest(s, s.article.id + '.apkg')))\n"
    )
    here = Path(__file__).resolve().parent
    for hash_seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", code, str(here.parent), str(here)], capture_output=True,
                              text=True, encoding="utf-8", timeout=300,
                              env={**os.environ, "PYTHONHASHSEED": hash_seed})
        assert done.returncode == 0, done.stderr
        assert done.stdout == rendered[SEED_NAMES[0]], f"PYTHONHASHSEED={hash_seed}"
