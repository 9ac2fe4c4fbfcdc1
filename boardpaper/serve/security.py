"""The server's safety rules, in one place.

- Every response carries :data:`HEADERS`: a Content-Security-Policy with scripts and styles only
  from the server's own files (no inline script), ``frame-ancestors 'none'`` (and
  ``X-Frame-Options: DENY``), ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``.
- With ``BOARDPAPER_TOKEN`` set, every request but the login page and the static files needs it:
  the session cookie the login form sets (signed, HttpOnly, SameSite=Strict, 12 hours; Secure
  whenever the page came over HTTPS -- ``--tls-cert`` or a proxy -- as a browser sends a Secure
  cookie back over HTTPS only), or ``Authorization: Bearer TOKEN`` for scripts.
- Every form carries a CSRF token: an HMAC of a random value held in a cookie
  (:meth:`Guard.csrf_token`); a POST without the right one gets 403 before anything is kept. A
  request authenticated by the bearer header needs none (a browser never adds that header).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff", "x-frame-options": "DENY",
           "referrer-policy": "no-referrer", "cross-origin-opener-policy": "same-origin",
           "permissions-policy": "camera=(), microphone=(), geolocation=()"}
# a downloaded HTML edition opened from the server: its own inline styles, nothing else, sandboxed
OUTPUT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox"
CSRF_COOKIE, SESSION_COOKIE = "bp_csrf", "bp_session"
SESSION_SECONDS = 12 * 3600
OPEN_PATHS = ("/login", "/static/")


class Guard:
    """The token (``None``: none asked, on 127.0.0.1) and this run's signing key."""

    def __init__(self, token: str | None):
        self.token = token or None
        self.key = secrets.token_bytes(32)

    def _sign(self, text: str) -> str:
        return hmac.new(self.key, text.encode(), hashlib.sha256).hexdigest()

    # ------------------------------------------------------------------ CSRF
    def csrf_token(self, request: Request) -> tuple[str, str | None]:
        """The token for this client's forms, and a new cookie value to set (``None``: it has one)."""
        nonce = request.cookies.get(CSRF_COOKIE, "")
        fresh = None
        if len(nonce) != 32 or not all(c in "0123456789abcdef" for c in nonce):
            nonce = fresh = secrets.token_hex(16)
        return self._sign("csrf:" + nonce), fresh

    def csrf_ok(self, request: Request, value: str) -> bool:
        if self.bearer_ok(request):
            return True
        nonce = request.cookies.get(CSRF_COOKIE, "")
        return bool(nonce) and hmac.compare_digest(value.encode(), self._sign("csrf:" + nonce).encode())

    # ------------------------------------------------------------------ the token
    def bearer_ok(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        return bool(self.token) and auth[:7].lower() == "bearer " and hmac.compare_digest(
            auth[7:].strip().encode(), self.token.encode())

    def token_ok(self, given: str) -> bool:
        return bool(self.token) and hmac.compare_digest(given.encode(), self.token.encode())

    def session_value(self) -> str:
        expires = str(int(time.time()) + SESSION_SECONDS)
        nonce = secrets.token_hex(16)
        return f"{expires}.{nonce}.{self._sign(f'session:{expires}:{nonce}')}"

    def session_ok(self, request: Request) -> bool:
        parts = request.cookies.get(SESSION_COOKIE, "").split(".")
        if len(parts) != 3 or not parts[0].isdigit() or int(parts[0]) < time.time():
            return False
        return hmac.compare_digest(parts[2].encode(), self._sign(f"session:{parts[0]}:{parts[1]}").encode())

    def allowed(self, request: Request) -> bool:
        if not self.token or request.url.path.startswith(OPEN_PATHS):
            return True
        return self.bearer_ok(request) or self.session_ok(request)


def secure_cookie(request: Request) -> bool:
    """Mark cookies Secure: whenever the request came over HTTPS."""
    return request.url.scheme == "https"


def set_cookie(response, request: Request, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", path="/",
                        secure=secure_cookie(request))


class SecurityMiddleware:
    """ASGI middleware: the headers on every response, and the token on every request."""

    def __init__(self, app, guard: Guard):
        self.app, self.guard = app, guard

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        if not self.guard.allowed(request):
            if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                response = RedirectResponse("/login", status_code=303)
            else:
                response = PlainTextResponse("401: give the token (Authorization: Bearer …) or log in at /login\n",
                                             status_code=401, headers={"www-authenticate": "Bearer"})
            return await response(scope, receive, self._with_headers(send))
        await self.app(scope, receive, self._with_headers(send))

    @staticmethod
    def _with_headers(send):
        async def wrapped(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)
        return wrapped

