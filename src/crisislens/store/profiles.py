"""Where each source usually reports from (resolve/source_profile.py), kept between runs.

    source_profiles    one row per counter entry of a SourceProfiles, keyed (source, kind, cc, admin1):
                       kind 'documents'  cc = admin1 = ''    how many of the source's documents taught
                       kind 'country'    admin1 = ''         how many of them named country cc
                       kind 'area'                           how many named a town or county in (cc, admin1)

`source` is the source_key() the profiles count under. The key columns hold '' rather than NULL, so
the primary key works on every backend. The table shares tables.Base's metadata; migrations/versions/
0004_source_profiles.py creates it. Store.load_profiles and Store.save_profiles call the functions here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import Integer, String, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crisislens.resolve.source_profile import SourceProfiles
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


def load(session: Session) -> SourceProfiles:
    """Every stored source's counters, as one SourceProfiles."""
    profiles = SourceProfiles()
    for row in session.scalars(select(ProfileRow)):
        if row.kind == DOCUMENTS:
            profiles.documents[row.source] = row.count
        elif row.kind == COUNTRY:
            profiles.countries[row.source][row.cc] = row.count
        elif row.kind == AREA:
            profiles.areas[row.source][(row.cc, row.admin1)] = row.count
    return profiles


def save(session: Session, profiles: SourceProfiles, *, sources: Iterable[str] | None = None) -> None:
    """Replace the rows of every source present in `profiles` (or only of `sources`); other sources' rows stay."""
    chosen = _sources(profiles) if sources is None else {key for key in sources if key}
    ordered = sorted(chosen)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        session.execute(delete(ProfileRow).where(ProfileRow.source.in_(chunk)))
    rows = (row for row in _rows(profiles) if row["source"] in chosen)
    while batch := list(islice(rows, CHUNK * 10)):
        session.execute(insert(ProfileRow), batch)


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
