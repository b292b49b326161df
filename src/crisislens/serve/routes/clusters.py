"""Canonical events across sources: list them, read one with its figure history, and let an analyst
split a report out, merge two events or set a verdict; every correction goes into the cluster audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import Field

from crisislens.errors import StoreError
from crisislens.serve.deps import Reader, StoreDep, Writer
from crisislens.serve.errors import ApiError
from crisislens.serve.models import MAX_INT, MAX_NOTE, ErrorBody, Input
from crisislens.serve.routes.filters import Offset
from crisislens.store import clusters

router = APIRouter(tags=["clusters"])
WRITE_ERRORS = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}}
ClusterId = Annotated[int, Path(ge=1, le=MAX_INT, description="A canonical event's id, from /api/clusters")]
Note = Annotated[str | None, Field(max_length=MAX_NOTE, description="Why: kept in the cluster audit")]


class SplitRequest(Input):
    document_id: str = Field(description="The report's document")
    ordinal: int | None = Field(None, ge=0, le=MAX_INT, description="One of its events only; all when absent")
    note: Note = None


class MergeRequest(Input):
    other: int = Field(ge=1, le=MAX_INT, description="The event whose reports move into this one; it disappears")
    note: Note = None


class StatusRequest(Input):
    status: str | None = Field(description="unverified, corroborated, disputed, confirmed, false; null clears it")
    note: Note = None


@router.get("/clusters")
def list_clusters(store: StoreDep, _user: Reader,
                  limit: Annotated[int, Query(ge=1, le=5000)] = 100,
                  offset: Offset = 0) -> dict[str, Any]:
    """Canonical events by date: code, place, fatalities best/low/high, independent sources, reports,
    duplicates, contradiction flags and status."""
    items = clusters.event_dicts(store.engine)
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


@router.get("/clusters/audit")
def cluster_audit(store: StoreDep, _user: Reader,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """Every split, merge and verdict, newest first: who, when, what, and the note."""
    return {"items": clusters.audit_entries(store.engine, limit=limit)}


@router.get("/clusters/{cluster_id}")
def get_cluster(cluster_id: ClusterId, store: StoreDep, _user: Reader) -> dict[str, Any]:
    """One canonical event with every figure each source reported, and when."""
    return {**found(store, cluster_id), "figures": clusters.figure_history(store.engine, cluster_id)}


@router.post("/clusters/{cluster_id}/split", responses=WRITE_ERRORS)
def split(cluster_id: ClusterId, change: SplitRequest, store: StoreDep, user: Writer) -> dict[str, Any]:
    """Take a report out of this event into a new one of its own, pinned there."""
    found(store, cluster_id)
    return corrected(lambda: clusters.split(store.engine, change.document_id, ordinal=change.ordinal,
                                            user=user.name, note=change.note))


@router.post("/clusters/{cluster_id}/merge", responses=WRITE_ERRORS)
def merge(cluster_id: ClusterId, change: MergeRequest, store: StoreDep, user: Writer) -> dict[str, Any]:
    """Move every report of another event into this one."""
    return corrected(lambda: clusters.merge(store.engine, cluster_id, change.other, user=user.name,
                                            note=change.note))


@router.patch("/clusters/{cluster_id}", responses=WRITE_ERRORS)
def set_status(cluster_id: ClusterId, change: StatusRequest, store: StoreDep, user: Writer) -> dict[str, Any]:
    """An analyst's verdict on the event; it always wins over the suggested one."""
    return corrected(lambda: clusters.set_status(store.engine, cluster_id, change.status, user=user.name,
                                                 note=change.note))


def found(store: Any, cluster_id: int) -> dict[str, Any]:
    items = clusters.event_dicts(store.engine, ids=[cluster_id])
    if not items:
        raise ApiError(404, f"no event {cluster_id}")
    return items[0]


def corrected(change: Any) -> dict[str, Any]:
    try:
        return {"ok": True, "audit": change()}
    except StoreError as exc:
        status = 404 if "does not exist" in exc.reason or "is in no event" in exc.reason else 422
        raise ApiError(status, str(exc)) from None
