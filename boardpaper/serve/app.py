"""The web application: its pages and what each form does. Server-rendered (Jinja2), no script
needed (``static/progress.js`` only refreshes a waiting page); the work is done by the pool
(:mod:`.jobs`), the files kept by the store (:mod:`.store`), the rules by :mod:`.security`.
"""
from __future__ import annotations

import shutil
import time
from contextlib import asynccontextmanager
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..options import FORMATS, PDF_ENGINES, TABLE_STYLES
from ..readers.tables import UNREADABLE, WORKBOOK_SUFFIXES
from . import uploads
from .jobs import Jobs
from .security import CSRF_COOKIE, OUTPUT_CSP, SESSION_COOKIE, SESSION_SECONDS, Guard, SecurityMiddleware, set_cookie
from .store import Store, new_key

HERE = Path(__file__).parent
MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12", ".pdf": "application/pdf",
         ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".json": "application/json", ".zip": "application/zip"}
FORMAT_WORDS = {"docx": "Word document (DOCX)", "pdf": "PDF", "html": "Web page (HTML)"}
ENGINE_WORDS = {"reportlab": "boardpaper's own (fast; untagged)",
                "weasyprint": "tagged PDF/UA, from the web page (WeasyPrint)",
                "libreoffice": "tagged PDF/UA, from the Word document (LibreOffice)"}


