"""Near-duplicate detection at scale: MinHash signatures of synthetic, repost-heavy documents, LSH-indexed and queried.

Each size runs in its own process (so peak memory is that size's own) and reports: signature time (2 worker
processes on this 2-core machine), index build and query time, peak RSS, the index's bytes, and accuracy
against the planted reposts. Documents have 120–400 words (news-article lengths); 30% are reposts, which copy
an earlier document and add a headline, an outlet credit and "Subscribe to …" boilerplate, sometimes editing
a word.

    .venv/bin/python bench/dedup.py                      # 10k, 100k, 1M (a few minutes)
    .venv/bin/python bench/dedup.py --sizes 10000 50000

The growth is near-linear when seconds per 1,000 documents stays flat across sizes (the sort is n log n).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from multiprocessing import Pool

import numpy as np

from crisislens.resolve.dedupe import NUM_PERM, BandIndex, signature

REPOST_SHARE = 0.3
VOCABULARY = [f"w{i}" for i in range(30_000)]
CUMULATIVE = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(VOCABULARY))))  # Zipf
BOILERPLATE = [
    "This story was first published by {} and is republished under a content-sharing agreement.",
    "Subscribe to {} for daily news from the region delivered to your inbox.",
    "Additional reporting by the {} desk; editing by the night team.",
]
OUTLETS = ["Sahel Wire", "Kivu Morning", "Continental Press Agency", "Andes Daily Post", "Horn Monitor"]
CHUNK = 5_000


def original(doc: int) -> list[str]:
    rng = random.Random(doc)
    return rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=rng.randint(120, 400))   # news-article lengths


def plan(doc: int) -> int:
    """The document this one reposts, or -1: reposts copy an earlier original."""
    rng = random.Random(doc * 7919 + 1)
    return rng.randrange(doc) if doc > 10 and rng.random() < REPOST_SHARE else -1


def text(doc: int) -> str:
    source = plan(doc)
    if source < 0 or plan(source) >= 0:      # a repost of a repost would be a chain: keep it original
        return " ".join(original(doc))
    rng = random.Random(doc)
    words = original(source)
    if rng.random() < 0.5:                    # a light edit
        words[rng.randrange(len(words))] = rng.choice(VOCABULARY)
    outlet = rng.choice(OUTLETS)
    headline = " ".join(rng.choices(VOCABULARY, k=8))
    return f"{headline}. {' '.join(words)} {rng.choice(BOILERPLATE).format(outlet)}"


def gold(doc: int) -> int:
    source = plan(doc)
    return source if source >= 0 and plan(source) < 0 else -1


def signatures(bounds: tuple[int, int]) -> np.ndarray:
    start, end = bounds
    return np.stack([signature(text(doc)) for doc in range(start, end)])


def run_one(size: int) -> dict:
    started = time.perf_counter()
    chunks = [(s, min(s + CHUNK, size)) for s in range(0, size, CHUNK)]
    with Pool(2) as pool:
        sigs = np.concatenate(pool.map(signatures, chunks))
    signed = time.perf_counter()
    index = BandIndex()
    ids = np.arange(size, dtype=np.int64)
    for s, e in chunks:                       # documents arrive in batches
        index.add(ids[s:e], sigs[s:e])
    found, _ = index.first_duplicates(ids[:1], sigs[:1])   # builds the sorted bands
    indexed = time.perf_counter()
    found, _ = index.first_duplicates(ids, sigs)
    queried = time.perf_counter()
    truth = np.array([gold(doc) for doc in range(size)])
    planted = truth >= 0
    hits = int(np.sum(found[planted] == truth[planted]))
    false = int(np.sum((found >= 0) & ~planted))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"documents": size, "reposts": int(planted.sum()), "found": hits, "false_links": false,
            "signature_s": round(signed - started, 2), "index_s": round(indexed - signed, 2),
            "query_s": round(queried - indexed, 2), "total_s": round(queried - started, 2),
            "s_per_1k": round((queried - started) / size * 1000, 3), "peak_rss_mb": round(own),
            "worker_peak_rss_mb": round(workers), "index_mb": round(index.nbytes / 2**20, 1),
            "signature_bytes": NUM_PERM * 4}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    print(f"{'docs':>9} {'reposts':>8} {'found':>8} {'false':>6} {'sign s':>7} {'index s':>8} {'query s':>8} "
          f"{'total s':>8} {'s/1k':>6} {'peak MB':>8} {'index MB':>8}")
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], check=True, capture_output=True,
                             text=True).stdout
        r = json.loads(out)
        print(f"{r['documents']:>9} {r['reposts']:>8} {r['found']:>8} {r['false_links']:>6} {r['signature_s']:>7} "
              f"{r['index_s']:>8} {r['query_s']:>8} {r['total_s']:>8} {r['s_per_1k']:>6} {r['peak_rss_mb']:>8} "
              f"{r['index_mb']:>8}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
