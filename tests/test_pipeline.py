"""The pipeline's promises about whole batches: long documents are read whole, and a bug in one document
costs that document only, reported by name with its traceback logged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crisislens.parse.nlp as nlp_module
from conftest import SEED_PATH
from crisislens import pipeline
from crisislens.bugs import InternalError
from crisislens.errors import CrisislensError
from crisislens.parse.nlp import split_text
from crisislens.records import Document

SEED = SEED_PATH.read_text(encoding="utf-8")
SHOOTING = "Gunmen killed three villagers in Kidal on Monday, the army said.\n"


def run(documents, *, nlp, gazetteer, **options):
    errors: list[tuple[str, CrisislensError]] = []
    records = list(pipeline.run(documents, nlp=nlp, gazetteer=gazetteer,
                                on_error=lambda source, exc: errors.append((source, exc)), **options))
    return records, errors


def document(number: int, text: str) -> Document:
    return Document(id=f"doc-{number}", text=text, origin=f"batch/{number}.txt")


# ---- long documents ------------------------------------------------------------------------------------------
paragraphs = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60), max_size=30)


@given(paragraphs, st.sampled_from(["\n\n", "\n", " ", ""]), st.integers(min_value=2, max_value=80))
@settings(max_examples=200, deadline=None)
def test_pieces_join_back_into_the_text_and_keep_under_the_limit(parts, glue, limit):
    text = glue.join(parts)
    pieces = split_text(text, limit=limit)
    assert "".join(pieces) == text
    assert all(len(piece) <= limit for piece in pieces)


def test_pieces_end_at_paragraph_breaks_where_there_are_some():
    text = "\n\n".join(f"Paragraph {i} says something about the clashes." for i in range(40))
    pieces = split_text(text, limit=300)
    assert len(pieces) > 5
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])


def test_a_document_parsed_in_pieces_yields_the_events_of_its_parts_at_their_offsets(nlp, gazetteer, monkeypatch):
    text = "\n\n".join([SEED, SHOOTING, SEED])
    monkeypatch.setattr(nlp_module, "PIECE_CHARS", len(SEED) // 2)   # many pieces, cut at paragraph ends
    [whole], errors = run([document(1, text)], nlp=nlp, gazetteer=gazetteer)
    monkeypatch.undo()
    [seed], _ = run([document(2, SEED)], nlp=nlp, gazetteer=gazetteer)

    assert not errors
    evidence = [(event.code, event.evidence.text) for event in whole.events]
    assert all(text[e.evidence.start:e.evidence.end] == e.evidence.text for e in whole.events)
    seed_evidence = [(event.code, event.evidence.text) for event in seed.events]
    assert evidence[:len(seed_evidence)] == seed_evidence                 # the first copy reads as the seed alone
    assert any("Kidal" in text for _, text in evidence)                  # the middle paragraph is read
    assert len(whole.events) >= 2 * len(seed.events)


# ---- a bug in one document -----------------------------------------------------------------------------------
def test_a_sentence_starting_with_one_is_read(nlp, gazetteer):
    texts = ["One was arrested in Almaty on Monday.", "One died in the clashes, police said."]
    records, errors = run([document(i, t) for i, t in enumerate(texts)], nlp=nlp, gazetteer=gazetteer)
    assert not errors
    assert [r.document.id for r in records] == ["doc-0", "doc-1"]


def breaking(function, *, on: str):
    """`function`, except that it meets a bug (a KeyError) when the document `on` is among its input."""
    def broken(batch, *args, **kwargs):
        items = batch if isinstance(batch, list) else [batch]
        if any(item.document.id == on for item in items):
            raise KeyError("a bug")
        return function(batch, *args, **kwargs)
    return broken


@pytest.mark.parametrize("step", ["build_record", "read_batch", "locate_batch"])
def test_a_bug_in_one_document_spares_the_rest_of_its_batch(nlp, gazetteer, monkeypatch, tmp_path, step):
    monkeypatch.setenv("CRISISLENS_RAISE", "0")
    monkeypatch.setenv("CRISISLENS_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(pipeline, step, breaking(getattr(pipeline, step), on="doc-2"))
    documents = [document(i, SHOOTING.replace("three", str(i + 2))) for i in range(5)]

    records, errors = run(documents, nlp=nlp, gazetteer=gazetteer, batch_size=4)

    assert [r.document.id for r in records] == ["doc-0", "doc-1", "doc-3", "doc-4"]
    assert [r.events[0].fatalities for r in records] == [2, 3, 5, 6]
    [(source, error)] = errors
    assert source == "batch/2.txt" and isinstance(error, InternalError)
    assert str(error).startswith("batch/2.txt: internal error (KeyError), details in ")
    log = (tmp_path / "logs" / "errors.log").read_text()
    assert "batch/2.txt" in log and "KeyError: 'a bug'" in log and "Traceback" in log


def test_in_test_mode_a_bug_propagates(nlp, gazetteer, monkeypatch):
    monkeypatch.setenv("CRISISLENS_RAISE", "1")
    monkeypatch.setattr(pipeline, "build_record", breaking(pipeline.build_record, on="doc-0"))
    with pytest.raises(KeyError):
        run([document(0, SHOOTING)], nlp=nlp, gazetteer=gazetteer)


def test_a_bug_in_reading_one_file_spares_the_other_files(tmp_path, monkeypatch):
    from crisislens.read import files

    monkeypatch.setenv("CRISISLENS_RAISE", "0")
    monkeypatch.setenv("CRISISLENS_DATA_DIR", str(tmp_path / "data"))
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Report {name}: {SHOOTING}", encoding="utf-8")
    real = files.read_layout
    monkeypatch.setattr(files, "read_layout", lambda text: real(None) if text.startswith("Report b") else real(text))
    errors = []

    read = list(files.documents([str(tmp_path)], on_error=lambda source, exc: errors.append((source, exc))))

    assert [document.id for document in read] == ["a", "c"]
    [(source, error)] = errors
    assert source.endswith("b.txt") and isinstance(error, InternalError)
