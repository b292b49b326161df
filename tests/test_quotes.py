"""Quotes and claims: who said what, direct or reported, hedged or not (issue 6)."""

from __future__ import annotations

import pytest

from conftest import SEED_PATH
from crisislens.extract.claims import find_claims
from crisislens.extract.quotes import find_quotes
from crisislens.parse.nlp import parse
from crisislens.read.files import read_path
from crisislens.records import Claim, Document, Event, Span
from crisislens.resolve.links import link_claims


@pytest.fixture(scope="module")
def seed(nlp):
    document = next(iter(read_path(str(SEED_PATH))))
    assert isinstance(document, Document)
    parsed = parse(document, nlp=nlp)
    quotes = find_quotes(parsed)
    return parsed, quotes, find_claims(parsed, quotes)


def claim_with(claims: list[Claim], words: str) -> Claim:
    return next(c for c in claims if words in c.mention.text)


def test_seed_long_quote_is_abayevs_with_his_title(seed):
    parsed, quotes, _ = seed
    long_quote = next(q for q in quotes if "Dear fellow citizens" in q.mention.text)
    assert long_quote.direct
    assert long_quote.speaker == "Dauren Abayev"
    assert "First Deputy Chief of Staff" in long_quote.speaker_title
    assert long_quote.mention.text.endswith("return Kazakhstan to a peaceful life")   # marks excluded
    for quote in quotes:                                                            # offsets slice the text
        assert parsed.document.text[quote.mention.start:quote.mention.end] == quote.mention.text


def test_seed_hedged_claims_carry_their_cues(seed):
    _, _, claims = seed
    cadet = claim_with(claims, "young cadet was beheaded")
    assert cadet.hedged and cadet.hedge.lower() == "at least"
    assert "At least one case is known when a young cadet was beheaded" in cadet.mention.text
    network = claim_with(claims, "their own connection network")
    assert network.hedged and network.hedge == "Apparently" and network.speaker == "Dauren Abayev"
    police = claim_with(claims, "18 police officers are reported to be dead")
    assert police.hedged and police.hedge == "are reported to" and police.speaker == "Dauren Abayev"


def test_seed_headline_is_an_attributed_negated_claim(seed):
    parsed, _, claims = seed
    headline = claims[0]
    assert headline.mention.text == "CSTO peacekeepers do not participate in combat operations"
    assert headline.mention.start == 0 and headline.speaker == "Dauren Abayev" and headline.negated
    assert parsed.document.title.startswith(headline.mention.text)


def test_seed_appeals_and_greetings_are_not_claims(seed):
    _, _, claims = seed
    texts = [c.mention.text for c in claims]
    assert not any(t.startswith(("We ask the residents", "We express our condolences")) for t in texts)
    assert not any("Dear fellow citizens" in t for t in texts)
    unhedged = claim_with(claims, "The terrorists promptly seized the airport")
    assert not unhedged.hedged and unhedged.hedge is None


def test_seed_claim_links_to_the_event_whose_evidence_holds_it(seed):
    parsed, _, claims = seed
    text = parsed.document.text
    start = text.index("At the moment, 18 police officers")
    evidence = Span.of(text, start, text.index(".", start) + 1)
    other = Span.of(text, 0, 10)
    events = [Event("OTHER", "x", "y", other, 0.5), Event("ATTACK", "x", "y", evidence, 0.9)]
    linked = link_claims(claims, events)
    assert claim_with(linked, "18 police officers").event == 1
    assert claim_with(linked, "their own connection network").event is None


@pytest.mark.parametrize(("text", "speaker", "title"), [
    ("\"We have lost contact with the convoy,\" said Maria Lindqvist, a spokeswoman for the World Food "
     "Programme.", "Maria Lindqvist", "a spokeswoman for the World Food Programme"),
    ("Foreign Ministry spokesperson Wang Lei said at a regular press conference on Tuesday that China firmly "
     "opposes the sanctions.", "Wang Lei", "Foreign Ministry spokesperson"),
    ("Dmitry Sokolov is the spokesman of the regional government. He said that the evacuation of residents "
     "of three villages had been completed.", "Dmitry Sokolov", "the spokesman of the regional government"),
    ("« The soldiers did not open fire on the crowd », affirmed the Minister of Defence, Amadou Diallo.",
     "Amadou Diallo", "Minister of Defence"),
])
def test_speaker_is_the_fullest_name_with_its_title(parsed_text, text, speaker, title):
    parsed = parsed_text(text)
    quotes = find_quotes(parsed)
    assert [q.speaker for q in quotes] == [speaker]
    assert title in quotes[0].speaker_title


@pytest.mark.parametrize(("text", "speaker", "hedge", "negated"), [
    ("At least 12 people were killed when gunmen attacked a market, police said.", "police", "At least", False),
    ("Sources said the minister had been evacuated to a military base.", "sources", None, False),
    ("Three soldiers were reportedly killed in the ambush near Kidal.", None, "reportedly", False),
    ("It was reported that two journalists had been detained at the airport.", None, "It was reported", False),
    ("The Interior Ministry denied that security forces had fired live ammunition.", "Interior Ministry", None,
     True),
    ("According to the health ministry, 27 people were injured in the blast.", "health ministry", None, False),
    ("Rebels may have used the crossing to bring in weapons, a United Nations official told reporters.",
     "United Nations official", "may", False),
    ("The attackers are believed to have fled across the border.", None, "are believed to", False),
])
def test_claim_speaker_hedge_and_polarity(parsed_text, text, speaker, hedge, negated):
    parsed = parsed_text(text)
    claims = find_claims(parsed, find_quotes(parsed))
    assert len(claims) == 1
    assert (claims[0].speaker, claims[0].hedge, claims[0].negated) == (speaker, hedge, negated)
    assert claims[0].hedged == (hedge is not None)


def test_plain_narrative_gets_no_speaker_and_no_claim(parsed_text):
    parsed = parsed_text("Protesters blocked the main highway to the capital for a third day on Wednesday. "
                         "As is known, the rally began on the central square at noon.")
    quotes = find_quotes(parsed)
    assert quotes == [] and find_claims(parsed, quotes) == []


def test_surname_and_pronoun_resolve_to_the_fullest_name(parsed_text):
    parsed = parsed_text("Colonel Hassan Idris, the army spokesman, described the operation as a success. "
                         "\"We destroyed three camps,\" Idris said. \"Two of our men were wounded,\" he added.")
    quotes = find_quotes(parsed)
    assert [q.speaker for q in quotes] == ["Hassan Idris", "Hassan Idris"]
    assert all(q.direct for q in quotes) and quotes[0].speaker_title == "the army spokesman"


def test_quote_spanning_paragraphs_is_one_quote(parsed_text):
    text = ("\"The first convoy reached the town at dawn and unloaded food for four thousand people.\n\n"
            "\"The second one was stopped at the checkpoint,\" said Ana Ruiz.")
    quotes = find_quotes(parsed_text(text))
    assert len(quotes) == 1 and quotes[0].speaker == "Ana Ruiz"
    assert "dawn" in quotes[0].mention.text and "checkpoint" in quotes[0].mention.text


def test_a_negated_speech_verb_asserts_nothing(parsed_text):
    parsed = parsed_text("The army did not confirm the number of casualties.")
    quotes = find_quotes(parsed)
    assert quotes == [] and find_claims(parsed, quotes) == []
