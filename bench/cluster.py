"""Clustering, de-duplication and contradiction flags on ../shared/data/dev/cross_doc.jsonl.

Extracts every report with the real pipeline, stores each in a fresh SQLite file and assigns it
(resolve/cluster.assign) in input order, as `crisislens extract --db` does; then scores:
  reposts   found duplicate links against gold `duplicate_of`
  B-cubed   precision / recall / F1 of each report's event against gold `cluster` (reposts included)
  flags     each canonical event's flags, and whether each gold cluster whose reports' figures differ, or
            whose text has a denial or a counter-claim, got the matching flag

    .venv/bin/python bench/cluster.py [--db sqlite:///tmp/x.sqlite] [--verbose]
Floors (noise margin below the measured values): reposts 3/3, B-cubed F1 ≥ 0.90.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from crisislens.parse.nlp import load_nlp
from crisislens.pipeline import run
from crisislens.read.files import documents
from crisislens.resolve.cluster import assign
from crisislens.resolve.gazetteer import Gazetteer
from crisislens.store import Store, clusters

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "cross_doc.jsonl"
FLOOR_F1 = 0.90
# The planted contradictions that are words, not figures (from the data README): cluster → flag kind
WORDED = {"c02": "denial", "c04": "denial", "c07": "counter_claim", "c10": "denial", "c11": "denial",
          "c12": "code_differs"}


def bcubed(predicted: dict[str, object], gold: dict[str, str]) -> tuple[float, float, float]:
    """Mean over items of |own predicted cluster ∩ own gold cluster| / |own predicted| (P) or / |own gold| (R)."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item in gold:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_pred[predicted[i]]) for i in gold)
    recall = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold)
    p, r = precision / len(gold), recall / len(gold)
    return p, r, 2 * p * r / (p + r)


def planted(rows: list[dict]) -> dict[str, set[str]]:
    """The planted contradictions: differing gold figures per cluster, and the worded ones of WORDED."""
    found: dict[str, set[str]] = defaultdict(set)
    for cluster, kind in WORDED.items():
        found[cluster].add(kind)
    for kind, field in (("killed", "fatalities_reported"), ("detained", "detained_reported"),
                        ("abducted", "abducted_reported")):
        values = defaultdict(set)
        for row in rows:
            if row[field] is not None and row["duplicate_of"] is None:
                values[row["cluster"]].add(row[field])
        for cluster, seen in values.items():
            if len(seen) > 1:
                found[cluster].add(f"counts_differ:{kind}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--verbose", action="store_true", help="print every event with its members' reasons")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    gold = {row["id"]: row["cluster"] for row in rows}
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/cluster.sqlite"
        with Store.open(url) as store:
            started = time.perf_counter()
            records = list(run(documents([str(DATA)]), nlp=load_nlp(), gazetteer=Gazetteer.open()))
            extracted = time.perf_counter()
            for record in records:
                assign(store, record, document_id=store.save(record))
            clustered = time.perf_counter()
            placed = clusters.placements(store.engine)
            links = clusters.duplicate_links(store.engine)
            events = clusters.event_dicts(store.engine)
    print(f"{len(records)} reports: extracted in {extracted - started:.1f}s, stored and clustered in "
          f"{clustered - extracted:.2f}s ({(clustered - extracted) / len(records) * 1000:.0f} ms/report)")
    truth = {row["id"]: row["duplicate_of"] for row in rows if row["duplicate_of"]}
    hits = sum(links.get(doc) == original for doc, original in truth.items())
    print(f"reposts: {hits}/{len(truth)} found, {len(set(links) - set(truth))} false links  {links}")
    p, r, f1 = bcubed(placed, gold)
    print(f"B-cubed: P {p:.3f}  R {r:.3f}  F1 {f1:.3f} (floor {FLOOR_F1}); {len(events)} events for "
          f"{len(set(gold.values()))} gold clusters")
    by_event = {e["id"]: e for e in events}
    members_of = defaultdict(list)
    for doc, event_id in placed.items():
        members_of[event_id].append(doc)
    expected = planted(rows)
    missing = []
    for cluster in sorted(set(gold.values())):
        ids = sorted({placed[d] for d, c in gold.items() if c == cluster})
        kinds = sorted({f["kind"] for i in ids for f in by_event[i]["flags"]})
        lack = sorted(expected.get(cluster, set()) - set(kinds))
        missing += [f"{cluster} {k}" for k in lack]
        print(f"  {cluster}: events {ids}  flags {kinds}" + (f"  MISSING {lack}" if lack else ""))
        if args.verbose:
            for i in ids:
                e = by_event[i]
                print(f"     event {i} {e['code']} {e['date']} {(e['location'] or {}).get('name')} "
                      f"fatalities {e['fatalities']} sources {e['sources']} status {e['status']}")
                for m in e["members"]:
                    print(f"       {m['document_id']}:{m['ordinal']} {m['role']} {m['score']} {m['reasons'][:3]}")
                for flag in e["flags"]:
                    print(f"       FLAG {flag['kind']}: {flag['detail'][:150]}")
    print(f"planted contradictions flagged: {sum(map(len, expected.values())) - len(missing)}/"
          f"{sum(map(len, expected.values()))}" + (f", missing {missing}" if missing else ""))
    return 0 if hits == len(truth) and f1 >= FLOOR_F1 and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
