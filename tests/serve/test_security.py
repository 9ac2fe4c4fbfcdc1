"""The server's safety rules, through a plain HTTP client: headers, CSRF, upload size, names never
used as paths, files served only from the data folder, the token, and the refusal to listen on
the network without one."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers.serve import build, csrf_of, fire_board_sheets, links, post_form, starlette_client, write_workbook

MB = 1024 * 1024


def _kept(data) -> dict[str, list[str]]:
    return {sub: sorted(p.name for p in (data / sub).iterdir()) for sub in ("incoming", "editions", "readbacks")}


def test_every_page_has_the_security_headers(client):
    for path in ("/", "/no-such-page", "/static/style.css"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in client.get("/").text  # no inline script on any page


@pytest.mark.parametrize("csrf", [None, "", "0" * 64])
def test_a_post_without_the_csrf_token_is_refused_and_builds_nothing(client, data, tmp_path, csrf):
    client.get("/")  # the client has its CSRF cookie: only the form field is missing or wrong
    before = _kept(data)
    book = write_workbook(tmp_path / "b.xlsx", fire_board_sheets())
    fields = {"format": ["docx"]} | ({} if csrf is None else {"csrf": csrf})
    for path, files in (("/build", {"workbook": ("b.xlsx", book.read_bytes())}),
                        ("/readback", {"docx": ("p.docx", b"PK")})):
        r = client.post(path, data=fields, files=files, follow_redirects=False)
        assert r.status_code == 403
        assert "Nothing was kept or built" in r.text
    assert _kept(data) == before
    assert not client.app.state.jobs.jobs or all(j.kind != "build" or j.about.get("name") != "b.xlsx"
                                                 for j in client.app.state.jobs.jobs.values())


def test_the_csrf_token_of_another_client_is_refused(client, data, tmp_path):
    token = csrf_of(client.get("/").text)
    TestClient = starlette_client()
    other = TestClient(client.app, base_url="http://127.0.0.1")  # its own cookies
    other.get("/")
    book = write_workbook(tmp_path / "b.xlsx", fire_board_sheets())
    r = other.post("/build", data={"csrf": token, "format": ["docx"]}, files={"workbook": ("b.xlsx", book.read_bytes())},
                   follow_redirects=False)
    assert r.status_code == 403


def test_an_upload_over_50_mb_gets_413_and_nothing_is_kept(client, data):
    before = _kept(data)
    r = post_form(client, "/build", fields={"format": ["docx"]}, files={"workbook": ("big.xlsx", b"\0" * (60 * MB))})
    assert r.status_code == 413
    assert _kept(data) == before


def test_a_streamed_upload_without_a_length_is_cut_at_50_mb(client, data):
    """No Content-Length (chunked): the limit holds while reading, not after."""
    token = csrf_of(client.get("/").text)
    boundary = "bpboundary"
    sent = {"bytes": 0}

    def body():
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
               f"--{boundary}\r\nContent-Disposition: form-data; name=\"workbook\"; filename=\"big.xlsx\"\r\n"
               "Content-Type: application/octet-stream\r\n\r\n").encode()
        for _ in range(60):
            sent["bytes"] += MB
            yield b"\0" * MB
        yield f"\r\n--{boundary}--\r\n".encode()

    before = _kept(data)
    r = client.post("/build", content=body(), headers={"content-type": f"multipart/form-data; boundary={boundary}"},
                    follow_redirects=False)
    assert r.status_code == 413
    assert _kept(data) == before


def test_a_declared_length_far_over_the_limit_is_refused_before_reading(client):
    token = csrf_of(client.get("/").text)
    r = client.post("/build", content=b"x", headers={"content-type": "multipart/form-data; boundary=x",
                                                      "content-length": str(500 * MB)}, follow_redirects=False)
    assert r.status_code == 413 and token


def test_an_uploaded_name_is_never_a_path(client, data, tmp_path):
    book = write_workbook(tmp_path / "b.xlsx", fire_board_sheets())
    page = build(client, book, name="../../../bp-escape-7f3a\\..\\Board pack: May.xlsx", formats=("docx",))
    assert page.status_code == 200, page.text
    docx = [h for h in links(page.text) if h.endswith(".docx")]
    assert docx == [f"{page.url.path}/Board-pack-May.docx"]
    outside = [p for p in data.parent.rglob("*bp-escape-7f3a*")] + [p for p in data.parent.rglob("Board-pack-May.docx")
                                                          if not p.is_relative_to(data / "editions")]
    assert outside == []


@pytest.mark.parametrize("path", ["/editions/{key}/..%2F..%2Fboardpaper.sqlite3", "/editions/{key}/%2Fetc%2Fpasswd",
                                  "/editions/{key}/edition.json%00.pdf", "/editions/../boardpaper.sqlite3",
                                  "/editions/0123456789abcdef01234567/edition.json",
                                  "/readbacks/{key}/1/..%2F..%2F..%2Fboardpaper.sqlite3",
                                  "/static/../store.py", "/static/..%2Fstore.py"])
def test_files_are_served_only_from_the_data_folder(client, data, tmp_path, path):
    book = write_workbook(tmp_path / "b.xlsx", fire_board_sheets())
    key = build(client, book, formats=("docx",)).url.path.rsplit("/", 1)[1]
    assert client.get(f"/editions/{key}/edition.json").status_code == 200
    r = client.get(path.format(key=key))
    assert r.status_code == 404
    assert b"SQLite" not in r.content and b"root:" not in r.content and b"import" not in r.content


def test_host_other_than_loopback_without_a_token_exits_2():
    env = {k: v for k, v in os.environ.items() if k != "BOARDPAPER_TOKEN"}
    for host in ("0.0.0.0", "192.168.1.10", "::"):
        p = subprocess.run([sys.executable, "-m", "boardpaper", "serve", "--host", host, "--port", "1"],
                           capture_output=True, text=True, env=env, timeout=60)
        assert p.returncode == 2, p.stderr
        assert "BOARDPAPER_TOKEN" in p.stderr and "Traceback" not in p.stderr


def test_with_a_token_every_request_needs_it(tmp_path):
    TestClient = starlette_client()
    from boardpaper.serve.app import create_app

    token = "a-long-random-secret-for-the-test"
    app = create_app(tmp_path / "data", token=token, workers=1)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/", headers={"accept": "text/html"}, follow_redirects=False).headers["location"] == "/login"
        assert c.get("/", follow_redirects=False).status_code == 401
        assert c.get("/boards/1").status_code == 401
        assert c.get("/", headers={"authorization": "Bearer wrong"}, follow_redirects=False).status_code == 401
        assert c.get("/", headers={"authorization": f"Bearer {token}"}).status_code == 200
        login = c.get("/login")
        assert login.status_code == 200 and 'for="token"' in login.text
        bad = c.post("/login", data={"csrf": csrf_of(login.text), "token": "guess"})
        assert bad.status_code == 401 and 'aria-describedby="token-error"' in bad.text
        assert c.post("/login", data={"token": token}, follow_redirects=False).status_code == 403  # no CSRF
        ok = c.post("/login", data={"csrf": csrf_of(login.text), "token": token}, follow_redirects=False)
        assert ok.status_code == 303
        cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert c.get("/", follow_redirects=False).status_code == 200  # the session cookie
        c.cookies.clear()
        assert c.get("/", follow_redirects=False).status_code == 401
        # a script: the bearer header, no cookie and no CSRF token needed (a browser never sends it by itself)
        r = c.post("/build", headers={"authorization": f"Bearer {token}"}, data={"format": ["docx"]},
                   files={"workbook": ("x.txt", b"hello")})
        assert r.status_code == 400 and "not a workbook" in r.text


def test_session_cookie_is_secure_over_https(tmp_path):
    TestClient = starlette_client()
    from boardpaper.serve.app import create_app

    token = "another-long-random-secret"
    with TestClient(create_app(tmp_path / "d", token=token, workers=1), base_url="https://boards.example") as c:
        login = c.get("/login")
        ok = c.post("/login", data={"csrf": csrf_of(login.text), "token": token}, follow_redirects=False)
        assert "Secure" in ok.headers["set-cookie"] and "HttpOnly" in ok.headers["set-cookie"]


def test_on_the_loopback_address_other_host_names_are_refused(live):
    """A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) reads nothing."""
    import httpx

    base, _ = live
    refused = httpx.get(base + "/", headers={"host": "attacker.example"})
    assert refused.status_code == 400 and refused.headers["x-frame-options"] == "DENY"
    assert httpx.get(base + "/", headers={"host": "localhost"}).status_code == 200
