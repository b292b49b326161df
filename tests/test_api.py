"""serve/: every API route, filter, error and permission case, on real SQLite and real PostgreSQL.

Every failure must have the one error shape; `assert_error` is the only place that checks it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from crisislens.cli import app as cli_app
from crisislens.records import Actor, Claim, Document, Event, Location, Place, Record, Span
from crisislens.serve import create_app
from crisislens.serve.deps import Extractor, Settings
from crisislens.store import Store
from crisislens.store.access import add_user, hash_token

SCRIPT_TEXT = (
    "Police detained 40 protesters in Almaty on Tuesday, the interior ministry said.\n"
    "<script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\"> & \"quotes\"."
)


def assert_error(response, status: int, contains: str = "") -> dict:
    """The API's one error shape: {"ok": false, "error": "<one line>", "status": <the HTTP status>}."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"] and "\n" not in body["error"]
    assert contains.lower() in body["error"].lower(), body["error"]
    return body


def at(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span.of(text, start, start + len(phrase))


def make_event(text: str, phrase: str, code: str, event_type: str, *, day: date | None, place: tuple | None,
               actor1: str | None = None, actor2: str | None = None, confidence: float = 0.5,
               fatalities: int | None = None) -> Event:
    location = Location(place[0], place[1], place[2], place[3], precision="city") if place else None
    return Event(code=code, event_type=event_type, sub_event_type=f"{event_type} (sub)", evidence=at(text, phrase),
                 confidence=confidence, date=day, date_precision="day" if day else None, location=location,
                 actor1=Actor(actor1) if actor1 else None, actor2=Actor(actor2) if actor2 else None,
                 fatalities=fatalities)


ALMATY = ("Almaty", 43.25, 76.91, "KZ")
KYIV = ("Kyiv", 50.45, 30.52, "UA")
SUVA = ("Suva", -18.14, 178.44, "FJ")
TEXT_A = ("Thousands of protesters gathered in Almaty. Police detained 12 people, the ministry said. "
          "Two people were reportedly killed in clashes with police.")
TEXT_B = "Shelling hit Kyiv overnight. Rebels seized a depot near Suva. A curfew was declared."


def records() -> list[Record]:
    a = Record(
        document=Document(id="kz-1", text=TEXT_A, origin="test", title="Almaty protests", source="Wire",
                          published=date(2022, 1, 5)),
        places=(Place(at(TEXT_A, "Almaty"), "Almaty", 43.25, 76.91, "KZ", precision="city", confidence=0.9),),
        events=(
            make_event(TEXT_A, "Thousands of protesters gathered in Almaty.", "PEACE_PROTEST", "Protests",
                       day=date(2022, 1, 3), place=ALMATY, actor1="Protesters (Kazakhstan)", confidence=0.9),
            make_event(TEXT_A, "Police detained 12 people, the ministry said.", "ARREST", "Strategic developments",
                       day=date(2022, 1, 4), place=ALMATY, actor1="Police of Kazakhstan",
                       actor2="Protesters (Kazakhstan)", confidence=0.6),
            make_event(TEXT_A, "Two people were reportedly killed in clashes with police.", "ARMED_CLASH",
                       "Battles", day=date(2022, 1, 5), place=None, confidence=0.3, fatalities=2),
        ),
        claims=(
            Claim(at(TEXT_A, "Police detained 12 people"), "the ministry", event=1),
            Claim(at(TEXT_A, "Two people were reportedly killed in clashes with police."), None, hedged=True,
                  hedge="reportedly", event=2),
        ),
    )
    b = Record(
        document=Document(id="mix/2", text=TEXT_B, origin="test", title="Overnight", published=date(2022, 2, 1)),
        events=(
            make_event(TEXT_B, "Shelling hit Kyiv overnight.", "SHELLING", "Explosions/Remote violence",
                       day=date(2022, 2, 1), place=KYIV, actor1="Military Forces of Russia", confidence=0.8,
                       fatalities=5),
            make_event(TEXT_B, "Rebels seized a depot near Suva.", "NSA_TERRITORY", "Battles", day=None,
                       place=SUVA, actor1="Rebels", confidence=0.4),
        ),
    )
    return [a, b]


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        for record in records():
            opened.save(record)
        yield opened


@pytest.fixture
def tokens(store) -> dict[str, str]:
    return {role: add_user(store, f"{role}-user", role=role) for role in ("viewer", "analyst", "admin")}


@pytest.fixture
def extractor(nlp, gazetteer) -> Extractor:
    return Extractor(nlp=nlp, gazetteer=gazetteer)


@pytest.fixture
def client(store, extractor) -> TestClient:
    return TestClient(create_app(store, settings=Settings(public_reads=True), extractor=extractor))


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


# ---- events ---------------------------------------------------------------------------------------------------
def test_events_page_newest_first_with_total(client):
    body = client.get("/api/events").json()
    assert body["total"] == 5 and body["limit"] == 100 and body["offset"] == 0 and body["sort"] == "-date"
    assert [e["id"] for e in body["items"]] == ["mix/2:0", "kz-1:2", "kz-1:1", "kz-1:0", "mix/2:1"]  # undated last
    first = body["items"][0]
    assert first["location"] == {"name": "Kyiv", "lat": 50.45, "lon": 30.52, "country_code": "UA", "admin1": None,
                                 "geonameid": None, "precision": "city"}
    assert first["evidence"] == {"text": "Shelling hit Kyiv overnight.", "start": 0, "end": 28}
    assert first["document_title"] == "Overnight" and first["fatalities"] == 5
    assert body["items"][1]["location"] is None and body["items"][1]["actor1"] is None


@pytest.mark.parametrize(("sort", "expected"), [
    ("date", ["kz-1:0", "kz-1:1", "kz-1:2", "mix/2:0", "mix/2:1"]),
    ("-confidence", ["kz-1:0", "mix/2:0", "kz-1:1", "mix/2:1", "kz-1:2"]),
    ("-fatalities", ["mix/2:0", "kz-1:2", "mix/2:1", "kz-1:1", "kz-1:0"]),  # ties: id reversed too
    ("id", ["kz-1:0", "kz-1:1", "kz-1:2", "mix/2:0", "mix/2:1"]),
])
def test_events_sort(client, sort, expected):
    assert ids(client.get("/api/events", params={"sort": sort})) == expected


def test_events_paginate(client):
    assert ids(client.get("/api/events?sort=id&limit=2")) == ["kz-1:0", "kz-1:1"]
    page = client.get("/api/events?sort=id&limit=2&offset=4").json()
    assert page["total"] == 5 and [e["id"] for e in page["items"]] == ["mix/2:1"]
    assert ids(client.get("/api/events?offset=10")) == []


@pytest.mark.parametrize(("params", "expected"), [
    ({"code": "ARREST"}, {"kz-1:1"}),
    ({"code": ["ARREST", "SHELLING"]}, {"kz-1:1", "mix/2:0"}),
    ({"code": "ARREST,PEACE_PROTEST"}, {"kz-1:0", "kz-1:1"}),
    ({"event_type": "Battles"}, {"kz-1:2", "mix/2:1"}),
    ({"country": "ua"}, {"mix/2:0"}),
    ({"from": "2022-01-04"}, {"kz-1:1", "kz-1:2", "mix/2:0"}),
    ({"from": "2022-01-04", "to": "2022-01-05"}, {"kz-1:1", "kz-1:2"}),
    ({"to": "2022-01-03"}, {"kz-1:0"}),
    ({"bbox": "60,35,90,55"}, {"kz-1:0", "kz-1:1"}),
    ({"bbox": "170,-25,-170,0"}, {"mix/2:1"}),  # crosses the antimeridian
    ({"actor": "protesters"}, {"kz-1:0", "kz-1:1"}),
    ({"actor": "RUSSIA"}, {"mix/2:0"}),
    ({"q": "police"}, {"kz-1:1", "kz-1:2"}),
    ({"q": "detained police"}, {"kz-1:1"}),
    ({"q": "suva"}, {"mix/2:1"}),
    ({"q": "100%_"}, set()),  # LIKE wildcards are matched literally
    ({"min_confidence": 0.8}, {"kz-1:0", "mix/2:0"}),
    ({"located": "true"}, {"kz-1:0", "kz-1:1", "mix/2:0", "mix/2:1"}),
    ({"located": "false"}, {"kz-1:2"}),
    ({"document": "mix/2"}, {"mix/2:0", "mix/2:1"}),
    ({"country": "KZ", "min_confidence": 0.5, "q": "almaty"}, {"kz-1:0", "kz-1:1"}),
])
def test_event_filters(client, params, expected):
    response = client.get("/api/events", params=params)
    assert set(ids(response)) == expected
    assert response.json()["total"] == len(expected)


@pytest.mark.parametrize(("query", "contains"), [
    ("bbox=1,2,3", "query.bbox"),
    ("bbox=10,60,20,50", "query.bbox"),
    ("from=2022-02-01&to=2022-01-01", "after"),
    ("from=yesterday", "query.from"),
    ("min_confidence=1.5", "query.min_confidence"),
    ("limit=0", "query.limit"),
    ("limit=5001", "query.limit"),
    ("offset=-1", "query.offset"),
    ("sort=colour", "query.sort"),
    ("located=perhaps", "query.located"),
])
def test_bad_event_queries_are_422(client, query, contains):
    assert_error(client.get(f"/api/events?{query}"), 422, contains)


def test_event_detail_has_evidence_document_actors_counts_places_claims(client):
    body = client.get("/api/events/kz-1:1").json()
    assert body["id"] == "kz-1:1" and body["code"] == "ARREST"
    assert body["evidence"]["text"] == "Police detained 12 people, the ministry said."
    assert TEXT_A[body["evidence"]["start"]:body["evidence"]["end"]] == body["evidence"]["text"]
    assert body["documents"] == [{"id": "kz-1", "title": "Almaty protests", "published": "2022-01-05",
                                  "source": "Wire", "origin": "test", "language": None}]
    assert [a["name"] for a in body["actors"]] == ["Police of Kazakhstan", "Protesters (Kazakhstan)"]
    assert body["counts"] == {"fatalities": None, "fatalities_low": None, "fatalities_high": None, "injured": None,
                              "arrested": None}
    assert body["places"] == []  # Almaty is named in the first sentence, not in this one
    assert [(c["id"], c["text"], c["status"]) for c in body["claims"]] == [
        ("kz-1:0", "Police detained 12 people", "unverified")]
    protest = client.get("/api/events/kz-1:0").json()
    assert [p["name"] for p in protest["places"]] == ["Almaty"] and protest["claims"] == []
    assert client.get("/api/events/mix/2:1").json()["date"] is None  # ids may hold '/'


@pytest.mark.parametrize("path", ["/api/events/kz-1:9", "/api/events/nobody:0", "/api/events/kz-1",
                                  "/api/events/kz-1:x", "/api/documents/nobody"])
def test_unknown_ids_are_404(client, path):
    assert_error(client.get(path), 404, "no ")


def test_timeline_counts_dated_events_per_day(client):
    assert client.get("/api/timeline").json() == [
        {"date": "2022-01-03", "count": 1}, {"date": "2022-01-04", "count": 1}, {"date": "2022-01-05", "count": 1},
        {"date": "2022-02-01", "count": 1}]
    assert client.get("/api/timeline?country=KZ&min_confidence=0.5").json() == [
        {"date": "2022-01-03", "count": 1}, {"date": "2022-01-04", "count": 1}]


def test_info_counts_and_facets(client):
    body = client.get("/api/info").json()
    assert (body["documents"], body["events"], body["located_events"]) == (2, 5, 4)
    assert body["facets"]["country"] == ["FJ", "KZ", "UA"]
    assert "Battles" in body["facets"]["event_type"] and body["public_reads"] is True and body["vendor"] is True
    assert body["statuses"] == ["unverified", "corroborated", "disputed", "confirmed", "false"]


# ---- documents ------------------------------------------------------------------------------------------------
def test_document_has_text_and_every_mention(client):
    body = client.get("/api/documents/kz-1").json()
    assert body["text"] == TEXT_A and body["title"] == "Almaty protests"
    mentions = body["mentions"]
    assert [e["id"] for e in mentions["events"]] == ["kz-1:0", "kz-1:1", "kz-1:2"]
    assert [p["text"] for p in mentions["places"]] == ["Almaty"]
    assert [(c["hedged"], c["hedge"]) for c in mentions["claims"]] == [(False, None), (True, "reportedly")]
    for kind in mentions.values():
        for mention in kind:
            assert TEXT_A[mention["start"]:mention["end"]] == mention["text"]


def test_post_text_with_script_is_stored_and_returned_as_data(client, tokens):
    response = client.post("/api/documents", json={"text": SCRIPT_TEXT, "id": "xss-1", "title": "<b>T</b>"},
                           headers=auth(tokens["analyst"]))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["ok"] is True and body["errors"] == []
    [stored] = body["documents"]
    assert stored["id"] == "xss-1" and stored["title"] == "<b>T</b>" and stored["events"] >= 1
    document = client.get("/api/documents/xss-1")
    assert document.headers["content-type"].startswith("application/json")
    assert document.json()["text"] == SCRIPT_TEXT  # verbatim: escaping is the page's job (textContent)
    assert "<script>" in document.json()["text"]
    [event] = client.get("/api/events?document=xss-1").json()["items"]
    assert event["evidence"]["text"].startswith("Police detained 40 protesters")
    assert event["location"]["name"] == "Almaty"


def test_post_plain_text_jsonl_and_uploads(client, tokens, store):
    headers = auth(tokens["admin"])
    plain = client.post("/api/documents", content="Rebels attacked a police station in Kabul on Monday.",
                        headers={**headers, "Content-Type": "text/plain"})
    assert plain.status_code == 201, plain.text
    lines = "\n".join([json.dumps({"id": "j1", "text": "Protesters marched in Kyiv on Sunday."}),
                       "{not json", json.dumps({"id": "j2", "text": "Troops shelled Donetsk."})])
    jsonl = client.post("/api/documents", content=lines, headers={**headers, "Content-Type": "application/x-ndjson"})
    assert jsonl.status_code == 201, jsonl.text
    assert [d["id"] for d in jsonl.json()["documents"]] == ["j1", "j2"]
    assert jsonl.json()["errors"] == ["request.jsonl:2: invalid JSON (Expecting property name enclosed in double "
                                      "quotes at column 2)"]
    upload = client.post("/api/documents", files={"file": ("report-7.txt", SCRIPT_TEXT.encode(), "text/plain")},
                         headers=headers)
    assert upload.status_code == 201 and upload.json()["documents"][0]["id"] == "report-7"
    upload = client.post("/api/documents", headers=headers,
                         files={"file": ("feed.jsonl", b'{"id": "u1", "text": "Police arrested 5 men."}\n')})
    assert [d["id"] for d in upload.json()["documents"]] == ["u1"]
    assert store.count_documents() == 2 + 1 + 2 + 1 + 1


def test_posted_documents_teach_their_source_for_later_posts(client, tokens, store):
    headers = {**auth(tokens["analyst"]), "Content-Type": "application/x-ndjson"}
    ohio = ["Westerville council approves budget. The council in Westerville, Ohio, voted on Monday.",
            "Delaware County fair opens. Crowds filled the fairgrounds in Delaware, Ohio, and Marysville.",
            "Grove City road work. Crews in Grove City, Ohio, and Hilliard began repaving on Tuesday."]
    lines = "\n".join(json.dumps({"id": f"o{i}", "text": t, "source": "suburbannews.example"})
                      for i, t in enumerate(ohio))
    assert client.post("/api/documents", content=lines, headers=headers).status_code == 201
    assert store.load_profiles().home("suburbannews.example").areas[("US", "Ohio")] > 0.5
    dublin = json.dumps({"id": "d1", "source": "suburbannews.example",
                         "text": "Council meets. Members of the council in Dublin heard a first reading on Monday."})
    assert client.post("/api/documents", content=dublin, headers=headers).status_code == 201
    [record] = store.records(ids=["d1"])
    [place] = [p for p in record.places if p.mention.text == "Dublin"]
    assert (place.country_code, place.admin1) == ("US", "Ohio")


@pytest.mark.parametrize(("kwargs", "status", "contains"), [
    ({"json": {"text": "   "}}, 422, "empty"),
    ({"json": {"title": "no text"}}, 422, "text"),
    ({"json": {"text": 5}}, 422, "text"),
    ({"content": b"{oops", "headers": {"Content-Type": "application/json"}}, 422, "invalid JSON"),
    ({"content": b"\xff\xfe\x00\x00", "headers": {"Content-Type": "text/plain"}}, 422, "request.txt"),
    ({"content": b"x", "headers": {"Content-Type": "image/png"}}, 415, "image/png"),
    ({"content": b"{\"id\": 1}\n", "headers": {"Content-Type": "application/x-ndjson"}}, 422, "no 'text'"),
    ({"files": {"other": ("a.txt", b"Police detained 3 people.")}}, 422, "file"),
])
def test_bad_documents_are_refused_and_store_nothing(client, tokens, store, kwargs, status, contains):
    kwargs = dict(kwargs)  # parameters are shared by both backends: never mutate them
    extra = kwargs.pop("headers", {})
    assert_error(client.post("/api/documents", headers={**auth(tokens["analyst"]), **extra}, **kwargs), status,
                 contains)
    assert store.count_documents() == 2


# ---- access ---------------------------------------------------------------------------------------------------
WRITES = [
    ("post", "/api/documents", {"json": {"text": "Police detained 3 people in Almaty."}}),
    ("patch", "/api/claims/kz-1:0", {"json": {"status": "confirmed"}}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), WRITES)
@pytest.mark.parametrize(("who", "status"), [(None, 401), ("wrong", 401), ("viewer", 403)])
def test_writes_need_an_analyst_or_admin_token(client, store, tokens, method, path, kwargs, who, status):
    headers = {} if who is None else auth(tokens.get(who, "not-a-token"))
    body = assert_error(getattr(client, method)(path, headers=headers, **kwargs), status)
    if status == 401:
        assert "bearer" in body["error"].lower() or "token" in body["error"].lower()
    assert store.count_documents() == 2
    assert client.get("/api/audit").json()["total"] == 0
    assert [c["status"] for c in client.get("/api/claims").json()["items"]] == ["unverified", "unverified"]


def test_malformed_authorization_header_is_401(client):
    assert_error(client.patch("/api/claims/kz-1:0", json={"status": "false"}, headers={"Authorization": "Basic x"}),
                 401)


def test_reads_are_open_but_a_wrong_token_is_refused(client, tokens):
    assert client.get("/api/events").status_code == 200
    assert client.get("/api/events", headers=auth(tokens["viewer"])).status_code == 200
    assert_error(client.get("/api/events", headers=auth("nope")), 401, "token")


def test_private_reads_need_any_valid_token(store, tokens, extractor):
    private = TestClient(create_app(store, settings=Settings(public_reads=False), extractor=extractor))
    for path in ("/api/events", "/api/events/kz-1:0", "/api/documents/kz-1", "/api/claims", "/api/audit",
                 "/api/export", "/api/timeline", "/api/info"):
        assert_error(private.get(path), 401, "private")
        assert private.get(path, headers=auth(tokens["viewer"])).status_code == 200, path
    assert private.get("/").status_code == 200  # the page itself, which asks for a token


def test_public_reads_setting_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("CRISISLENS_PUBLIC_READS", "0")
    assert Settings().public_reads is False
    monkeypatch.setenv("CRISISLENS_PUBLIC_READS", "1")
    assert Settings().public_reads is True


def test_me_says_who_the_token_belongs_to(client, tokens):
    assert client.get("/api/me", headers=auth(tokens["analyst"])).json() == {
        "name": "analyst-user", "role": "analyst", "can_write": True}
    assert client.get("/api/me", headers=auth(tokens["viewer"])).json()["can_write"] is False
    assert_error(client.get("/api/me"), 401)


def test_tokens_are_stored_hashed(store, tokens):
    with store.engine.connect() as connection:
        stored = set(connection.execute(sa.text("SELECT token_hash FROM users")).scalars())
    assert stored == {hash_token(token) for token in tokens.values()}
    assert not stored & set(tokens.values())


# ---- claims and the audit log ---------------------------------------------------------------------------------
def test_set_claim_status_with_note_and_read_the_audit_log(client, tokens):
    changed = client.patch("/api/claims/kz-1:1", json={"status": "disputed", "note": "Hospital says none died"},
                           headers=auth(tokens["analyst"]))
    assert changed.status_code == 200, changed.text
    assert changed.json()["status"] == "disputed" and changed.json()["note"] == "Hospital says none died"
    assert changed.json()["changed_by"] == "analyst-user"
    again = client.patch("/api/claims/kz-1:1", json={"status": "false"}, headers=auth(tokens["admin"]))
    assert again.json()["status"] == "false" and again.json()["note"] is None
    audit = client.get("/api/audit").json()
    assert audit["total"] == 2
    newest, oldest = audit["items"]
    assert (newest["user"], newest["from"], newest["to"], newest["note"]) == ("admin-user", "disputed", "false", None)
    assert (oldest["user"], oldest["from"], oldest["to"]) == ("analyst-user", "unverified", "disputed")
    assert oldest["note"] == "Hospital says none died" and oldest["claim_id"] == "kz-1:1"
    assert oldest["claim_text"] == "Two people were reportedly killed in clashes with police."
    assert oldest["at"].endswith("+00:00")
    assert client.get("/api/audit?claim=kz-1:1&limit=1").json()["items"][0]["to"] == "false"
    assert client.get("/api/audit?claim=kz-1:0").json()["total"] == 0
    assert client.get("/api/audit?document=mix/2").json()["total"] == 0
    assert [c["id"] for c in client.get("/api/claims?status=false").json()["items"]] == ["kz-1:1"]
    assert [c["id"] for c in client.get("/api/claims?status=unverified").json()["items"]] == ["kz-1:0"]
    assert client.get("/api/claims?status=confirmed").json() == {"total": 0, "limit": 100, "offset": 0, "items": []}
    assert client.get("/api/events/kz-1:2").json()["claims"][0]["status"] == "false"


def test_claims_page_and_document_filter(client):
    body = client.get("/api/claims?limit=1").json()
    assert body["total"] == 2 and len(body["items"]) == 1
    claim = body["items"][0]
    assert claim["document_title"] == "Almaty protests" and claim["event_id"] == "kz-1:1"
    assert client.get("/api/claims?document=mix/2").json()["total"] == 0


@pytest.mark.parametrize(("path", "payload", "status", "contains"), [
    ("/api/claims/kz-1:0", {"status": "verified"}, 422, "status"),
    ("/api/claims/kz-1:0", {}, 422, "status"),
    ("/api/claims/kz-1:0", {"status": "false", "note": "x" * 4001}, 422, "note"),
    ("/api/claims/kz-1:7", {"status": "false"}, 404, "kz-1:7"),
    ("/api/claims/nobody:0", {"status": "false"}, 404, "nobody"),
    ("/api/claims/garbage", {"status": "false"}, 404, "ids look like"),
])
def test_bad_claim_changes(client, tokens, path, payload, status, contains):
    assert_error(client.patch(path, json=payload, headers=auth(tokens["analyst"])), status, contains)
    assert client.get("/api/audit").json()["total"] == 0


def test_bad_claim_queries(client):
    assert_error(client.get("/api/claims?status=maybe"), 422, "query.status")
    assert_error(client.get("/api/audit?claim=nope"), 404, "ids look like")


# ---- export ---------------------------------------------------------------------------------------------------
def test_export_csv_keeps_event_ids_under_filters(client):
    response = client.get("/api/export?format=csv&code=ARREST,SHELLING")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["event_id"] for row in rows] == ["kz-1:1", "mix/2:0"]
    everything = list(csv.DictReader(io.StringIO(client.get("/api/export").text)))
    assert len(everything) == 5
    empty = client.get("/api/export?format=csv&country=ZZ").text
    assert empty.startswith("event_id,") and empty.count("\n") == 1


