"""Throughput of the whole pipeline against raw spaCy `nlp.pipe` on the same documents, in one run.

Documents: the seed ×200 and the dev event snippets. Prints documents/second for each and the ratio
(issue 5 requires the pipeline to keep at least half of raw spaCy's throughput).

    .venv/bin/python bench/speed.py [--seed-copies 200]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from crisislens.parse.nlp import load_nlp
from crisislens.pipeline import run
from crisislens.read.files import read_path
from crisislens.records import Document
from crisislens.resolve.gazetteer import Gazetteer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_345d00adf81d8220.txt"
SNIPPETS = SHARED / "data" / "dev" / "event_snippets.jsonl"


def corpora(seed_copies: int) -> dict[str, list[Document]]:
    seed = next(read_path(str(SEED)))
    snippets = list(read_path(str(SNIPPETS)))
    return {f"seed x{seed_copies}": [seed] * seed_copies, f"dev snippets ({len(snippets)})": snippets}


def raw_spacy(documents: list[Document]) -> float:
    nlp = load_nlp()
    started = time.perf_counter()
    for _ in nlp.pipe((d.text for d in documents), batch_size=32):
        pass
    return time.perf_counter() - started


def pipeline(documents: list[Document], gazetteer: Gazetteer) -> float:
    nlp = load_nlp()
    started = time.perf_counter()
    for _ in run(documents, nlp=nlp, gazetteer=gazetteer):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-copies", type=int, default=200)
    args = parser.parse_args()
    gazetteer = Gazetteer.open()
    results = {}
    for name, documents in corpora(args.seed_copies).items():
        pipeline(documents[:5], gazetteer)             # warm caches (gazetteer pages, lazy tables)
        spacy_s, pipeline_s = raw_spacy(documents), pipeline(documents, gazetteer)
        results[name] = {"documents": len(documents), "spacy_docs_per_s": round(len(documents) / spacy_s, 1),
                         "pipeline_docs_per_s": round(len(documents) / pipeline_s, 1),
                         "ratio": round(spacy_s / pipeline_s, 3)}
        print(f"{name:24} spaCy {results[name]['spacy_docs_per_s']:8.1f} docs/s   "
              f"pipeline {results[name]['pipeline_docs_per_s']:8.1f} docs/s   ratio {results[name]['ratio']:.2f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
