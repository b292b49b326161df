"""export/: each registered writer, checked on values an analyst would read."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest

from crisislens.export import EXPORTERS, exporter, record_to_dict
from crisislens.export.columns import CLAIM_STATUS, EVENT_COLUMNS
from crisislens.export.table import snippet
from crisislens.records import Actor, Claim, Document, Entity, Event, Location, Place, Quote, Record, Span, Time
from crisislens.store import convert

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1].parent / "shared" / "contract" / "extract.schema.json").read_text()
)
TEXT = (
    "Thousands of protesters gathered in Almaty on Monday, demanding lower fuel prices and the resignation "
    "of the government. Police detained 12 people, the ministry said. Two people were reportedly killed."
)


def at(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span.of(text, start, start + len(phrase))


def protest_record() -> Record:
    protest = Event(
        code="PEACE_PROTEST",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        evidence=at(TEXT, TEXT.split(" Police")[0]),
        confidence=0.81234,
        date=date(2022, 1, 3),
        date_precision="day",
        location=Location("Almaty", 43.25667, 76.92861, "KZ", "Almaty", 1526384, "city"),
        actor1=Actor("Protesters (Kazakhstan)", "protesters"),
        actor2=Actor("Government of Kazakhstan", "state"),
        fatalities=2,
        arrested=12,
    )
    arrest = Event(
        code="ARREST",
        event_type="Strategic developments",
        sub_event_type="Arrests",
        evidence=at(TEXT, "Police detained 12 people, the ministry said."),
        confidence=0.5,
    )
    return Record(
        document=Document(
            id="kz-1",
            text=TEXT,
            origin="feed.jsonl:1",
            title="Protests in Almaty",
            published=datetime(2022, 1, 3, 18, 30, tzinfo=timezone(timedelta(hours=6))),
            source="Wire",
            language="en",
        ),
        entities=(Entity(at(TEXT, "Almaty"), "GPE"),),
        places=(Place(at(TEXT, "Almaty"), "Almaty", 43.25667, 76.92861, "KZ", "Almaty", 1526384, "P.PPLA"),),
        times=(Time(at(TEXT, "Monday"), "DATE", "2022-01-03"),),
        events=(protest, arrest),
        quotes=(Quote(at(TEXT, "Police detained 12 people"), "the ministry", direct=False),),
        claims=(
            Claim(at(TEXT, "Police detained 12 people"), "the ministry", event=1),
            Claim(at(TEXT, "Two people were reportedly killed."), None, hedged=True, hedge="reportedly", event=0),
        ),
    )


def syria_record() -> Record:
    text = "An air strike hit Idlib on Tuesday."
    strike = Event(
        "AIR_STRIKE",
        "Explosions/Remote violence",
        "Air/drone strike",
        Span.of(text, 0, len(text)),
        0.7,
        location=Location("Idlib", 35.93, 36.63, "SY"),
    )
    return Record(Document(id="sy-1", text=text, origin="b.txt", published=date(2022, 2, 1)), events=(strike,))


def write(name: str, records: list[Record], **options: object) -> tuple[int, str]:
    out = io.StringIO()
    count = EXPORTERS[name](records, out, **options)
    return count, out.getvalue()


def test_builtins_are_registered_with_docs():
    assert set(EXPORTERS) == {"jsonl", "json", "csv", "geojson", "table", "claims-csv"}
    for name, writer in EXPORTERS.items():
        assert writer.__doc__ and "returns how many" in writer.__doc__, name


def test_a_name_registers_once():
    with pytest.raises(ValueError, match="'csv' is already registered"):
        exporter("csv")(lambda records, out: 0)
    assert EXPORTERS["csv"].__name__ == "write_csv"


def test_jsonl_lines_follow_the_contract():
    count, text = write("jsonl", [protest_record(), syria_record()])
    lines = text.splitlines()
    assert count == len(lines) == 2
    objects = [json.loads(line) for line in lines]
    for obj in objects:
        jsonschema.validate(obj, SCHEMA)
        assert "text" not in obj
    assert objects[0]["published"] == "2022-01-03T18:30:00+06:00"
    assert objects[0]["events"][0]["confidence"] == 0.812
    assert objects[0]["claims"][1] == {
        "text": "Two people were reportedly killed.",
        "start": TEXT.index("Two people"),
        "end": len(TEXT),
        "speaker": None,
        "hedged": True,
        "hedge": "reportedly",
        "negated": False,
        "event": 0,
    }
    assert objects[1]["events"][0]["location"]["country_code"] == "SY"


def test_jsonl_with_text_lets_offsets_be_checked():
    _, text = write("jsonl", [protest_record()], include_text=True)
    obj = json.loads(text)
    jsonschema.validate(obj, SCHEMA)
    evidence = obj["events"][1]["evidence"]
    assert obj["text"][evidence["start"] : evidence["end"]] == "Police detained 12 people, the ministry said."


def test_json_is_a_pretty_array_of_the_same_objects():
    records = [protest_record(), syria_record()]
    count, text = write("json", records)
    assert count == 2
    assert json.loads(text) == [record_to_dict(r) for r in records]
    assert text.startswith('[\n  {\n    "id": "kz-1",')
    assert write("json", []) == (0, "[]\n")


def test_csv_has_one_acled_like_row_per_event():
    count, text = write("csv", [protest_record(), syria_record()])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == len(rows) == 3
    assert tuple(rows[0]) == EVENT_COLUMNS
    assert list(rows[0])[:17] == [
        "event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
        "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "code",
        "confidence",
    ]  # fmt: skip
    protest, arrest, strike = rows
    assert protest["event_id"] == "kz-1:0" and arrest["event_id"] == "kz-1:1"
    assert protest["event_date"] == "2022-01-03"
    assert protest["actor1"] == "Protesters (Kazakhstan)" and protest["actor2"] == "Government of Kazakhstan"
    assert (protest["country"], protest["admin1"], protest["location"]) == ("Kazakhstan", "Almaty", "Almaty")
    assert (float(protest["latitude"]), float(protest["longitude"])) == (43.25667, 76.92861)
    assert protest["notes"].startswith("Thousands of protesters") and "Police" not in protest["notes"]
    assert (protest["fatalities"], protest["arrested"], protest["injured"]) == ("2", "12", "")
    assert protest["confidence"] == "0.812" and protest["source"] == "Wire"
    assert (arrest["location"], arrest["latitude"], arrest["fatalities"], arrest["event_date"]) == ("", "", "", "")
    assert strike["country"] == "Syria"  # the common name, not 'Syrian Arab Republic'


def test_geojson_has_a_point_per_located_event():
    count, text = write("geojson", [protest_record(), syria_record()])
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert count == len(features) == 2  # the arrest has no location
    assert [f["id"] for f in features] == ["kz-1:0", "sy-1:0"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [76.92861, 43.25667]}
    properties = features[0]["properties"]
    assert set(properties) == set(EVENT_COLUMNS)
    assert (properties["code"], properties["fatalities"], properties["injured"]) == ("PEACE_PROTEST", 2, None)
    assert write("geojson", [])[0] == 0
    assert json.loads(write("geojson", [])[1]) == {"type": "FeatureCollection", "features": []}


def test_table_shows_each_event_with_a_short_evidence():
    count, text = write("table", [protest_record(), syria_record()], width=200)
    assert count == 3
    assert "PEACE_PROTEST" in text and "AIR_STRIKE" in text and "ARREST" in text
    assert "Almaty, KZ" in text and "Idlib, SY" in text
    assert "Protesters (Kazakhstan) vs Government of Kazakhstan" in text
    assert "Thousands of protesters gathered in Almaty on Monday,…" in text
    assert "demanding" not in text  # cut from the evidence (60 characters by default)
    assert "3 events from 2 documents" in text
    assert "\x1b[" not in text  # no colour codes in a file


def test_snippet_cuts_at_a_word():
    assert snippet("a  short\ntext", 40) == "a short text"
    assert snippet("one two three four", 12) == "one two…"
    assert len(snippet("x" * 100, 10)) == 10


def test_claims_csv_has_one_row_per_claim_with_status_where_known():
    record = protest_record()
    stored = Record(**{**{f: getattr(record, f) for f in record.__slots__}, "extras": {}})
    stored.extras[CLAIM_STATUS] = ("verified", "unverified")
    count, text = write("claims-csv", [record, stored])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == len(rows) == 4
    assert rows[0] == {
        "document_id": "kz-1",
        "claim": "0",
        "speaker": "the ministry",
        "hedged": "False",
        "hedge": "",
        "negated": "False",
        "event": "1",
        "text": "Police detained 12 people",
        "status": "",
        "start": str(TEXT.index("Police")),
        "end": str(TEXT.index("Police") + len("Police detained 12 people")),
    }
    assert (rows[1]["hedged"], rows[1]["hedge"], rows[1]["event"]) == ("True", "reportedly", "0")
    assert [row["status"] for row in rows[2:]] == ["verified", "unverified"]


def test_store_and_export_agree_on_the_claim_status_key():
    assert convert.CLAIM_STATUS == CLAIM_STATUS