def create_app(data: Path, *, token: str | None = None, workers: int = 0,
               hosts: list[str] | None = None) -> Starlette:
    """The application over the data folder ``data``; ``token``: the one every request must give;
    ``hosts``: the only ``Host`` headers answered (a web page elsewhere that makes its own name
    point at 127.0.0.1, "DNS rebinding", gets 400), ``None`` for any."""
    store = Store(data)
    jobs = Jobs(workers)
    guard = Guard(token)
    templates = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                                       autoescape=True, trim_blocks=True, lstrip_blocks=True))
    templates.env.globals.update(format_words=FORMAT_WORDS, engine_words=ENGINE_WORDS, formats=FORMATS,
                                 engines=PDF_ENGINES, table_styles=TABLE_STYLES, when=_when)

    def page(request: Request, name: str, status: int = 200, **context) -> Response:
        csrf, fresh = guard.csrf_token(request)
        response = templates.TemplateResponse(request, name, {"csrf": csrf, "login": bool(guard.token), **context},
                                              status_code=status)
        response.headers["cache-control"] = "no-store"
        if fresh:
            set_cookie(response, request, CSRF_COOKIE, fresh)
        return response

    def forbidden(request: Request) -> Response:
        return page(request, "message.html", 403, title="Form expired",
                    message="The form was not sent with its security token (it may be from an old page). "
                            "Nothing was kept or built. Go back to the start page and send it again.")

    def index_page(request: Request, status: int = 200, **errors) -> Response:
        return page(request, "index.html", status, boards=store.boards(), errors=errors,
                    workers=jobs.workers, queued=len(jobs.waiting), running=jobs.running)

    async def receive(request: Request, kind: str):
        """The posted form, files in a new folder of ``kind``; or the response refusing it."""
        if uploads.over_limit(request.headers.get("content-length")):
            return None, None, too_large(request)
        key = new_key()
        folder = store.folder(kind, key)
        try:
            form = await uploads.read_form(request, folder, lambda v: guard.csrf_ok(request, v))
        except uploads.TooLarge:
            shutil.rmtree(folder, ignore_errors=True)
            return None, None, too_large(request)
        except uploads.NoCsrf:
            shutil.rmtree(folder, ignore_errors=True)
            return None, None, forbidden(request)
        except uploads.BadForm as e:
            shutil.rmtree(folder, ignore_errors=True)
            return None, None, page(request, "message.html", 400, title="Not a form", message=f"{e}.")
        return key, form, None

    def too_large(request: Request) -> Response:
        return page(request, "message.html", 413, title="File too large",
                    message="A file is over the 50 MB limit, so nothing was kept. A board's workbook is far "
                            "smaller: check that this is the right file.")

    async def index(request: Request):
        return index_page(request)

    async def build(request: Request):
        key, form, refused = await receive(request, "incoming")
        if refused:
            return refused
        folder = store.folder("incoming", key)
        saved = form.files.get("workbook")
        if saved is None or not saved.size:
            shutil.rmtree(folder, ignore_errors=True)
            return index_page(request, 400, workbook="Choose a workbook (.xlsx) or a .zip of CSV files to build.")
        suffix = uploads.suffix_of(saved.name)
        stem = uploads.clean_stem(saved.name)
        if suffix in WORKBOOK_SUFFIXES:
            saved.path.rename(folder / f"{stem}{suffix}")
            input_file = f"{stem}{suffix}"
        elif suffix == ".zip":
            try:
                uploads.unpack_csv_zip(saved.path, folder / stem)
            except ValueError as e:
                shutil.rmtree(folder, ignore_errors=True)
                return index_page(request, 400, workbook=f"{saved.name}: {e}.")
            saved.path.rename(folder / f"{stem}.zip")
            input_file = stem
        else:
            shutil.rmtree(folder, ignore_errors=True)
            what = UNREADABLE.get(suffix, "not a workbook: choose an Excel workbook (.xlsx or .xlsm) or a .zip of "
                                          "the paper's CSV files")
            return index_page(request, 400, workbook=f"{saved.name} is {what}.")
        options = build_options(form)
        if isinstance(options, str):
            shutil.rmtree(folder, ignore_errors=True)
            return index_page(request, 400, formats=options)
        job = jobs.submit("build", str(store.root), key, input_file, saved.name, options,
                          about={"name": saved.name, "options": options})
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def readback(request: Request):
        key, form, refused = await receive(request, "readbacks")
        if refused:
            return refused
        folder = store.folder("readbacks", key)
        docx, source = form.files.get("docx"), form.files.get("source")
        error = {}
        if docx is None or not docx.size:
            error["docx"] = "Choose the edited paper (.docx) to read back."
        elif uploads.suffix_of(docx.name) != ".docx":
            error["docx"] = f"{docx.name} is not a Word document (.docx)."
        if source is not None and uploads.suffix_of(source.name) not in WORKBOOK_SUFFIXES + (".zip",):
            error["source"] = f"{source.name} is not a workbook (.xlsx) or a .zip of CSV files."
        workbook = None
        if not error and source is not None:
            stem, suffix = uploads.clean_stem(source.name), uploads.suffix_of(source.name)
            if suffix == ".zip":
                try:
                    uploads.unpack_csv_zip(source.path, folder / stem)
                    source.path.unlink()
                    workbook = stem
                except ValueError as e:
                    error["source"] = f"{source.name}: {e}."
            else:
                workbook = f"{stem}{suffix}"
                source.path.rename(folder / workbook)
        if error:
            shutil.rmtree(folder, ignore_errors=True)
            return index_page(request, 400, **error)
        docx.path.rename(folder / "edited.docx")
        job = jobs.submit("readback", str(store.root), key, workbook,
                          about={"name": docx.name, "folder": key, "workbook": workbook})
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def apply(request: Request):
        job = jobs.get(request.path_params["job"])
        key, form, refused = await receive(request, "tmp")
        if refused:
            return refused
        shutil.rmtree(store.folder("tmp", key), ignore_errors=True)  # a form without files
        if job is None or job.kind != "readback" or not job.result or job.result.get("state") != "listed":
            return not_found(request)
        found = job.result.get("source")
        if not found:
            return not_found(request)
        folder = job.about["folder"]
        source = (store.folder("editions", found["edition"]) if found["edition"]
                  else store.folder("readbacks", folder)) / found["file"]
        new = jobs.submit("apply", str(store.root), folder, str(source), form.get("accept_tracked") == "yes",
                          form.get("apply_deletions") == "yes", about={**job.about, "listing": job.id})
        return RedirectResponse(f"/jobs/{new.id}", status_code=303)

    async def build_applied(request: Request):
        job = jobs.get(request.path_params["job"])
        key, form, refused = await receive(request, "incoming")
        if refused:
            return refused
        if job is None or job.kind != "apply" or not job.result or job.result.get("state") != "applied":
            shutil.rmtree(store.folder("incoming", key), ignore_errors=True)
            return not_found(request)
        made = store.folder("readbacks", job.about["folder"]) / job.result["folder"]
        name = job.result["file"]
        target = store.folder("incoming", key)
        target.mkdir(parents=True, exist_ok=True)
        if name.endswith(".zip"):
            shutil.copytree(made / name[:-4], target / name[:-4])
            shutil.copy(made / name, target / name)
            input_file = name[:-4]
        else:
            shutil.copy(made / name, target / name)
            input_file = name
        options = build_options(form)
        if isinstance(options, str):
            options = {"formats": tuple(FORMATS), "pdf_engine": PDF_ENGINES[0]}
        new = jobs.submit("build", str(store.root), key, input_file, name, options,
                          about={"name": name, "options": options})
        return RedirectResponse(f"/jobs/{new.id}", status_code=303)

    def job_status(job) -> dict:
        now = time.time()
        return {"state": job.state, "position": jobs.position(job), "running": jobs.running,
                "workers": jobs.workers, "waiting": len(jobs.waiting),
                "seconds": round(now - (job.started or job.created), 1)}

    async def job_page(request: Request):
        job = jobs.get(request.path_params["job"])
        if job is None:
            return not_found(request)
        result = job.result or {}
        if job.kind == "build" and result.get("state") == "done":
            return RedirectResponse(f"/editions/{result['edition']}", status_code=303)
        status = 200 if job.state != "finished" or result.get("state") in ("listed", "applied") else 422
        return page(request, f"job_{job.kind}.html", status, job=job, result=result, queue=job_status(job),
                    errors={}, boards=store.boards())

    async def job_json(request: Request):
        job = jobs.get(request.path_params["job"])
        if job is None:
            return JSONResponse({"state": "unknown"}, status_code=404)
        return JSONResponse(job_status(job), headers={"cache-control": "no-store"})

    async def edition_page(request: Request):
        e = store.edition(request.path_params["key"])
        if e is None:
            return not_found(request)
        previous = None
        if e.changes is not None:
            older = [x for x in store.board_editions(e.board_id) if x.created < e.created]
            previous = older[0] if older else None
        return page(request, "edition.html", e=e, previous=previous)

    async def edition_file(request: Request):
        path = store.edition_file(request.path_params["key"], request.path_params["name"])
        return download(path) if path else not_found(request)

    async def readback_file(request: Request):
        p = request.path_params
        try:
            folder = store.folder("readbacks", p["key"])
        except KeyError:
            return not_found(request)
        name = p["name"]
        if not p["n"].isdigit() or "/" in name or name.startswith(".") or uploads.suffix_of(name) not in MEDIA:
            return not_found(request)
        path = (folder / p["n"] / name).resolve()
        return download(path) if path.is_file() and path.is_relative_to(store.root) else not_found(request)

    async def board_page(request: Request):
        board = store.board(request.path_params["board"])
        if board is None:
            return not_found(request)
        return page(request, "board.html", board=board, editions=store.board_editions(board["id"]))

    async def login(request: Request):
        if request.method == "GET":
            return page(request, "login.html", errors={})
        key, form, refused = await receive(request, "tmp")
        if refused:
            return refused
        shutil.rmtree(store.folder("tmp", key), ignore_errors=True)
        if not guard.token_ok(form.get("token")):
            return page(request, "login.html", 401, errors={"token": "That is not the token. Ask whoever runs "
                                                                       "this server for it."})
        response = RedirectResponse("/", status_code=303)
        set_cookie(response, request, SESSION_COOKIE, guard.session_value(), max_age=SESSION_SECONDS)
        return response

    async def logout(request: Request):
        key, _, refused = await receive(request, "tmp")
        if refused:
            return refused
        shutil.rmtree(store.folder("tmp", key), ignore_errors=True)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    def not_found(request: Request) -> Response:
        return page(request, "message.html", 404, title="Not found",
                    message="There is nothing here: the address may be mistyped, or the job was finished "
                            "long ago (kept editions are listed on the start page).")

    @asynccontextmanager
    async def lifespan(app):
        store.sweep()
        jobs.start()
        try:
            yield
        finally:
            jobs.stop()

    routes = [
        Route("/", index), Route("/build", build, methods=["POST"]), Route("/readback", readback, methods=["POST"]),
        Route("/jobs/{job}.json", job_json), Route("/jobs/{job}", job_page),
        Route("/jobs/{job}/apply", apply, methods=["POST"]), Route("/jobs/{job}/build", build_applied, methods=["POST"]),
        Route("/editions/{key}", edition_page), Route("/editions/{key}/{name}", edition_file),
        Route("/readbacks/{key}/{n}/{name}", readback_file), Route("/boards/{board:int}", board_page),
        Route("/login", login, methods=["GET", "POST"]), Route("/logout", logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    async def http_error(request: Request, exc):
        if exc.status_code == 404:
            return not_found(request)
        return page(request, "message.html", exc.status_code, title="Not possible here",
                    message="This address does not take that kind of request.")

    async def server_error(request: Request, exc):
        return page(request, "message.html", 500, title="Something went wrong",
                    message="The server met an unexpected error; nothing was changed. The server's log has the details.")

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: http_error, 405: http_error, 500: server_error})
    if hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(SecurityMiddleware, guard=guard)  # the outermost: its headers on every answer
    app.state.store, app.state.jobs, app.state.guard = store, jobs, guard
    return app


def build_options(form) -> dict | str:
    """The build form's choices as ``build_one``'s keywords, or what is wrong with them."""
    formats = tuple(f for f in FORMATS if f in form.fields.get("format", []))
    if not formats:
        return "Choose at least one format to build."
    engine = form.get("pdf_engine", PDF_ENGINES[0])
    tables = form.get("tables", "") or None
    if engine not in PDF_ENGINES or (tables and tables not in TABLE_STYLES):
        return "Choose a PDF engine and a table style from the lists."
    return {"formats": formats, "pdf_engine": engine, "tables": tables, "quick": form.get("quick") == "yes"}


def download(path: Path) -> Response:
    media = MEDIA.get(path.suffix.lower(), "application/octet-stream")
    response = FileResponse(path, media_type=media, filename=path.name, content_disposition_type="attachment")
    if path.suffix.lower() == ".html":
        response.headers["content-security-policy"] = OUTPUT_CSP
    return response


def _when(seconds: float) -> str:
    return time.strftime("%d %b %Y, %H:%M UTC", time.gmtime(seconds))
