"""Source profiles survive in the store: what a source's documents taught one run, the next run knows.

Real databases on both backends (conftest's `db_url` and `store`), and the real `crisislens extract`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

import crisislens.cli as cli
from crisislens.errors import StoreError
from crisislens.resolve.source_profile import SourceProfiles
from crisislens.store import Store

SUBURBAN = "suburbannews.example"
OHIO_TOWNS = (
    "WESTERVILLE, Ohio - Protesters gathered outside city hall in Westerville, Ohio on Monday to demand "
    "lower water rates, police said.",
    "DELAWARE, Ohio - A fire destroyed a warehouse in Delaware, Ohio on Tuesday, injuring two workers, "
    "officials said.",
    "GROVE CITY, Ohio - Police arrested three men after a shooting in Grove City, Ohio on Wednesday, "
    "the sheriff said.",
)
DUBLIN = "Police arrested two men after a robbery at a bank in Dublin on Thursday, officers said."
runner = CliRunner()


def profiles_of(**sources: tuple[int, dict[str, int], dict[tuple[str, str], int]]) -> SourceProfiles:
    """SourceProfiles from source key → (documents, countries, areas)."""
    profiles = SourceProfiles()
    for key, (documents, countries, areas) in sources.items():
        profiles.documents[key] = documents
        profiles.countries[key].update(countries)
        profiles.areas[key].update(areas)
    return profiles


def plain(profiles: SourceProfiles) -> tuple[dict, dict, dict]:
    """The counters as plain dicts, empty ones left out, for comparing."""
    return (
        {key: n for key, n in profiles.documents.items() if n},
        {key: dict(counts) for key, counts in profiles.countries.items() if counts},
        {key: dict(counts) for key, counts in profiles.areas.items() if counts},
    )


SAMPLE = profiles_of(**{
    "columbusnews.example": (12, {"US": 11, "IE": 1}, {("US", "Ohio"): 9, ("US", "Indiana"): 1}),
    "lemonde.fr": (3, {"FR": 3}, {("FR", "Île-de-France"): 2, ("FR", "Provence-Alpes-Côte d'Azur"): 1}),
    "tengrinews.kz": (2, {"KZ": 2}, {}),
    "quiet.example": (5, {}, {}),
})


def test_profiles_round_trip_every_counter(store):
    assert plain(store.load_profiles()) == ({}, {}, {})
    store.save_profiles(SAMPLE)
    back = store.load_profiles()
    assert plain(back) == plain(SAMPLE)
    assert back.home("https://www.columbusnews.example/local/1") == SAMPLE.home("columbusnews.example")
    assert back.home("columbusnews.example").areas[("US", "Ohio")] == pytest.approx(9 / 12)
    assert back.home("lemonde.fr").areas[("FR", "Île-de-France")] == pytest.approx(2 / 3)


def test_saving_again_replaces_rather_than_adds(store):
    store.save_profiles(SAMPLE)
    store.save_profiles(SAMPLE)
    assert plain(store.load_profiles()) == plain(SAMPLE)

    fewer = profiles_of(**{"columbusnews.example": (13, {"US": 12}, {("US", "Ohio"): 10})})
    store.save_profiles(fewer)
    documents, countries, areas = plain(store.load_profiles())
    assert documents["columbusnews.example"] == 13
    assert countries["columbusnews.example"] == {"US": 12}  # the Irish story is gone with the old rows
    assert areas["columbusnews.example"] == {("US", "Ohio"): 10}
    assert documents["lemonde.fr"] == 3 and areas["lemonde.fr"] == SAMPLE.areas["lemonde.fr"]  # not in `fewer`


def test_saving_only_some_sources_leaves_the_others(store):
    store.save_profiles(SAMPLE)
    changed = profiles_of(**{"tengrinews.kz": (4, {"KZ": 4}, {}), "lemonde.fr": (99, {}, {})})
    store.save_profiles(changed, sources=["tengrinews.kz"])
    documents, countries, _ = plain(store.load_profiles())
    assert documents["tengrinews.kz"] == 4 and countries["tengrinews.kz"] == {"KZ": 4}
    assert documents["lemonde.fr"] == 3
    store.save_profiles(SourceProfiles())  # nothing present: nothing replaced
    assert plain(store.load_profiles())[0]["lemonde.fr"] == 3


def test_defaultdict_lookups_without_counts_save_nothing(store):
    profiles = SourceProfiles()
    profiles.countries["ghost.example"]  # home() and learn() may leave empty entries behind
    profiles.areas["ghost.example"]
    store.save_profiles(profiles)
    assert plain(store.load_profiles()) == ({}, {}, {})
    assert isinstance(store.load_profiles().areas, defaultdict)
    assert isinstance(store.load_profiles().documents, Counter)


def write_jsonl(path: Path, texts: tuple[str, ...], *, first: int = 1) -> str:
    lines = [json.dumps({"id": f"s{first + i}", "source": SUBURBAN, "text": text}) for i, text in enumerate(texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def extract(path: str, db: str):
    return runner.invoke(cli.app, ["extract", path, "--format", "jsonl", "--db", db])


def test_extract_keeps_what_a_source_taught_for_the_next_run(tmp_path, db_url):
    result = extract(write_jsonl(tmp_path / "ohio.jsonl", OHIO_TOWNS), db_url)
    assert result.exit_code == 0, result.stderr
    with Store.open(db_url) as store:
        learnt = store.load_profiles()
    assert learnt.documents[SUBURBAN] == 3
    assert learnt.home(SUBURBAN).areas[("US", "Ohio")] > 0.5

    # the next run starts from it: a bare "Dublin" from this outlet is the Ohio suburb, not the Irish capital
    result = extract(write_jsonl(tmp_path / "dublin.jsonl", (DUBLIN,), first=4), db_url)
    assert result.exit_code == 0, result.stderr
    [dublin] = [place for place in json.loads(result.stdout)["places"] if place["name"] == "Dublin"]
    assert (dublin["country_code"], dublin["admin1"]) == ("US", "Ohio")
    with Store.open(db_url) as store:
        assert store.load_profiles().documents[SUBURBAN] == 4


def test_without_the_store_nothing_is_remembered(tmp_path, db_url):
    result = runner.invoke(cli.app, ["extract", write_jsonl(tmp_path / "ohio.jsonl", OHIO_TOWNS),
                                     "--format", "jsonl", "--db", db_url, "--no-store"])
    assert result.exit_code == 0, result.stderr
    with Store.open(db_url) as store:
        assert plain(store.load_profiles()) == ({}, {}, {})
    result = runner.invoke(cli.app, ["extract", write_jsonl(tmp_path / "dublin.jsonl", (DUBLIN,)),
                                     "--format", "jsonl", "--no-store"])
    [dublin] = [place for place in json.loads(result.stdout)["places"] if place["name"] == "Dublin"]
    assert dublin["country_code"] == "IE"


def refuse(self, profiles, *, sources=None):
    raise StoreError("source profiles", "cannot be saved: disk full")


def test_a_failing_save_is_reported_and_exits_1_but_the_records_are_stored(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setattr(Store, "save_profiles", refuse)
    result = extract(write_jsonl(tmp_path / "ohio.jsonl", OHIO_TOWNS[:1]), db)
    assert result.exit_code == 1
    assert "Error: source profiles: cannot be saved: disk full" in result.stderr
    assert "1 documents read, 0 failed, 1 stored" in result.stderr
    with Store.open(db) as store:
        assert store.count_documents() == 1


def test_a_failing_save_never_hides_the_error_that_ended_the_run(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"

    def broken_writer(records, out):
        for _ in records:
            raise RuntimeError("the writer broke")

    monkeypatch.setattr(Store, "save_profiles", refuse)
    monkeypatch.setitem(cli.EXPORTERS, "jsonl", broken_writer)
    result = extract(write_jsonl(tmp_path / "ohio.jsonl", OHIO_TOWNS[:1]), db)
    assert isinstance(result.exception, RuntimeError) and str(result.exception) == "the writer broke"
    assert "Error: source profiles: cannot be saved: disk full" in result.stderr


def test_profiles_are_saved_when_the_run_ends_in_an_error(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    seen = []

    def writer_that_breaks_after_two(records, out):
        for record in records:
            seen.append(record)
            if len(seen) == 2:
                raise RuntimeError("the writer broke")

    monkeypatch.setitem(cli.EXPORTERS, "jsonl", writer_that_breaks_after_two)
    result = extract(write_jsonl(tmp_path / "ohio.jsonl", OHIO_TOWNS), db)
    assert isinstance(result.exception, RuntimeError)
    with Store.open(db) as store:
        # all three were read in one batch, and a batch teaches before its first record is written
        assert store.load_profiles().documents[SUBURBAN] == 3
