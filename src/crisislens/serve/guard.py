"""Guards in front of the routes: no NUL characters in a URL, and a limit on guessing bearer tokens.

PostgreSQL refuses NUL in text (and a request that carries one answered 500), so any NUL in the path or
the query string is refused up front with the API's validation error (422); JSON bodies are checked by
their models (models.Input) and posted documents in routes/documents.py.

Failed sign-ins are counted per client address in memory (per process, forgotten on restart): after
`attempts` failures within `window_s` seconds, every bearer token from that address is refused with 429
and Retry-After until the oldest failure leaves the window. A correct token from a throttled address is
refused too, or the 429 would still tell a guesser which token is right; other addresses are unaffected.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from urllib.parse import unquote

from starlette.types import ASGIApp, Receive, Scope, Send

from crisislens.serve.errors import error_response

NUL = "\x00"


def nul_in_url(scope: Scope) -> str | None:
    """Which part of the URL holds a NUL character ('path' or 'query'), if one does."""
    if NUL in scope.get("path", ""):
        return "path"
    if NUL in unquote(scope.get("query_string", b"").decode("latin-1")):
        return "query"
    return None


class RejectNul:
    """ASGI middleware: a URL with a NUL character in it gets a 422 before any route sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        where = nul_in_url(scope) if scope["type"] == "http" else None
        if where is None:
            await self.app(scope, receive, send)
            return
        response = error_response(f"{where}: contains a NUL character (%00); remove it", 422)
        await response(scope, receive, send)


class AuthThrottle:
    """Failed sign-ins per client address in a sliding window; thread-safe (sync routes run in threads)."""

    def __init__(self, *, attempts: int = 10, window_s: float = 60.0, max_clients: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts, self.window_s, self.max_clients, self.clock = attempts, window_s, max_clients, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Whole seconds until `client` may try a token again; None when it may now."""
        with self._lock:
            failures = self._recent(client)
            if len(failures) < self.attempts:
                return None
            return max(1, math.ceil(failures[0] + self.window_s - self.clock()))

    def __len__(self) -> int:
        """How many client addresses it remembers (at most max_clients)."""
        return len(self._failures)

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self.clock())

    def _recent(self, client: str) -> deque[float]:
        """The client's failures still in the window (the newest `attempts` only: enough to decide)."""
        failures = self._failures.setdefault(client, deque(maxlen=self.attempts))
        self._failures.move_to_end(client)
        horizon = self.clock() - self.window_s
        while failures and failures[0] <= horizon:
            failures.popleft()
        while len(self._failures) > self.max_clients:  # many addresses must not grow memory without end
            self._failures.popitem(last=False)
        return failures
