"""The real command on a batch that once ended runs: a 3 MB article, a JSON line nested 1,000 deep, a FIFO
and a good file. The article is read whole, each bad input costs one line, the good file is stored, exit 1,
no traceback; and a rerun hands on what is stored while --force extracts again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEV, SEED_PATH
from crisislens.store import Store

CLI = str(Path(sys.executable).with_name("crisislens"))


def cli(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "CRISISLENS_RAISE"}
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=timeout)


def records_in(path: Path) -> list[dict]:
    # split on "\n" only: the texts hold characters str.splitlines() also breaks at (\x0b, \u2028 …)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def long_article(size: int) -> str:
    """A wire round-up of `size` characters, from the dev snippets' stories, in paragraphs."""
    snippets = [json.loads(line)["text"] for line in (DEV / "event_snippets.jsonl").read_text().splitlines()]
    paragraphs, length = [], 0
    while length < size:
        paragraph = snippets[len(paragraphs) % len(snippets)]
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    (folder / "roundup.txt").write_text(long_article(3_000_000), encoding="utf-8")
    nested = '{"id": "deep", "text": "Police detained 12 protesters.", "meta": ' + "[" * 1000 + "]" * 1000 + "}"
    (folder / "deep.jsonl").write_text(nested + "\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "seed.txt").write_text(SEED_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_a_batch_of_a_long_article_a_deep_json_line_and_a_fifo_stores_the_good_files(batch, tmp_path):
    db, out = f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "out.jsonl"

    result = cli("extract", str(batch), "--db", db, "--format", "jsonl", "-o", str(out))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2, result.stderr
    assert any("pipe.txt" in line for line in errors) and any("deep.jsonl" in line for line in errors)
    records = {record["id"]: record for record in records_in(out)}
    assert set(records) == {"roundup", "seed"}
    roundup, text = records["roundup"], (batch / "roundup.txt").read_text(encoding="utf-8")
    assert len(text) >= 3_000_000
    assert len(roundup["events"]) > 100
    assert all(text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"] for e in roundup["events"])
    assert max(e["evidence"]["start"] for e in roundup["events"]) > 0.9 * len(text)   # read to its end
    with Store.open(db) as store:
        assert store.count_documents() == 2


def test_a_rerun_hands_on_what_is_stored_and_force_extracts_again(tmp_path):
    db, first, again, forced = (f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "1.jsonl",
                                tmp_path / "2.jsonl", tmp_path / "3.jsonl")
    assert cli("extract", str(SEED_PATH), "--db", db, "-o", str(first)).returncode == 0

    rerun = cli("extract", str(SEED_PATH), "--db", db, "-o", str(again))
    redo = cli("extract", str(SEED_PATH), "--db", db, "--force", "-o", str(forced))

    assert rerun.returncode == redo.returncode == 0
    assert "0 stored, 1 already stored and current" in rerun.stderr
    assert "1 stored" in redo.stderr and "already stored" not in redo.stderr
    events = [[(e["code"], e["evidence"]["start"]) for e in records_in(path)[0]["events"]]
              for path in (first, again, forced)]
    assert events[0] == events[1] == events[2]


def test_a_forced_second_pass_counts_each_document_once_in_its_source_profile(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    batch = str(DEV / "cross_doc.jsonl")
    counts = []
    for flags in ([], ["--force"], ["--force"]):
        assert cli("extract", batch, "--db", db, "-o", os.devnull, *flags).returncode == 0
        with Store.open(db) as store:
            counts.append(dict(store.load_profiles().documents))
    assert counts[0] and sum(counts[0].values()) <= 45
    assert counts[0] == counts[1] == counts[2]
