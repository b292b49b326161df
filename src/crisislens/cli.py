"""The `crisislens` command: setup, extract, export."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from crisislens.bugs import internal_error
from crisislens.cluster_cli import events_app
from crisislens.errors import CrisislensError
from crisislens.export import EXPORTERS
from crisislens.paths import default_db_url
from crisislens.read.decode import DEFAULT_MAX_BYTES
from crisislens.records import Document, Record
from crisislens.serve.commands import serve, users_app

app = typer.Typer(
    help="crisislens: sourced, geocoded records of crisis events from news text.\n\n"
         "Run `crisislens setup` once, then `crisislens extract FILE...`.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
stderr = Console(stderr=True, highlight=False)

Format = Enum("Format", {name.replace("-", "_"): name for name in EXPORTERS}, type=str)  # type: ignore[misc]


@dataclass
class Tally:
    """What a run did, for the summary line and the exit code."""

    read: int = 0
    failed: int = 0
    stored: int = 0
    unsaved: bool = False  # the source profiles learnt could not be saved

    def error(self, source: str, exc: CrisislensError) -> None:
        self.failed += 1
        stderr.print(f"Error: {exc}", markup=False, soft_wrap=True)


@app.command()
def setup(force: Annotated[bool, typer.Option(help="Rebuild the gazetteer and retrain the event classifier "
                                                   "even if they are current.")] = False) -> None:
    """Build the local gazetteer, train the event classifier and check the language model; safe to run again.

    Example: crisislens setup
    """
    from crisislens.extract.event_model import train
    from crisislens.parse.nlp import load_nlp
    from crisislens.resolve.gazetteer import build

    try:
        with stderr.status("Building the gazetteer from GeoNames package data…") as status:
            gazetteer = build(force=force, progress=lambda message: status.update(message))
            model = train(force=force, progress=lambda message: status.update(message))
        load_nlp()
    except CrisislensError as exc:
        fail(exc)
    stderr.print(f"crisislens is ready: gazetteer at {gazetteer}, event classifier at {model}", markup=False)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl), directories, or - for stdin.")],
    format: Annotated[Format | None, typer.Option("--format", "-f", help="Output format; default: table on a "
                                                  "terminal, jsonl otherwise.")] = None,
    db: Annotated[str | None, typer.Option(help="Database URL to store records in "
                                           "(sqlite:///FILE or postgresql+psycopg://...).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    store: Annotated[bool, typer.Option(help="Store the records (--no-store only prints them).")] = True,
    encoding: Annotated[str | None, typer.Option(help="Text encoding of the inputs, e.g. cp1251; "
                                                 "default: UTF-8, else detected.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse documents larger than this.")] = DEFAULT_MAX_BYTES,
    batch_size: Annotated[int, typer.Option(help="Documents per spaCy batch.")] = 32,
    force: Annotated[bool, typer.Option(help="Extract again documents the store already holds from the current "
                                        "pipeline (a rerun skips them by default).")] = False,
) -> None:
    """Extract events, places, times, quotes and claims from documents, store and print them.

    A bad input is reported as one `Error: <input>: <reason>` line; the others go on, and the
    exit code is 1 if any failed. A rerun skips the documents already stored with the same text by the
    same version of the pipeline (and prints what the store holds for them), so a batch that a killed run
    left half done is finished, not started again; --force extracts everything again.

    Example: crisislens extract ../shared/seed/000_345d00adf81d8220.txt --format jsonl
    """
    from crisislens.parse.nlp import load_nlp
    from crisislens.pipeline import run
    from crisislens.read.files import documents
    from crisislens.resolve.gazetteer import Gazetteer
    from crisislens.resume import Resume

    tally = Tally()
    with ExitStack() as stack:
        try:
            nlp, gazetteer = load_nlp(), Gazetteer.open()
            saver = stack.enter_context(open_store(db or default_db_url())) if store else None
            profiles = saver.load_profiles() if saver else None  # what each source taught earlier runs
            taught = Counter(profiles.documents) if profiles else Counter()
        except CrisislensError as exc:
            fail(exc)
        out = stack.enter_context(open_output(output))
        name = (format.value if format else None) or ("table" if out.isatty() else "jsonl")
        progress = stack.enter_context(progress_bar(show=len(paths) > 1 or any(Path(p).is_dir() for p in paths)
                                                    or any(p.endswith((".jsonl", ".ndjson")) for p in paths)))
        docs = counted(documents(paths, on_error=tally.error, encoding=encoding, max_bytes=max_bytes), tally, progress)
        resume = Resume(saver, batch_size=batch_size, force=force) if saver else None
        records = run(resume.fresh(docs) if resume else docs, nlp=nlp, gazetteer=gazetteer, on_error=tally.error,
                      batch_size=batch_size, profiles=profiles)
        finished = False
        try:
            EXPORTERS[name](chain(stored(records, saver, tally), resume.stored_records() if resume else ()), out)
            finished = True
        finally:
            if saver is not None:
                keep_profiles(saver, profiles, taught, tally, failing=not finished)
    summary = f"{tally.read} documents read, {tally.failed} failed, {tally.stored} stored"
    if resume and resume.skipped:
        summary += f", {len(resume.skipped)} already stored and current (--force extracts them again)"
    stderr.print(summary + (f" in {db or default_db_url()}" if store else ""), markup=False, soft_wrap=True)
    raise typer.Exit(1 if tally.failed or tally.unsaved else 0)


@app.command()
def export(
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,  # type: ignore
    db: Annotated[str | None, typer.Option(help="Database URL to read from.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Write every stored record in one format: jsonl, csv (ACLED-like columns), geojson, claims-csv …

    Example: crisislens export --format csv -o events.csv
    """
    try:
        saver = open_store(db or default_db_url())
    except CrisislensError as exc:
        fail(exc)
    with saver, open_output(output) as out:
        written = EXPORTERS[format.value](saver.records(), out)
    stderr.print(f"{written} items written", markup=False)


