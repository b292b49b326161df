"""`crisislens serve` and `crisislens users add`; cli.py wires them into the `crisislens` command."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer
from rich.console import Console

from crisislens.errors import CrisislensError
from crisislens.paths import default_db_url

stderr = Console(stderr=True, highlight=False)
Role = Enum("Role", {name: name for name in ("viewer", "analyst", "admin")}, type=str)  # type: ignore[misc]
DbOption = Annotated[str | None, typer.Option(help="Database URL (sqlite:///FILE or postgresql+psycopg://...); "
                                              "default: the SQLite file `extract` stores into.")]


def _open(db: str | None):
    from crisislens.store import Store

    try:
        return Store.open(db or default_db_url())
    except CrisislensError as exc:
        stderr.print(f"Error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    private: Annotated[bool, typer.Option("--private", help="Reads need a token too (as does "
                                          "CRISISLENS_PUBLIC_READS=0); writes always do.")] = False,
) -> None:
    """Serve the web app (map, timeline, evidence, claim verification) and its JSON API over the store.

    Open http://HOST:PORT/ in a browser; the API's schema is at /openapi.json. Writes need a token from
    `crisislens users add NAME --role analyst`.

    Example: crisislens serve --db sqlite:///crisis.sqlite --port 8000
    """
    import uvicorn

    from crisislens.serve.app import create_app
    from crisislens.serve.deps import Settings

    store = _open(db)
    settings = Settings(public_reads=False) if private else Settings()
    stderr.print(f"crisislens on http://{host}:{port}/ over {db or default_db_url()}"
                 f" (reads {'open' if settings.public_reads else 'private'})", markup=False, soft_wrap=True)
    try:
        uvicorn.run(create_app(store, settings=settings), host=host, port=port, log_level="info")
    finally:
        store.close()


users_app = typer.Typer(
    help="Manage who may use the web app and API.\n\nExample: crisislens users add alice --role analyst",
    no_args_is_help=True,
)


@users_app.command("add")
def add_user(
    name: Annotated[str, typer.Argument(help="The user's name, as the audit log shows it.")],
    role: Annotated[Role, typer.Option(help="viewer reads; analyst and admin also change claims "  # type: ignore
                                       "and post documents.")] = Role.analyst,  # type: ignore[attr-defined]
    db: DbOption = None,
) -> None:
    """Create a user (or renew an existing one's token and role) and print the new bearer token.

    The token is printed once and stored only as its sha256; pass it as `Authorization: Bearer TOKEN`.

    Example: crisislens users add alice --role analyst
    """
    from crisislens.store.access import add_user as add

    with _open(db) as store:
        try:
            token = add(store, name, role=role.value)
        except CrisislensError as exc:
            stderr.print(f"Error: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
    print(token)
    stderr.print(f"{name} can now sign in as {role.value}; the token above is not shown again.", markup=False)
