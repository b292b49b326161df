"""The machine-readable exporters: jsonl, json, csv, geojson, claims-csv."""

from __future__ import annotations

import csv
import json
import textwrap
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from crisislens.export.columns import CLAIM_COLUMNS, EVENT_COLUMNS, claim_rows, event_rows
from crisislens.export.contract import record_to_dict
from crisislens.export.registry import exporter
from crisislens.records import Record


def _dumps(value: Any, **options: Any) -> str:
    return json.dumps(value, ensure_ascii=False, **options)


@exporter("jsonl")
def write_jsonl(records: Iterable[Record], out: TextIO, *, include_text: bool = False) -> int:
    """One contract object (contract/extract.schema.json) per line; returns how many documents.

    include_text adds each document's `text`, which every start/end offset indexes.
    """
    written = 0
    for record in records:
        out.write(_dumps(record_to_dict(record, include_text=include_text)) + "\n")
        written += 1
    return written


@exporter("json")
def write_json(records: Iterable[Record], out: TextIO, *, include_text: bool = False) -> int:
    """A pretty-printed JSON array of contract objects, written as it goes; returns how many documents."""
    written = 0
    for record in records:
        item = _dumps(record_to_dict(record, include_text=include_text), indent=2)
        out.write(("[\n" if written == 0 else ",\n") + textwrap.indent(item, "  "))
        written += 1
    out.write("\n]\n" if written else "[]\n")
    return written


def _write_csv(rows: Iterator[dict[str, Any]], out: TextIO, columns: tuple[str, ...]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    written = 0
    for row in rows:
        writer.writerow(row)
        written += 1
    return written


@exporter("csv")
def write_csv(records: Iterable[Record], out: TextIO) -> int:
    """One row per event with ACLED-like columns (event_id is '<document id>:<n>'); returns how many events.

    Columns: event_id, event_date, event_type, sub_event_type, actor1, actor2, country, admin1, location,
    latitude, longitude, geo_precision, source, notes (the evidence sentence), fatalities, code,
    confidence, injured, arrested, date_precision, country_code, actor1_kind, actor2_kind, document_id.
    Unknown values are empty cells.
    """
    return _write_csv(event_rows(records), out, EVENT_COLUMNS)


@exporter("geojson")
def write_geojson(records: Iterable[Record], out: TextIO) -> int:
    """A FeatureCollection: one Point Feature per located event, properties as the csv columns.

    Events without coordinates are left out; returns how many Features were written.
    """
    out.write('{"type": "FeatureCollection", "features": [')
    written = 0
    for row in event_rows(records):
        if row["latitude"] is None or row["longitude"] is None:
            continue
        feature = {
            "type": "Feature",
            "id": row["event_id"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": row,
        }
        out.write(("\n" if written == 0 else ",\n") + _dumps(feature))
        written += 1
    out.write("\n]}\n")
    return written


@exporter("claims-csv")
def write_claims_csv(records: Iterable[Record], out: TextIO) -> int:
    """One row per claim: document_id, claim (its number), speaker, hedged, hedge, negated, event,
    text, status, start, end; returns how many claims.

    `event` is the claimed event's number in its document (csv event_id '<document id>:<event>');
    `status` is the analysts' verdict where the records come from the store, else empty.
    """
    return _write_csv(claim_rows(records), out, CLAIM_COLUMNS)
