"""Readers: every input kind becomes a Document whose offsets index exactly the text as read."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import SEED_PATH
from crisislens.errors import CrisislensError, InputError
from crisislens.read.files import documents, read_path

CYRILLIC = "Протесты в Алматы начались 3 января. Полиция задержала десятки человек."


def read_all(*paths: str, **options) -> tuple[list, list[str]]:
    errors: list[str] = []

    def collect(source: str, exc: CrisislensError) -> None:
        errors.append(str(exc))

    return list(documents(paths, on_error=collect, **options)), errors


def test_seed_layout_gives_title_dateline_credits_and_body():
    document = next(read_path(str(SEED_PATH)))
    assert document.id == "000_345d00adf81d8220"
    assert document.title == "CSTO peacekeepers do not participate in combat operations, Dauren Abayev says"
    assert document.published == datetime(2022, 1, 7, 16, 5)   # local time; resolve/ adds the offset
    assert document.credits == ("Assem Zhanmukhanova", "Galiya Khassenkhanova", "Saule Mukhamejanova")
    assert document.language == "en"
    assert document.body.text.startswith("CSTO soldiers do not participate")
    assert document.body.text.endswith("said Abayev.")
    assert document.text == SEED_PATH.read_text(encoding="utf-8")
    assert document.text[document.body.start:document.body.end] == document.body.text


def test_plain_text_without_layout_has_no_title_or_date(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Gunmen killed 12 villagers in Zamfara on Sunday, police said. Residents fled.\n")
    [document], errors = read_all(str(path))
    assert errors == []
    assert document.title is None and document.published is None and document.credits == ()
    assert document.body.text == "Gunmen killed 12 villagers in Zamfara on Sunday, police said. Residents fled."


def test_headline_without_dateline_is_taken_as_title(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Floods kill 40 in Bangladesh\n\nMonsoon floods killed 40 people in Sylhet, officials said.\n")
    [document], _ = read_all(str(path))
    assert document.title == "Floods kill 40 in Bangladesh"
    assert document.body.text.startswith("Monsoon floods")


def test_html_main_text_is_extracted_and_indexed(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Clashes near Goma</title>"
        '<meta property="article:published_time" content="2023-02-01T10:00:00+02:00"></head>'
        "<body><nav>Home | World | Sport</nav><article><h1>Clashes near Goma</h1>"
        "<p>Fighting broke out on Tuesday between M23 rebels and the army near Goma, killing at least "
        "12 people, officials said. The clashes continued into the night.</p>"
        "<p>Residents fled toward the city centre as shells fell on the outskirts of the city.</p>"
        "</article><footer>Copyright 2023</footer></body></html>"
    )
    [document], errors = read_all(str(path))
    assert errors == []
    assert document.title == "Clashes near Goma"
    assert document.published == date(2023, 2, 1)
    assert "Fighting broke out on Tuesday" in document.text
    assert "Copyright" not in document.text and "Sport" not in document.text
    assert document.text_is_extracted


def test_malformed_html_still_yields_its_text(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<html><body><p>Police detained 40 protesters in Minsk on Sunday <b>after a march</p>"
                    "<div><p>Witnesses said officers used batons.")
    [document], errors = read_all(str(path))
    assert errors == []
    assert "Police detained 40 protesters in Minsk" in document.text


def test_html_without_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    docs, errors = read_all(str(path))
    assert docs == []
    assert errors == [f"{path}: no main text found in the HTML page"]


def test_jsonl_reads_good_lines_and_reports_bad_ones(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": "Troops retook Palmyra on Sunday.", "published": "2016-03-27",
                    "title": "Palmyra retaken", "source": "Wire"}),
        '{"id": "b", "text": "broken',
        json.dumps({"id": "c", "text": "Rebels seized the airport.", "published": "2022-01-05T08:00:00+06:00"}),
        json.dumps({"id": "d"}),
        json.dumps(["not", "an", "object"]),
    ]) + "\n")
    docs, errors = read_all(str(path))
    assert [d.id for d in docs] == ["a", "c"]
    assert docs[0].published == date(2016, 3, 27) and docs[0].title == "Palmyra retaken" and docs[0].source == "Wire"
    assert docs[1].published == datetime(2022, 1, 5, 8, 0, tzinfo=timezone(timedelta(hours=6)))
    assert errors[0].startswith(f"{path}:2: invalid JSON")
    assert errors[1] == f"{path}:4: no 'text' string: nothing to extract"
    assert errors[2] == f"{path}:5: expected a JSON object, got list"


def test_directory_is_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Protesters marched in Lagos on Monday.")
    (tmp_path / "b" / "c.txt").write_text("Police fired tear gas in Nairobi.")
    (tmp_path / "b" / "ignored.png").write_bytes(b"\x89PNG\r\n")
    docs, errors = read_all(str(tmp_path))
    assert [d.id for d in docs] == ["a", "c"] and errors == []


def test_stdin_text(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Rebels shelled Aleppo on Friday.")))
    [document], _ = read_all("-")
    assert document.text == "Rebels shelled Aleppo on Friday."
    assert document.id.startswith("sha256-") and document.origin == "<stdin>"


def test_missing_path_is_reported_and_others_go_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Soldiers repelled an attack on a checkpoint near Mopti.")
    docs, errors = read_all(str(tmp_path / "nope.txt"), str(good))
    assert [d.id for d in docs] == ["good"]
    assert errors == [f"{tmp_path / 'nope.txt'}: no such file or directory"]


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty document: no text to read"),
    (b"  \n\n ", "empty document: no text to read"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00", "contains NUL bytes: a binary file, not text"),
    (b"Police said\x00 nothing", "contains NUL bytes: a binary file, not text"),
])
def test_bad_bytes_give_one_line_errors(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    docs, errors = read_all(str(path))
    assert docs == [] and errors == [f"{path}: {reason}"]


def test_cp1251_cyrillic_is_detected(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes((CYRILLIC * 3).encode("cp1251"))
    [document], errors = read_all(str(path))
    assert errors == [] and document.text == CYRILLIC * 3 and document.language == "ru"


def test_latin1_is_detected(tmp_path):
    text = "Les manifestants ont été dispersés à Abidjan où la police a tiré des gaz lacrymogènes. " * 3
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("latin-1"))
    [document], errors = read_all(str(path))
    assert errors == [] and document.text == text and document.language == "fr"


def test_explicit_encoding_wins_and_a_wrong_one_is_explained(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes(CYRILLIC.encode("cp1251"))
    [document], _ = read_all(str(path), encoding="cp1251")
    assert document.text == CYRILLIC
    _, errors = read_all(str(path), encoding="utf-8")
    assert errors == [f"{path}: not utf-8 text (byte 0); pass another --encoding"]


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:   # a sparse 100 MB file: the size check must come before reading
        handle.truncate(100_000_000)
    docs, errors = read_all(str(path))
    assert docs == [] and errors == [f"{path}: 100.0 MB is over the 10 MB limit; pass --max-bytes"]
    docs, errors = read_all(str(path), max_bytes=200_000_000)
    assert errors == [f"{path}: contains NUL bytes: a binary file, not text"]


def test_input_error_is_one_line():
    error = InputError("a.txt", "empty document: no text to read")
    assert str(error) == "a.txt: empty document: no text to read" and "\n" not in str(error)
