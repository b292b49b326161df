"""Claims and their verification: list by status, set a status with a note, read the audit log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from crisislens.errors import StoreError
from crisislens.serve.deps import Reader, StoreDep, Writer
from crisislens.serve.errors import ApiError
from crisislens.serve.models import AuditPage, ClaimPage, ClaimPublic, ClaimStatus, ClaimUpdate, ErrorBody
from crisislens.serve.routes.events import parse_id
from crisislens.serve.routes.filters import Offset
from crisislens.store import access, queries

router = APIRouter(tags=["claims"])


@router.get("/claims", response_model=ClaimPage)
def list_claims(
    store: StoreDep,
    _user: Reader,
    status: ClaimStatus | None = None,  # type: ignore[valid-type]
    document: Annotated[str | None, Query(description="Only this document's claims")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Claims, newest documents first, optionally only those with one verification status."""
    page = queries.claim_page(store, status=status.value if status else None, document_id=document, limit=limit,
                              offset=offset)
    return {"total": page.total, "limit": limit, "offset": offset, "items": page.items}


@router.patch("/claims/{claim_id:path}", response_model=ClaimPublic,
              responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}})
def update_claim(claim_id: str, change: ClaimUpdate, store: StoreDep, user: Writer) -> dict[str, Any]:
    """Set a claim's verification status, with a note; the change goes into the audit log."""
    document_id, ordinal = parse_id(claim_id, kind="claim")
    try:
        access.set_claim_status(store, document_id, ordinal, change.status.value, user=user, note=change.note)
    except StoreError as exc:
        raise ApiError(404, f"no claim {claim_id!r}: {exc.reason}") from None
    found = queries.claim(store, document_id, ordinal)
    assert found is not None
    return found


@router.get("/audit", response_model=AuditPage)
def audit(
    store: StoreDep,
    _user: Reader,
    claim: Annotated[str | None, Query(description="Only this claim's changes ('<document id>:<number>')")] = None,
    document: Annotated[str | None, Query(description="Only changes to this document's claims")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Every verification change, newest first: who, when, which claim, from, to, and the note."""
    ordinal = None
    if claim is not None:
        document, ordinal = parse_id(claim, kind="claim")
    total, items = access.audit_log(store, document_id=document, claim=ordinal, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}
