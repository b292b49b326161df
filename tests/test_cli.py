"""The `crisislens` command end to end: real model, real gazetteer, real SQLite store."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import SEED_PATH, SHARED
from crisislens.cli import app
from crisislens.store.repo import Store

SCHEMA = json.loads((SHARED / "contract" / "extract.schema.json").read_text())
runner = CliRunner()


def extract(*args: str, db: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["extract", *args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


def test_seed_jsonl_is_schema_valid_and_offsets_slice_the_text(db):
    code, out, err = extract(str(SEED_PATH), "--format", "jsonl", db=db)
    assert code == 0, err
    [line] = out.splitlines()
    record = json.loads(line)
    jsonschema.Draft202012Validator(SCHEMA).validate(record)
    text = SEED_PATH.read_text(encoding="utf-8")
    spans = [item for key in ("places", "times", "quotes", "entities", "claims") for item in record[key]]
    spans += [event["evidence"] for event in record["events"]]
    assert spans and all(text[s["start"]:s["end"]] == s["text"] for s in spans)
    assert record["published"] == "2022-01-07T16:05:00+06:00"
    assert "1 documents read, 0 failed, 1 stored" in err


def test_seed_events_carry_evidence_sentences(db):
    _, out, _ = extract(str(SEED_PATH), "--format", "jsonl", db=db)
    events = json.loads(out)["events"]
    protest = next(e for e in events if e["code"] == "PEACE_PROTEST")
    assert "the protests in the city of Almaty began on January 3" in protest["evidence"]["text"]
    assert protest["date"] == "2022-01-03"
    seizure = next(e for e in events if e["code"] == "NON_STATE_ACTOR_OVERTAKES_TER")
    assert "seized the airport" in seizure["evidence"]["text"]
    assert seizure["actor1"]["name"] == "The terrorists"
    police = next(e for e in events if e["fatalities"] == 18)
    assert "18 police officers are reported to be dead" in police["evidence"]["text"]
    assert not any("do not participate in hostilities" in e["evidence"]["text"] for e in events)


def test_re_extracting_updates_the_store_without_duplicates(db):
    for _ in range(2):
        code, _, _ = extract(str(SEED_PATH), "--format", "jsonl", db=db)
        assert code == 0
    with Store.open(db) as store:
        assert store.count_documents() == 1
        [record] = list(store.records())
    assert record.document.title.startswith("CSTO peacekeepers")
    assert any(event.code == "PEACE_PROTEST" for event in record.events)


def test_batch_goes_on_past_bad_inputs_and_exits_1(tmp_path, db):
    (tmp_path / "good.txt").write_text("Gunmen killed 12 villagers in Zamfara State on Sunday, police said.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"id": "x1", "text": "Rebels shelled Aleppo on Friday, killing 4 people."}\n{oops\n')
    code, out, err = extract(str(tmp_path), str(tmp_path / "missing.txt"), "--format", "jsonl", db=db)
    assert code == 1
    assert sorted(json.loads(line)["id"] for line in out.splitlines()) == ["good", "x1"]
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert f"Error: {tmp_path / 'empty.txt'}: empty document: no text to read" in errors
    assert f"Error: {tmp_path / 'binary.txt'}: contains NUL bytes: a binary file, not text" in errors
    assert any(line.startswith(f"Error: {lines}:2: invalid JSON") for line in errors)
    assert f"Error: {tmp_path / 'missing.txt'}: no such file or directory" in errors
    assert "Traceback" not in err
    assert "2 documents read, 4 failed, 2 stored" in err
    with Store.open(db) as store:
        assert store.count_documents() == 2


def test_html_record_carries_the_text_its_offsets_index(tmp_path, db):
    page = tmp_path / "page.html"
    page.write_text("<html><body><article><p>Police fired tear gas at protesters in Nairobi on Tuesday, "
                    "witnesses said. Dozens were arrested.</p></article></body></html>")
    code, out, _ = extract(str(page), "--format", "jsonl", db=db)
    record = json.loads(out)
    assert code == 0 and record["text"].startswith("Police fired tear gas")
    assert all(record["text"][e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]
               for e in record["events"])


def test_export_csv_and_geojson_from_the_store(db):
    extract(str(SEED_PATH), "--format", "jsonl", db=db)
    result = runner.invoke(app, ["export", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and rows
    assert {"event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
            "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "code",
            "confidence"} <= set(rows[0])
    protest = next(row for row in rows if row["code"] == "PEACE_PROTEST")
    assert protest["event_date"] == "2022-01-03" and protest["country"] == "Kazakhstan"
    result = runner.invoke(app, ["export", "--db", db, "--format", "geojson"])
    features = json.loads(result.stdout)["features"]
    assert features and all(f["geometry"]["type"] == "Point" for f in features)


def test_table_is_for_people(db):
    code, out, _ = extract(str(SEED_PATH), "--format", "table", db=db)
    assert code == 0 and "PEACE_PROTEST" in out and "Almaty" in out


def test_help_teaches_with_examples():
    for command in ("extract", "export", "setup"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout


def test_unreachable_database_is_one_line_error(tmp_path):
    code, _, err = extract(str(SEED_PATH), db="postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert code == 1 and err.startswith("Error: ") and "Traceback" not in err


def test_stdin_dash_reads_text(db):
    result = runner.invoke(app, ["extract", "-", "--format", "jsonl", "--db", db],
                           input="Troops recaptured the town of Palmyra from Islamic State militants on Sunday.")
    record = json.loads(result.stdout)
    assert result.exit_code == 0 and record["id"].startswith("sha256-")
    assert record["events"][0]["code"] == "GOV_REGAINS_TERIT"
