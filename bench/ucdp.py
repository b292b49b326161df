"""Real conflict headlines: how often the pipeline gets UCDP GED's event, date, place and toll.

    .venv/bin/python bench/ucdp.py [--limit N] [--misses FIGURE]

../shared/data/dev/ucdp_ged_sample.jsonl, the rows with a `published` date (the others carry no date to
read a headline against), each compared on its events[0]:
  has_event   an event at all (every GED row is a violent event)
  date        the event's date equals `date_start`
  location    the event's place within 161 km of the GED point
  deaths      fatalities within ±(1 + 20 %) of `best` (no count read counts as 0)
beside the baseline "publication date, no place, no deaths". The rows are split once, by a salted hash of
their id, into a tuning part and a held-out fifth that no rule may be tuned on; both are reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from crisislens.parse.nlp import load_nlp
from crisislens.pipeline import run
from crisislens.read.jsonl import read_jsonl
from crisislens.records import Event, Record
from crisislens.resolve.gazetteer import Gazetteer
from crisislens.resolve.geo_scoring import distance_km

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"
SALT = "crisislens-ucdp-split/20261208"
FIGURES = ("has_event", "date", "location", "deaths")


def held_out(row_id: str) -> bool:
    """The locked fifth: fixed by the id alone, so it never moves as the code changes."""
    return int(hashlib.sha256(f"{SALT}:{row_id}".encode()).hexdigest(), 16) % 5 == 0


def deaths_ok(found: int | None, best: int) -> bool:
    return abs((found or 0) - best) <= 1 + 0.2 * best


def scores(row: dict, event: Event | None) -> dict[str, bool]:
    location = event.location if event else None
    return {
        "has_event": event is not None,
        "date": event is not None and str(event.date) == row["date_start"][:10],
        "location": bool(location and location.lat is not None
                         and distance_km(location.lat, location.lon, row["lat"], row["lon"]) <= 161),
        "deaths": deaths_ok(event.fatalities if event else None, row["best"]),
    }


def baseline(row: dict) -> dict[str, bool]:
    """Publication date, no place, no deaths."""
    return {"has_event": False, "date": row["published"][:10] == row["date_start"][:10], "location": False,
            "deaths": deaths_ok(None, row["best"])}


def extract(rows: list[dict]) -> dict[str, Record]:
    lines = [json.dumps({key: row[key] for key in ("id", "text", "published")}) for row in rows]
    documents = [d for d in read_jsonl(lines, source="ucdp", max_bytes=10**7) if not isinstance(d, Exception)]
    return {record.document.id: record for record in run(documents, nlp=load_nlp(), gazetteer=Gazetteer.open())}


def share(rows: list[dict], marks: dict[str, dict[str, bool]], figure: str) -> float:
    return sum(marks[row["id"]][figure] for row in rows) / max(1, len(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N rows with a publication date")
    parser.add_argument("--misses", choices=FIGURES, help="list the tuning rows that miss this figure")
    args = parser.parse_args()
    lines = (DEV / "ucdp_ged_sample.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [row for row in map(json.loads, lines) if row.get("published")][:args.limit]
    records = extract(rows)
    ours = {row["id"]: scores(row, (records[row["id"]].events or [None])[0] if row["id"] in records else None)
            for row in rows}
    base = {row["id"]: baseline(row) for row in rows}
    parts = {"tuned": [r for r in rows if not held_out(r["id"])], "held-out": [r for r in rows if held_out(r["id"])],
             "all": rows}
    print(f"{'figure':<10}" + "".join(f"{name:>22}" for name in parts))
    for figure in FIGURES:
        cells = [f"{share(part, ours, figure):.3f} (base {share(part, base, figure):.3f})" for part in parts.values()]
        print(f"{figure:<10}" + "".join(f"{cell:>22}" for cell in cells))
    print("rows: " + ", ".join(f"{name} {len(part)}" for name, part in parts.items()))
    if args.misses:
        for row in parts["tuned"]:
            if not ours[row["id"]][args.misses]:
                record = records.get(row["id"])
                event = record.events[0] if record and record.events else None
                got = (event.code, str(event.date), event.location.name if event and event.location else None,
                       event.fatalities) if event else None
                print(f"  {row['id']} {row['date_start'][:10]} pub {row['published'][:10]} best {row['best']} "
                      f"{row['where_coordinates']}: {row['text'][:110]!r} -> {got}")


if __name__ == "__main__":
    main()
