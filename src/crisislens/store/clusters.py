"""Across documents: signatures and duplicate links, canonical events, who belongs where and why, figures, flags.

    document_signatures  one per document: its MinHash, and `duplicate_of` when it reposts an earlier one
    signature_bands      (band, key) → document: the LSH index, queried for a new document's candidates
    canonical_events     one per real-world event: best-supported code, date, place; fatalities best/low/high
    cluster_members      (document, event ordinal) → canonical event, with the score and reasons of the merge;
                         ordinal -1 stands for a document without extracted events; `pinned` by an analyst
    figure_history       every figure each document reported: kind, value, qualifier, speaker, when, sentence
    event_flags          contradictions on a canonical event: counts, codes, denials, counter-claims
    cluster_audit        who split, merged or set the status of what, and when

An analyst's split, merge or status change holds the store's write lock (locks.py), as extraction does.
The tables share tables.Base's metadata; migrations/versions/0003_clusters.py creates them. Rows never
leave store/: resolve/cluster.py decides, and this module reads and writes for it, returning plain dicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    and_,
    delete,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from crisislens.store.cluster_tables import (
    BandRow,
    CanonicalEventRow,
    ClusterAuditRow,
    FigureRow,
    FlagRow,
    MemberRow,
    SignatureRow,
)
from crisislens.store.locks import writing


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --- signatures -------------------------------------------------------------------------------------------

def band_matches(session: Session, document_id: str, keys: list[int]) -> list[tuple[str, bytes, str | None]]:
    """Documents sharing a band key with these keys: (id, minhash, its own duplicate_of)."""
    pairs = [(band, int(key)) for band, key in enumerate(keys)]
    ids = select(BandRow.document_id).where(tuple_(BandRow.band, BandRow.key).in_(pairs),
                                            BandRow.document_id != document_id).distinct()
    rows = session.execute(select(SignatureRow.document_id, SignatureRow.minhash, SignatureRow.duplicate_of)
                           .where(SignatureRow.document_id.in_(ids)).order_by(SignatureRow.document_id))
    return [tuple(row) for row in rows]


def save_signature(session: Session, document_id: str, *, minhash: bytes, keys: list[int],
                   duplicate_of: str | None, similarity: float | None) -> None:
    session.add(SignatureRow(document_id=document_id, minhash=minhash, duplicate_of=duplicate_of,
                             similarity=similarity))
    session.add_all(BandRow(document_id=document_id, band=band, key=int(key)) for band, key in enumerate(keys))


def forget_document(session: Session, document_id: str) -> tuple[dict[int, int], dict[int, int], set[int]]:
    """Drop a document's signature, figures and memberships before it is assigned again.

    Returns the pinned placements to keep and the unpinned ones to offer back (each ordinal → canonical
    event), and the events it belonged to.
    """
    members = session.scalars(select(MemberRow).where(MemberRow.document_id == document_id)).all()
    pinned = {m.ordinal: m.canonical_event_id for m in members if m.pinned}
    earlier = {m.ordinal: m.canonical_event_id for m in members if not m.pinned}
    touched = {m.canonical_event_id for m in members}
    for table in (SignatureRow, BandRow, FigureRow, MemberRow):
        session.execute(delete(table).where(table.document_id == document_id)
                        .execution_options(synchronize_session=False))
    return pinned, earlier, touched


def save_figures(session: Session, document_id: str, figures: Iterable[dict[str, Any]], *, source: str | None,
                 reported_at: datetime | None) -> None:
    session.add_all(FigureRow(document_id=document_id, kind=f["kind"], value=f["value"], qualifier=f["qualifier"],
                              lead=f["lead"], speaker=f["speaker"], source=source, reported_at=reported_at,
                              evidence_start=f["start"], evidence_end=f["end"], evidence_text=f["text"])
                    for f in figures)


# --- membership --------------------------------------------------------------------------------------------

def member_of(session: Session, document_id: str, ordinal: int | None = None) -> int | None:
    """The canonical event of a document's event (ordinal), or of its first placed report."""
    query = select(MemberRow.canonical_event_id).where(MemberRow.document_id == document_id)
    if ordinal is not None:
        query = query.where(MemberRow.ordinal == ordinal)
    return session.scalar(query.order_by(MemberRow.role != "report", MemberRow.ordinal).limit(1))