def test_export_geojson_and_jsonl(client):
    collection = client.get("/api/export?format=geojson&country=KZ").json()
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == ["kz-1:0", "kz-1:1"]  # kz-1:2 has no place
    assert collection["features"][0]["geometry"]["coordinates"] == [76.91, 43.25]
    assert len(client.get("/api/export?format=geojson").json()["features"]) == 4
    lines = client.get("/api/export?format=jsonl&q=kyiv").text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["mix/2"]
    claims = list(csv.DictReader(io.StringIO(client.get("/api/export?format=claims-csv&country=KZ").text)))
    assert [row["claim"] for row in claims] == ["0", "1"]


def test_export_refuses_unknown_formats(client):
    assert_error(client.get("/api/export?format=table"), 422, "query.format")
    assert_error(client.get("/api/export?format=xlsx&bbox=oops"), 422)


# ---- the app itself: errors, schema, page, vendor files --------------------------------------------------------
def test_unknown_routes_and_methods_have_the_error_shape(client):
    assert_error(client.get("/api/nothing"), 404, "no such route: GET /api/nothing")
    assert_error(client.get("/nothing"), 404, "no such route")
    assert_error(client.delete("/api/events"), 405, "DELETE")
    assert_error(client.put("/api/claims/kz-1:0", json={}), 405)


