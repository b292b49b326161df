"""Writers that lose nothing: re-extraction, reruns and concurrent runs leave the store as one clean run would.

Real records (the pipeline over ../shared/data/dev/cross_doc.jsonl, read in place), real SQLite and PostgreSQL
(conftest's `db_url`, plus a second database of the same backend to compare with), real subprocesses.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
import sqlalchemy as sa

from conftest import DEV, pg_schema
from crisislens.errors import CrisislensError
from crisislens.records import Record, text_hash
from crisislens.resolve.cluster import save_and_assign
from crisislens.resolve.source_profile import SourceProfiles, source_key
from crisislens.store import Store, clusters
from crisislens.version import pipeline_version

# Tables and the columns left out of a dump: the time of the latest save is meant to move on a rerun.
VOLATILE = {"documents": {"extracted_at"}}
DUMPED = ("documents", "entities", "places", "times", "events", "quotes", "claims", "document_signatures",
          "signature_bands", "canonical_events", "cluster_members", "figure_history", "event_flags",
          "source_profiles", "source_profile_documents")

# One writer process: saves and clusters every record, learns each into the source profiles, saves those;
# starts at a given wall-clock time so that the writers run together.
WRITER = """
import pickle, sys, time
from crisislens.resolve.cluster import save_and_assign
from crisislens.store import Store

url, path, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
records = pickle.load(open(path, "rb"))
errors = []
time.sleep(max(0.0, start - time.time()))
with Store.open(url) as store:
    profiles = store.load_profiles()
    for record in records:
        save_and_assign(store, record, on_error=lambda doc, exc: errors.append(f"{doc}: {exc}"))
        profiles.learn(record.document.source, record.places, text=record.document.text)
    store.save_profiles(profiles)
print("\\n".join(errors) or "ok", flush=True)
"""


@pytest.fixture(scope="session")
def cross_doc(nlp, gazetteer) -> tuple[dict[str, dict], list[Record]]:
    from crisislens.pipeline import run
    from crisislens.read.files import documents

    path = DEV / "cross_doc.jsonl"
    gold = {g["id"]: g for g in map(json.loads, path.open(encoding="utf-8"))}
    return gold, list(run(documents([str(path)]), nlp=nlp, gazetteer=gazetteer))


@pytest.fixture
def other_url(db_url, tmp_path, request) -> Iterator[str]:
    """A second empty database on db_url's backend, for a clean run to compare with."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'clean.sqlite'}"
        return
    with pg_schema(request.getfixturevalue("pg_admin")) as url:
        yield url


def raise_error(document_id: str, exc: CrisislensError) -> None:
    raise exc


def ingest(store: Store, records: list[Record], profiles: SourceProfiles | None = None) -> None:
    """What `crisislens extract` does with each record, and with the profiles after the run."""
    profiles = profiles if profiles is not None else store.load_profiles()
    for record in records:
        save_and_assign(store, record, on_error=raise_error)
        profiles.learn(record.document.source, record.places, text=record.document.text)
    store.save_profiles(profiles)


def dump(store: Store) -> dict[str, list]:
    """Every row of every table a save writes, volatile columns left out, each table's rows sorted."""
    with store.engine.connect() as connection:
        out = {}
        for table in DUMPED:
            rows = connection.execute(sa.text(f"SELECT * FROM {table}")).mappings().all()
            keep = [{k: v for k, v in row.items() if k not in VOLATILE.get(table, set())} for row in rows]
            out[table] = sorted(keep, key=repr)
        return out


def portable(store: Store) -> dict:
    """What a clean run and a concurrent one must agree on, whatever ids the databases handed out:
    documents and their events, each canonical event by its members, links, figures and profiles."""
    rows = dump(store)
    events = clusters.event_dicts(store.engine)
    shapes = sorted(
        (tuple((m["document_id"], m["ordinal"], m["role"]) for m in e["members"]), e["code"], e["date"],
         e["location"] and e["location"]["name"], json.dumps(e["fatalities"]), e["sources"], e["status"],
         json.dumps(sorted(f["kind"] for f in e["flags"])))
        for e in events)
    figures = sorted(((r["document_id"], r["kind"], r["value"], r["evidence_start"]) for r in rows["figure_history"]),
                     key=repr)
    return {"documents": rows["documents"], "events": rows["events"], "claims": rows["claims"],
            "clusters": shapes, "links": clusters.duplicate_links(store.engine), "figures": figures,
            "profiles": plain(store.load_profiles()), "lessons": rows["source_profile_documents"]}


def plain(profiles: SourceProfiles) -> tuple[dict, dict, dict]:
    return ({k: n for k, n in profiles.documents.items() if n},
            {k: dict(c) for k, c in profiles.countries.items() if c},
            {k: dict(c) for k, c in profiles.areas.items() if c})


def pair(gold: dict[str, dict], records: list[Record]) -> tuple[Record, Record]:
    """An original and its repost, from the gold links."""
    by_id = {r.document.id: r for r in records}
    repost = next(g for g in gold.values() if g["duplicate_of"])
    return by_id[repost["duplicate_of"]], by_id[repost["id"]]


def event_of(store: Store, document_id: str) -> dict:
    [event] = [e for e in clusters.event_dicts(store.engine) if document_id in e["report_ids"]]
    return event


