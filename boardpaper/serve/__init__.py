"""``boardpaper serve``: the command line's build, check, diff and harvest as one web page for a
secretariat, with each board's editions kept (see README, "A web page for the secretariat").

Needs the ``serve`` extra (``pip install 'boardpaper[serve]'``): Starlette, uvicorn,
python-multipart and Jinja2. Only this package imports them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
MISSING = "boardpaper serve needs the web server's packages: pip install 'boardpaper[serve]'"


def refusal(host: str, token: str | None) -> str:
    """Why the server must not start on ``host`` ('' when it may)."""
    if host in LOOPBACK_HOSTS or token:
        return ""
    return (f"boardpaper serve: refusing to listen on {host}: other people on the network could use it. "
            "Set BOARDPAPER_TOKEN to a long random secret (every request must then give it), "
            "or keep the default --host 127.0.0.1")


def run(host: str, port: int, data: Path | None, workers: int, tls: tuple[str, str] | None = None) -> int:
    """Start the server (blocks until it is stopped); 2 when it may not or cannot start."""
    token = os.environ.get("BOARDPAPER_TOKEN", "").strip() or None
    why = refusal(host, token)
    if why:
        print(why, file=sys.stderr)
        return 2
    if token and len(token) < 16:
        print("boardpaper serve: warning: BOARDPAPER_TOKEN is short; a long random one (16 characters or "
              "more) is hard to guess", file=sys.stderr)
    try:
        import uvicorn

        from .app import create_app
    except ImportError:
        print(MISSING, file=sys.stderr)
        return 2
    from .store import default_data_dir

    data = Path(data) if data else default_data_dir()
    # on the loopback address only its own names are answered; elsewhere the token guards every request
    hosts = ["127.0.0.1", "localhost", "::1", "[::1]"] if host in LOOPBACK_HOSTS else None
    app = create_app(data, token=token, workers=workers, hosts=hosts)
    scheme = "https" if tls else "http"
    shown = f"[{host}]" if ":" in host else host
    print(f"boardpaper serve: {scheme}://{shown}:{port}/ (data in {data}, {app.state.jobs.workers} workers"
          f"{', token required' if token else ''}); Ctrl+C stops it", file=sys.stderr)
    if token and not tls and host not in LOOPBACK_HOSTS:
        print("boardpaper serve: warning: plain HTTP sends the token unencrypted over the network; give "
              "--tls-cert and --tls-key, or put the server behind an HTTPS proxy", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", ssl_certfile=tls[0] if tls else None,
                ssl_keyfile=tls[1] if tls else None, server_header=False)
    return 0
