"""Store: saves Records and gives them back. One document, one transaction.

    with Store.open("sqlite:///crisis.sqlite") as store:     # or postgresql+psycopg://user@host/db
        doc_id = store.save(record)                          # re-saving the same document replaces it
        for record in store.records(since=date(2022, 1, 1)):
            ...

A document is "the same" when it has the same id or the same text (sha256): its extracted items are
replaced, never duplicated, and a claim whose text recurs keeps the verification status analysts gave it.
It also keeps, between runs, where each source usually reports from (load_profiles, save_profiles; profiles.py),
and which pipeline version extracted each document, so a rerun skips what is current (current).
Writers are serialised (locks.py): concurrent processes saving the same documents end as one would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, func, insert, or_, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from crisislens.errors import StoreError
from crisislens.records import Record, text_hash
from crisislens.resolve.source_profile import SourceProfiles
from crisislens.store import profiles as source_profiles
from crisislens.store.convert import child_values, document_values, record_from, utc
from crisislens.store.locks import BUSY_SECONDS, sqlite_events, writing
from crisislens.store.migrate import upgrade
from crisislens.store.tables import CHILD_TABLES, ClaimRow, DocumentRow
from crisislens.version import pipeline_version

ErrorHandler = Callable[[str, StoreError], None]
UNVERIFIED = "unverified"
_CHILDREN = ("entities", "places", "times", "events", "quotes", "claims")
CHUNK = 500  # values per IN (…): far below every backend's limit on bound parameters


class Store:
    """Records in a SQL database (SQLite or PostgreSQL), schema kept current by Alembic."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect, creating a SQLite file's folder if needed, and upgrade the schema to the newest."""
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            _make_parent(parsed.database)
            engine = create_engine(parsed, connect_args={"timeout": BUSY_SECONDS})
            sqlite_events(engine)
        else:
            engine = create_engine(parsed)
        try:
            upgrade(engine)
        except DBAPIError as exc:
            engine.dispose()
            where = parsed.render_as_string(hide_password=True)
            raise StoreError(where, f"cannot open the database: {_reason(exc)}") from exc
        return cls(engine)

    def save(self, record: Record) -> str:
        """Save one Record in its own transaction; returns the id it is stored under.

        That is the Record's id, unless the same text is already stored under another id, which is kept.
        Raises StoreError, with nothing of this document changed, when the database refuses it.
        """
        try:
            with self.writing() as session:
                return self.save_in(session, record)
        except DBAPIError as exc:
            raise StoreError(record.document.id, _reason(exc)) from exc

    def save_in(self, session: Session, record: Record) -> str:
        """save() inside a transaction of writing(), so a caller can add its own writes to it."""
        document = record.document
        values = document_values(document, extracted_at=datetime.now(UTC).replace(tzinfo=None))
        values["pipeline_version"] = pipeline_version()
        row, statuses = self._replace(session, document.id, values)
        for table, rows in child_values(record, row.id).items():
            if table is ClaimRow:
                rows = [{**claim, "status": statuses.get(claim["text"], UNVERIFIED)} for claim in rows]
            if rows:
                session.execute(insert(table), rows)
        source_profiles.keep_lesson(session, record)
        return row.id

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in one transaction holding the store's write lock (locks.py); commits on leaving."""
        with writing(self.engine) as session:
            yield session

    def current(self, text_hashes: Iterable[str]) -> set[str]:
        """Those of the given text hashes (sha256, as text_hash) whose document is stored by this very
        pipeline version: what a rerun may skip."""
        wanted = sorted(set(text_hashes))
        found: set[str] = set()
        with self._sessions() as session:
            for start in range(0, len(wanted), CHUNK):
                found.update(session.scalars(select(DocumentRow.text_hash).where(
                    DocumentRow.text_hash.in_(wanted[start:start + CHUNK]),
                    DocumentRow.pipeline_version == pipeline_version())))
        return found

    def save_all(self, records: Iterable[Record], *, on_error: ErrorHandler | None = None) -> int:
        """Save each record in turn; a failing one rolls back alone, and without on_error raises."""
        saved = 0
        for record in records:
            try:
                self.save(record)
            except StoreError as exc:
                if on_error is None:
                    raise
                on_error(record.document.id, exc)
            else:
                saved += 1
        return saved

    def records(
        self,
        *,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        source: str | None = None,
        ids: Sequence[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
        batch_size: int = 100,
    ) -> Iterator[Record]:
        """Stored Records, oldest published first (undated last), ties by id; lazily, in batches.

        since/until bound the publication time (UTC) inclusively; a date `until` includes that whole day.
        Each Record's extras holds {"claim_status": (status of each claim, in order)}.
        """
        query = select(DocumentRow).options(*(selectinload(getattr(DocumentRow, n)) for n in _CHILDREN))
        for condition in _filters(since=since, until=until, source=source, ids=ids):
            query = query.where(condition)
        query = query.order_by(DocumentRow.published_utc.is_(None), DocumentRow.published_utc, DocumentRow.id)
        query = query.offset(offset).limit(limit).execution_options(yield_per=batch_size)
        with self._sessions() as session:
            for row in session.scalars(query):
                yield record_from(row)

    def count_documents(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(DocumentRow)) or 0

    def set_claim_status(self, document_id: str, claim: int, status: str) -> None:
        """Record an analyst's verdict on claim number `claim` (its position in Record.claims)."""
        with self.writing() as session:
            result = session.execute(
                update(ClaimRow)
                .where(ClaimRow.document_id == document_id, ClaimRow.ordinal == claim)
                .values(status=status)
            )
            if result.rowcount == 0:
                raise StoreError(document_id, f"has no claim number {claim}")

    def load_profiles(self) -> SourceProfiles:
        """What every source's stored documents taught about where it reports from (empty: nothing yet)."""
        try:
            with self._sessions() as session:
                return source_profiles.load(session)
        except DBAPIError as exc:
            raise StoreError("source profiles", f"cannot be read: {_reason(exc)}") from exc

    def save_profiles(self, profiles: SourceProfiles, *, sources: Iterable[str] | None = None) -> None:
        """Keep, in one transaction, what `profiles` learnt of every source in it (or of `sources` only):
        each document learnt with its text is one row, upserted, so documents counted before count once
        and what concurrent runs learnt all stays; counts learnt without texts replace the stored ones
        (a source in `sources` but absent from `profiles` loses those)."""
        try:
            with self.writing() as session:
                kept = source_profiles.save(session, profiles, sources=sources)
            profiles.fresh.difference_update(kept)  # only once committed: a failed save is tried again
        except DBAPIError as exc:
            raise StoreError("source profiles", f"cannot be saved: {_reason(exc)}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _replace(self, session: Session, document_id: str, values: dict[str, Any]) -> tuple[DocumentRow, dict]:
        """The document's row, new or updated, its old children deleted; and the old claims' statuses."""
        same = session.scalars(
            select(DocumentRow).where(or_(DocumentRow.id == document_id, DocumentRow.text_hash == values["text_hash"]))
        ).all()
        by_id = next((row for row in same if row.id == document_id), None)
        by_text = next((row for row in same if row.id != document_id), None)
        if by_id is not None and by_text is not None:
            raise StoreError(document_id, f"its new text is already stored as document {by_text.id!r}")
        row = by_id or by_text
        if row is None:
            row = DocumentRow(id=document_id, **values)
            session.add(row)
            session.flush()
            return row, {}
        statuses = dict(
            session.execute(
                select(ClaimRow.text, ClaimRow.status)
                .where(ClaimRow.document_id == row.id, ClaimRow.status != UNVERIFIED)
                .order_by(ClaimRow.ordinal.desc())  # the first claim with a text wins
            ).all()
        )
        for table in CHILD_TABLES:
            session.execute(
                delete(table).where(table.document_id == row.id).execution_options(synchronize_session=False)
            )
        for name, value in values.items():
            setattr(row, name, value)
        session.flush()
        return row, statuses


def _filters(
    *,
    since: date | datetime | None,
    until: date | datetime | None,
    source: str | None,
    ids: Sequence[str] | None,
) -> list[Any]:
    conditions = []
    if since is not None:
        conditions.append(DocumentRow.published_utc >= utc(since))
    if until is not None:
        if isinstance(until, datetime):
            conditions.append(DocumentRow.published_utc <= utc(until))
        else:
            conditions.append(DocumentRow.published_utc < utc(until + timedelta(days=1)))
    if source is not None:
        conditions.append(DocumentRow.source == source)
    if ids is not None:
        conditions.append(DocumentRow.id.in_(list(ids)))
    return conditions


def _make_parent(database: str | None) -> None:
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _reason(exc: DBAPIError) -> str:
    """The driver's message, first line only: StoreError's str() is one line."""
    return (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]


__all__ = ["ErrorHandler", "Store", "text_hash"]
