"""Documents: post text, JSON Lines or a file to extract and store it; get one back with every mention."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from crisislens.errors import CrisislensError, InputError
from crisislens.read.decode import DEFAULT_MAX_BYTES, check_size, decode
from crisislens.read.files import read_text, text_id
from crisislens.read.html import read_html
from crisislens.read.jsonl import parse_line, published_value, read_jsonl
from crisislens.records import Document
from crisislens.resolve.cluster import save_and_assign
from crisislens.serve import views
from crisislens.serve.deps import ExtractorDep, Reader, StoreDep, Writer
from crisislens.serve.errors import ApiError
from crisislens.serve.models import DocumentPublic, DocumentText, ErrorBody, IngestResult
from crisislens.store import queries

router = APIRouter(tags=["documents"])
JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/ndjson"}
UPLOAD_SCHEMA = {
    "type": "object",
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": ".txt, .html or .jsonl; the name's suffix says which"}},
    "required": ["file"],
}
BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": DocumentText.model_json_schema()},
            "application/x-ndjson": {"schema": {"type": "string",
                                                "description": "One {id, text, title?, published?, source?} a line"}},
            "text/plain": {"schema": {"type": "string"}},
            "multipart/form-data": {"schema": UPLOAD_SCHEMA},
        },
    }
}
Outcome = Document | InputError


def _from_json(raw: bytes) -> list[Outcome]:
    try:
        item = parse_line(decode(raw, source="request body"), source="request body")
        given = DocumentText.model_validate(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ApiError(422, f"{'.'.join(map(str, first['loc'])) or 'body'}: {first['msg']}") from None
    if not given.text.strip():
        raise ApiError(422, "text: empty, nothing to extract")
    document = read_text(given.text, source="api", doc_id=given.id)
    published = published_value(given.published, source="published") if given.published else document.published
    return [replace(document, title=given.title or document.title, published=published,
                    source=given.source or document.source)]


def _from_file(name: str, raw: bytes) -> list[Outcome]:
    check_size(len(raw), source=name, max_bytes=DEFAULT_MAX_BYTES)
    suffix = PurePath(name).suffix.lower()
    text = decode(raw, source=name)
    if suffix in {".jsonl", ".ndjson"}:
        # split at "\n" only: str.splitlines() would also cut at a U+2028 inside a JSON string
        return list(read_jsonl(iter(text.split("\n")), source=name, max_bytes=DEFAULT_MAX_BYTES))
    doc_id = PurePath(name).stem or None
    if suffix in {".html", ".htm"}:
        return [read_html(text, source=name, doc_id=doc_id or text_id(text))]
    if not text.strip():
        raise InputError(name, "empty: nothing to extract")
    return [read_text(text, source=name, doc_id=doc_id)]


async def _documents(request: Request) -> list[Outcome]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiError(422, "file: a multipart upload needs a 'file' field")
        return _from_file(upload.filename or "upload.txt", await upload.read(DEFAULT_MAX_BYTES + 1))
    raw = await request.body()
    check_size(len(raw), source="request body", max_bytes=DEFAULT_MAX_BYTES)
    if kind == "application/json":
        return _from_json(raw)
    if kind in JSONL_TYPES:
        return _from_file("request.jsonl", raw)
    if kind in {"text/plain", ""}:
        return _from_file("request.txt", raw)
    raise ApiError(415, f"cannot read {kind!r}: send application/json, application/x-ndjson, text/plain "
                        "or a multipart/form-data upload")


@router.post("/documents", status_code=201, response_model=IngestResult, openapi_extra=BODY,
             responses={422: {"model": ErrorBody, "description": "Nothing could be extracted"}})
async def post_documents(request: Request, store: StoreDep, extractor: ExtractorDep, _user: Writer) -> Any:
    """Extract events and claims from the text, JSON Lines or upload, store them and say what was stored.

    Inputs that fail are listed in `errors`; when none succeeds the answer is an error (422).
    """
    try:
        outcomes = await _documents(request)
    except InputError as exc:
        raise ApiError(422, str(exc)) from None
    errors = [str(item) for item in outcomes if isinstance(item, InputError)]
    documents = [item for item in outcomes if isinstance(item, Document)]
    stored = await run_in_threadpool(_extract_and_store, documents, store, extractor, errors)
    if not stored:
        raise ApiError(422, "; ".join(errors) or "no document in the request")
    return {"ok": True, "documents": stored, "errors": errors}


def _extract_and_store(documents: list[Document], store: Any, extractor: Any, errors: list[str]) -> list[dict]:
    """Extract with what each source taught before (its home), store, and keep what the documents taught."""
    stored = []
    profiles = store.load_profiles()
    before = Counter(profiles.documents)
    try:
        for record in extractor.run(documents, errors, profiles=profiles):
            doc_id = save_and_assign(store, record, on_error=lambda _source, exc: errors.append(str(exc)))
            if doc_id is None:
                continue
            stored.append({"id": doc_id, "title": record.document.title, "events": len(record.events),
                           "claims": len(record.claims)})
    finally:
        try:
            store.save_profiles(profiles, sources=profiles.taught_since(before))
        except CrisislensError as exc:        # the records are stored; only the hint for later is lost
            errors.append(str(exc))
    return stored


@router.get("/documents/{document_id:path}", response_model=DocumentPublic)
def get_document(document_id: str, store: StoreDep, _user: Reader) -> dict[str, Any]:
    """The document's text with every mention (entities, places, times, events, quotes, claims) by offsets."""
    found = list(store.records(ids=[document_id]))
    if not found:
        raise ApiError(404, f"no document {document_id!r}")
    return views.document_public(found[0], queries.claims_of(store, document_id))

