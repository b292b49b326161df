"""Places: recognition and resolution on the real spaCy model and the real gazetteer."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crisislens.errors import SetupError
from crisislens.extract.places import find_places
from crisislens.records import Document, Place, PlaceMention, Span
from crisislens.resolve.gazetteer import Gazetteer, build
from crisislens.resolve.geocode import locate, resolve_places

SEED_PATH = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_345d00adf81d8220.txt"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The gazetteer at data_dir(), built once (about 20 s) and reused while its version is unchanged."""
    return Gazetteer.open(build())


@pytest.fixture(scope="session")
def places_of(parsed_text, gazetteer):
    def run(text: str) -> list[Place]:
        parsed = parsed_text(text)
        return resolve_places(find_places(parsed, gazetteer=gazetteer), parsed=parsed, gazetteer=gazetteer)
    return run


@pytest.fixture(scope="session")
def seed_places(places_of) -> list[Place]:
    return places_of(SEED_PATH.read_text(encoding="utf-8"))


def by_text(places: list[Place], text: str) -> list[Place]:
    return [p for p in places if p.mention.text == text]


# -- the seed document -----------------------------------------------------------------------------------

def test_seed_almaty_is_the_city(seed_places):
    almaty = by_text(seed_places, "Almaty")
    assert len(almaty) == 4                                  # every mention, each resolved the same way
    for place in almaty:
        assert (place.name, place.country_code, place.precision) == ("Almaty", "KZ", "city")
        assert place.lat == pytest.approx(43.25, abs=0.05) and place.lon == pytest.approx(76.92, abs=0.05)


def test_seed_koktobe_is_the_hill_in_almaty_not_the_village_900_km_away(seed_places):
    [koktobe] = by_text(seed_places, "Koktobe")
    assert koktobe.name == "Kok-Tobe" and koktobe.within == "Almaty" and koktobe.precision == "exact"
    assert koktobe.lat == pytest.approx(43.23, abs=0.02) and koktobe.lon == pytest.approx(76.98, abs=0.02)


def test_seed_the_airport_is_almaty_international(seed_places):
    [airport] = by_text(seed_places, "the airport")
    assert airport.name == "Almaty International Airport" and airport.within == "Almaty"
    assert airport.lat == pytest.approx(43.35, abs=0.02)


def test_seed_country_and_demonym_resolve_to_kazakhstan(seed_places):
    countries = by_text(seed_places, "Kazakhstan")          # "... Administration of Kazakhstan" counts too
    [demonym] = by_text(seed_places, "Kazakh")
    assert len(countries) == 2
    for place in [*countries, demonym]:
        assert (place.country_code, place.precision, place.name) == ("KZ", "country", "Kazakhstan")
        assert place.lat == pytest.approx(48.0, abs=1) and place.lon == pytest.approx(68.0, abs=1)


def test_seed_special_units_are_not_places(seed_places):
    texts = {p.mention.text for p in seed_places}
    assert not texts & {"Arystan", "Arlan", "Berkut", "CSTO"}


def test_seed_spans_index_the_text_and_confidence_is_a_probability(seed_places):
    text = SEED_PATH.read_text(encoding="utf-8")
    for place in seed_places:
        assert text[place.mention.start:place.mention.end] == place.mention.text
        assert 0.0 < place.confidence <= 1.0


# -- resolution by context ---------------------------------------------------------------------------

def test_aleppo_is_in_syria(places_of):
    [aleppo] = places_of("Shelling resumed in Aleppo on Monday, residents said.")
    assert aleppo.country_code == "SY" and aleppo.name == "Aleppo" and aleppo.precision == "city"


def test_a_division_ten_times_its_namesake_town_is_what_the_bare_name_means(places_of):
    quebec = [p for p in places_of("Wildfires forced evacuations across Quebec and Ontario on Sunday.")
              if p.mention.text == "Quebec"]
    assert quebec and all((p.feature, p.country_code) == ("A.ADM1", "CA") for p in quebec)


