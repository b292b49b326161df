"""What clustering a document again needs (resolve/cluster.py): is it unchanged, where its reports were,
and its reposts brought along to wherever it goes now. Plain values in and out, as in clusters.py.

A rerun over stored news must change nothing: a document whose signature, reports and figures are all as
stored keeps its memberships untouched (the same events, scores and reasons). A changed one is placed
again, and its earlier events are offered back first, so an event keeps its id and analyst status.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisislens.store.cluster_tables import FigureRow, MemberRow, SignatureRow
from crisislens.store.clusters import member_of


def unchanged(session: Session, document_id: str, *, minhash: bytes, reports: list[dict[str, Any]],
              figures: list[dict[str, Any]], source: str | None, reported_at: datetime | None) -> bool:
    """Whether the document is clustered already from exactly this signature, these reports and figures."""
    stored = session.scalar(select(SignatureRow.minhash).where(SignatureRow.document_id == document_id))
    if stored is None or bytes(stored) != minhash:
        return False
    members = session.execute(select(MemberRow.ordinal, MemberRow.features)
                              .where(MemberRow.document_id == document_id)).all()
    if {ordinal: features for ordinal, features in members} != {r["ordinal"]: _plain(r) for r in reports}:
        return False
    rows = session.scalars(select(FigureRow).where(FigureRow.document_id == document_id).order_by(FigureRow.id))
    return [_figure_key(r) for r in rows] == [
        (f["kind"], f["value"], f["qualifier"], f["lead"], f["speaker"], source, reported_at, f["start"], f["end"],
         f["text"]) for f in figures]


def events_of(session: Session, document_id: str) -> list[int]:
    return sorted(set(session.scalars(select(MemberRow.canonical_event_id)
                                      .where(MemberRow.document_id == document_id))))


def reports_in(session: Session, cluster_id: int) -> int:
    """How many reports (not duplicates or facets) an event has."""
    return session.scalar(select(func.count()).select_from(MemberRow).where(
        MemberRow.canonical_event_id == cluster_id, MemberRow.role == "report")) or 0


def rehome_reposts(session: Session, document_id: str) -> set[int]:
    """Move the unpinned duplicates of this document's reposts to the events it is in now; returns every
    event that lost or gained one (to refresh). Without it, an original placed again leaves its reposts in
    its old event, which then has no source."""
    reposts = select(SignatureRow.document_id).where(SignatureRow.duplicate_of == document_id)
    touched: set[int] = set()
    for member in session.scalars(select(MemberRow).where(MemberRow.document_id.in_(reposts),
                                                          MemberRow.role == "duplicate", MemberRow.pinned.is_(False))):
        target = member_of(session, document_id, member.ordinal) or member_of(session, document_id)
        if target is not None and target != member.canonical_event_id:
            touched |= {member.canonical_event_id, target}
            member.canonical_event_id = target
    session.flush()
    return touched


def _plain(report: dict[str, Any]) -> Any:
    """A report as its JSON column gives it back (tuples become lists)."""
    return json.loads(json.dumps(report))


def _figure_key(row: FigureRow) -> tuple:
    return (row.kind, row.value, row.qualifier, row.lead, row.speaker, row.source, row.reported_at,
            row.evidence_start, row.evidence_end, row.evidence_text)