def test_an_original_re_extracted_after_its_repost_stays_the_original(store, cross_doc):
    gold, records = cross_doc
    original, repost = pair(gold, records)
    ingest(store, [original, repost])
    before = event_of(store, original.document.id)
    assert clusters.duplicate_links(store.engine) == {repost.document.id: original.document.id}

    ingest(store, [original])            # re-extracted unchanged
    assert clusters.duplicate_links(store.engine) == {repost.document.id: original.document.id}
    assert event_of(store, original.document.id) == before

    # re-extracted by a pipeline that now reads the event a little differently: placed again, same outcome
    first, *rest = original.events
    changed = replace(original, events=(replace(first, confidence=first.confidence / 2), *rest))
    ingest(store, [changed])
    assert clusters.duplicate_links(store.engine) == {repost.document.id: original.document.id}
    after = event_of(store, original.document.id)
    assert after["id"] == before["id"]
    assert after["duplicate_ids"] == [repost.document.id] and after["sources"] == before["sources"] >= 1
    assert all(e["sources"] >= 1 for e in clusters.event_dicts(store.engine))   # no event left without a source


def test_saving_the_same_records_twice_changes_nothing(store, cross_doc):
    _, records = cross_doc
    ingest(store, records)
    first = dump(store)
    assert first["cluster_members"] and first["source_profile_documents"]
    ingest(store, records)
    assert dump(store) == first
    links = clusters.duplicate_links(store.engine)
    assert links and all(copy != original for copy, original in links.items())
    assert all(e["sources"] >= 1 for e in clusters.event_dicts(store.engine))


def test_three_concurrent_writers_of_the_same_documents_equal_one(db_url, other_url, cross_doc, tmp_path):
    _, records = cross_doc
    records = records[:24]  # reposts, merges and distractors among them; 2 cores shared by three writers
    path = tmp_path / "records.pickle"
    path.write_bytes(pickle.dumps(records))
    Store.open(db_url).close()  # migrating a new store at once is test_store_migrations' subject
    start = str(time.time() + 10)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, db_url, str(path), start], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**os.environ}) for _ in range(3)]
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
        assert out.strip() == "ok"
    with Store.open(other_url) as clean:
        ingest(clean, records)
        expected = portable(clean)
    with Store.open(db_url) as concurrent:
        assert portable(concurrent) == expected
        assert sorted(concurrent.current(text_hash(r.document.text) for r in records)) == sorted(
            text_hash(r.document.text) for r in records)


def test_a_document_counts_once_in_its_source_profile(store, cross_doc):
    _, records = cross_doc
    profiles = store.load_profiles()
    for _ in range(3):                   # extracted three times in one run …
        for record in records:
            profiles.learn(record.document.source, record.places, text=record.document.text)
    store.save_profiles(profiles, sources=profiles.taught_since(store.load_profiles().documents))
    per_source: dict[str, int] = {}
    for record in records:
        key = source_key(record.document.source)
        per_source[key] = per_source.get(key, 0) + 1
    assert dict(store.load_profiles().documents) == per_source
    once = plain(store.load_profiles())

    again = store.load_profiles()        # … and again by a later run
    before = again.documents.copy()
    for record in records:
        again.learn(record.document.source, record.places, text=record.document.text)
    assert again.taught_since(before) == []
    store.save_profiles(again, sources=again.taught_since(before))
    assert plain(store.load_profiles()) == once

    # learnt again with other places, a document's lesson is replaced: its countries are taken back
    record = next(r for r in records if any(p.country_code for p in r.places) and r.document.source)
    key = source_key(record.document.source)
    changed = store.load_profiles()
    changed.learn(record.document.source, (), text=record.document.text)
    assert changed.taught_since(changed.documents.copy()) == [key]
    store.save_profiles(changed, sources=[key])
    documents, countries, _ = plain(store.load_profiles())
    assert documents[key] == once[0][key]
    assert sum(countries.get(key, {}).values()) < sum(once[1][key].values())


def test_concurrent_runs_keep_each_others_profile_lessons(store, cross_doc):
    _, records = cross_doc
    source = "Sahel Wire"
    ours = [r for r in records if r.document.source == source]
    assert len(ours) >= 2
    first, second = store.load_profiles(), store.load_profiles()   # two runs, both started before either saved
    for record in ours[::2]:
        first.learn(source, record.places, text=record.document.text)
    for record in ours[1::2]:
        second.learn(source, record.places, text=record.document.text)
    store.save_profiles(first)
    store.save_profiles(second)
    assert store.load_profiles().documents[source_key(source)] == len(ours)   # not the last writer's half


def test_profiles_counted_once_across_processes(store, cross_doc, tmp_path, db_url):
    _, records = cross_doc
    records = records[:6]
    ingest(store, records)
    once = plain(store.load_profiles())
    path = tmp_path / "records.pickle"
    path.write_bytes(pickle.dumps(records))
    result = subprocess.run([sys.executable, "-c", WRITER, db_url, str(path), "0"], capture_output=True, text=True,
                            timeout=300, env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert plain(store.load_profiles()) == once


def test_current_names_the_documents_stored_by_this_pipeline_version(store, cross_doc):
    _, records = cross_doc
    stored, stale, unknown = records[0], records[1], records[2]
    for record in (stored, stale):
        store.save(record)
    with store.engine.begin() as connection:
        versions = dict(connection.execute(sa.text("SELECT id, pipeline_version FROM documents")).all())
        connection.execute(sa.text("UPDATE documents SET pipeline_version = 'old' WHERE id = :id"),
                           {"id": stale.document.id})
    assert versions == {stored.document.id: pipeline_version(), stale.document.id: pipeline_version()}
    asked = [text_hash(r.document.text) for r in (stored, stale, unknown)]
    asked += [f"{n:064x}" for n in range(1200)]   # more than one chunk of the IN (…)
    assert store.current(asked) == {text_hash(stored.document.text)}
    assert store.current([]) == set()
