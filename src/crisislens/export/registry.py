"""Exporters by name: built-ins register the way an extension would.

An exporter writes Records to a text stream and returns how many items it wrote (documents, events
or claims: its docstring says which). Options it accepts come as keywords after the stream.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from crisislens.records import Record

Exporter = Callable[[Iterable[Record], TextIO], int]
EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Register a writer under `name`, e.g. for `crisislens export --format NAME`."""

    def register(write: Exporter) -> Exporter:
        if EXPORTERS.setdefault(name, write) is not write:
            raise ValueError(f"exporter {name!r} is already registered")
        return write

    return register
