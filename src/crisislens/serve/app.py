"""The FastAPI app: the JSON API under /api, the page under /, its libraries under /vendor.

    app = create_app(Store.open(url))             # uvicorn.run(app) — `crisislens serve` does this
    app = create_app(store, settings=Settings(public_reads=False), extractor=Extractor(nlp, gazetteer))

The page's third-party libraries (Leaflet, markercluster, world-atlas, topojson-client, d3-brush) come from
npm into web/node_modules (scripts/setup.sh); nothing is fetched from elsewhere, so it works offline, and
the Content-Security-Policy (headers.py) allows nothing else. guard.py refuses NUL in URLs and throttles
token guessing.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

import crisislens
from crisislens.serve import errors
from crisislens.serve.deps import Extractor, Settings
from crisislens.serve.errors import ApiError, error_body
from crisislens.serve.guard import AuthThrottle, RejectNul
from crisislens.serve.headers import SecurityHeaders
from crisislens.serve.models import ErrorBody
from crisislens.serve.routes import claims, clusters, documents, events, export, me
from crisislens.store import Store

STATIC = Path(__file__).resolve().parent / "static"
# Only these npm packages are served; each is a folder under web/node_modules.
VENDOR_PACKAGES = frozenset({
    "leaflet", "leaflet.markercluster", "world-atlas", "topojson-client", "d3-brush", "d3-dispatch", "d3-drag",
    "d3-selection", "d3-interpolate", "d3-color", "d3-ease", "d3-timer", "d3-transition",
})
ERRORS = {status: {"model": ErrorBody, "description": description, "content": {"application/json": {
    "example": error_body(message, status)}}} for status, description, message in (
    (401, "No, a malformed, unknown or revoked bearer token", "changing data needs a bearer token"),
    (404, "No such route, event, claim or document", "no event 'doc:9'"),
    (422, "Invalid input: a wrong type, a number out of range, a NUL character", "query.limit: ..."),
    (429, "Too many failed sign-ins from this address; see Retry-After", "too many failed sign-ins ..."))}


def create_app(store: Store, *, settings: Settings | None = None, extractor: Extractor | None = None) -> FastAPI:
    app = FastAPI(
        title="crisislens",
        version=crisislens.__version__,
        description="Sourced, geocoded crisis events and the claims made about them. Every failure answers "
                    '`{"ok": false, "error": "...", "status": N}`. Writes need `Authorization: Bearer TOKEN`.',
        docs_url=None,  # Swagger UI loads from a CDN, which is out of reach offline; /openapi.json documents
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings or Settings()
    app.state.extractor = extractor or Extractor()
    app.state.throttle = AuthThrottle(attempts=app.state.settings.auth_attempts,
                                      window_s=app.state.settings.auth_window_s)
    errors.install(app)
    app.add_middleware(RejectNul)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: its headers reach RejectNul's answers too
    for router in (events.router, documents.router, claims.router, clusters.router, export.router, me.router):
        app.include_router(router, prefix="/api", responses=ERRORS)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/vendor/{path:path}", include_in_schema=False)
    def vendor(path: str) -> FileResponse:
        root = app.state.settings.vendor_dir.resolve()
        if not root.is_dir():
            raise ApiError(404, f"the page's libraries are not installed in {root}: run ./scripts/setup.sh "
                                "(npm ci --prefix web)")
        file = vendor_file(root, path)
        if file is None:
            raise ApiError(404, f"no vendor file {path[:200]!r}")
        return FileResponse(file)

    return app


def vendor_file(root: Path, path: str) -> Path | None:
    """The file `path` names in one of the page's packages under root; never one outside root."""
    if path.split("/")[0] not in VENDOR_PACKAGES:
        return None
    try:
        file = (root / path).resolve()
        return file if file.is_relative_to(root) and file.is_file() else None
    except OSError:  # a name longer than the file system allows: no such file either
        return None
