"""Latency of `GET /api/events` on a SQLite store of 100,000 synthetic events (issue 7: under 50 ms median).

Builds the store through Store.save_all (20 events a document, spread over 3 years and 40 countries), then
times each query through the real app in-process (FastAPI + the JSON encoding, no network), after a warm-up.
The default page (newest first, 100 events) must stay under FLOOR_MS median; the others are reported.

    .venv/bin/python bench/api.py [--events 100000] [--repeat 50] [--db sqlite:///bench.sqlite]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from crisislens.records import Actor, Document, Event, Location, Record, Span
from crisislens.serve import create_app
from crisislens.store import Store

FLOOR_MS = 50.0  # the bound for the default page; a run at 2 cores measured ~10 ms
PER_DOCUMENT = 20
TYPES = [("PEACE_PROTEST", "Protests", "Peaceful protest"), ("ARREST", "Strategic developments", "Arrests"),
         ("ARMED_CLASH", "Battles", "Armed clash"), ("SHELLING", "Explosions/Remote violence", "Shelling"),
         ("MOB_VIOL", "Riots", "Mob violence"), ("ATTACK", "Violence against civilians", "Attack")]
COUNTRIES = ["KZ", *(f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(1, 40))]
ACTORS = ["Police Forces", "Protesters", "Military Forces", "Rebels", "Civilians", "Rioters", "Militia"]
QUERIES = {
    "default page (newest first, 100)": "/api/events",
    "country + date range": "/api/events?country=KZ&from=2022-01-01&to=2022-06-30",
    "bbox (Central Asia)": "/api/events?bbox=46,35,90,56",
    "code + min confidence": "/api/events?code=ARREST&min_confidence=0.8",
    "full text q": "/api/events?q=depot",
    "actor": "/api/events?actor=rebels",
    "sort by confidence": "/api/events?sort=-confidence",
    "deep page (offset 50,000)": "/api/events?offset=50000",
    "map page (located, 5,000)": "/api/events?located=true&limit=5000",
    "timeline (per day)": "/api/timeline",
}


def synthetic(index: int, rng: random.Random) -> Record:
    sentences, events, cursor = [], [], 0
    start = date(2021, 1, 1)
    for n in range(PER_DOCUMENT):
        code, event_type, sub = rng.choice(TYPES)
        country = rng.randrange(40)
        lat, lon = -40 + country * 2 + rng.random(), -100 + country * 7 + rng.random()
        actor = rng.choice(ACTORS)
        noun = rng.choice(["depot", "market", "school", "bridge", "station", "village"])
        sentence = f"{actor} were reported near the {noun} number {index}-{n}."
        evidence = Span(sentence, cursor, cursor + len(sentence))
        sentences.append(sentence)
        cursor += len(sentence) + 1
        events.append(Event(
            code=code, event_type=event_type, sub_event_type=sub, evidence=evidence,
            confidence=round(rng.random(), 3), date=start + timedelta(days=rng.randrange(3 * 365)),
            date_precision="day",
            location=Location(f"Place {country}", lat, lon, COUNTRIES[country], precision="city")
            if rng.random() > 0.1 else None,
            actor1=Actor(actor), fatalities=rng.choice([None, 0, 1, 2, 5, 12])))
    text = " ".join(sentences)
    return Record(document=Document(id=f"bench-{index:06d}", text=text, origin="bench", title=f"Report {index}",
                                    published=date(2021, 1, 1) + timedelta(days=index % 1000)),
                  events=tuple(events))


def build(url: str, events: int) -> Store:
    store = Store.open(url)
    if store.count_documents() * PER_DOCUMENT >= events:
        return store
    rng = random.Random(7)
    began = time.perf_counter()
    store.save_all(synthetic(i, rng) for i in range(events // PER_DOCUMENT))
    print(f"built {events:,} events in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return store


def measure(client: TestClient, path: str, repeat: int) -> dict[str, float]:
    for _ in range(3):
        assert client.get(path).status_code == 200
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.text
    return {"median_ms": round(statistics.median(times), 2), "p90_ms": round(sorted(times)[int(0.9 * repeat)], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--db", help="Store URL; default: a SQLite file in a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        with build(url, args.events) as store:
            client = TestClient(create_app(store))
            total = client.get("/api/events?limit=1").json()["total"]
            results = {name: {**measure(client, path, args.repeat), "path": path} for name, path in QUERIES.items()}
    print(json.dumps({"events": total, "results": results}, indent=2))
    default = results["default page (newest first, 100)"]["median_ms"]
    if default > FLOOR_MS:
        print(f"FAIL: default page {default} ms median > {FLOOR_MS} ms", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
