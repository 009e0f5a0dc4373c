"""Audio synthesis speed: offline voice, edge against a local stand-in, cache.

    python bench/audio_bench.py [--clips N]

Prints name=value lines. The edge figures are against tests/edge_standin.py with a
fixed 150 ms per request, roughly a real round trip to the service, so they show
what concurrency buys, not how fast Microsoft is.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from edge_standin import EdgeStandIn  # noqa: E402

from vocabgen.audio import AudioOptions, ClipRequest, synthesize  # noqa: E402

# Words and sentences of the kind a news deck holds; numbered to defeat the cache.
_WORDS = ("银行", "增长", "改革", "经济", "市场", "政策", "投资", "发展")
_SENTENCE = "中国人民银行今天宣布下调存款准备金率，以支持实体经济发展。"


def requests(count: int, tag: str) -> list[ClipRequest]:
    made: list[ClipRequest] = []
    for n in range(count):
        if n % 4 == 3:
            made.append(ClipRequest(f"{tag}{n}{_SENTENCE}", "sentence"))
        else:
            made.append(ClipRequest(f"{_WORDS[n % len(_WORDS)]}{tag}{n}", "word"))
    return made


def timed(clips: list[ClipRequest], options: AudioOptions) -> float:
    start = time.perf_counter()
    made = synthesize(clips, options, warn=lambda message: print(f"# warning: {message}", file=sys.stderr))
    elapsed = time.perf_counter() - start
    if len(made) != len(clips):
        raise SystemExit(f"expected {len(clips)} clips, got {len(made)}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=80)
    count = parser.parse_args().clips
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    # A build has the dictionaries and jieba loaded before it speaks, and the offline
    # voice reads our readings with them (audio/homophones.py): loaded here first too,
    # or the first clips would time their loading (~7 s).
    from vocabgen.lexicon import load_lexicon
    from vocabgen.segment import segment

    load_lexicon()
    segment("预热")
    with tempfile.TemporaryDirectory(prefix="vocabgen-audio-bench-") as scratch:
        offline = AudioOptions(engine="offline", cache_dir=f"{scratch}/offline")
        seconds = timed(requests(count, "o"), offline)
        print(f"offline_clips_per_s={count / seconds:.1f}")
        warm = timed(requests(count, "o"), offline)
        print(f"offline_warm_cache_clips_per_s={count / warm:.1f}")
        print(f"offline_warm_over_cold_ratio={warm / seconds:.4f}")

        with EdgeStandIn(latency=0.15) as server:
            for concurrency in (1, 8):
                options = AudioOptions(
                    engine="edge",
                    endpoint=server.url,
                    concurrency=concurrency,
                    cache_dir=f"{scratch}/edge{concurrency}",
                )
                seconds = timed(requests(count, f"e{concurrency}"), options)
                print(f"edge_standin_c{concurrency}_clips_per_s={count / seconds:.1f}")
                if concurrency == 8:
                    warm = timed(requests(count, f"e{concurrency}"), options)
                    print(f"edge_cold_s={seconds:.3f}")
                    print(f"edge_warm_s={warm:.3f}")
                    print(f"edge_warm_over_cold_ratio={warm / seconds:.4f}")
            print(f"standin_max_concurrent={server.max_concurrent}")
        print(f"clips={count}")


if __name__ == "__main__":
    main()