def test_openapi_documents_every_route(client):
    schema = client.get("/openapi.json").json()
    assert {path: set(ops) for path, ops in schema["paths"].items()} == {
        "/api/events": {"get"}, "/api/events/{event_id}": {"get"}, "/api/timeline": {"get"}, "/api/info": {"get"},
        "/api/documents": {"post"}, "/api/documents/{document_id}": {"get"}, "/api/claims": {"get"},
        "/api/claims/{claim_id}": {"patch"}, "/api/audit": {"get"}, "/api/export": {"get"}, "/api/me": {"get"},
        "/api/clusters": {"get"}, "/api/clusters/audit": {"get"}, "/api/clusters/{cluster_id}": {"get", "patch"},
        "/api/clusters/{cluster_id}/split": {"post"}, "/api/clusters/{cluster_id}/merge": {"post"}}
    params = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert params >= {"code", "event_type", "country", "from", "to", "bbox", "actor", "q", "min_confidence",
                      "sort", "limit", "offset"}
    assert set(schema["paths"]["/api/documents"]["post"]["requestBody"]["content"]) == {
        "application/json", "application/x-ndjson", "text/plain", "multipart/form-data"}
    assert "HTTPBearer" in schema["components"]["securitySchemes"]
    for path in schema["paths"].values():
        for operation in path.values():
            assert operation.get("description") or operation.get("summary")