def test_division_points_are_inside_the_division_near_its_middle(places_of):
    # countrystatecity-countries' point (55.0, -115.0), not the middle of Alberta's towns, which crowd the south
    [alberta] = places_of("Crews fought fires in Alberta on Sunday.")
    assert alberta.feature == "A.ADM1" and alberta.lat == pytest.approx(55.0, abs=0.5)
    assert alberta.lon == pytest.approx(-115.0, abs=0.5)


def test_a_packaged_division_point_on_its_biggest_city_is_not_taken(gazetteer):
    # countrystatecity-countries puts New York State on New York City, 240 km from the state's middle
    [state] = [c for c in gazetteer.lookup("New York") if c.feature == "A.ADM1"]
    assert abs(state.lat - 40.71) > 1.0 or abs(state.lon + 74.01) > 1.0


def test_provinces_geonames_keeps_below_its_first_level_resolve(places_of):
    # GeoNames' first level in the Philippines is the region; the province comes from countrystatecity
    [province] = [p for p in places_of("The virus was found on a farm in Nueva Ecija, north of Manila.")
                  if p.mention.text == "Nueva Ecija"]
    assert (province.country_code, province.precision) == ("PH", "admin")
    assert province.lat == pytest.approx(15.6, abs=0.4) and province.lon == pytest.approx(121.0, abs=0.4)


def test_seas_that_conflict_news_names_are_places(places_of):
    [sea] = [p for p in places_of("Houthi forces fired missiles at a tanker in the Red Sea on Tuesday.")
             if p.mention.text == "Red Sea"]
    assert (sea.name, sea.precision) == ("Red Sea", "country") and sea.lat == pytest.approx(22.0)


def test_old_transliteration_kharkov_is_kharkiv(places_of):
    [kharkov] = places_of("Police in Kharkov said three people were wounded.")
    assert (kharkov.name, kharkov.country_code) == ("Kharkiv", "UA")
    assert kharkov.lat == pytest.approx(49.98, abs=0.05)


def test_paris_in_a_texas_story_is_paris_texas(places_of):
    places = places_of("The county fair in Paris drew crowds from across Texas on Saturday.")
    [paris] = by_text(places, "Paris")
    assert (paris.country_code, paris.admin1) == ("US", "Texas")
    assert paris.lat == pytest.approx(33.66, abs=0.05)


def test_paris_alone_is_the_french_capital(places_of):
    [paris] = places_of("Thousands marched in Paris against the pension reform.")
    assert paris.country_code == "FR"


def test_georgia_in_a_tbilisi_story_is_the_country(places_of):
    places = places_of("Protesters gathered in Tbilisi as Georgia braced for the vote.")
    [georgia] = by_text(places, "Georgia")
    assert (georgia.country_code, georgia.precision) == ("GE", "country")


def test_georgia_in_an_atlanta_story_is_the_state(places_of):
    places = places_of("Storms hit Atlanta overnight, and officials across Georgia urged caution.")
    [georgia] = by_text(places, "Georgia")
    assert (georgia.country_code, georgia.precision, georgia.admin1) == ("US", "admin", "Georgia")


def test_region_qualifier_picks_the_division(places_of):
    places = places_of("Shelling hit the Kharkiv region overnight, the governor said.")
    [region] = [p for p in places if p.mention.text.startswith("Kharkiv")]
    assert (region.country_code, region.precision) == ("UA", "admin")


# -- fallback and unresolved names ---------------------------------------------------------------------

def test_town_the_small_model_calls_a_person_is_read_in_a_place_context(places_of):
    [dakar] = places_of("Police fired tear gas at protesters in Dakar on Friday.")
    assert (dakar.mention.text, dakar.country_code, dakar.precision) == ("Dakar", "SN", "city")


def test_names_inside_organisations(places_of):
    assert {p.mention.text for p in places_of("Boko Haram fighters stormed a village, officials said.")} == set()
    [gainesville] = places_of("The Gainesville Police Department arrested two men on Friday.")
    assert gainesville.name == "Gainesville" and gainesville.country_code == "US"


