"""Every failure the API reports has one shape, built here: {"ok": false, "error": "...", "status": 404}.

Handlers turn FastAPI's own failures (unknown routes, wrong methods, validation) into that shape too,
so a client needs one code path for errors; tests assert it with one helper. Input the API refuses
(wrong types, out-of-range numbers, NUL characters, unknown choices) is 422; an unexpected failure is 500,
whose handler runs outside the app's middleware and so adds the security headers itself.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from crisislens.serve.headers import SECURITY_HEADERS

HTTP_MESSAGES = {404: "not found", 405: "method not allowed"}


class ApiError(Exception):
    """A failure to report to the client: its message is one line and says what to do."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


def error_body(message: str, status: int) -> dict[str, Any]:
    """The body of every error response."""
    return {"ok": False, "error": message, "status": status}


def error_response(message: str, status: int, *, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(message, status), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.message, exc.status, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 404 and message in (None, "Not Found"):
        message = f"no such route: {request.method} {request.url.path}"
    elif message is None or message == HTTP_MESSAGES.get(exc.status_code, "").title():
        message = HTTP_MESSAGES.get(exc.status_code, "request failed")
    if exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    return error_response(message, exc.status_code, headers=getattr(exc, "headers", None))


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(_validation_message(exc), 422)


async def _crash(_request: Request, exc: Exception) -> JSONResponse:
    return error_response(f"internal error ({type(exc).__name__}); see the server log", 500,
                          headers=SECURITY_HEADERS)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _crash)
