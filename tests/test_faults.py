"""Nothing lost, with real processes on both backends: a batch killed with SIGKILL at twenty random moments
(the first migration among them) and run again until done ends with the store a clean run makes, and so do
three runs of the same batch at once."""

from __future__ import annotations

import math
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import pg_schema
from crisislens.store import Store
from faults_batch import write_batch

CLI = str(Path(sys.executable).with_name("crisislens"))
KILLS = 20
RUN_TIMEOUT = 600
VOLATILE = {"extracted_at", "updated_at", "assigned_at", "created_at", "reported_at_local"}
EVENT_ID = re.compile(r"\bevent (\d+)\b")
SERIAL_IDS = {"canonical_events", "figure_history", "cluster_flags", "audit_log"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    return write_batch(tmp_path_factory.mktemp("faults") / "batch.jsonl")


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request, tmp_path) -> Iterator:
    """Makes fresh empty stores of one backend; PostgreSQL schemas are dropped afterwards."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            numbers = count()
            yield lambda: f"sqlite:///{tmp_path / f'store-{next(numbers)}.sqlite'}"
        else:
            admin = request.getfixturevalue("pg_admin")
            yield lambda: stack.enter_context(pg_schema(admin, prefix="crisislens_faults"))


@pytest.fixture
def clean(batch, new_store):
    """The store one uninterrupted run makes, as a snapshot; and how long that run took."""
    url = new_store()
    started = time.monotonic()
    result = subprocess.run(extract_command(batch, url), env=cli_env(), capture_output=True, text=True,
                            timeout=RUN_TIMEOUT)
    assert result.returncode == 0, result.stderr
    return snapshot(url), time.monotonic() - started


def extract_command(batch: Path, url: str) -> list[str]:
    return [CLI, "extract", str(batch), "--db", url, "--format", "jsonl", "-o", os.devnull]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CRISISLENS_RAISE", None)     # as a user runs it: a bug in one document is reported, not raised
    return env


# ---- reading a store back -------------------------------------------------------------------------------------
def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without timestamps; canonical events named by their first member, since
    serial ids are not given back when a killed transaction rolls back."""
    engine = sa.create_engine(url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            names = cluster_names(connection, metadata)
            return {name: sorted(rows(connection, table, names), key=repr)
                    for name, table in metadata.tables.items() if name != "alembic_version"}
    finally:
        engine.dispose()


def differences(got: dict[str, list[tuple]], expected: dict[str, list[tuple]]) -> list[str]:
    """The rows only one of two snapshots has, a few per table, to read in a failing assertion."""
    found = []
    for table in sorted(set(got) | set(expected)):
        mine, theirs = map(repr, got.get(table, [])), map(repr, expected.get(table, []))
        mine, theirs = set(mine), set(theirs)
        found += [f"{table} only here: {row}" for row in sorted(mine - theirs)[:3]]
        found += [f"{table} only in the clean run: {row}" for row in sorted(theirs - mine)[:3]]
    return found


def cluster_names(connection, metadata: sa.MetaData) -> dict[int, str]:
    members = metadata.tables["cluster_members"]
    firsts = connection.execute(sa.select(members.c.canonical_event_id, members.c.document_id, members.c.ordinal))
    names: dict[int, str] = {}
    for cluster, document, ordinal in firsts:
        names[cluster] = min(names.get(cluster, f"{document}:{ordinal}"), f"{document}:{ordinal}")
    return names


def rows(connection, table: sa.Table, names: dict[int, str]) -> Iterator[tuple]:
    for row in connection.execute(sa.select(table)).mappings():
        yield tuple((column, value_of(table.name, column, value, names)) for column, value in row.items()
                    if column not in VOLATILE and not (column == "id" and table.name in SERIAL_IDS
                                                       and table.name != "canonical_events"))


def value_of(table: str, column: str, value, names: dict[int, str]):
    if column == "canonical_event_id" or (table == "canonical_events" and column == "id"):
        return names.get(value, "no members")
    if column == "reasons":   # "best evidence -1.00 < 2.0 (event 323)" names an event by its serial id
        return [EVENT_ID.sub(lambda m: f"event {names.get(int(m.group(1)), '?')}", reason) for reason in value]
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else value
    return value


def documents_without_clusters(url: str) -> set[str]:
    """Documents stored without their place among canonical events: half of a document."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            stored = set(connection.scalars(sa.text("SELECT id FROM documents")))
            placed = set(connection.scalars(sa.text("SELECT document_id FROM cluster_members")))
            return stored - placed
    finally:
        engine.dispose()


def stored_documents(url: str) -> int:
    """How many documents the store holds now; 0 while its tables do not exist yet."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(sa.text("SELECT count(*) FROM documents")) or 0
    except sa.exc.DBAPIError:
        return 0
    finally:
        engine.dispose()


def has_tables(url: str) -> bool:
    engine = sa.create_engine(url)
    try:
        return bool(sa.inspect(engine).get_table_names())
    except sa.exc.DBAPIError:
        return False
    finally:
        engine.dispose()


# ---- killing ----------------------------------------------------------------------------------------------------
def run_until(batch: Path, url: str, moment) -> int | None:
    """Start a run and SIGKILL it when `moment()` says so; its exit code if it ended first, else None."""
    process = subprocess.Popen(extract_command(batch, url), env=cli_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + RUN_TIMEOUT
    while process.poll() is None and time.monotonic() < deadline:
        if moment():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return None
        time.sleep(0.02)
    if process.poll() is None:
        process.kill()
        pytest.fail(f"a run of {batch} did not end in {RUN_TIMEOUT} s")
    assert "Traceback" not in process.stderr.read()
    return process.returncode


def test_kill_9_at_twenty_moments_then_a_rerun_equals_a_clean_run(batch, new_store, clean):
    expected, _ = clean
    url, dice = new_store(), random.Random(20261208)
    total = len(batch.read_text().splitlines())
    # The first kill lands while the first migration creates the tables; the others after a random number
    # of stored documents, or a random moment of start-up (loading the model, opening the store).
    moments = [lambda: has_tables(url)]
    for _ in range(KILLS - 1):
        if dice.random() < 0.25:
            at = time.monotonic() + dice.uniform(0.5, 4.0)
            moments.append(lambda at=at: time.monotonic() >= at)
        else:
            target = dice.randrange(1, total)
            moments.append(lambda target=target: stored_documents(url) >= target)
    for number, moment in enumerate(moments, 1):
        code = run_until(batch, url, moment)
        assert code in (None, 0), f"run {number} failed with exit {code}"
        with Store.open(url):                          # the store opens after every kill
            pass
        assert not documents_without_clusters(url), f"half-stored documents after kill {number}"

    result = subprocess.run(extract_command(batch, url), env=cli_env(), capture_output=True, text=True,
                            timeout=RUN_TIMEOUT)
    assert result.returncode == 0, result.stderr
    changed = differences(snapshot(url), expected)
    assert not changed, "\n".join(changed)


def test_three_concurrent_runs_equal_one_clean_run(batch, new_store, clean):
    expected, _ = clean
    url = new_store()
    processes = [subprocess.Popen(extract_command(batch, url), env=cli_env(), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [process.communicate(timeout=RUN_TIMEOUT)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], errors
    assert not any("Error" in text or "Traceback" in text for text in errors), errors
    changed = differences(snapshot(url), expected)
    assert not changed, "\n".join(changed)