def candidates(session: Session, *, lo: date | None, hi: date | None, window_days: int,
               country: str | None) -> dict[int, list[dict[str, Any]]]:
    """Blocking: clusters whose date span lies within the window of [lo, hi] (undated: same country only),
    with their members' features (duplicates and facets left out: they add no independent evidence)."""
    if lo is not None and hi is not None:
        near = and_(CanonicalEventRow.date_hi >= lo - timedelta(days=window_days),
                    CanonicalEventRow.date_lo <= hi + timedelta(days=window_days))
        condition = or_(near, CanonicalEventRow.date_lo.is_(None))
    else:
        condition = CanonicalEventRow.country_code == country if country else CanonicalEventRow.id.is_(None)
    ids = select(CanonicalEventRow.id).where(condition)
    rows = session.execute(select(MemberRow.canonical_event_id, MemberRow.features)
                           .where(MemberRow.canonical_event_id.in_(ids), MemberRow.role == "report")
                           .order_by(MemberRow.canonical_event_id, MemberRow.document_id, MemberRow.ordinal))
    found: dict[int, list[dict[str, Any]]] = {}
    for cluster_id, features in rows:
        found.setdefault(cluster_id, []).append(features)
    return found


def new_event(session: Session) -> int:
    row = CanonicalEventRow(updated_at=now(), sources=0, suggested_status="unverified")
    session.add(row)
    session.flush()
    return row.id


def add_member(session: Session, report: dict[str, Any], *, cluster_id: int, role: str, score: float,
               reasons: list[str], pinned: bool = False) -> None:
    session.add(MemberRow(document_id=report["document_id"], ordinal=report["ordinal"], canonical_event_id=cluster_id,
                          role=role, score=score, reasons=reasons, pinned=pinned, features=report,
                          assigned_at=now()))
    session.flush()


# --- canonical events --------------------------------------------------------------------------------------

def _figure_dict(row: FigureRow) -> dict[str, Any]:
    return {"document_id": row.document_id, "kind": row.kind, "value": row.value, "qualifier": row.qualifier,
            "lead": row.lead, "speaker": row.speaker, "source": row.source,
            "reported_at": row.reported_at.isoformat() if row.reported_at else None,
            "evidence": {"text": row.evidence_text, "start": row.evidence_start, "end": row.evidence_end}}


def _members(session: Session, cluster_id: int) -> list[MemberRow]:
    return list(session.scalars(select(MemberRow).where(MemberRow.canonical_event_id == cluster_id)
                                .order_by(MemberRow.document_id, MemberRow.ordinal)))


def refresh(session: Session, cluster_id: int) -> None:
    """Recompute a canonical event from its members; an event left without members is deleted."""
    from crisislens.resolve.cluster_canon import summarise

    row = session.get(CanonicalEventRow, cluster_id)
    members = _members(session, cluster_id)
    if row is None:
        return
    if not members:
        session.delete(row)
        session.flush()
        return
    documents = sorted({m.document_id for m in members})
    # Only the figures a summary reads: each report's lead figures and any "between X and Y" range. A long
    # round-up has thousands of figures, and every one of its events would load them all.
    wanted = or_(FigureRow.lead.is_(True), FigureRow.qualifier.like("between %"))
    figures = [_figure_dict(f) for f in session.scalars(
        select(FigureRow).where(FigureRow.document_id.in_(documents), wanted).order_by(FigureRow.id))]
    summary = summarise([{**m.features, "role": m.role} for m in members], figures)
    place = summary["place"] or {}
    row.code, row.event_type = summary["code"], summary["event_type"]
    row.date = date.fromisoformat(summary["date"]) if summary["date"] else None
    row.date_precision = summary["date_precision"]
    row.date_lo = date.fromisoformat(summary["date_lo"]) if summary["date_lo"] else None
    row.date_hi = date.fromisoformat(summary["date_hi"]) if summary["date_hi"] else None
    row.location_name, row.lat, row.lon = place.get("name"), place.get("lat"), place.get("lon")
    row.country_code, row.geonameid, row.geo_precision = place.get("country"), place.get("geonameid"), \
        place.get("precision")
    row.fatalities_best, row.fatalities_low = summary["fatalities_best"], summary["fatalities_low"]
    row.fatalities_high, row.sources = summary["fatalities_high"], summary["sources"]
    row.suggested_status, row.updated_at = summary["suggested_status"], now()
    session.execute(delete(FlagRow).where(FlagRow.canonical_event_id == cluster_id))
    session.add_all(FlagRow(canonical_event_id=cluster_id, **flag) for flag in summary["flags"])
    session.flush()


