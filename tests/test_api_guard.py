"""serve/ under hostile input: out-of-range numbers, NUL characters, failing exports, token guessing,
malformed Authorization headers, and the security headers on every response; real SQLite and PostgreSQL.

Each case here answered 500, a truncated 200, or no header at all before the API was hardened.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright

from conftest import serving
from crisislens.serve import create_app
from crisislens.serve.deps import Extractor, Settings
from crisislens.serve.guard import AuthThrottle
from crisislens.store import Store
from crisislens.store.access import add_user
from test_api import assert_error, auth, records

BIG = 2**63  # one past int64: SQLite and psycopg both overflowed on it
CHROMIUM = "/usr/bin/chromium"
HEADERS = {
    "content-security-policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        for record in records():
            opened.save(record)
        yield opened


@pytest.fixture
def analyst(store) -> dict[str, str]:
    return auth(add_user(store, "ann", role="analyst"))


@pytest.fixture
def app(store, nlp, gazetteer):
    return create_app(store, settings=Settings(public_reads=True), extractor=Extractor(nlp=nlp, gazetteer=gazetteer))


@pytest.fixture
def client(app) -> TestClient:
    return TestClient(app)


def unchanged(client: TestClient) -> None:
    """Nothing a refused request could have written: no audit entry, no verdict, no new document."""
    assert client.get("/api/audit").json()["total"] == 0
    assert {c["status"] for c in client.get("/api/claims").json()["items"]} == {"unverified"}
    assert client.get("/api/info").json()["documents"] == 2
    assert client.get("/api/clusters/audit").json()["items"] == []


def corrupt_published(store: Store, document_id: str) -> None:
    """A stored row the reader cannot parse: the query itself fails when it reaches this document."""
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE documents SET published = 'not a date' WHERE id = :id"),
                           {"id": document_id})


# ---- numbers: within PostgreSQL integer, or 422 (typed) / 404 (an id no event can have) --------------------
@pytest.mark.parametrize(("path", "status", "contains"), [
    (f"/api/events?offset={BIG}", 422, "query.offset"),
    (f"/api/events?limit={BIG}", 422, "query.limit"),
    (f"/api/claims?offset={BIG}", 422, "query.offset"),
    (f"/api/audit?offset={BIG}", 422, "query.offset"),
    (f"/api/clusters?offset={BIG}", 422, "query.offset"),
    (f"/api/clusters?limit={BIG}", 422, "query.limit"),
    (f"/api/clusters/audit?limit={BIG}", 422, "query.limit"),
    (f"/api/events?offset={2**31}", 422, "query.offset"),
    (f"/api/clusters/{BIG}", 422, "path.cluster_id"),
    (f"/api/clusters/{2**31}", 422, "path.cluster_id"),
    ("/api/clusters/-1", 422, "path.cluster_id"),
    (f"/api/events/kz-1:{BIG}", 404, "no event"),
    ("/api/events/kz-1:9999999999", 404, "no event"),
    ("/api/events/kz-1:\u00b2", 404, "no event"),  # '²'.isdigit() is true, int('²') raises
    (f"/api/audit?claim=kz-1:{BIG}", 404, "no claim"),
])
def test_out_of_range_numbers_in_urls_are_refused(client, path, status, contains):
    assert_error(client.get(path), status, contains)


def test_the_largest_offset_still_answers(client):
    for path in ("/api/events", "/api/claims", "/api/audit", "/api/clusters"):
        body = client.get(path, params={"offset": 2**31 - 1}).json()
        assert body["items"] == [] and body["offset"] == 2**31 - 1, path


@pytest.mark.parametrize(("method", "path", "body", "status", "contains"), [
    ("post", "/api/clusters/{cluster}/merge", {"other": BIG}, 422, "other"),
    ("post", "/api/clusters/{cluster}/merge", {"other": -5}, 422, "other"),
    ("post", "/api/clusters/{cluster}/split", {"document_id": "kz-1", "ordinal": BIG}, 422, "ordinal"),
    ("patch", f"/api/clusters/{BIG}", {"status": "confirmed"}, 422, "cluster_id"),
    ("patch", f"/api/claims/kz-1:{BIG}", {"status": "confirmed"}, 404, "no claim"),
])
def test_out_of_range_numbers_in_bodies_are_refused(client, analyst, method, path, body, status, contains):
    url = path.format(cluster=1)  # validation comes first: whether event 1 exists does not matter
    assert_error(getattr(client, method)(url, json=body, headers=analyst), status, contains)
    unchanged(client)


# ---- NUL characters: PostgreSQL cannot store or compare them ------------------------------------------------
@pytest.mark.parametrize("query", [
    "q=a%00b", "actor=%00", "code=ARREST%00", "country=KZ,%00", "document=kz-1%00", "sort=%00date",
    "bbox=1,2,3,4%00", "from=2022-01-01%00",
])
@pytest.mark.parametrize("route", ["/api/events", "/api/timeline", "/api/export"])
def test_nul_in_a_query_filter_is_422(client, route, query):
    assert_error(client.get(f"{route}?{query}"), 422, "NUL")


@pytest.mark.parametrize("path", [
    "/api/documents/kz-1%00", "/api/events/kz%00-1:0", "/api/claims?document=%00", "/api/audit?claim=kz-1%00:0",
    "/api/export?format=csv%00",
])
def test_nul_anywhere_in_the_url_is_422(client, path):
    assert_error(client.get(path), 422, "NUL")


@pytest.mark.parametrize(("method", "path", "body", "contains"), [
    ("patch", "/api/claims/kz-1:0", {"status": "disputed", "note": "see \x00 here"}, "note"),
    ("patch", "/api/clusters/{cluster}", {"status": "confirmed", "note": "\x00"}, "note"),
    ("patch", "/api/clusters/{cluster}", {"status": "\x00"}, "status"),
    ("post", "/api/clusters/{cluster}/split", {"document_id": "kz-1\x00"}, "document_id"),
    ("post", "/api/clusters/{cluster}/merge", {"other": 1, "note": "a\x00"}, "note"),
])
def test_nul_in_a_json_body_is_422_and_nothing_changes(client, analyst, method, path, body, contains):
    url = path.format(cluster=1)  # validation comes first: whether event 1 exists does not matter
    assert_error(getattr(client, method)(url, json=body, headers=analyst), 422, contains)
    unchanged(client)


@pytest.mark.parametrize(("content", "kind", "contains"), [
    ('{"text": "Police detained 12 people in Almaty.\\u0000", "id": "nul-1"}', "application/json", "text"),
    ('{"text": "Police detained 12 people in Almaty.", "title": "a\\u0000b"}', "application/json", "title"),
    ('{"id": "nul-2", "text": "Police detained 12 people in Almaty.", "source": "\\u0000"}', "application/x-ndjson",
     "source"),
    ("Police detained 12 people in Almaty." + " filler" * 10_000 + "\x00", "text/plain", "NUL"),
])
def test_nul_in_a_posted_document_is_422_and_nothing_is_stored(client, analyst, content, kind, contains):
    response = client.post("/api/documents", content=content.encode(), headers={**analyst, "Content-Type": kind})
    assert_error(response, 422, contains)
    unchanged(client)


DEEP = "[" * 1000 + "]" * 1000


@pytest.mark.parametrize(("path", "content", "kind", "contains"), [
    ("/api/documents", '{"id": "deep", "text": "Police detained 12 people.", "meta": ' + DEEP + "}",
     "application/json", "nested too deeply"),
    ("/api/documents", '{"id": "deep", "text": "Police detained 12 people.", "meta": ' + DEEP + "}",
     "application/x-ndjson", "request.jsonl:1: JSON nested too deeply"),
    ("/api/claims/kz-1:0", '{"status": ' + DEEP + "}", "application/json", ""),
])
def test_json_nested_a_thousand_deep_is_refused_not_a_500(client, analyst, path, content, kind, contains):
    method = client.post if path == "/api/documents" else client.patch
    response = method(path, content=content.encode(), headers={**analyst, "Content-Type": kind})
    assert 400 <= response.status_code < 500 and contains in response.json()["error"]
    unchanged(client)


# ---- export: an error status when the query fails, a broken transfer when it fails later ----------------------
@pytest.mark.parametrize("query", ["format=csv", "format=geojson", "format=jsonl", "format=csv&country=KZ,UA"])
def test_an_export_whose_query_fails_is_a_500_not_a_truncated_200(store, app, query):
    corrupt_published(store, "kz-1")  # the first document exported: published 2022-01-05, before mix/2
    response = TestClient(app, raise_server_exceptions=False).get(f"/api/export?{query}")
    assert_error(response, 500, "internal error (ValueError)")
    assert response.headers["x-frame-options"] == "DENY"  # the crash handler sits outside the middleware


@pytest.fixture
def server(app) -> Iterator[str]:
    with serving(app) as url:
        yield url


@pytest.mark.parametrize("fmt", ["csv", "geojson", "jsonl"])
def test_an_export_failing_midway_breaks_the_transfer(store, server, fmt):
    complete = httpx.get(f"{server}/api/export?format={fmt}")
    assert complete.status_code == 200 and "mix/2" in complete.text
    corrupt_published(store, "mix/2")  # the second and last document: the first is already on its way
    with httpx.stream("GET", f"{server}/api/export?format={fmt}") as response:
        assert response.status_code == 200
        received: list[bytes] = []
        with pytest.raises(httpx.RemoteProtocolError, match="incomplete chunked read"):
            for chunk in response.iter_bytes():
                received.append(chunk)
    assert b"kz-1" in b"".join(received)  # it had started: only the end is missing


@pytest.mark.parametrize("path", ["/vendor/leaflet/" + "a" * 5000, "/vendor/leaflet/" + "a/" * 3000 + "x",
                                  "/static/" + "a" * 5000])
def test_a_file_name_too_long_for_the_file_system_is_404(client, path):
    assert_error(client.get(path), 404)


# ---- security headers on every kind of response ------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "status"), [
    ("get", "/", 200),
    ("get", "/static/app.js", 200),
    ("get", "/static/missing.js", 404),
    ("get", "/vendor/leaflet/dist/leaflet.js", 200),
    ("get", "/vendor/leaflet/../../package.json", 404),
    ("get", "/api/events", 200),
    ("get", "/api/export?format=geojson", 200),
    ("get", "/openapi.json", 200),
    ("get", "/api/nothing", 404),
    ("get", "/nothing", 404),
    ("delete", "/api/events", 405),
    ("get", "/api/events?limit=0", 422),
    ("get", "/api/events?q=%00", 422),
    ("get", "/api/me", 401),
    ("post", "/api/documents", 401),
])
def test_every_response_carries_the_security_headers(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status, response.text
    assert {name: response.headers.get(name) for name in HEADERS} == HEADERS


def test_the_page_loads_under_its_content_security_policy(tmp_path):
    """The CSP must not break the page: no violation reported, the map and the list drawn."""
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)"
    with Store.open(f"sqlite:///{tmp_path / 'page.sqlite'}") as store:
        for record in records():
            store.save(record)
        with serving(create_app(store, settings=Settings(public_reads=True))) as url:
            violations, errors = load_page(url)
    assert violations == [] and errors == []


def load_page(url: str) -> tuple[list[str], list[str]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                             "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        page.goto(url)
        page.wait_for_selector("body[data-ready=events]", state="attached")
        page.wait_for_timeout(600)
        assert page.locator("#map svg path").count() > 50  # country outlines from /vendor/world-atlas
        assert page.locator("#event-list .event-item").count() == 5
        violations, seen = page.evaluate("window.__csp"), list(errors)
        inline_ran = page.evaluate("""() => { const s = document.createElement('script');
            s.textContent = 'window.__inline = 1'; document.body.append(s); return window.__inline === 1; }""")
        browser.close()
    assert inline_ran is False  # the policy is in force: an injected inline script does not run
    return violations, seen


# ---- bearer tokens: malformed headers and guessing ---------------------------------------------------------
@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "garbage", "", "Token abc",
                                    "bearer"])
@pytest.mark.parametrize("path", ["/api/events", "/api/me", "/api/info"])
def test_a_malformed_authorization_header_is_401_not_anonymous(client, header, path):
    response = client.get(path, headers={"Authorization": header})
    assert_error(response, 401, "Bearer TOKEN")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert client.get("/api/events").status_code == 200  # without the header: anonymous, open reads


def test_token_guessing_is_throttled_per_client(app, store, analyst):
    guesser = TestClient(app, client=("203.0.113.7", 40000))
    for attempt in range(10):
        header = auth(f"guess-{attempt}") if attempt % 2 else {"Authorization": "Basic x"}
        assert_error(guesser.get("/api/me", headers=header), 401)
    refused = guesser.get("/api/me", headers=auth("guess-10"))
    assert_error(refused, 429, "try again")
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert_error(guesser.get("/api/me", headers=analyst), 429)  # or the 429 would confirm a right guess
    assert guesser.get("/api/events").status_code == 200  # reading anonymously still works
    other = TestClient(app, client=("198.51.100.2", 40000))
    assert other.get("/api/me", headers=analyst).json()["name"] == "ann"
    assert_error(other.get("/api/me", headers=auth("wrong")), 401)


def test_failed_attempts_leave_the_window():
    now = [1000.0]
    throttle = AuthThrottle(attempts=3, window_s=60, clock=lambda: now[0])
    for _ in range(3):
        assert throttle.retry_after("a") is None
        throttle.failed("a")
        now[0] += 10
    assert throttle.retry_after("a") == 30  # the first failure, at 1000, leaves the window at 1060
    assert throttle.retry_after("b") is None
    now[0] = 1060.5
    assert throttle.retry_after("a") is None  # two failures left in the window
    throttle.failed("a")
    assert throttle.retry_after("a") == 10  # the one at 1010 leaves at 1070


def test_throttle_memory_is_bounded():
    throttle = AuthThrottle(attempts=1, window_s=60, max_clients=100)
    for number in range(1000):
        throttle.failed(f"10.0.{number // 256}.{number % 256}")
    assert len(throttle) == 100
    assert throttle.retry_after("10.0.3.231") == 60 and throttle.retry_after("10.0.0.0") is None
