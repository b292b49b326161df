"""Inputs that must never hang, garble or take good lines down (issue 13): special files, unreadable entries,
legacy encodings, bad JSON lines and ids — through the real readers and the real `crisislens extract`."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisislens.errors import CrisislensError
from crisislens.read.files import documents

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / ".venv" / "bin" / "crisislens"
HANG_SECONDS = 20             # reading a few small files takes well under a second; a FIFO open blocks forever


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail a test that blocks (an opened FIFO waits for a writer forever) instead of hanging the suite."""
    def interrupt(signum, frame):
        raise TimeoutError(f"reading blocked for over {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(HANG_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def unprivileged(tmp_path: Path) -> list[str] | None:
    """A command prefix under which a chmod 000 directory cannot be read: none for a plain user; for root,
    setpriv dropping the two capabilities that let root read anything; None where neither works (then the
    permission assertions are skipped, the rest of the test still runs)."""
    prefix = [] if os.geteuid() != 0 else [shutil.which("setpriv") or "setpriv",
                                           "--bounding-set=-dac_override,-dac_read_search"]
    probe = tmp_path / "probe"
    probe.mkdir(mode=0)
    try:
        tried = subprocess.run([*prefix, "ls", str(probe)], capture_output=True, timeout=30, check=False)
    except OSError:
        return None
    finally:
        probe.rmdir()
    return prefix if b"ermission denied" in tried.stderr else None


def read_all(*paths: str, **options) -> tuple[list, list[str]]:
    errors: list[str] = []

    def collect(source: str, exc: CrisislensError) -> None:
        errors.append(str(exc))

    return list(documents(paths, on_error=collect, **options)), errors


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


GOOD = "Police fired tear gas at protesters in Nairobi on Tuesday, witnesses said."


# ---- special files are never opened ---------------------------------------------------------------------------
@pytest.mark.usefixtures("no_hang")
def test_fifo_socket_and_device_in_a_directory_are_named_and_skipped(tmp_path):
    write(tmp_path / "a.txt", GOOD)
    os.mkfifo(tmp_path / "b.txt")
    os.mkfifo(tmp_path / "feed")                       # no readable suffix: still never opened, still named
    (tmp_path / "null.txt").symlink_to("/dev/null")    # a character device behind a link with a text name
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "s.sock"))
    try:
        docs, errors = read_all(str(tmp_path))
    finally:
        server.close()
    assert [d.id for d in docs] == ["a"]
    assert errors == [
        f"{tmp_path / 'b.txt'}: not a regular file (a FIFO); skipped",
        f"{tmp_path / 'feed'}: not a regular file (a FIFO); skipped",
        f"{tmp_path / 'null.txt'}: not a regular file (a character device); skipped",
        f"{tmp_path / 's.sock'}: not a regular file (a socket); skipped",
    ]


@pytest.mark.usefixtures("no_hang")
def test_fifo_named_directly_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "news.txt"
    os.mkfifo(fifo)
    good = write(tmp_path / "good.txt", GOOD)
    docs, errors = read_all(str(fifo), str(good), "/dev/zero")
    assert [d.id for d in docs] == ["good"]
    assert errors == [f"{fifo}: not a regular file (a FIFO); skipped",
                      "/dev/zero: not a regular file (a character device); skipped"]


