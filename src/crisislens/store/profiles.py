"""Where each source usually reports from (resolve/source_profile.py), kept between runs.

    source_profiles    one row per counter entry of a SourceProfiles, keyed (source, kind, cc, admin1):
                       kind 'documents'  cc = admin1 = ''    how many of the source's documents taught
                       kind 'country'    admin1 = ''         how many of them named country cc
                       kind 'area'                           how many named a town or county in (cc, admin1)

    source_profile_documents   one row per document learnt with its text (a Lesson), keyed by its text hash:
                               the countries and [cc, admin1] areas it named

`source` is the source_key() the profiles count under. The key columns hold '' rather than NULL, so
the primary key works on every backend. A source's counts are its source_profiles rows (what was learnt
without texts, and everything learnt before migration 0005) plus its lessons. Each lesson is upserted on
its own row, so two runs over the same documents count each once, and concurrent runs over different
documents of one source both keep theirs (the database merges them; nobody overwrites a whole source).
The tables share tables.Base's metadata; migrations/versions/0004_source_profiles.py and
0005_resume_and_lessons.py create them. Store.load_profiles and Store.save_profiles call the functions here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import JSON, Integer, String, delete, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from crisislens.records import Record, text_hash
from crisislens.resolve.source_profile import Lesson, SourceProfiles, lesson_of
from crisislens.store.tables import Base

DOCUMENTS, COUNTRY, AREA = "documents", "country", "area"
CHUNK = 500  # sources per DELETE … IN (…): far below every backend's limit on bound parameters


class ProfileRow(Base):
    __tablename__ = "source_profiles"

    source: Mapped[str] = mapped_column(String, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    cc: Mapped[str] = mapped_column(String, primary_key=True, server_default="")
    admin1: Mapped[str] = mapped_column(String, primary_key=True, server_default="")
    count: Mapped[int] = mapped_column(Integer)


class LessonRow(Base):
    __tablename__ = "source_profile_documents"

    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String, index=True)
    countries: Mapped[list[str]] = mapped_column(JSON)
    areas: Mapped[list[list[str]]] = mapped_column(JSON)


def load(session: Session) -> SourceProfiles:
    """Every stored source's counters, as one SourceProfiles, with the lessons behind them."""
    profiles = SourceProfiles()
    for row in session.scalars(select(ProfileRow)):
        if row.kind == DOCUMENTS:
            profiles.documents[row.source] += row.count
        elif row.kind == COUNTRY:
            profiles.countries[row.source][row.cc] += row.count
        elif row.kind == AREA:
            profiles.areas[row.source][(row.cc, row.admin1)] += row.count
    for row in session.scalars(select(LessonRow)):
        lesson = Lesson(row.source, frozenset(row.countries), frozenset(tuple(area) for area in row.areas))
        profiles.lessons[row.text_hash] = lesson
        profiles.count(lesson)
    return profiles


def keep_lesson(session: Session, record: Record) -> None:
    """A stored document's lesson, written in the transaction that stores the document: a run killed right
    after it still has it counted, so a rerun that skips the document finds its source's profile as a clean
    run left it. The end of a run then saves it again, unchanged."""
    lesson = lesson_of(record.document.source, record.places)
    if lesson is not None:
        _upsert(session, LessonRow, [_lesson_row(text_hash(record.document.text), lesson)], keys=["text_hash"],
                columns=["source", "countries", "areas"])


def save(session: Session, profiles: SourceProfiles, *, sources: Iterable[str] | None = None) -> list[str]:
    """Keep the fresh lessons of every source present in `profiles` (or only of `sources`), and make its
    counts learnt without texts what `profiles` says; other sources' rows stay. Returns the lessons'
    text hashes, no longer fresh once the transaction commits."""
    chosen = _sources(profiles) if sources is None else {key for key in sources if key}
    fresh = sorted(d for d in profiles.fresh if d in profiles.lessons and profiles.lessons[d].source in chosen)
    for start in range(0, len(fresh), CHUNK):
        _upsert(session, LessonRow, [_lesson_row(d, profiles.lessons[d]) for d in fresh[start:start + CHUNK]],
                keys=["text_hash"], columns=["source", "countries", "areas"])
    _save_counts(session, _without_lessons(profiles), chosen)
    return fresh


def _save_counts(session: Session, counts: SourceProfiles, chosen: set[str]) -> None:
    """Upsert the chosen sources' counter rows, then delete their rows no longer counted. Upserts, not
    delete-then-insert: two runs saving one source at once must not both insert the same key."""
    rows = [row for row in _rows(counts) if row["source"] in chosen]
    for start in range(0, len(rows), CHUNK):
        _upsert(session, ProfileRow, rows[start:start + CHUNK], keys=["source", "kind", "cc", "admin1"],
                columns=["count"])
    kept = {(r["source"], r["kind"], r["cc"], r["admin1"]) for r in rows}
    ordered = sorted(chosen)
    for start in range(0, len(ordered), CHUNK):
        stored = session.execute(select(ProfileRow.source, ProfileRow.kind, ProfileRow.cc, ProfileRow.admin1)
                                 .where(ProfileRow.source.in_(ordered[start:start + CHUNK]))).all()
        gone = [tuple(key) for key in stored if tuple(key) not in kept]
        for first in range(0, len(gone), CHUNK):
            columns = tuple_(ProfileRow.source, ProfileRow.kind, ProfileRow.cc, ProfileRow.admin1)
            session.execute(delete(ProfileRow).where(columns.in_(gone[first:first + CHUNK])))


def _upsert(session: Session, table: type[Base], rows: list[dict[str, Any]], *, keys: list[str],
            columns: list[str]) -> None:
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(rows)
    session.execute(statement.on_conflict_do_update(
        index_elements=keys, set_={name: statement.excluded[name] for name in columns}))


def _lesson_row(digest: str, lesson: Lesson) -> dict[str, Any]:
    return {"text_hash": digest, "source": lesson.source, "countries": sorted(lesson.countries),
            "areas": [list(area) for area in sorted(lesson.areas)]}


def _without_lessons(profiles: SourceProfiles) -> SourceProfiles:
    """The counts learnt without texts: every count less what the lessons account for."""
    rest = profiles.copy()
    for lesson in profiles.lessons.values():
        rest.count(lesson, -1)
    return rest


def _sources(profiles: SourceProfiles) -> set[str]:
    keys = set(profiles.documents) | set(profiles.countries) | set(profiles.areas)
    return {key for key in keys if key}


def _rows(profiles: SourceProfiles) -> Iterator[dict[str, Any]]:
    for source, count in profiles.documents.items():
        if source and count:
            yield {"source": source, "kind": DOCUMENTS, "cc": "", "admin1": "", "count": count}
    for source, countries in profiles.countries.items():
        for cc, count in countries.items():
            if source and cc and count:
                yield {"source": source, "kind": COUNTRY, "cc": cc, "admin1": "", "count": count}
    for source, areas in profiles.areas.items():
        for (cc, admin1), count in areas.items():
            if source and cc and admin1 and count:
                yield {"source": source, "kind": AREA, "cc": cc, "admin1": admin1, "count": count}
