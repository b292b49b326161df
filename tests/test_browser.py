"""The page in a real browser: Debian's chromium, driven by playwright, against the real server on the seed.

It fails, never skips, when /usr/bin/chromium is missing (`.ci/run` installs it). Screenshots go to the
test's tmp folder: map.png, brushed.png, event.png, verified.png, audit.png, script.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from conftest import serving
from crisislens.pipeline import run
from crisislens.read.files import read_text
from crisislens.serve import create_app
from crisislens.serve.deps import Extractor, Settings
from crisislens.store import Store
from crisislens.store.access import add_user

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCRIPT_TEXT = ("Police detained 40 protesters in Almaty on Tuesday, the interior ministry said.\n"
               "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> <b>bold?</b>")


@dataclass
class Server:
    url: str
    store: Store
    token: str
    seed_id: str
    script_id: str


@pytest.fixture
def server(tmp_path, seed_record, nlp, gazetteer) -> Iterator[Server]:
    store = Store.open(f"sqlite:///{tmp_path / 'seed.sqlite'}")
    seed_id = store.save(seed_record)
    [script_record] = run([read_text(SCRIPT_TEXT, source="test", doc_id="script-doc")], nlp=nlp, gazetteer=gazetteer)
    script_id = store.save(script_record)
    token = add_user(store, "ann", role="analyst")
    app = create_app(store, settings=Settings(public_reads=True), extractor=Extractor(nlp, gazetteer))
    try:
        with serving(app) as url:
            yield Server(url, store, token, seed_id, script_id)
    finally:
        store.close()


@pytest.fixture
def page(server) -> Iterator[Page]:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # Nothing may be fetched from outside this server: the page works offline.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url)
                   or route.request.url.startswith("data:") else (errors.append(route.request.url), route.abort()))
        yield page
        assert errors == []
        browser.close()


def api(page: Page, server: Server, path: str):
    response = page.request.get(f"{server.url}{path}")
    assert response.ok, response.text()
    return response.json()


def markers_on_map(page: Page) -> int:
    """Markers drawn one by one plus the counts written on clusters: what an analyst sees."""
    return page.evaluate("""() => document.querySelectorAll('#map .ev-dot').length
        + [...document.querySelectorAll('#map .marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0)""")


def test_map_timeline_event_view_verification_and_audit(page, server, tmp_path):
    located = api(page, server, "/api/events?located=true&limit=1000")["items"]
    assert located, "the seed should have located events"
    page.goto(server.url)
    page.wait_for_selector("body[data-ready=events]", state="attached")
    page.wait_for_timeout(600)  # marker cluster animation
    assert page.evaluate("window.crisislens.markerCount()") == len(located)
    assert markers_on_map(page) == len(located)
    assert page.locator("#map path.leaflet-interactive, #map svg path").count() > 50  # country outlines
    assert page.locator("#event-list .event-item").count() == len(api(page, server, "/api/events")["items"])
    page.screenshot(path=tmp_path / "map.png")

    # Brush the timeline over one day: the map and the list keep only that day's events.
    day = max(api(page, server, "/api/timeline"), key=lambda d: d["count"])["date"]
    bar = page.locator(f"#timeline rect.bar[data-date='{day}']").bounding_box()
    y = bar["y"] + bar["height"] / 2
    page.mouse.move(bar["x"] - 1, y)
    page.mouse.down()
    page.mouse.move(bar["x"] + bar["width"] / 2, y, steps=4)
    page.mouse.move(bar["x"] + bar["width"] + 1, y, steps=4)
    page.mouse.up()
    page.wait_for_function("d => document.querySelector('#range').textContent.startsWith(d)", arg=day)
    assert page.locator("#range").text_content() == f"{day} – {day}"
    on_day = [e for e in located if e["date"] == day]
    page.wait_for_function("n => window.crisislens.markerCount() === n", arg=len(on_day))
    page.wait_for_timeout(600)
    assert markers_on_map(page) == len(on_day) < len(located)
    dates = page.locator("#event-list .event-head .muted").all_text_contents()
    assert dates and set(dates) == {day}
    page.screenshot(path=tmp_path / "brushed.png")

    # Open an event that has a claim: its evidence sentence is highlighted in the source text.
    claims = api(page, server, f"/api/claims?document={server.seed_id}")["items"]
    claim = next(c for c in claims if c["event_id"])
    event = api(page, server, f"/api/events/{claim['event_id']}")
    page.evaluate("id => window.crisislens.openEvent(id)", event["id"])
    mark = page.locator("#detail .source-text mark.m-evidence")
    mark.first.wait_for()
    assert "".join(mark.all_text_contents()) == event["evidence"]["text"]
    assert page.locator("#detail blockquote.evidence").text_content() == event["evidence"]["text"]
    assert page.locator("#detail .source-text .m-place").count() > 0
    assert page.locator("#detail .source-text").text_content() == api(
        page, server, f"/api/documents/{server.seed_id}")["text"]
    assert page.locator("#detail .claim .set-status").count() == 0  # guests see no buttons
    page.screenshot(path=tmp_path / "event.png")

    # Sign in as an analyst and dispute the claim, with a note.
    page.fill("#token", server.token)
    page.click("#sign-in")
    page.wait_for_selector("#whoami:has-text('ann (analyst)')")
    page.wait_for_selector(f"#detail ol.claims li[data-claim-id='{claim['id']}'] .set-status")
    item = page.locator(f"#detail ol.claims li[data-claim-id='{claim['id']}']").first
    item.locator(".claim-note").fill("Two witnesses contradict this")
    item.locator(".set-status[data-status=disputed]").click()
    page.wait_for_selector(f"#detail li[data-claim-id='{claim['id']}'] .status-badge:has-text('disputed')")
    assert api(page, server, "/api/claims?status=disputed")["items"][0]["id"] == claim["id"]
    page.screenshot(path=tmp_path / "verified.png")

    # The audit log shows who changed what, from and to, with the note.
    page.click("#tabs button[data-tab=audit]")
    entry = page.locator(f"#audit-list li.audit-entry[data-claim-id='{claim['id']}']")
    entry.wait_for()
    text = entry.text_content()
    assert "ann" in text and "from unverified to disputed" in text and "Two witnesses contradict this" in text
    [logged] = api(page, server, "/api/audit")["items"]
    assert (logged["user"], logged["from"], logged["to"]) == ("ann", "unverified", "disputed")
    page.screenshot(path=tmp_path / "audit.png")


def test_source_text_with_markup_is_shown_as_text_never_run(page, server, tmp_path):
    page.goto(server.url)
    page.wait_for_selector("body[data-ready=events]", state="attached")
    [event] = api(page, server, f"/api/events?document={server.script_id}")["items"]
    page.evaluate("id => window.crisislens.openEvent(id)", event["id"])
    page.locator("#detail .source-text mark.m-evidence").first.wait_for()
    assert page.locator("#detail .source-text").text_content() == SCRIPT_TEXT
    assert page.locator("#detail script, #detail img, #detail b").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.screenshot(path=tmp_path / "script.png")


def test_posting_a_document_from_the_page(page, server):
    page.goto(server.url)
    page.wait_for_selector("body[data-ready=events]", state="attached")
    page.fill("#token", server.token)
    page.click("#sign-in")
    page.wait_for_selector("#whoami:has-text('analyst')")
    page.click("#tabs button[data-tab=add]")
    page.fill("#add-form textarea", "Police detained 12 protesters in Bishkek on Friday, officials said.")
    page.click("#add-form button[type=submit]")
    page.wait_for_selector("#add-result li.stored")
    assert server.store.count_documents() == 3
    assert api(page, server, "/api/events?q=bishkek")["total"] >= 1
