"""A LibreOffice kept running, converting DOCX to PDF on request (run by the Python that has
LibreOffice's ``uno`` module -- Debian: /usr/bin/python3 with python3-uno -- not boardpaper's).

    python3 uno_convert.py PROFILE_DIR

starts a headless LibreOffice with the user profile in PROFILE_DIR, then reads one JSON request a
line on stdin, ``{"in": DOCX, "out": PDF, "options": {"ExportBookmarks": true, ...}}``, and answers
each with one line, ``{"ok": true}`` or ``{"ok": false, "error": "..."}``. A request
``{"in": DOCX, "pages": true}`` is answered ``{"ok": true, "pages": {bookmark: page}}``: the page
LibreOffice lays each bookmark of the loaded DOCX out on, asked of its layout by a Basic function
run inside LibreOffice (:data:`PAGES_BASIC`; over the bridge each question would cost a
millisecond), without exporting a PDF; a page of 0 (not laid out) is left out. The import filter is
"MS Word 2007 XML" and the export filter ``writer_pdf_Export`` with the options as its FilterData,
as ``soffice --convert-to`` is given them. Ends when stdin closes, on SIGTERM, or when its parent
dies, and LibreOffice with it (the kernel ends LibreOffice when this process is gone, however it
ended). Standard library and ``uno`` only: nothing of boardpaper.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

uno = None  # LibreOffice's bridge, imported by main(): importing this module needs no LibreOffice


def _prop(name, value):
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _die_with_parent(sig=signal.SIGKILL) -> None:
    """Have the kernel send ``sig`` to this process when its parent dies (Linux; kept across exec)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(sig))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _soffice() -> str:
    """LibreOffice's own program (soffice.bin) rather than its launcher, which would leave it
    running should the launcher be killed; the launcher where there is no soffice.bin beside it."""
    exe = shutil.which(os.environ.get("BOARDPAPER_SOFFICE", "soffice")) or "soffice"
    binary = os.path.join(os.path.dirname(os.path.realpath(exe)), "soffice.bin")
    return binary if os.access(binary, os.X_OK) else exe


def _start(profile: str):
    """LibreOffice listening on a pipe, and its Desktop. soffice.bin asks to be started again
    (exit status 81) after it makes a new profile, as its launcher would do."""
    from com.sun.star.connection import NoConnectException

    pipe = f"boardpaper-{os.getpid()}"
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 90
    proc = None
    while True:
        if proc is None or proc.poll() == 81:
            proc = subprocess.Popen([_soffice(), f"-env:UserInstallation=file://{profile}/profile", "--headless",
                                     "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                                     f"--accept=pipe,name={pipe};urp;"],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    env={**os.environ, "HOME": profile}, start_new_session=True,
                                    preexec_fn=_die_with_parent)  # ends with this helper, however it ends
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if (proc.poll() not in (None, 81)) or time.monotonic() > deadline:
                raise SystemExit("LibreOffice did not start")
            time.sleep(0.1)
    return proc, ctx


PAGES_BASIC = """Function BookmarkPages(doc As Object) As Variant
    Dim marks As Object, cursor As Object, names As Variant, pages() As Variant, i As Long
    marks = doc.getBookmarks()
    names = marks.getElementNames()
    cursor = doc.getCurrentController().getViewCursor()
    ReDim pages(UBound(names))
    For i = 0 To UBound(names)
        cursor.gotoRange(marks.getByName(names(i)).getAnchor(), False)
        pages(i) = cursor.getPage()
    Next i
    BookmarkPages = pages
End Function
"""


def _pages_script(ctx):
    """:data:`PAGES_BASIC` put into an application Basic library of this profile, ready to call."""
    libraries = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.script.ApplicationScriptLibraryContainer", ctx)
    if not libraries.hasByName("BoardpaperMeasure"):
        libraries.createLibrary("BoardpaperMeasure")
    library = libraries.getByName("BoardpaperMeasure")
    if library.hasByName("Pages"):
        library.removeByName("Pages")
    library.insertByName("Pages", PAGES_BASIC)
    factory = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.script.provider.MasterScriptProviderFactory", ctx)
    return factory.createScriptProvider("").getScript(
        "vnd.sun.star.script:BoardpaperMeasure.Pages.BookmarkPages?language=Basic&location=application")


def _convert(desktop, request: dict, pages_script=None):
    """Convert, or (``"pages"`` in the request) measure: the bookmarks' pages."""
    load = (_prop("Hidden", True), _prop("ReadOnly", True), _prop("FilterName", "MS Word 2007 XML"))
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["in"]), "_blank", 0, load)
    if doc is None:
        raise RuntimeError("source file could not be loaded")
    try:
        if request.get("pages"):
            names = doc.getBookmarks().getElementNames()
            found = pages_script.invoke((doc,), (), ())[0]
            return {n: int(p) for n, p in zip(names, found) if int(p) > 0}
        data = uno.Any("[]com.sun.star.beans.PropertyValue",
                       tuple(_prop(k, bool(v)) for k, v in request.get("options", {}).items()))
        store = (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", data))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(request["out"]), store))
        return None
    finally:
        doc.close(True)


def main() -> None:
    global uno
    import uno as bridge

    uno = bridge
    _die_with_parent(signal.SIGTERM)
    proc, ctx = _start(sys.argv[1])
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    pages_script = None

    def stop(*_):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    for line in sys.stdin:
        try:
            request = json.loads(line)
            if request.get("pages") and pages_script is None:
                pages_script = _pages_script(ctx)
            pages = _convert(desktop, request, pages_script)
            answer = {"ok": True} if pages is None else {"ok": True, "pages": pages}
        except Exception as e:  # noqa: BLE001 - one line back to the caller
            answer = {"ok": False, "error": f"{type(e).__name__}: {e}"[:300]}
        print(json.dumps(answer), flush=True)
        if proc.poll() is not None:
            break
    stop()


if __name__ == "__main__":
    main()
