"""The security headers every response carries: API answers, the page, static files, errors and 404s.

The Content-Security-Policy fits what static/index.html loads: its scripts, styles and the world map's
TopoJSON come from this server (/static, /vendor) and nothing else does; the page has no inline script
or <style>, and sets styles only through the DOM (element.style), which CSP leaves alone. The favicon is
`data:,`, hence img-src data:. Nothing may frame the page (clickjacking of the analyst's buttons).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class SecurityHeaders:
    """ASGI middleware: adds SECURITY_HEADERS to every response start, without touching the body.

    Pure ASGI rather than BaseHTTPMiddleware, so a streamed export is passed through as it is, and a
    failure in the middle of one still aborts the connection instead of ending the body cleanly.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
