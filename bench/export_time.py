"""Time the exporters per article: everything after the study (the view, the .apkg,
vocab.json, the HTML sheets, CSV, Pleco, the quiz page; no PDFs, no audio).

Each seed (or the given articles) is studied once, outside the timing; then each
article's outputs are written REPEAT times and the best time is kept, so the figure
is the exporters' own cost, not the machine's noise. The .apkg alone is timed the
same way. Run it from a tree to measure that tree:

    python bench/export_time.py [ARTICLE ...] [--repeat 5]

It prints ms per article for write_outputs and write_package, and the totals.
(Run against an older tree, e.g. one exported with `git archive`, the same
script gives the baseline: it calls write_package with a study when the tree has
no view module.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

from vocabgen.config import BuildConfig  # noqa: E402
from vocabgen.export.anki import write_package  # noqa: E402
from vocabgen.ingest import read_article  # noqa: E402
from vocabgen.ingest import discover  # noqa: E402
from vocabgen.lexicon import load_lexicon  # noqa: E402
from vocabgen.pipeline import study, write_outputs  # noqa: E402

try:
    from vocabgen.view import from_study
except ImportError:  # a tree from before view.py: the exporters take the study
    from_study = None


def _writer(out: Path, config: BuildConfig):
    """write_outputs as this tree spells it: (study, config), or (study, out, config)
    in a tree from before it had one signature."""
    import inspect

    if len(inspect.signature(write_outputs).parameters) == 2:
        return lambda s: write_outputs(s, config)
    return lambda s: write_outputs(s, out, config)


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("seeds")])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    lexicon = load_lexicon()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        config = BuildConfig(out_dir=out, pdf=False)
        studies = [study(read_article(source), config, lexicon) for source in discover(args.paths)]
        write = _writer(out, config)
        # Warm up once (note types, templates, stroke data are made once per process).
        write(studies[0])
        outputs = package = 0.0
        for s in studies:
            path = out / s.article.id / "bench.apkg"
            outputs += best(lambda: write(s), args.repeat)
            package += best(lambda: write_package(from_study(s) if from_study else s, path), args.repeat)
    n = len(studies)
    print(f"{n} articles, best of {args.repeat}")
    print(f"write_outputs (no PDF): {1000 * outputs / n:7.1f} ms per article")
    print(f"write_package (.apkg):  {1000 * package / n:7.1f} ms per article")


if __name__ == "__main__":
    main()
