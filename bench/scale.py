"""How vocabgen scales: many articles, warm rebuilds, start-up, memory.

    python bench/scale.py                 # 1,000 articles (and 100 for the memory check)
    python bench/scale.py --articles 200 --jobs 2

Makes N distinct bilingual articles (seed format) by recombining paragraph pairs of
the seeds and of the WMT22 news test set, builds them without audio through the real
command in a fresh process, with the default options (PDF sheets on) and again with
--no-pdf, and prints one `name=value` line per figure:

    articles_per_second   the default build, cold (dictionary cache already on disk)
    baseline_s, build_s   the baseline and our default build on the same articles
    ratio_to_baseline     build_s / baseline_s; the baseline is jieba segmentation +
                          pypinyin + writing a 40-note genanki package per article,
                          run in as many processes as our build (--jobs)
    nopdf_build_s, nopdf_articles_per_second, nopdf_ratio_to_baseline
                          the same for `build --no-pdf`
    pdf_share             (build_s - nopdf_build_s) / build_s: the PDFs' part
    peak_mb               peak memory of the build's process tree (sum of PSS), in
                          another default build of the same articles (sampling costs CPU)
    peak_mb_small         the same for a build of N/10 articles
    peak_growth           peak_mb / peak_mb_small
    warm_rebuild_s        the default build again, nothing changed
    help_s                `vocabgen --help` (best of 5)
    cold_one_s            one article, default options, in a fresh process and
                          output folder (best of 3); cold_one_nopdf_s with --no-pdf

--no-memory leaves out the two memory-sampled builds (a shorter run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The evaluation data sit beside the repository (or beside the folder of worktrees).
SHARED = next((p / "shared" for p in REPO.parents if (p / "shared" / "bench-data").is_dir()), REPO.parent / "shared")
sys.path.insert(0, str(REPO))


def paragraph_pairs() -> list[tuple[str, str]]:
    """Chinese/English paragraph pairs known to translate each other."""
    pairs: list[tuple[str, str]] = []
    wmt = SHARED / "bench-data" / "wmt22-news"
    zh = (wmt / "wmt22.zh-en.news.zh").read_text(encoding="utf-8").splitlines()
    en = (wmt / "wmt22.zh-en.news.refA.en").read_text(encoding="utf-8").splitlines()
    pairs += [(z.strip(), e.strip()) for z, e in zip(zh, en) if z.strip() and e.strip()]
    # Seed body paragraphs, where both sides have the same number of paragraphs.
    from vocabgen.ingest import discover, read_article

    for source in discover([REPO / "seeds"]):
        article = read_article(source)
        zh_body = [p for p in article.zh_paragraphs if "。" in p]
        en_body = [p for p in article.en_paragraphs if p.endswith((".", '"', "”"))]
        if len(zh_body) == len(en_body):
            pairs += list(zip(zh_body, en_body))
    return pairs


def make_articles(folder: Path, count: int, seed: int = 7) -> None:
    pool = paragraph_pairs()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        chosen = rng.sample(pool, 8)
        day = 1 + k % 28
        text = [
            f"Title: Synthetic article {k:05d}",
            "Author:",
            f"Date: 1960-{1 + k // 28 % 12:02d}-{day:02d}",
            "Page: 1",
            "",
            *[e + "\n" for _, e in chosen],
            "<hr /> ",
            "",
            "Original: ",
            "",
            f"### 合成文章{k:05d}",
            "",
            f"1960-{1 + k // 28 % 12:02d}-{day:02d}",
            "第1版()",
            "专栏：",
            "",
            *["    " + z for z, _ in chosen],
            "",
        ]
        (folder / f"{k:05d}.txt").write_text("\n".join(text), encoding="utf-8")


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def run_timed(cmd: list[str], env: dict[str, str]) -> float:
    """Wall seconds of a command that must succeed."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def run_measured(cmd: list[str], env: dict[str, str]) -> float:
    """Peak MB of a command (sum of PSS over its process tree, sampled every 50 ms)."""
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode()[-2000:]}")
    return peak / 1024


_JIEBA = None


def _baseline_one(path: str) -> None:
    import genanki
    from pypinyin import Style, pinyin

    text = Path(path).read_text(encoding="utf-8").split("Original:", 1)[1]
    words = _JIEBA.lcut(text)
    readings = pinyin(words, style=Style.TONE)
    model = genanki.Model(1607392319, "baseline", fields=[{"name": "Q"}, {"name": "A"}],
                          templates=[{"name": "c", "qfmt": "{{Q}}", "afmt": "{{A}}"}])
    deck = genanki.Deck(2059400110, "baseline")
    for word, reading in list(zip(words, readings))[:40]:
        deck.add_note(genanki.Note(model=model, fields=[word, " ".join(reading)]))
    out = Path(path).with_suffix(".baseline.apkg")
    genanki.Package(deck).write_to_file(str(out))
    out.unlink()