def test_possessed_landmark_lies_in_its_owner_city(places_of):
    city, square = places_of("Security forces fired live rounds at protesters in Baghdad's Tahrir Square.")
    assert city.name == "Baghdad"
    assert square.mention.text == "Tahrir Square" and (square.name, square.country_code) == ("Baghdad", "IQ")


def test_unknown_name_keeps_null_coordinates(parsed_text, gazetteer):
    text = "Fighting was reported near Qwxzabad."
    parsed = parsed_text(text)
    start = text.index("Qwxzabad")
    mention = PlaceMention(Span.of(text, start, start + 8), "toponym")
    [place] = resolve_places([mention], parsed=parsed, gazetteer=gazetteer)
    assert (place.name, place.lat, place.lon, place.country_code, place.confidence) == (None, None, None, None, 0)


def test_unknown_sub_city_place_falls_back_to_its_city(parsed_text, gazetteer):
    text = "Gunfire was heard at Qwxzabad in Almaty on Tuesday."
    parsed = parsed_text(text)
    unknown = PlaceMention(Span.of(text, text.index("Qwxzabad"), text.index("Qwxzabad") + 8), "toponym")
    city = PlaceMention(Span.of(text, text.index("Almaty"), text.index("Almaty") + 6), "toponym")
    place, almaty = resolve_places([unknown, city], parsed=parsed, gazetteer=gazetteer)
    assert almaty.name == "Almaty"
    assert (place.name, place.precision, place.within) == ("Almaty", "city", "Almaty")
    assert place.lat == almaty.lat and place.confidence < almaty.confidence


def test_the_airport_without_a_known_airport_falls_back_to_the_city(places_of):
    places = places_of("Rebels shelled Kramatorsk on Monday. Later they hit the airport.")
    [airport] = by_text(places, "the airport")
    assert (airport.name, airport.precision, airport.country_code) == ("Kramatorsk", "city", "UA")


# -- locate ----------------------------------------------------------------------------------------------

def _sentence(text: str, fragment: str) -> Span:
    start = text.index(fragment)
    return Span.of(text, start, start + len(fragment))


def test_locate_prefers_the_most_specific_place_in_the_evidence(seed_places):
    text = SEED_PATH.read_text(encoding="utf-8")
    document = Document(id="seed", text=text, origin="seed")
    tower = locate(_sentence(text, "Attacks on the TV tower in Koktobe were repelled twice by border troops."),
                   seed_places, document=document)
    assert tower.name == "Kok-Tobe" and tower.precision == "exact"
    looting = locate(_sentence(text, "The bandits engaged in looting"), seed_places, document=document)
    assert looting.name == "Almaty"                          # the nearest place named before it
    country = locate(_sentence(text, "Law and order have now been restored in all regions of the country."),
                     seed_places, document=document)
    assert country.name == "Kazakhstan" and country.precision == "country"


def test_locate_without_places_is_none():
    document = Document(id="x", text="Nothing here.", origin="x")
    assert locate(Span("Nothing here.", 0, 13), [], document=document) is None


# -- the gazetteer itself --------------------------------------------------------------------------------

def test_open_without_a_build_says_how_to_fix_it(tmp_path):
    with pytest.raises(SetupError, match="crisislens setup"):
        Gazetteer.open(tmp_path / "missing.sqlite")


def test_build_is_skipped_when_current_and_lookups_are_fast(gazetteer):
    messages: list[str] = []
    build(gazetteer.path, progress=messages.append)
    assert messages == [f"gazetteer up to date: {gazetteer.path}"]
    started = time.perf_counter()
    for name in ("Alma-Ata", "Mariupol", "Springfield", "Idlib", "Ga."):
        gazetteer.lookup.__wrapped__(name)                  # uncached: one indexed query each
    assert time.perf_counter() - started < 0.5
    assert gazetteer.lookup("Alma-Ata")[0].name == "Almaty"