def _audit(session: Session, *, user: str, action: str, ids: list[int], document_id: str | None,
           detail: dict[str, Any], note: str | None) -> dict[str, Any]:
    row = ClusterAuditRow(at=now(), user_name=user, action=action, canonical_event_ids=ids, document_id=document_id,
                          detail=detail, note=note or None)
    session.add(row)
    session.flush()
    return {"id": row.id, "at": row.at.replace(tzinfo=UTC).isoformat(), "user": user, "action": action,
            "canonical_event_ids": ids, "document_id": document_id, "detail": detail, "note": row.note}


def split(engine, document_id: str, *, user: str, ordinal: int | None = None, note: str | None = None
          ) -> dict[str, Any]:
    """Take a document's reports (or one, by event ordinal) out of their event into a new one, pinned there."""
    from crisislens.errors import StoreError

    with writing(engine) as session:
        query = select(MemberRow).where(MemberRow.document_id == document_id)
        if ordinal is not None:
            query = query.where(MemberRow.ordinal == ordinal)
        moving = session.scalars(query).all()
        if not moving:
            raise StoreError(document_id, "is in no event" if ordinal is None else f"has no event number {ordinal}")
        old = sorted({m.canonical_event_id for m in moving})
        target = new_event(session)
        for member in moving:
            member.reasons = [f"split out of event {member.canonical_event_id} by {user}"]
            member.canonical_event_id, member.pinned, member.score = target, True, 1.0
        session.flush()
        for cluster_id in [*old, target]:
            refresh(session, cluster_id)
        return _audit(session, user=user, action="split", ids=[*old, target], document_id=document_id,
                      detail={"from": old, "to": target, "ordinals": [m.ordinal for m in moving]}, note=note)


def merge(engine, keep: int, other: int, *, user: str, note: str | None = None) -> dict[str, Any]:
    """Move every report of event `other` into event `keep`, pinned there; `other` disappears."""
    from crisislens.errors import StoreError

    with writing(engine) as session:
        for cluster_id in (keep, other):
            if session.get(CanonicalEventRow, cluster_id) is None:
                raise StoreError(f"event {cluster_id}", "does not exist")
        if keep == other:
            raise StoreError(f"event {keep}", "cannot be merged with itself")
        moved = []
        for member in _members(session, other):
            member.canonical_event_id, member.pinned = keep, True
            member.reasons = [f"merged from event {other} by {user}", *member.reasons]
            moved.append(f"{member.document_id}:{member.ordinal}")
        for member in _members(session, keep):
            member.pinned = True
        session.flush()
        refresh(session, other)
        refresh(session, keep)
        return _audit(session, user=user, action="merge", ids=[keep, other], document_id=None,
                      detail={"into": keep, "from": other, "moved": moved}, note=note)


def set_status(engine, cluster_id: int, status: str | None, *, user: str, note: str | None = None
               ) -> dict[str, Any]:
    """An analyst's verdict on a canonical event (None clears it, so the suggestion shows again)."""
    from crisislens.errors import StoreError
    from crisislens.store.access import STATUSES

    if status is not None and status not in STATUSES:
        raise StoreError(f"event {cluster_id}", f"unknown status {status!r}; choose one of {', '.join(STATUSES)}")
    with writing(engine) as session:
        row = session.get(CanonicalEventRow, cluster_id)
        if row is None:
            raise StoreError(f"event {cluster_id}", "does not exist")
        before, row.analyst_status = row.analyst_status, status
        return _audit(session, user=user, action="status", ids=[cluster_id], document_id=None,
                      detail={"from": before, "to": status}, note=note)


