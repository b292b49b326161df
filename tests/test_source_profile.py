"""Where a source usually reports from: learnt from its documents' places, and used to resolve them."""

from __future__ import annotations

import pytest

from crisislens.extract.places import find_places
from crisislens.parse.nlp import parse
from crisislens.pipeline import run
from crisislens.records import Document, Place, Span
from crisislens.resolve.geocode import resolve_places
from crisislens.resolve.source_profile import SourceProfiles, domain_country, domain_towns, source_key

OHIO_STORIES = [
    "Westerville council approves budget. The council in Westerville, Ohio, voted on Monday.",
    "Delaware County fair opens. Crowds filled the fairgrounds in Delaware, Ohio, and Marysville.",
    "Grove City road work. Crews in Grove City, Ohio, and Hilliard began repaving on Tuesday.",
]
DUBLIN_STORY = "Council meets. Members of the council in Dublin heard a first reading on street names on Monday."


def resolved(nlp, gazetteer, text: str, *, source: str | None, profiles: SourceProfiles | None = None):
    parsed = parse(Document(id="t", text=text, origin="t", source=source), nlp=nlp)
    home = profiles.home(source) if profiles is not None else None
    return resolve_places(find_places(parsed, gazetteer=gazetteer), parsed=parsed, gazetteer=gazetteer, home=home)


@pytest.mark.parametrize(("source", "key"), [
    ("https://www.Dispatch.com/news/local/1", "dispatch.com"),
    ("www.cbc.ca", "cbc.ca"),
    ("The Moscow Times", "the moscow times"),
    ("  ", None),
])
def test_source_key_makes_urls_and_hosts_of_one_outlet_meet(source, key):
    assert source_key(source) == key


@pytest.mark.parametrize(("source", "cc"), [
    ("tengrinews.kz", "KZ"), ("https://www.bbc.co.uk/news", "GB"), ("dispatch.com", None), ("Reuters", None),
])
def test_country_code_domain_names_a_home_country(source, cc):
    assert domain_country(source) == cc


def test_a_town_in_the_domain_is_read_from_its_start_or_end(gazetteer):
    assert {c.country_code for c in domain_towns("columbuslocalnews.com", gazetteer)} == {"US"}
    assert "Ohio" in {c.admin1_name for c in domain_towns("columbuslocalnews.com", gazetteer)}
    assert "Georgia" in {c.admin1_name for c in domain_towns("chronicle.augusta.com", gazetteer)}
    assert domain_towns("dispatch.com", gazetteer) == ()               # no town's own name in it
    [richmond] = domain_towns("richmondandtwickenhamtimes.co.uk", gazetteer)
    assert richmond.country_code == "GB"                                # the domain's own country only


def test_profile_learns_the_divisions_of_confident_local_places():
    def town(name: str, admin1: str, confidence: float, feature: str = "P.PPL") -> Place:
        return Place(Span(name, 0, len(name)), name, 1.0, 1.0, "US", admin1, feature=feature,
                     precision="city", confidence=confidence)

    profiles = SourceProfiles()
    assert profiles.home("dispatch.com").areas == {}
    profiles.learn("dispatch.com", [town("Hilliard", "Ohio", 0.9), town("Dayton", "Ohio", 0.9)])
    assert profiles.home("dispatch.com").areas == {}                    # one document is not yet a beat
    profiles.learn("https://www.dispatch.com/x", [town("Dublin", "Leinster", 0.9, "P.PPLC"),
                                                  town("Akron", "Ohio", 0.3)])
    home = profiles.home("dispatch.com")
    assert home.areas == {("US", "Ohio"): 0.5}        # the capital and the unsure guess teach nothing local
    assert home.countries == {"US": 1.0}


def test_a_local_papers_dublin_is_the_one_in_its_home_state(nlp, gazetteer):
    [alone] = [p for p in resolved(nlp, gazetteer, DUBLIN_STORY, source=None) if p.mention.text == "Dublin"]
    assert alone.country_code == "IE"                                    # no home: the capital of Ireland
    profiles = SourceProfiles()
    for story in OHIO_STORIES:
        profiles.learn("suburbannews.example", resolved(nlp, gazetteer, story, source="suburbannews.example"))
    assert profiles.home("suburbannews.example").areas[("US", "Ohio")] == pytest.approx(1.0)
    [local] = [p for p in resolved(nlp, gazetteer, DUBLIN_STORY, source="suburbannews.example",
                                   profiles=profiles) if p.mention.text == "Dublin"]
    assert (local.country_code, local.admin1) == ("US", "Ohio")
    assert local.lat == pytest.approx(40.10, abs=0.1) and local.lon == pytest.approx(-83.11, abs=0.1)


def test_the_masthead_town_places_a_story_that_names_no_other_place(nlp, gazetteer):
    [dublin] = [p for p in resolved(nlp, gazetteer, DUBLIN_STORY, source="columbuslocalnews.com")
                if p.mention.text == "Dublin"]
    assert (dublin.country_code, dublin.admin1) == ("US", "Ohio")


def test_the_pipeline_learns_profiles_as_documents_arrive(nlp, gazetteer):
    documents = [Document(id=str(i), text=text, origin=str(i), source="suburbannews.example")
                 for i, text in enumerate([*OHIO_STORIES, DUBLIN_STORY])]
    records = list(run(documents, nlp=nlp, gazetteer=gazetteer))
    [dublin] = [p for p in records[-1].places if p.mention.text == "Dublin"]
    assert dublin.country_code == "US"


@pytest.mark.parametrize(("text", "part", "name", "cc"), [
    ("Storms hit East Texas overnight and flooded roads.", "East Texas", "Texas", "US"),
    ("Schools in Northeast Georgia and Atlanta closed.", "Northeast Georgia", "Georgia", "US"),
    ("A shooting in South Philadelphia left two hurt.", "South Philadelphia", "Philadelphia", "US"),
])
def test_an_unknown_part_of_a_known_place_lies_in_it(nlp, gazetteer, text, part, name, cc):
    [place] = [p for p in resolved(nlp, gazetteer, text, source=None) if p.mention.text == part]
    assert (place.name, place.country_code) == (name, cc)


def test_a_county_named_without_the_word_is_the_county(nlp, gazetteer):
    text = "Burn bans were lifted in Walker and Montgomery counties near Huntsville, Texas."
    places = resolved(nlp, gazetteer, text, source=None)
    walker = [p for p in places if p.mention.text == "Walker"]
    assert walker and all((p.feature, p.admin1) == ("A.ADM2", "Texas") for p in walker)


def test_a_sources_later_documents_in_a_batch_place_its_first(nlp, gazetteer):
    documents = [Document(id=str(i), text=text, origin=str(i), source="suburbannews.example")
                 for i, text in enumerate([DUBLIN_STORY, *OHIO_STORIES])]
    profiles = SourceProfiles()
    records = list(run(documents, nlp=nlp, gazetteer=gazetteer, profiles=profiles))
    [dublin] = [p for p in records[0].places if p.mention.text == "Dublin"]
    assert (dublin.country_code, dublin.admin1) == ("US", "Ohio")
    assert profiles.documents["suburbannews.example"] == 4           # each document taught once
