"""store/: Records survive a round trip through SQLite and PostgreSQL, and re-extraction replaces.

PostgreSQL is the real server named by $CRISISLENS_TEST_PG_URL (default: database `test` on 127.0.0.1);
each test gets its own schema, dropped afterwards, so runs never collide. No server: the tests fail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from crisislens.errors import StoreError
from crisislens.records import (
    Actor,
    Claim,
    Document,
    Entity,
    Event,
    Location,
    Place,
    Quote,
    Record,
    Span,
    Time,
)
from crisislens.store import Store
from crisislens.store.migrate import alembic_config
from crisislens.store.tables import Base

DOCUMENT_TABLES = {"documents", "entities", "places", "times", "events", "quotes", "claims"}
TABLES = DOCUMENT_TABLES | {"alembic_version", "users", "audit_log", "document_signatures", "signature_bands",
                            "canonical_events", "cluster_members", "figure_history", "event_flags", "cluster_audit",
                            "source_profiles", "source_profile_documents"}
ALMATY = timezone(timedelta(hours=6))

TEXT = (
    "ALMATY, Jan 3 (Wire) - Thousands of protesters gathered in Almaty on Monday. "
    "Police detained 12 people, the interior ministry said. "
    '"We want fair prices," said Aigerim, a teacher. At least two people were reportedly killed.'
)


def at(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span.of(text, start, start + len(phrase))


def full_record(doc_id: str = "kz-1", text: str = TEXT, **document: object) -> Record:
    """A Record with every field set, including the awkward ones (offset, microseconds, body)."""
    fields = {
        "origin": "feed.jsonl:3",
        "title": "Protests in Almaty",
        "published": datetime(2022, 1, 3, 18, 30, 5, 123456, tzinfo=ALMATY),
        "source": "Wire",
        "language": "en",
        "credits": ("A. Writer", "B. Translator"),
        "body": Span.of(text, 22, len(text)),
        **document,
    }
    protest = Event(
        code="PEACE_PROTEST",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        evidence=at(text, "Thousands of protesters gathered in Almaty on Monday."),
        confidence=0.8125,
        date=date(2022, 1, 3),
        date_precision="day",
        location=Location("Almaty", 43.25667, 76.92861, "KZ", "Almaty", 1526384, "city"),
        actor1=Actor("Protesters (Kazakhstan)", "protesters"),
        fatalities=2,
        fatalities_low=2,
        fatalities_high=None,
        injured=None,
        arrested=12,
    )
    arrest = Event(
        code="ARREST",
        event_type="Strategic developments",
        sub_event_type="Arrests",
        evidence=at(text, "Police detained 12 people, the interior ministry said."),
        confidence=0.5,
        actor1=Actor("Police Forces of Kazakhstan"),
        actor2=Actor("Protesters (Kazakhstan)", "protesters"),
    )
    return Record(
        document=Document(id=doc_id, text=text, **fields),
        entities=(Entity(at(text, "Almaty"), "GPE"), Entity(at(text, "Aigerim"), "PERSON")),
        places=(
            Place(
                at(text, "Almaty"),
                "Almaty",
                43.25667,
                76.92861,
                "KZ",
                "Almaty",
                1526384,
                "P.PPLA",
                "city",
                0.9,
            ),
            Place(at(text, "the interior"), None, None, None, None),
        ),
        times=(Time(at(text, "Monday"), "DATE", "2022-01-03"), Time(at(text, "Jan 3"), "DATE", None)),
        events=(protest, arrest),
        quotes=(Quote(at(text, "We want fair prices,"), "Aigerim", "a teacher", direct=True, hedged=False),),
        claims=(
            Claim(at(text, "Police detained 12 people"), "the interior ministry", event=1),
            Claim(
                at(text, "At least two people were reportedly killed."),
                None,
                hedged=True,
                hedge="reportedly",
                negated=False,
                event=0,
            ),
        ),
    )


def plain(record: Record) -> Record:
    """The Record without extras, which the store fills with claim statuses."""
    return replace(record, extras={})


def row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in sorted(DOCUMENT_TABLES)
        }


def test_migrations_create_the_tables_the_models_describe(store):
    inspector = sa.inspect(store.engine)
    assert set(inspector.get_table_names()) == TABLES
    assert {c["name"] for c in inspector.get_columns("claims")} >= {
        "document_id",
        "ordinal",
        "event",
        "status",
    }
    assert [i["column_names"] for i in inspector.get_unique_constraints("documents")] == [["text_hash"]]
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        head = ScriptDirectory.from_config(alembic_config(str(store.engine.url))).get_current_head()
        assert context.get_current_revision() == head


def test_record_round_trips_exactly(store):
    record = full_record()
    assert store.save(record) == "kz-1"
    [back] = store.records()
    assert plain(back) == record
    assert back.document.published.isoformat() == "2022-01-03T18:30:05.123456+06:00"
    assert back.document.published.utcoffset() == timedelta(hours=6)
    assert back.document.body.text == TEXT[22:]
    assert back.events[1].location is None and back.events[1].actor2.kind == "protesters"
    assert back.extras == {"claim_status": ("unverified", "unverified")}


@pytest.mark.parametrize(
    "published",
    [date(2022, 1, 3), datetime(2022, 1, 3, 12, 0), datetime(2022, 1, 3, 12, 0, tzinfo=UTC), None],
)
def test_published_keeps_its_type_and_offset(store, published):
    store.save(full_record(published=published))
    [back] = store.records()
    assert back.document.published == published
    assert type(back.document.published) is type(published)
    if isinstance(published, datetime):
        assert back.document.published.tzinfo == published.tzinfo


def test_bare_record_round_trips(store):
    record = Record(document=Document(id="bare", text="Nothing happened.", origin="-"))
    store.save(record)
    assert [plain(r) for r in store.records()] == [record]


def test_records_come_oldest_first_then_by_id_undated_last(store):
    # 10:00 in Almaty is 04:00 UTC: earlier than 05:00 UTC although its local clock reads later.
    stamps = {
        "d-late": datetime(2022, 1, 3, 5, 0, tzinfo=UTC),
        "c-almaty": datetime(2022, 1, 3, 10, 0, tzinfo=ALMATY),
        "b-same-day": date(2022, 1, 3),
        "a-same-day": date(2022, 1, 3),
        "z-undated": None,
        "e-next-year": date(2023, 1, 1),
    }
    for i, (doc_id, published) in enumerate(stamps.items()):
        store.save(full_record(doc_id, text=f"{i} {TEXT}", published=published, body=None))
    assert [r.document.id for r in store.records()] == [
        "a-same-day",
        "b-same-day",
        "c-almaty",
        "d-late",
        "e-next-year",
        "z-undated",
    ]
    assert [r.document.id for r in store.records(since=date(2022, 1, 3), until=date(2022, 1, 3))] == [
        "a-same-day",
        "b-same-day",
        "c-almaty",
        "d-late",
    ]
    since = datetime(2022, 1, 3, 4, 30, tzinfo=UTC)
    assert [r.document.id for r in store.records(since=since)] == ["d-late", "e-next-year"]
    assert [r.document.id for r in store.records(ids=["z-undated", "c-almaty"])] == ["c-almaty", "z-undated"]
    assert [r.document.id for r in store.records(limit=2, offset=1)] == ["b-same-day", "c-almaty"]
    assert list(store.records(source="Nobody")) == []
    assert store.count_documents() == 6


def test_resaving_the_same_id_replaces_not_duplicates(store):
    store.save(full_record())
    before = row_counts(store)
    assert before == {
        "claims": 2,
        "documents": 1,
        "entities": 2,
        "events": 2,
        "places": 2,
        "quotes": 1,
        "times": 2,
    }
    first = full_record()
    again = replace(
        first, document=replace(first.document, title="Updated"), events=first.events[:1], quotes=()
    )
    assert store.save(again) == "kz-1"
    assert store.count_documents() == 1
    assert row_counts(store) == {**before, "events": 1, "quotes": 0}
    [back] = store.records()
    assert plain(back) == again
    assert back.document.title == "Updated"


def test_resaving_the_same_text_under_another_id_keeps_the_stored_id(store):
    store.save(full_record("first-id"))
    newer = full_record("second-id", source="Other Wire")
    assert store.save(newer) == "first-id"
    assert store.count_documents() == 1
    [back] = store.records()
    assert back.document.id == "first-id"
    assert back.document.source == "Other Wire"
    assert row_counts(store)["events"] == 2


def test_new_text_already_stored_under_another_id_is_refused(store):
    store.save(full_record("a"))
    store.save(full_record("b", text=f"Other. {TEXT}"))
    with pytest.raises(StoreError, match=r"^b: .*already stored as document 'a'"):
        store.save(full_record("b"))
    assert [r.document.text for r in store.records()] == [TEXT, f"Other. {TEXT}"]


def test_claim_status_survives_re_extraction_where_the_text_recurs(store):
    record = full_record()
    store.save(record)
    store.set_claim_status("kz-1", 0, "verified")
    store.set_claim_status("kz-1", 1, "disputed")
    changed = replace(record.claims[1], mention=at(TEXT, "At least two people were reportedly killed"))
    store.save(replace(record, claims=(changed, record.claims[0])))
    [back] = store.records()
    assert back.claims[1].mention.text == "Police detained 12 people"
    assert back.extras["claim_status"] == ("unverified", "verified")
    with pytest.raises(StoreError, match="kz-1: has no claim number 7"):
        store.set_claim_status("kz-1", 7, "verified")


def test_a_failing_record_rolls_back_alone(store):
    good = full_record("good")
    store.save(good)
    broken_event = replace(good.events[0], code=None)  # an upstream bug: a NOT NULL column
    bad = replace(full_record("bad", text=f"Another. {TEXT}"), events=(broken_event,))
    with pytest.raises(StoreError, match=r"^bad: ") as caught:
        store.save(bad)
    assert caught.value.document_id == "bad"
    assert "\n" not in str(caught.value)
    # re-extracting a stored document badly leaves its earlier version whole
    with pytest.raises(StoreError, match=r"^good: "):
        store.save(replace(good, events=(broken_event,), quotes=()))
    assert [plain(r) for r in store.records()] == [good]
    assert row_counts(store)["documents"] == 1

    failures: list[str] = []
    later = full_record("later", text=f"Later. {TEXT}")
    saved = store.save_all([bad, later], on_error=lambda doc_id, exc: failures.append(doc_id))
    assert (saved, failures) == (1, ["bad"])
    assert [r.document.id for r in store.records()] == ["good", "later"]
    with pytest.raises(StoreError):
        store.save_all([bad])


def test_reopening_keeps_the_data_and_migrates_nothing_twice(db_url):
    with Store.open(db_url) as first:
        first.save(full_record())
    with Store.open(db_url) as second:
        assert second.count_documents() == 1
        assert [plain(r) for r in second.records()] == [full_record()]


def test_sqlite_parent_folder_is_created(tmp_path):
    path = tmp_path / "a" / "b" / "store.sqlite"
    with Store.open(f"sqlite:///{path}") as store:
        assert store.count_documents() == 0
    assert path.is_file()


def test_unreachable_database_is_a_store_error():
    with pytest.raises(StoreError, match="cannot open the database"):
        Store.open("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