def event_dicts(engine, *, ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Canonical events, by date then id: fields, report and duplicate ids, flags, status, members' reasons."""
    with Session(engine) as session:
        query = select(CanonicalEventRow).order_by(CanonicalEventRow.date.is_(None), CanonicalEventRow.date,
                                                   CanonicalEventRow.id)
        if ids is not None:
            query = query.where(CanonicalEventRow.id.in_(ids))
        rows = session.scalars(query).all()
        keys = [r.id for r in rows]
        members: dict[int, list[MemberRow]] = {}
        for m in session.scalars(select(MemberRow).where(MemberRow.canonical_event_id.in_(keys))
                                 .order_by(MemberRow.document_id, MemberRow.ordinal)):
            members.setdefault(m.canonical_event_id, []).append(m)
        flags: dict[int, list[FlagRow]] = {}
        for f in session.scalars(select(FlagRow).where(FlagRow.canonical_event_id.in_(keys)).order_by(FlagRow.id)):
            flags.setdefault(f.canonical_event_id, []).append(f)
        return [_event_dict(r, members.get(r.id, []), flags.get(r.id, [])) for r in rows]


def _event_dict(row: CanonicalEventRow, members: list[MemberRow], flags: list[FlagRow]) -> dict[str, Any]:
    reports = sorted({m.document_id for m in members if m.role != "duplicate"})
    return {
        "id": row.id, "code": row.code, "event_type": row.event_type,
        "date": row.date.isoformat() if row.date else None, "date_precision": row.date_precision,
        "location": None if row.location_name is None else {
            "name": row.location_name, "lat": row.lat, "lon": row.lon, "country_code": row.country_code,
            "geonameid": row.geonameid, "precision": row.geo_precision},
        "fatalities": {"best": row.fatalities_best, "low": row.fatalities_low, "high": row.fatalities_high},
        "sources": row.sources, "report_ids": reports,
        "duplicate_ids": sorted({m.document_id for m in members if m.role == "duplicate"}),
        "flags": [{"kind": f.kind, "detail": f.detail, "document_ids": f.document_ids} for f in flags],
        "status": row.analyst_status or row.suggested_status, "suggested_status": row.suggested_status,
        "analyst_status": row.analyst_status,
        "members": [{"document_id": m.document_id, "ordinal": m.ordinal, "role": m.role, "score": m.score,
                     "reasons": m.reasons, "pinned": m.pinned} for m in members],
    }


def figure_history(engine, cluster_id: int) -> list[dict[str, Any]]:
    """Every figure the event's reports gave, oldest report first: who said how many, when, in which sentence."""
    with Session(engine) as session:
        documents = select(MemberRow.document_id).where(MemberRow.canonical_event_id == cluster_id)
        duplicates = {d for (d,) in session.execute(select(SignatureRow.document_id).where(
            SignatureRow.document_id.in_(documents), SignatureRow.duplicate_of.is_not(None)))}
        rows = session.scalars(select(FigureRow).where(FigureRow.document_id.in_(documents))
                               .order_by(FigureRow.reported_at.is_(None), FigureRow.reported_at, FigureRow.id))
        return [{**_figure_dict(r), "duplicate": r.document_id in duplicates} for r in rows]


def audit_entries(engine, *, limit: int = 100) -> list[dict[str, Any]]:
    with Session(engine) as session:
        rows = session.scalars(select(ClusterAuditRow).order_by(ClusterAuditRow.id.desc()).limit(limit))
        return [{"id": r.id, "at": r.at.replace(tzinfo=UTC).isoformat(), "user": r.user_name, "action": r.action,
                 "canonical_event_ids": r.canonical_event_ids, "document_id": r.document_id, "detail": r.detail,
                 "note": r.note} for r in rows]


def duplicate_links(engine) -> dict[str, str]:
    with Session(engine) as session:
        return dict(session.execute(select(SignatureRow.document_id, SignatureRow.duplicate_of)
                                    .where(SignatureRow.duplicate_of.is_not(None))).all())


def placements(engine) -> dict[str, int]:
    """Each document's event: where its first report (lowest ordinal that is not a facet) sits."""
    with Session(engine) as session:
        rows = session.execute(select(MemberRow.document_id, MemberRow.canonical_event_id)
                               .order_by(MemberRow.document_id, MemberRow.role == "facet", MemberRow.ordinal))
        found: dict[str, int] = {}
        for document_id, cluster_id in rows:
            found.setdefault(document_id, cluster_id)
        return found


def existing(session: Session, cluster_id: int) -> bool:
    return session.get(CanonicalEventRow, cluster_id) is not None
