"""Temporal expressions: found with exact offsets, normalised against the publication date.

Runs the real spaCy model (tense decides "which Monday"); every value asserted is one an analyst
would write down for that sentence and that publication date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import SEED_PATH
from crisislens.extract.times import find_times
from crisislens.records import Span, Time
from crisislens.resolve.dates import event_date

ALMATY = timezone(timedelta(hours=6))
SEED_PUBLISHED = datetime(2022, 1, 7, 16, 5, tzinfo=ALMATY)   # the seed's date line "07.01.2022, 16:05"


def values(parsed_text, text: str, published: date | datetime | None) -> dict[str, str | None]:
    """{expression text: TIMEX3 value}, checking that every span slices the text exactly."""
    times = find_times(parsed_text(text, published=published))
    for t in times:
        assert text[t.mention.start:t.mention.end] == t.mention.text
    return {t.mention.text: t.value for t in times}


def dated(parsed_text, text: str, published: date | datetime | None, evidence: str | None = None):
    """event_date for the sentence `evidence` (default: the whole text)."""
    parsed = parsed_text(text, published=published)
    start = text.index(evidence) if evidence else 0
    span = Span.of(text, start, start + len(evidence) if evidence else len(text))
    return event_date(span, find_times(parsed), document=parsed.document)


@pytest.fixture(scope="module")
def seed(parsed_text) -> tuple[str, list[Time]]:
    text = SEED_PATH.read_text(encoding="utf-8")
    return text, find_times(parsed_text(text, published=SEED_PUBLISHED))


def test_seed_dates_resolve_against_the_date_line(seed):
    text, times = seed
    found = {(t.mention.text, t.value) for t in times}
    assert ("January 3", "2022-01-03") in found
    assert ("January 6", "2022-01-06") in found
    assert ("07.01.2022, 16:05", "2022-01-07T16:05") in found
    for t in times:
        assert text[t.mention.start:t.mention.end] == t.mention.text


def test_seed_present_references(seed):
    _, times = seed
    present = {t.mention.text.lower() for t in times if t.value == "PRESENT_REF"}
    assert {"at present", "now", "at the moment", "currently"} <= present
    assert all(t.type in ("DATE", "TIME", "DURATION", "SET") for t in times)
    assert not [t for t in times if t.value is None]


def test_seed_events_take_the_date_of_their_sentence(parsed_text):
    text = SEED_PATH.read_text(encoding="utf-8")
    began = "As known, the protests in the city of Almaty began on January 3."
    assert dated(parsed_text, text, SEED_PUBLISHED, began) == (date(2022, 1, 3), "day")
    cleared = "The combat activity to clean up the city on January 6 was carried out"
    assert dated(parsed_text, text, SEED_PUBLISHED, cleared) == (date(2022, 1, 6), "day")
    dead = "At the moment, 18 police officers are reported to be dead."
    assert dated(parsed_text, text, SEED_PUBLISHED, dead) == (date(2022, 1, 7), "day")


@pytest.mark.parametrize(("text", "published", "expression", "value"), [
    # published on a Monday, New Year's Day 2024: Saturday is in the old year, Monday is today
    ("Gunmen attacked a checkpoint on Saturday.", date(2024, 1, 1), "Saturday", "2023-12-30"),
    ("Gunmen attacked a checkpoint on Monday.", date(2024, 1, 1), "Monday", "2024-01-01"),
    ("Rebels shelled the town on Thursday, officials said.", date(2021, 1, 2), "Thursday", "2020-12-31"),
    ("Rebels shelled the town last Saturday.", date(2021, 1, 2), "last Saturday", "2020-12-26"),
    # future tense turns the weekday forward, across the year end
    ("The two delegations will meet on Monday in Geneva.", date(2021, 12, 30), "Monday", "2022-01-03"),
    ("Talks are scheduled for Tuesday.", date(2021, 12, 30), "Tuesday", "2022-01-04"),
    # ISO weeks: 2021-12-31 is in 2021-W52, 2020-12-29 in the 53-week year 2020
    ("Troops withdrew from the area last week.", date(2022, 1, 7), "last week", "2021-W52"),
    ("Troops withdrew from the area last week.", date(2021, 1, 5), "last week", "2020-W53"),
])
def test_weekdays_and_weeks_around_year_ends(parsed_text, text, published, expression, value):
    assert values(parsed_text, text, published)[expression] == value


@pytest.mark.parametrize(("text", "expression", "value", "kind"), [
    ("Prices rose sharply last month.", "last month", "2021-12", "DATE"),
    ("The bridge was blown up two days ago.", "two days ago", "2022-01-05", "DATE"),
    ("Fighting broke out in early January.", "early January", "2022-01", "DATE"),
    ("Shelling continued on the night of 5 to 6 January.", "the night of 5 to 6 January", "2022-01-05TNI", "TIME"),
    ("Police said a bomb went off yesterday.", "yesterday", "2022-01-06", "DATE"),
    ("The curfew ends at 10:35 p.m. on Friday.", "10:35 p.m.", "2022-01-07T22:35", "TIME"),
    ("The siege lasted three days.", "three days", "P3D", "DURATION"),
    ("Talks lasted 5 1/2 hours.", "5 1/2 hours", "PT5H30M", "DURATION"),
    ("Convoys cross the border daily.", "daily", "P1D", "SET"),
    ("Protesters gather every Friday.", "every Friday", "XXXX-WXX-5", "SET"),
    ("The war began in 2014.", "2014", "2014", "DATE"),
    ("Unrest spread in the 1990s.", "1990s", "199X", "DATE"),
    ("Unrest spread in the early 1990s.", "early 1990s", "199X", "DATE"),
    ("Militias have clashed in the past.", "the past", "PAST_REF", "DATE"),
])
def test_relative_expressions(parsed_text, text, expression, value, kind):
    times = {t.mention.text: t for t in find_times(parsed_text(text, published=date(2022, 1, 7)))}
    assert times[expression].value == value
    assert times[expression].type == kind


@pytest.mark.parametrize(("text", "expression", "value"), [
    ("The decree is dated 2022-01-03.", "2022-01-03", "2022-01-03"),
    ("Posted 2022-01-07T16:05+06:00 by the ministry.", "2022-01-07T16:05+06:00", "2022-01-07T16:05"),
    ("The decree is dated 03.01.2022.", "03.01.2022", "2022-01-03"),            # dots: day first
    ("The decree is dated 13/01/2022.", "13/01/2022", "2022-01-13"),            # 13 cannot be a month
    ("The decree is dated 01/13/2022.", "01/13/2022", "2022-01-13"),            # 13 cannot be a month
    # ambiguous on its own: the reading a few days before publication beats 1 March
    ("The decree is dated 03/01/2022.", "03/01/2022", "2022-01-03"),
    ("Fighting resumed on January 3, 2021.", "January 3, 2021", "2021-01-03"),
    ("Fighting resumed on 3 January 2021.", "3 January 2021", "2021-01-03"),
    ("Fighting resumed on Monday, Jan. 3.", "Monday, Jan. 3", "2022-01-03"),
])
def test_numeric_and_written_dates(parsed_text, text, expression, value):
    assert values(parsed_text, text, date(2022, 1, 7))[expression] == value


def test_document_order_settles_ambiguous_numeric_dates(parsed_text):
    text = "Curfew from 12/25/2021 until 01/02/2022."                  # 25 shows month-first
    found = values(parsed_text, text, date(2022, 1, 7))
    assert found == {"12/25/2021": "2021-12-25", "01/02/2022": "2022-01-02"}


def test_without_publication_date_relative_values_stay_unresolved(parsed_text):
    text = ("Gunmen attacked the village on Tuesday and again last week. The army arrived on January 3. "
            "The first clashes were on January 3, 2021, and lasted three days; calm has returned now.")
    found = values(parsed_text, text, None)
    assert found["Tuesday"] is None
    assert found["last week"] is None
    assert found["January 3"] is None
    assert found["January 3, 2021"] == "2021-01-03"                 # absolute: no anchor needed
    assert found["three days"] == "P3D"
    assert found["now"] == "PRESENT_REF"
    assert dated(parsed_text, text, None, "Gunmen attacked the village on Tuesday") == (None, None)


def test_aware_publication_time_keeps_its_local_day(parsed_text):
    published = datetime(2022, 1, 7, 0, 30, tzinfo=ALMATY)         # still 6 January in UTC
    assert values(parsed_text, "Police detained 40 people today.", published)["today"] == "2022-01-07"


def test_counts_ages_and_words_are_not_times(parsed_text):
    text = ("About 2000 people marched. A 44-year-old man, Ali Kerimov, 52, was detained. "
            "Officials may talk to the Daily Nation. It was a second attack.")
    assert values(parsed_text, text, date(2022, 1, 7)) == {}


@pytest.mark.parametrize(("text", "evidence", "expected"), [
    # the day of the attack, not the day of the statement
    ("The army said on Tuesday that rebels had attacked the town on Monday.", None, (date(2022, 1, 3), "day")),
    # "last week": week precision, no day (the dev data convention)
    ("Sappers cleared 400 mines last week, officials said.", None, (None, "week")),
    ("Fighting broke out in early January.", None, (None, "month")),
    ("Shelling continued on the night of 5 to 6 January.", None, (date(2022, 1, 5), "day")),
    # no time in the sentence: the one before it in the paragraph
    ("Protests began in Almaty on January 3. Police fired tear gas.", "Police fired tear gas.",
     (date(2022, 1, 3), "day")),
    # nothing at all: the publication date, at week precision
    ("Police fired tear gas at protesters.", None, (date(2022, 1, 7), "week")),
])
def test_event_date(parsed_text, text, evidence, expected):
    assert dated(parsed_text, text, date(2022, 1, 7), evidence) == expected


@pytest.mark.parametrize(("text", "published", "expected"), [
    # conjoined days are two dates, as TimeML tags them; the second shares the first's month and year
    ("The summit meets on April 24 and 25.", date(1999, 2, 10), {"April 24": "1999-04-24", "25": "1999-04-25"}),
    ("The summit met on 24 or 25 April 1999.", date(1999, 5, 10), {"24": "1999-04-24", "25 April 1999": "1999-04-25"}),
    # a range stays one expression
    ("The summit meets on April 24-25.", date(1999, 2, 10), {"April 24-25": "1999-04-24"}),
    # the day either side of a named day
    ("The day before last Tuesday's hearing, he went home.", date(2000, 2, 24),
     {"The day before last Tuesday": "2000-02-21"}),
    ("He left the day after Oct. 23, 1998.", date(1999, 5, 5), {"the day after Oct. 23, 1998": "1998-10-24"}),
    # "more" between the number and the unit is still the same stretch of time
    ("He may stay for at least two more weeks.", date(2000, 6, 1), {"at least two more weeks": "P2W"}),
    # "post-1959" and "pre-1990" name the year, with the prefix in the span
    ("The post-1959 politics split families.", date(2000, 2, 24), {"post-1959": "1959"}),
    # a capitalised unit after a number is a title ("CBS's 60 Minutes"), not a duration
    ("Gonzalez said on CBS's 60 Minutes that he would stay.", date(2000, 4, 17), {}),
])
def test_conjoined_and_neighbouring_days(parsed_text, text, published, expected):
    assert values(parsed_text, text, published) == expected


def test_same_day_after_a_bare_month_is_a_day_of_that_month(parsed_text):
    text = "A doctor was killed last October. His name on the site was crossed out that same day."
    found = values(parsed_text, text, date(1999, 2, 6))
    assert found == {"last October": "1998-10", "that same day": "1998-10-XX"}
    assert dated(parsed_text, text, date(1999, 2, 6), "His name on the site was crossed out that same day.") \
        == (None, "month")


@pytest.mark.parametrize(("text", "expression", "value"), [
    # a time after the object of a past verb of intent dates the thing intended (published Friday 2000-01-07)
    ("Protesters planned a large demonstration in Little Havana on Saturday.", "Saturday", "2000-01-08"),
    # with no object before it, the time dates the vowing or the planning itself
    ("Rebels vowed Tuesday to attack the capital.", "Tuesday", "2000-01-04"),
    ("The government planned on Friday to pay the workers.", "Friday", "2000-01-07"),
])
def test_past_intent_looks_ahead_only_past_its_object(parsed_text, text, expression, value):
    assert values(parsed_text, text, date(2000, 1, 7))[expression] == value


@pytest.mark.parametrize(("text", "published", "expression", "value"), [
    ("Sales fell in the summer of 1998.", date(1999, 3, 4), "the summer of 1998", "1998-SU"),
    ("The offensive began in winter 1997.", date(1999, 3, 4), "winter 1997", "1997-WI"),
    ("Sales fell in the third quarter of 1997.", date(1999, 3, 4), "the third quarter of 1997", "1997-Q3"),
    # a quarter without its year: the anchor's, or the year before for a past quarter not yet begun
    ("Sales fell in the fourth quarter.", date(1999, 3, 4), "the fourth quarter", "1998-Q4"),
    ("Sales will rise in the fourth quarter.", date(1999, 3, 4), "the fourth quarter", "1999-Q4"),
    ("Profits rose in the first half of 1997.", date(1999, 3, 4), "the first half of 1997", "1997-H1"),
    ("Profits rose in fiscal 1997.", date(1999, 3, 4), "fiscal 1997", "FY1997"),
    ("Sales fell last summer.", date(1998, 3, 4), "last summer", "1997-SU"),
    ("Talks resumed this week.", date(1998, 3, 4), "this week", "1998-W10"),
    ("Prices have doubled over the past three years.", date(1998, 3, 4), "past three years", "P3Y"),
    # "the years that followed": a vague stretch of years
    ("In the years that followed, the rebels regrouped.", date(2000, 4, 1), "years", "PXY"),
    # a capitalised May or March between "the" and a lower-case noun is the month
    ("The March accession will enable the three to join.", date(1999, 2, 10), "March", "1999-03"),
])
def test_parts_of_years(parsed_text, text, published, expression, value):
    assert values(parsed_text, text, published)[expression] == value


def test_march_as_a_noun_is_not_a_month(parsed_text):
    assert values(parsed_text, "The March of Dimes raised funds.", date(1999, 2, 10)) == {}
