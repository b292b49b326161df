"""Transactions that serialise the store's writers, on SQLite and PostgreSQL alike.

Saving a document reads what is stored (the same id or text, the LSH bands of earlier documents, the
clusters in its window) and writes from what it read, so two writers of the same or of related documents
must not interleave: on SQLite they met UNIQUE errors and left empty events, on PostgreSQL duplicate keys
and a repost that missed its original. `writing` takes one store-wide write lock per transaction:

    SQLite       BEGIN IMMEDIATE: the write lock at BEGIN, waiting up to BUSY_SECONDS for it. A deferred
                 BEGIN that reads and then writes fails at once when another writer committed meanwhile.
    PostgreSQL   pg_advisory_xact_lock(WRITE_LOCK), released at COMMIT; READ COMMITTED then sees what
                 the writer before committed.

Reads take no lock (WAL lets SQLite readers run beside the writer). The sqlite3 driver's own transaction
handling is switched off (`sqlite_events`) so that BEGIN is ours: it would not open a transaction before
DDL, leaving a killed migration half-applied (migrate.py), nor let us choose IMMEDIATE or EXCLUSIVE.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session

WRITE_LOCK = 0x63727377  # pg_advisory_xact_lock key for writers; migrate.MIGRATION_LOCK is another
BUSY_SECONDS = 120.0     # how long a SQLite writer waits for the lock: a whole batch of saves may be ahead


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that holds the write lock; commits on leaving, rolls back on error."""
    immediate = engine.execution_options(sqlite_begin="IMMEDIATE")
    with Session(immediate, expire_on_commit=False) as session, session.begin():
        if engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
        yield session


def sqlite_events(engine: Engine) -> None:
    """Our own BEGIN (DEFERRED, or the `sqlite_begin` execution option) and the pragmas, on every connection."""
    event.listen(engine, "connect", _connect)
    event.listen(engine, "begin", _begin)


def _connect(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # no implicit BEGIN/COMMIT by the driver: _begin emits BEGIN
    # WAL with synchronous=NORMAL keeps every committed document safe from a crash of the process
    # (only an OS crash may lose the last commits) while a commit costs no fsync: 1.6x faster saves.
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    _wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _wal(cursor: Any) -> None:
    """Switch a new database to WAL. The switch needs the database to itself and, while another process
    is opening the same new file, fails at once with 'database is locked' instead of waiting like other
    statements: so it is tried again, with a growing pause, for up to BUSY_SECONDS."""
    deadline, pause = time.monotonic() + BUSY_SECONDS, 0.01
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def _begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")
