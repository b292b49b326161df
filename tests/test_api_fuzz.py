"""The API fuzzed against its own OpenAPI schema (schemathesis): valid and invalid inputs for every
operation, anonymously and as an analyst, on a store holding documents the real pipeline extracted,
on SQLite and PostgreSQL. No answer may be a 5xx or disagree with the schema's response for its status.

Deterministic (derandomize) and small (MAX_EXAMPLES per operation), so it stays well under a minute.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from conftest import DEV, pg_schema
from crisislens.serve import create_app
from crisislens.serve.deps import Extractor, Settings
from crisislens.store import Store
from crisislens.store.access import add_user

MAX_EXAMPLES = 12  # per operation, backend and identity: ~45 s in all on two cores
CHECKS = [not_a_server_error, response_schema_conformance]
REPORT_IDS = ("xd-044", "xd-045", "xd-006")  # two reports of one boat disaster, one attack elsewhere
# The schema is the routes' alone: building it touches no store.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(None))  # type: ignore[arg-type]


@schemathesis.serializer("application/x-ndjson")
def ndjson(_context: schemathesis.SerializationContext, value: object) -> dict[str, bytes]:
    """POST /api/documents takes JSON Lines as a string body; send it as the text it is."""
    return {"data": value if isinstance(value, bytes) else str(value).encode("utf-8")}


def reports() -> str:
    items = [json.loads(line) for line in (DEV / "cross_doc.jsonl").read_text(encoding="utf-8").splitlines()]
    wanted = [item for item in items if item["id"] in REPORT_IDS]
    return "\n".join(json.dumps({key: item[key] for key in ("id", "text", "title", "published", "source")})
                     for item in wanted)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend_url(request, tmp_path_factory) -> Iterator[str]:
    """One database per backend for the whole module: extraction runs once, not once per operation."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.sqlite'}"
        return
    with pg_schema(request.getfixturevalue("pg_admin"), prefix="crisislens_fuzz") as url:
        yield url


@pytest.fixture(scope="module")
def fuzzed(backend_url, nlp, gazetteer) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """The app over a store holding three extracted reports (events, claims, clusters), and an analyst."""
    with Store.open(backend_url) as store:
        app = create_app(store, settings=Settings(public_reads=True), extractor=Extractor(nlp=nlp, gazetteer=gazetteer))
        analyst = {"Authorization": f"Bearer {add_user(store, 'fuzz', role='analyst')}"}
        posted = TestClient(app).post("/api/documents", content=reports(),
                                      headers={**analyst, "Content-Type": "application/x-ndjson"})
        assert posted.status_code == 201 and len(posted.json()["documents"]) == 3, posted.text
        yield app, analyst


@pytest.fixture(params=["anonymous", "analyst"])
def identity(request, fuzzed) -> dict[str, str]:
    return {} if request.param == "anonymous" else fuzzed[1]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_every_generated_request_within_its_schema(case, fuzzed, identity):
    app, _analyst = fuzzed
    case.call_and_validate(app=app, headers=identity, checks=CHECKS)
