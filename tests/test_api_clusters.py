"""The canonical-events API: documents posted through the API are clustered, and an analyst can split,
merge and judge events over HTTP, each change audited; real pipeline, real SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from conftest import DEV
from crisislens.serve.app import create_app
from crisislens.serve.deps import Extractor, Settings
from crisislens.store.access import add_user

# Two independent reports of one boat disaster (20 and 27 dead) and one attack elsewhere.
REPORT_IDS = ("xd-044", "xd-045", "xd-006")


def reports() -> list[dict]:
    lines = (DEV / "cross_doc.jsonl").read_text(encoding="utf-8").splitlines()
    wanted = {json.loads(line)["id"]: json.loads(line) for line in lines if json.loads(line)["id"] in REPORT_IDS}
    return [{key: wanted[i][key] for key in ("id", "text", "title", "published", "source")} for i in REPORT_IDS]


@pytest.fixture
def analyst(store) -> dict[str, str]:
    return {"Authorization": f"Bearer {add_user(store, 'ann', role='analyst')}"}


@pytest.fixture
def client(store, analyst, nlp, gazetteer) -> TestClient:
    client = TestClient(create_app(store, settings=Settings(public_reads=True),
                                   extractor=Extractor(nlp=nlp, gazetteer=gazetteer)))
    body = "\n".join(json.dumps(item) for item in reports())
    response = client.post("/api/documents", content=body, headers={**analyst, "Content-Type": "application/x-ndjson"})
    assert response.status_code == 201, response.text
    return client


def events_by_report(client: TestClient) -> dict[str, dict]:
    items = client.get("/api/clusters").json()["items"]
    return {report: item for item in items for report in item["report_ids"]}


def test_posted_reports_of_one_event_are_one_canonical_event(client):
    events = events_by_report(client)
    boat = events["xd-044"]
    assert boat is events["xd-045"] and events["xd-006"]["id"] != boat["id"]
    assert boat["sources"] == 2
    assert boat["fatalities"]["low"] == 20 and boat["fatalities"]["high"] == 27
    assert any(flag["kind"].startswith("counts_differ") for flag in boat["flags"])
    figures = client.get(f"/api/clusters/{boat['id']}").json()["figures"]
    killed = {(f["document_id"], f["value"]) for f in figures if f["kind"] == "killed"}
    assert killed >= {("xd-044", 20), ("xd-045", 27)}


def test_split_then_merge_back_is_audited(client, analyst):
    boat = events_by_report(client)["xd-044"]["id"]
    response = client.post(f"/api/clusters/{boat}/split", json={"document_id": "xd-045", "note": "other boat?"},
                           headers=analyst)
    assert response.status_code == 200, response.text
    events = events_by_report(client)
    assert events["xd-044"]["id"] != events["xd-045"]["id"] and events["xd-044"]["sources"] == 1
    other = events["xd-045"]["id"]
    response = client.post(f"/api/clusters/{boat}/merge", json={"other": other}, headers=analyst)
    assert response.status_code == 200, response.text
    assert events_by_report(client)["xd-045"]["id"] == boat
    audit = client.get("/api/clusters/audit").json()["items"]
    assert [entry["action"] for entry in audit[:2]] == ["merge", "split"]
    assert audit[1]["user"] == "ann" and audit[1]["note"] == "other boat?"


def test_analyst_verdict_wins_over_the_suggestion(client, analyst):
    boat = events_by_report(client)["xd-044"]
    response = client.patch(f"/api/clusters/{boat['id']}", json={"status": "confirmed"}, headers=analyst)
    assert response.status_code == 200
    after = client.get(f"/api/clusters/{boat['id']}").json()
    assert after["status"] == "confirmed" and after["suggested_status"] == boat["suggested_status"]


def test_cluster_writes_need_a_writer_and_bad_ids_are_refused(client, store, analyst):
    boat = events_by_report(client)["xd-044"]["id"]
    viewer = {"Authorization": f"Bearer {add_user(store, 'vic', role='viewer')}"}
    assert client.post(f"/api/clusters/{boat}/split", json={"document_id": "xd-045"}).status_code == 401
    assert client.post(f"/api/clusters/{boat}/split", json={"document_id": "xd-045"},
                       headers=viewer).status_code == 403
    missing = client.post("/api/clusters/999999/merge", json={"other": boat}, headers=analyst)
    assert missing.status_code == 404 and missing.json()["ok"] is False
    assert client.post(f"/api/clusters/{boat}/merge", json={"other": boat}, headers=analyst).status_code == 422
    assert client.patch(f"/api/clusters/{boat}", json={"status": "maybe"}, headers=analyst).status_code == 422
    assert client.get("/api/clusters/999999").status_code == 404
    assert events_by_report(client)["xd-045"]["id"] == boat   # nothing was changed by the refused writes