def open_store(url: str):
    from crisislens.store.repo import Store

    return Store.open(url)


@contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        yield out


@contextmanager
def progress_bar(*, show: bool) -> Iterator[Progress | None]:
    if not show:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
        yield progress


def counted(documents: Iterable[Document], tally: Tally, progress: Progress | None) -> Iterator[Document]:
    task = progress.add_task("extracting", total=None) if progress else None
    for document in documents:
        tally.read += 1
        if progress:
            progress.advance(task)
        yield document


def stored(records: Iterable[Record], saver, tally: Tally) -> Iterator[Record]:
    """Save each record in its own transaction as it passes, then hand it on to the writer."""
    from crisislens.resolve.cluster import save_and_assign  # imports spaCy: only extracting commands pay

    for record in records:
        if saver is not None:
            try:
                if save_and_assign(saver, record, on_error=tally.error) is None:
                    continue
            except Exception as exc:   # a bug in storing one document: report it, store the others
                tally.error(record.document.origin, internal_error(record.document.origin, exc))
                continue
            tally.stored += 1
        yield record


def keep_profiles(saver, profiles, taught: Counter, tally: Tally, *, failing: bool) -> None:
    """Save the profiles of the sources this run's documents taught (`taught`: the document counts it
    started from), even after failed documents. While another error is on its way out, a failing save
    is only reported: it must not take that error's place."""
    try:
        saver.save_profiles(profiles, sources=profiles.taught_since(taught))
    except Exception as exc:
        if not failing and not isinstance(exc, CrisislensError):
            raise  # a bug, not a refusal by the database
        tally.unsaved = True
        stderr.print(f"Error: {exc}", markup=False, soft_wrap=True)


def fail(exc: CrisislensError) -> None:
    stderr.print(f"Error: {exc}", markup=False, soft_wrap=True)
    raise typer.Exit(1)


def main() -> None:
    app()


app.command()(serve)
app.add_typer(users_app, name="users")
app.add_typer(events_app, name="events")
