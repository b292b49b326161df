"""store/migrate.py: a migration is all or nothing, and processes opening a new store at once migrate it once.

Real subprocesses (a kill -9 is the only honest crash), a real SQLite file and real PostgreSQL schemas.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from crisislens.store import Store
from crisislens.store.locks import sqlite_events
from crisislens.store.migrate import alembic_config, upgrade

# Opens a store, but stops in the first migration right after `entities` is created (`documents` is
# there already): the moment a tester's kill -9 left a store that never opened again.
PAUSE_IN_MIGRATION = """
import sys, time
import sqlalchemy as sa
from crisislens.store import Store

def pause(connection, cursor, statement, *rest):
    if "CREATE TABLE ENTITIES" in " ".join(statement.upper().split()):
        print("paused", flush=True)
        time.sleep(120)

sa.event.listen(sa.engine.Engine, "after_cursor_execute", pause)
Store.open(sys.argv[1])
"""

# Opens a store at a given wall-clock time, so that processes started one after another open it together.
OPEN_AT = """
import sys, time
from crisislens.store import Store

time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
with Store.open(sys.argv[1]) as store:
    print(store.count_documents(), flush=True)
"""


def python(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ})


def head() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_kill_during_the_first_migration_leaves_a_store_that_opens(tmp_path, seed_record):
    url = f"sqlite:///{tmp_path / 'killed.sqlite'}"
    process = python(PAUSE_IN_MIGRATION, url)
    try:
        assert process.stdout.readline().strip() == "paused", process.stderr.read()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    # the old schema (none at all), never half of the new one
    assert tables(url) == set()
    with Store.open(url) as store:
        document_id = store.save(seed_record)
        assert [record.document.id for record in store.records()] == [document_id]
        with store.engine.connect() as connection:
            version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == head()
    assert {"documents", "entities", "cluster_members", "source_profile_documents"} <= tables(url)


def test_a_kill_during_a_later_migration_keeps_the_earlier_schema_and_data(tmp_path, seed_record):
    url = f"sqlite:///{tmp_path / 'older.sqlite'}"
    engine = sa.create_engine(url)
    sqlite_events(engine)
    upgrade(engine, revision="0001")
    engine.dispose()
    assert "users" not in tables(url)  # 0002 creates it
    process = python(PAUSE_IN_MIGRATION.replace("CREATE TABLE ENTITIES", "CREATE TABLE USERS"), url)
    try:
        assert process.stdout.readline().strip() == "paused", process.stderr.read()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert "users" not in tables(url) and "documents" in tables(url)
    with Store.open(url) as store:
        store.save(seed_record)
        assert store.count_documents() == 1
    assert "users" in tables(url)


def test_three_processes_opening_a_new_store_at_once_all_succeed(db_url):
    start = time.time() + 8  # after the three have imported crisislens (2 cores: ~3 s each)
    processes = [python(OPEN_AT, db_url, str(start)) for _ in range(3)]
    results = [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in processes]
    for returncode, out, err in results:
        assert returncode == 0, err
        assert out.strip() == "0"
    with Store.open(db_url) as store, store.engine.connect() as connection:
        versions = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [head()]


def test_opening_a_current_store_takes_no_lock(tmp_path):
    """A writer holding the write lock for a while must not make a reader's Store.open wait or fail."""
    url = f"sqlite:///{tmp_path / 'busy.sqlite'}"
    with Store.open(url) as writer, writer.writing() as session:
        session.execute(sa.text("UPDATE documents SET title = title"))
        began = time.monotonic()
        with Store.open(url) as reader:
            assert reader.count_documents() == 0
        assert time.monotonic() - began < 5