def baseline(folder: Path, jobs: int) -> float:
    import multiprocessing

    import jieba

    global _JIEBA
    # Plain jieba (no part-of-speech tagging), loaded before the timing starts, as
    # our build loads its own before forking its workers.
    jieba.setLogLevel(30)  # no "Building prefix dict" chatter in the figures
    _JIEBA = jieba.Tokenizer()
    _JIEBA.initialize()
    files = sorted(str(p) for p in folder.glob("*.txt"))
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_baseline_one, files, chunksize=8)
    return time.perf_counter() - start


def best_of(count: int, cmd: list[str], env: dict[str, str], before=None) -> float:
    times = []
    for _ in range(count):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--no-memory", dest="memory", action="store_false", help="skip the memory-sampled builds")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vocabgen-scale-"))
    env = dict(os.environ, VOCABGEN_CACHE_DIR=str(work / "cache"))
    os.environ["VOCABGEN_CACHE_DIR"] = env["VOCABGEN_CACHE_DIR"]
    vocabgen = [sys.executable, "-m", "vocabgen"]
    try:
        big, small = work / "articles", work / "articles-small"
        make_articles(big, args.articles)
        make_articles(small, max(1, args.articles // 10), seed=8)
        # Fill the dictionary cache once, as a user's first run does.
        subprocess.run(vocabgen + ["build", str(big / "00000.txt"), "--out", str(work / "warmup"), "--tts", "none"],
                       env=env, check=True, stdout=subprocess.DEVNULL)

        build = vocabgen + ["build", "--tts", "none", "--jobs", str(args.jobs)]
        # Timed and memory-sampled builds are separate runs: reading every process's
        # smaps every 50 ms costs CPU that the 2 workers would otherwise have (it made
        # the build ~25% slower on this 2-core machine), and the baseline has no sampler.
        # The baseline runs between the two timed builds, so that a change in the
        # machine's load during the run shows in both ratios alike.
        build_s = run_timed(build + [str(big), "--out", str(work / "out")], env)
        baseline_s = baseline(big, args.jobs)
        nopdf_s = run_timed(build + ["--no-pdf", str(big), "--out", str(work / "out-nopdf")], env)
        warm_s = run_timed(build + [str(big), "--out", str(work / "out")], env)
        if args.memory:
            peak_mb = run_measured(build + [str(big), "--out", str(work / "out-memory")], env)
            peak_small = run_measured(build + [str(small), "--out", str(work / "out-small")], env)
        help_s = best_of(5, vocabgen + ["--help"], env)
        one = work / "one"
        one_cmd = vocabgen + ["build", str(big / "00001.txt"), "--out", str(one), "--tts", "none"]
        clear_one = lambda: shutil.rmtree(one, ignore_errors=True)  # noqa: E731
        cold_one_s = best_of(3, one_cmd, env, before=clear_one)
        cold_one_nopdf_s = best_of(3, one_cmd + ["--no-pdf"], env, before=clear_one)
        figures = {
            "articles": args.articles,
            "jobs": args.jobs,
            "build_s": round(build_s, 2),
            "articles_per_second": round(args.articles / build_s, 1),
            "baseline_s": round(baseline_s, 2),
            "ratio_to_baseline": round(build_s / baseline_s, 2),
            "nopdf_build_s": round(nopdf_s, 2),
            "nopdf_articles_per_second": round(args.articles / nopdf_s, 1),
            "nopdf_ratio_to_baseline": round(nopdf_s / baseline_s, 2),
            "pdf_share": round((build_s - nopdf_s) / build_s, 2),
        }
        if args.memory:
            figures |= {
                "peak_mb": round(peak_mb),
                "peak_mb_small": round(peak_small),
                "peak_growth": round(peak_mb / peak_small, 3) if peak_small else 0,
            }
        figures |= {
            "warm_rebuild_s": round(warm_s, 2),
            "help_s": round(help_s, 3),
            "cold_one_s": round(cold_one_s, 2),
            "cold_one_nopdf_s": round(cold_one_nopdf_s, 2),
        }
        for name, value in figures.items():
            print(f"{name}={value}")
    finally:
        if args.keep:
            print(f"work folder: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
