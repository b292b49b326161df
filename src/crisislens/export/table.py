"""The exporter for people: a Rich table of events in the terminal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from rich.console import Console
from rich.table import Table

from crisislens.export.registry import exporter
from crisislens.records import Event, Record


def snippet(text: str, limit: int) -> str:
    """The text on one line, cut at a word boundary to at most `limit` characters, '…' marking a cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] if " " in flat[: limit - 1] else flat[: limit - 1]
    return cut + "…"


def _where(event: Event) -> str:
    location = event.location
    if location is None:
        return ""
    return f"{location.name}, {location.country_code}" if location.country_code else location.name


def _actors(event: Event) -> str:
    names = [actor.name for actor in (event.actor1, event.actor2) if actor is not None]
    return " vs ".join(names)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@exporter("table")
def write_table(
    records: Iterable[Record], out: TextIO, *, width: int | None = None, evidence: int = 60
) -> int:
    """A table to read: one row per event (date, code, location, actors, fatalities, evidence cut to
    `evidence` characters); returns how many events. Colour only when `out` is a terminal.
    """
    table = Table(title="Events")
    table.add_column("Date", no_wrap=True)
    table.add_column("Code", no_wrap=True)  # a cut code reads as another code
    table.add_column("Location")
    table.add_column("Actors")
    table.add_column("Killed", justify="right")
    table.add_column("Evidence", ratio=1)
    documents = events = 0
    for record in records:
        documents += 1
        for event in record.events:
            killed = "" if event.fatalities is None else str(event.fatalities)
            table.add_row(
                event.date.isoformat() if event.date else "",
                event.code,
                _where(event),
                _actors(event),
                killed,
                snippet(event.evidence.text, evidence),
            )
            events += 1
    table.caption = f"{_plural(events, 'event')} from {_plural(documents, 'document')}"
    Console(file=out, width=width).print(table)
    return events
