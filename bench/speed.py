"""Throughput of `crisislens extract` against raw spaCy `nlp.pipe` on the same documents, in one run.

Documents: the seed ×200 and the dev event snippets. For each, documents/second of raw `nlp.pipe` over
the texts, of the pipeline from raw input to Record (reading and language detection included), and of
the same with every Record saved to a fresh SQLite store, as `crisislens extract` does; ratios are
pipeline/spaCy throughput (issue 5 requires at least 0.5).

    .venv/bin/python bench/speed.py [--seed-copies 200]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from crisislens.parse.nlp import load_nlp
from crisislens.pipeline import run
from crisislens.read.files import read_path, read_text
from crisislens.records import Document
from crisislens.resolve.gazetteer import Gazetteer
from crisislens.store.repo import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_345d00adf81d8220.txt"
SNIPPETS = SHARED / "data" / "dev" / "event_snippets.jsonl"


Reader = Callable[[], Iterator[Document]]


def corpora(seed_copies: int) -> dict[str, Reader]:
    """Each corpus as a function that reads it from raw text, so reading is part of what is timed."""
    seed_text = SEED.read_text(encoding="utf-8")

    def seed() -> Iterator[Document]:
        return (read_text(seed_text, source=str(SEED), doc_id=f"seed-{n}") for n in range(seed_copies))

    def snippets() -> Iterator[Document]:
        return read_path(str(SNIPPETS))

    return {f"seed x{seed_copies}": seed, "dev snippets": snippets}


def raw_spacy(texts: list[str]) -> float:
    nlp = load_nlp()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def pipeline(read: Reader, gazetteer: Gazetteer, store: Store | None = None) -> float:
    nlp = load_nlp()
    started = time.perf_counter()
    for record in run(read(), nlp=nlp, gazetteer=gazetteer):
        if store:
            store.save(record)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-copies", type=int, default=200)
    args = parser.parse_args()
    gazetteer = Gazetteer.open()
    results = {}
    for name, read in corpora(args.seed_copies).items():
        texts = [document.text for document in read()]
        warm = list(read())[:5]
        pipeline(partial(iter, warm), gazetteer)   # warm caches: gazetteer pages, lazy tables
        spacy_s, pipeline_s = raw_spacy(texts), pipeline(read, gazetteer)
        with tempfile.TemporaryDirectory() as folder, Store.open(f"sqlite:///{folder}/bench.sqlite") as store:
            stored_s = pipeline(read, gazetteer, store)
        n = len(texts)
        results[name] = {
            "documents": n, "spacy_docs_per_s": round(n / spacy_s, 1),
            "pipeline_docs_per_s": round(n / pipeline_s, 1), "ratio": round(spacy_s / pipeline_s, 3),
            "with_store_docs_per_s": round(n / stored_s, 1), "ratio_with_store": round(spacy_s / stored_s, 3),
        }
        r = results[name]
        print(f"{name:18} spaCy {r['spacy_docs_per_s']:7.1f} docs/s | pipeline {r['pipeline_docs_per_s']:7.1f} "
              f"(ratio {r['ratio']:.2f}) | with store {r['with_store_docs_per_s']:7.1f} "
              f"(ratio {r['ratio_with_store']:.2f})")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