def test_page_and_vendor_files(client, tmp_path, store):
    page = client.get("/")
    assert page.status_code == 200 and "<div id=\"map\">" in page.text
    assert client.get("/static/app.js").status_code == 200
    leaflet = client.get("/vendor/leaflet/dist/leaflet.js")
    assert leaflet.status_code == 200 and "Leaflet" in leaflet.text[:200]
    assert client.get("/vendor/world-atlas/countries-50m.json").json()["type"] == "Topology"
    assert_error(client.get("/vendor/leaflet/../../package.json"), 404)
    assert_error(client.get("/vendor/commander/package.json"), 404)  # only the page's packages
    bare = TestClient(create_app(store, settings=Settings(web_dir=tmp_path)))
    assert_error(bare.get("/vendor/leaflet/dist/leaflet.js"), 404, "scripts/setup.sh")
    assert bare.get("/api/info").json()["vendor"] is False


# ---- the seed, end to end --------------------------------------------------------------------------------------
def test_seed_events_are_served(client, store, seed_record):
    doc_id = store.save(seed_record)
    page = client.get("/api/events", params={"document": doc_id, "sort": "id", "limit": 1000}).json()
    assert page["total"] == len(seed_record.events) > 0
    located = client.get("/api/events", params={"document": doc_id, "located": "true"}).json()["total"]
    assert located == sum(1 for e in seed_record.events if e.location and e.location.lat is not None)
    served = {e["id"]: (e["code"], e["date"], e["location"] and e["location"]["name"], e["evidence"]["text"])
              for e in page["items"]}
    assert served == {f"{doc_id}:{i}": (e.code, e.date and e.date.isoformat(), e.location and e.location.name,
                                        e.evidence.text) for i, e in enumerate(seed_record.events)}
    assert any(name == "Almaty" for _, _, name, _ in served.values())
    detail = client.get(f"/api/events/{doc_id}:0").json()
    assert detail["documents"][0]["title"].startswith("CSTO peacekeepers")


# ---- the commands ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["serve"], ["users"], ["users", "add"]])
def test_command_help_has_an_example(command):
    result = CliRunner().invoke(cli_app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


def test_users_add_prints_a_token_that_signs_in(db_url):
    result = CliRunner().invoke(cli_app, ["users", "add", "alice", "--role", "analyst", "--db", db_url])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    assert len(token) >= 40
    with Store.open(db_url) as store:
        client = TestClient(create_app(store))
        assert client.get("/api/me", headers=auth(token)).json()["role"] == "analyst"
    bad = CliRunner().invoke(cli_app, ["users", "add", "bob", "--role", "king", "--db", db_url])
    assert bad.exit_code != 0
