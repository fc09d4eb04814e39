"""Response headers and request guards that every route gets without doing anything.

* ``SecurityHeaders``: no framing (``X-Frame-Options`` and CSP
  ``frame-ancestors``), a Content-Security-Policy that allows only this
  origin's scripts, styles, images and audio (everything is served from
  ``web/static``; there is no inline script), no MIME sniffing, no referrer
  sent elsewhere.
* ``RowIdGuard``: a number in the path too big for a 64-bit database id
  (``/calls/99999999999999999999``) is answered 404 here, before a route
  hands it to the database driver (which would fail with a 500).
"""

from __future__ import annotations

import re

from starlette.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
MAX_ROW_ID = 2**63 - 1  # BIGINT / SQLite INTEGER
_NUMBER = re.compile(r"[+-]?\d+")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in HEADERS if n not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


def oversized_number(path: str) -> bool:
    """True when a path segment is an integer no database id can be."""
    return any(
        _NUMBER.fullmatch(part) and (len(part) > 40 or abs(int(part)) > MAX_ROW_ID)
        for part in path.split("/")
        if len(part) >= 19
    )


class RowIdGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and oversized_number(scope["path"]):
            detail = "no such record: the number is out of range"
            if scope["path"].startswith("/api"):
                response = JSONResponse({"detail": detail}, status_code=404)
            else:
                response = PlainTextResponse(detail, status_code=404)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
