"""The web app and JSON API over the store: `create_app(store)`, run by `crisislens serve`.

    app.py       the FastAPI app: routes, the page under /, its libraries under /vendor
    errors.py    the one error shape, {"ok": false, "error": ..., "status": ...}, built by error_body
    deps.py      settings, the store, who is asking (bearer tokens) and what they may do
    guard.py     NUL in URLs refused (422), failed sign-ins throttled per client address (429)
    headers.py   the security headers (CSP, nosniff, DENY framing, no referrer) on every response
    models.py    the pydantic shapes the OpenAPI schema documents
    routes/      events, documents, claims and audit, export
    static/      the page: map, timeline, list, event view, ingest form, claim verification
"""

from crisislens.serve.app import create_app

__all__ = ["create_app"]