@pytest.mark.usefixtures("no_hang")
def test_symlinked_files_are_read_and_a_symlink_loop_is_walked_once(tmp_path):
    archive = tmp_path / "archive"
    write(archive / "a.txt", GOOD)
    write(tmp_path / "elsewhere" / "b.txt", "Rebels shelled the outskirts of Goma on Friday.")
    (archive / "b.txt").symlink_to(tmp_path / "elsewhere" / "b.txt")
    (archive / "sub").mkdir()
    (archive / "sub" / "up").symlink_to(archive, target_is_directory=True)    # archive/sub/up/sub/up/… forever
    (archive / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    docs, errors = read_all(str(archive))
    assert [d.id for d in docs] == ["a", "b"]
    assert docs[1].text == "Rebels shelled the outskirts of Goma on Friday."
    assert errors == [
        f"{archive / 'gone.txt'}: broken symbolic link",
        f"{archive / 'sub' / 'up'}: a symbolic link back to a directory above it (a loop); skipped",
    ]


# ---- unreadable entries are named, the walk goes on -----------------------------------------------------------
READ_IN_CHILD = """
import json, sys
from crisislens.read.files import documents
errors = []
docs = documents(sys.argv[1:], on_error=lambda source, exc: errors.append(str(exc)))
print(json.dumps({"ids": [d.id for d in docs], "errors": errors}))
"""


def test_unreadable_directory_and_file_are_named_and_the_walk_goes_on(tmp_path):
    prefix = unprivileged(tmp_path)
    write(tmp_path / "a" / "first.txt", GOOD)
    locked = write(tmp_path / "b" / "hidden.txt", "Troops entered the town of Bakhmut.").parent
    secret = write(tmp_path / "c.txt", "Soldiers repelled an attack near Mopti.")
    write(tmp_path / "d.txt", "Floods killed 40 people in Sylhet.")
    locked.chmod(0)
    secret.chmod(0)
    try:   # in a child process, so that root can give up reading what it may not
        child = subprocess.run([*(prefix or []), sys.executable, "-c", READ_IN_CHILD, str(tmp_path)],
                               capture_output=True, text=True, timeout=120, check=True)
    finally:
        locked.chmod(0o755)
    seen = json.loads(child.stdout)
    if prefix is None:   # root that cannot drop its capabilities reads everything: the walk still goes on
        assert seen == {"ids": ["first", "hidden", "c", "d"], "errors": []}
    else:
        assert seen == {"ids": ["first", "d"], "errors": [f"{locked}: permission denied; skipped",
                                                          f"{secret}: permission denied; skipped"]}


# ---- legacy encodings are read right or refused ---------------------------------------------------------------
SENTENCES = {
    "fr": ["Grève générale à Marseille.",
           "Les manifestants ont été dispersés à Abidjan où la police a tiré des gaz lacrymogènes.",
           "L’armée a annoncé « l’arrestation » de douze hommes, dont le chef présumé, près de Bamako."],
    "de": ["Großbrand in Köln.",
           "Die Demonstranten zogen durch die Straßen von München; die Polizei nahm fünf Männer fest.",
           "Über 300 Menschen mussten ihre Häuser verlassen, während Löschzüge aus Düsseldorf anrückten."],
    "es": ["¿Qué pasó en Cádiz?",
           "La policía detuvo a catorce personas en Bogotá tras los disturbios del miércoles.",
           "Según el alcalde, hubo daños en señales y comercios; el Ejército llegó a la región andina."],
    "ru": ["Взрыв в Москве.",
           "Протесты в Алматы начались 3 января. Полиция задержала десятки человек.",
           "По данным МВД, в результате столкновений погибли трое, ещё двенадцать человек ранены."],
}
ENCODINGS = {"fr": ["latin-1", "cp1252"], "de": ["latin-1", "cp1252"], "es": ["latin-1", "cp1252"],
             "ru": ["cp1251", "koi8-r"]}
CASES = [(language, encoding, length) for language, encodings in ENCODINGS.items() for encoding in encodings
         for length in ("short", "long")]


def sample(language: str, encoding: str, length: str) -> str:
    """'short': the first sentence alone (a headline); 'long': all of them, repeated into several paragraphs."""
    text = SENTENCES[language][0] if length == "short" else \
        "\n\n".join(" ".join(SENTENCES[language]) for _ in range(8)) + "\n"
    return text.replace("’", "'") if encoding == "latin-1" else text   # latin-1 has no typographic apostrophe


@pytest.mark.parametrize(("language", "encoding", "length"), CASES)
def test_legacy_encodings_decode_to_the_original_text(tmp_path, language, encoding, length):
    text = sample(language, encoding, length)
    if encoding == "cp1252" and language == "fr" and length == "long":
        assert "’" in text and "«" in text    # cp1252's own quotes, which latin-1 cannot hold
    path = write(tmp_path / "story.txt", text, encoding)
    assert not path.read_bytes().isascii()
    docs, errors = read_all(str(path))
    assert errors == []
    assert docs[0].text == text                         # not a near miss: cp1250 once turned 'daños' into 'dańos'
    if length == "long":
        assert docs[0].language == language


def test_latin1_is_not_read_as_a_central_european_code_page(tmp_path):
    # The case the tester met: charset-normalizer alone called this cp1250 and stored 'dańos', exit 0.
    text = "La policía detuvo a catorce personas; según el alcalde, hubo daños."
    docs, errors = read_all(str(write(tmp_path / "es.txt", text, "latin-1")))
    assert errors == [] and docs[0].text == text and "ń" not in docs[0].text


def test_cyrillic_too_short_to_tell_cp1251_from_koi8r_is_refused_with_a_hint(tmp_path):
    path = write(tmp_path / "ru.txt", "взрыв", "cp1251")   # five lowercase letters: both code pages read a word
    docs, errors = read_all(str(path))
    assert docs == []
    assert errors == [f"{path}: not UTF-8 text (byte 0) and unsure whether cp1251 or koi8_r; pass --encoding"]
    docs, errors = read_all(str(path), encoding="cp1251")
    assert errors == [] and docs[0].text == "взрыв"


def test_utf8_with_a_stray_latin1_byte_is_refused_not_garbled(tmp_path):
    path = tmp_path / "mixed.txt"
    utf8 = "Le président a déclaré l’état d’urgence à Niamey. Caf".encode()
    path.write_bytes(utf8 + b"\xe9 ferm\xe9.")
    docs, errors = read_all(str(path))
    assert docs == []
    assert errors == [f"{path}: not UTF-8 text (byte {len(utf8)}) and no encoding fits; pass --encoding"]


# ---- JSONL: a bad line costs that line only -------------------------------------------------------------------
def good_line(doc_id: str) -> bytes:
    return json.dumps({"id": doc_id, "text": f"Troops retook the town, report {doc_id} said."}).encode()


BAD_LINES = [   # (line, reason): each is refused alone, the good lines around it are read
    (b'{"id": "x", "text": "broken', "invalid JSON (Unterminated string starting at at column 21)"),
    (b'{"id": "x", "text": "Police arrested \xe9 men."}',   # the bad byte is the line's 38th: offset 37
     "not utf-8 text (byte 37 of the line); fix the line or pass --encoding"),
    (b'["id", "text"]', "expected a JSON object, got list"),
    (b'{"id": "x"}', "no 'text' string: nothing to extract"),
    (b'{"id": "x", "text": "  "}', "no 'text' string: nothing to extract"),
    (b'{"text": "Shelling hit Kharkiv."}', "no 'id': each line needs a stable id"),
    (b'{"id": "", "text": "Shelling hit Kharkiv."}', "empty 'id': each line needs a stable id"),
    (b'{"id": " \\t ", "text": "Shelling hit Kharkiv."}', "empty 'id': each line needs a stable id"),
    (b'{"id": "a\\u0000b", "text": "Shelling hit Kharkiv."}', "'id' contains control characters (NUL, tab, newline …)"),
    (b'{"id": "a\\nb", "text": "Shelling hit Kharkiv."}', "'id' contains control characters (NUL, tab, newline …)"),
    (json.dumps({"id": "x" * 201, "text": "Shelling hit Kharkiv."}).encode(),
     "'id' is 201 characters long, over the 200 allowed"),
    (b'{"id": true, "text": "Shelling hit Kharkiv."}', "'id' must be a string or a number, not true"),
    (b'{"id": "x", "text": "Shelling \\ud800 hit Kharkiv."}',
     "'text' contains an unpaired surrogate escape; not valid Unicode text"),
    (b'{"id": "x", "text": "Shelling hit Kharkiv.", "title": "a\\u0000b"}',
     "'title' contains a NUL character; remove it"),
    (b'{"id": "x", "text": "Shelling hit Kharkiv.", "source": "\\u0000"}',
     "'source' contains a NUL character; remove it"),
    (b'{"text": "x", "meta": ' + b"[" * 1000 + b"]" * 1000 + b"}", "JSON nested too deeply to read"),
    (b'{"text": "x", "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "JSON nested too deeply to read"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES, ids=[reason[:40] for _, reason in BAD_LINES])
def test_a_bad_jsonl_line_is_refused_alone(tmp_path, line, reason):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join([good_line("a"), line, good_line("c")]) + b"\n")
    docs, errors = read_all(str(path))
    assert [d.id for d in docs] == ["a", "c"]
    assert errors == [f"{path}:2: {reason}"]


def test_ids_at_the_limits_are_kept(tmp_path):
    ids = ["x" * 200, "Ünïcödé-ид-7", "42"]
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": doc_id, "text": "Shelling hit Kharkiv."}) for doc_id in ids[:2]]
    path.write_text("\n".join([*lines, '{"id": 42, "text": "Shelling hit Kharkiv."}']) + "\n", encoding="utf-8")
    docs, errors = read_all(str(path))
    assert errors == [] and [d.id for d in docs] == ids


def test_jsonl_lines_are_counted_by_newlines_only(tmp_path):
    # U+2028 is a line break to str.splitlines but plain text inside a JSON string: line 2 stays line 2.
    path = tmp_path / "batch.jsonl"
    first = json.dumps({"id": "a", "text": "Rebels\u2028seized the airport."}, ensure_ascii=False)
    path.write_bytes(b"\r\n".join([first.encode(), b"{oops}", good_line("c")]) + b"\r\n")
    docs, errors = read_all(str(path))
    assert [d.id for d in docs] == ["a", "c"] and docs[0].text == "Rebels\u2028seized the airport."
    assert len(errors) == 1 and errors[0].startswith(f"{path}:2: invalid JSON")


def test_stdin_jsonl_with_a_bad_byte_loses_that_line_only(monkeypatch):
    raw = b"\n".join([good_line("a"), b'{"id": "b", "text": "Caf\xe9 bombed."}', good_line("c")])
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    docs, errors = read_all("-")
    assert [d.id for d in docs] == ["a", "c"]
    assert errors == ["<stdin>:2: not utf-8 text (byte 24 of the line); fix the line or pass --encoding"]


def test_jsonl_in_a_named_legacy_encoding_is_read_line_by_line(tmp_path):
    path = tmp_path / "ru.jsonl"
    lines = [json.dumps({"id": str(n), "text": SENTENCES["ru"][n]}, ensure_ascii=False) for n in range(3)]
    path.write_bytes("\n".join(lines).encode("cp1251"))
    docs, errors = read_all(str(path), encoding="cp1251")
    assert errors == [] and [d.text for d in docs] == SENTENCES["ru"]
    _, errors = read_all(str(path), encoding="no-such-codec")
    assert errors == [f"{path}: unknown encoding 'no-such-codec'"]


# ---- the real command: bad entries named, good files extracted, exit 1, no hang -------------------------------
def test_extract_on_a_directory_with_bad_entries_reports_each_and_extracts_the_rest(tmp_path):
    news = tmp_path / "news"
    french = "Grève générale à Marseille\n\nLes manifestants ont été dispersés à Marseille où la police a tiré " \
             "des gaz lacrymogènes mercredi. Trois personnes ont été arrêtées, selon la préfecture.\n"
    write(news / "fr.txt", french, "latin-1")
    write(news / "ke.txt", "Police fired tear gas at protesters in Nairobi on Tuesday, witnesses said.\n")
    write(news / "locked" / "ua.txt", "Russian forces shelled Kharkiv on Monday, killing three people.\n")
    os.mkfifo(news / "pipe.txt")
    prefix = unprivileged(tmp_path)
    (news / "locked").chmod(0)
    try:
        result = subprocess.run([*(prefix or []), str(CLI), "extract", str(news), "--no-store", "--format", "jsonl"],
                                capture_output=True, text=True, timeout=300, cwd=ROOT,
                                stdin=subprocess.DEVNULL)
    finally:
        (news / "locked").chmod(0o755)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    records = {record["id"]: record for record in map(json.loads, result.stdout.splitlines())}
    assert f"Error: {news / 'pipe.txt'}: not a regular file (a FIFO); skipped" in errors
    assert records["fr"]["title"] == "Grève générale à Marseille" and records["fr"]["language"] == "fr"
    assert records["ke"]["language"] == "en" and "pipe" not in records
    if prefix is None:   # root that cannot drop its capabilities reads the locked directory: only the FIFO fails
        assert errors == [f"Error: {news / 'pipe.txt'}: not a regular file (a FIFO); skipped"]
        assert set(records) == {"fr", "ke", "ua"}
    else:
        assert errors == [f"Error: {news / 'locked'}: permission denied; skipped",
                          f"Error: {news / 'pipe.txt'}: not a regular file (a FIFO); skipped"]
        assert set(records) == {"fr", "ke"}
