"""`crisislens events`: list canonical events; `events split`, `events merge`, `events status`, `events figures`,
`events audit` for analysts. cli.py wires the group in with `app.add_typer(events_app, name="events")`.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from crisislens.errors import CrisislensError
from crisislens.paths import default_db_url

stderr = Console(stderr=True, highlight=False)
events_app = typer.Typer(help="Canonical events across sources: list them, split or merge clusters, set a status.",
                         invoke_without_command=True, no_args_is_help=False)
ListFormat = Enum("ListFormat", {name: name for name in ("table", "jsonl", "csv")}, type=str)  # type: ignore[misc]
DbOption = Annotated[str | None, typer.Option(help="Database URL (sqlite:///FILE or postgresql+psycopg://...); "
                                              "default: the SQLite file `extract` stores into.")]
UserOption = Annotated[str, typer.Option("--user", help="Who makes the change, for the audit log.")]
NoteOption = Annotated[str | None, typer.Option(help="Why, for the audit log.")]
COLUMNS = ("id", "code", "date", "location", "fatalities_best", "fatalities_low", "fatalities_high", "sources",
           "status", "report_ids", "duplicate_ids", "flags")


def _engine(db: str | None):
    from crisislens.store import Store

    try:
        return Store.open(db or default_db_url())
    except CrisislensError as exc:
        _fail(exc)


def _fail(exc: CrisislensError) -> None:
    stderr.print(f"Error: {exc}", markup=False, soft_wrap=True)
    raise typer.Exit(1)


def flat(event: dict[str, Any]) -> dict[str, Any]:
    """One row: the listing's columns, lists joined by ';' (flags as kind only)."""
    location = event["location"] or {}
    return {
        "id": event["id"], "code": event["code"], "date": event["date"], "location": location.get("name"),
        "fatalities_best": event["fatalities"]["best"], "fatalities_low": event["fatalities"]["low"],
        "fatalities_high": event["fatalities"]["high"], "sources": event["sources"], "status": event["status"],
        "report_ids": ";".join(event["report_ids"]), "duplicate_ids": ";".join(event["duplicate_ids"]),
        "flags": ";".join(sorted({f["kind"] for f in event["flags"]})),
    }


def write(events: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "jsonl":
        for event in events:
            sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(flat(e) for e in events)
    else:
        table = Table(*COLUMNS)
        for event in events:
            table.add_row(*(str(v) if v is not None else "" for v in flat(event).values()))
        Console().print(table)


@events_app.callback()
def events(
    ctx: typer.Context,
    db: DbOption = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="table, jsonl (everything, with each "
                                               "member's score and reasons) or csv.")] = ListFormat.table,  # type: ignore
) -> None:
    """List canonical events: code, date, place, fatalities best/low/high, independent sources, reports,
    reposts and contradiction flags. Events are formed as `crisislens extract --db` stores documents.

    Example: crisislens events --db sqlite:///crisis.sqlite --format jsonl
    """
    ctx.obj = db
    if ctx.invoked_subcommand is not None:
        return
    from crisislens.store import clusters

    store = _engine(db)
    with store:
        write(clusters.event_dicts(store.engine), format.value)


def _db(ctx: typer.Context, db: str | None) -> str | None:
    return db or ctx.obj


@events_app.command()
def split(
    ctx: typer.Context,
    document_id: Annotated[str, typer.Argument(help="The report (document id) to take out of its event.")],
    user: UserOption,
    ordinal: Annotated[int | None, typer.Option(help="Only this event of the document (its position).")] = None,
    note: NoteOption = None,
    db: DbOption = None,
) -> None:
    """Take a report out of its event into a new event of its own; automatic clustering will not move it back.

    Example: crisislens events split xd-028 --user ana --note "Dnipro, not Zaporizhzhia"
    """
    from crisislens.store import clusters

    store = _engine(_db(ctx, db))
    with store:
        try:
            entry = clusters.split(store.engine, document_id, user=user, ordinal=ordinal, note=note)
        except CrisislensError as exc:
            _fail(exc)
    stderr.print(f"{document_id} split from event {entry['detail']['from']} into event {entry['detail']['to']}")
    sys.stdout.write(json.dumps(entry) + "\n")


@events_app.command()
def merge(
    ctx: typer.Context,
    keep: Annotated[int, typer.Argument(help="The event that stays.")],
    other: Annotated[int, typer.Argument(help="The event whose reports move into KEEP; it disappears.")],
    user: UserOption,
    note: NoteOption = None,
    db: DbOption = None,
) -> None:
    """Merge two events: every report of OTHER joins KEEP, pinned there.

    Example: crisislens events merge 12 14 --user ana
    """
    from crisislens.store import clusters

    store = _engine(_db(ctx, db))
    with store:
        try:
            entry = clusters.merge(store.engine, keep, other, user=user, note=note)
        except CrisislensError as exc:
            _fail(exc)
    stderr.print(f"event {other} merged into event {keep}")
    sys.stdout.write(json.dumps(entry) + "\n")


@events_app.command()
def status(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(help="The canonical event.")],
    value: Annotated[str, typer.Argument(help="unverified, corroborated, disputed, confirmed, false; or 'auto' "
                                         "to clear the analyst's status and show the suggestion again.")],
    user: UserOption,
    note: NoteOption = None,
    db: DbOption = None,
) -> None:
    """Set an analyst's status on an event; it always wins over the suggested one.

    Example: crisislens events status 3 confirmed --user ana
    """
    from crisislens.store import clusters

    store = _engine(_db(ctx, db))
    with store:
        try:
            entry = clusters.set_status(store.engine, event_id, None if value == "auto" else value, user=user,
                                        note=note)
        except CrisislensError as exc:
            _fail(exc)
    sys.stdout.write(json.dumps(entry) + "\n")


@events_app.command()
def figures(
    ctx: typer.Context,
    event_id: Annotated[int, typer.Argument(help="The canonical event.")],
    db: DbOption = None,
) -> None:
    """Every figure the event's reports gave, oldest first, one JSON line each: who said how many, when.

    Example: crisislens events figures 1 > toll.jsonl
    """
    from crisislens.store import clusters

    store = _engine(_db(ctx, db))
    with store:
        for row in clusters.figure_history(store.engine, event_id):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


@events_app.command()
def audit(ctx: typer.Context, limit: Annotated[int, typer.Option(help="How many entries.")] = 100,
          db: DbOption = None) -> None:
    """The analysts' splits, merges and statuses, newest first, one JSON line each.

    Example: crisislens events audit --limit 20
    """
    from crisislens.store import clusters

    store = _engine(_db(ctx, db))
    with store:
        for row in clusters.audit_entries(store.engine, limit=limit):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
