"""Export the filtered events with a registered exporter: csv, geojson or jsonl (and claims-csv).

Exporters write whole Records, numbering events by their place in the Record; to keep every event id
'<document id>:<ordinal>' as stored, each matching document is written whole, then the per-event formats
keep only the matching events' rows or Features. jsonl and claims-csv keep every document with a match.

The query runs, and its first document is read, before the response starts: a failing query answers an
error status, not a 200 with a cut-off body. A failure after that aborts the connection (the server never
ends the chunked body), so a client sees a broken transfer, never a file that merely looks complete.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from itertools import chain
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from crisislens.export import EXPORTERS
from crisislens.records import Record
from crisislens.serve.deps import Reader, StoreDep
from crisislens.serve.errors import ApiError
from crisislens.serve.routes.filters import Filters
from crisislens.store import Store
from crisislens.store.queries import EventFilter, event_id, matching_events

router = APIRouter(tags=["export"])
MEDIA = {"csv": "text/csv", "claims-csv": "text/csv", "geojson": "application/geo+json",
         "jsonl": "application/x-ndjson"}
SUFFIX = {"csv": "csv", "claims-csv": "csv", "geojson": "geojson", "jsonl": "jsonl"}
BATCH = 200  # documents per query: keeps the IN (...) list far below every backend's parameter limit


def _records(store: Store, filters: EventFilter) -> Iterator[tuple[Record, set[str] | None]]:
    """Each document to write with the ids of its matching events (None: no filter, all of them)."""
    if filters == EventFilter():
        for record in store.records():
            yield record, None
        return
    matches = matching_events(store, filters)
    ids = sorted(matches)
    for start in range(0, len(ids), BATCH):
        for record in store.records(ids=ids[start:start + BATCH]):
            doc_id = record.document.id
            yield record, {event_id(doc_id, ordinal) for ordinal in matches.get(doc_id, ())}


def _started(items: Iterator[tuple[Record, set[str] | None]]) -> Iterator[tuple[Record, set[str] | None]]:
    """Run the query and read its first document now, while a failure can still be an error status."""
    first = next(items, None)
    return items if first is None else chain([first], items)


def _render(name: str, record: Record) -> str:
    out = io.StringIO()
    EXPORTERS[name]([record], out)
    return out.getvalue()


def _csv(name: str, items: Iterator[tuple[Record, set[str] | None]]) -> Iterator[str]:
    header_written = False
    for record, wanted in items:
        rows = list(csv.reader(io.StringIO(_render(name, record), newline="")))
        header, body = rows[0], rows[1:]
        if "event_id" in header and wanted is not None:
            column = header.index("event_id")
            body = [row for row in body if row[column] in wanted]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if not header_written:
            writer.writerow(header)
            header_written = True
        writer.writerows(body)
        yield out.getvalue()
    if not header_written:
        yield _empty_csv(name)


def _empty_csv(name: str) -> str:
    out = io.StringIO()
    EXPORTERS[name]([], out)
    return out.getvalue()


def _geojson(items: Iterator[tuple[Record, set[str] | None]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for record, wanted in items:
        for feature in json.loads(_render("geojson", record))["features"]:
            if wanted is None or feature["id"] in wanted:
                yield ("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
                first = False
    yield "\n]}\n"


def _jsonl(items: Iterator[tuple[Record, set[str] | None]]) -> Iterator[str]:
    for record, _wanted in items:
        yield _render("jsonl", record)


@router.get("/export", response_class=StreamingResponse,
            responses={200: {"content": {media: {} for media in set(MEDIA.values())},
                             "description": "The export, as an attachment"}})
def export(
    store: StoreDep,
    _user: Reader,
    filters: Filters,
    format: Annotated[str, Query(description=f"One of {', '.join(MEDIA)}")] = "csv",
) -> StreamingResponse:
    """The events matching the filters (as /api/events takes them) in a registered export format."""
    if format not in MEDIA or format not in EXPORTERS:
        raise ApiError(422, f"query.format: {format!r} is not one of {', '.join(n for n in MEDIA if n in EXPORTERS)}")
    items = _started(_records(store, filters))
    if format == "geojson":
        chunks = _geojson(items)
    elif format == "jsonl":
        chunks = _jsonl(items)
    else:
        chunks = _csv(format, items)
    headers = {"Content-Disposition": f'attachment; filename="crisislens-events.{SUFFIX[format]}"'}
    return StreamingResponse(chunks, media_type=MEDIA[format], headers=headers)
