"""LibreOffice as a DOCX → PDF converter and page measurer.

Facts this module relies on (checked with LibreOffice 7.4.7, the version installed here):

- ``--convert-to 'pdf:writer_pdf_Export:{json}'`` accepts the PDF export options as JSON
  (``{"Name": {"type": "boolean", "value": "true"}}``); an unknown name is silently ignored.
- ``ExportBookmarksToPDFDestination`` turns every Word bookmark, including one inside a
  vertically merged table cell, into a PDF named destination -- but not with exactly the
  bookmark's name: LibreOffice's ``appendDestinationName`` (vcl/source/gdi/pdfwriter_impl.cxx)
  keeps ASCII letters, digits and ``-`` and writes any other character as the hex digits of its
  code unit with no ``#`` escape, so ``bp_s1`` becomes ``/bp5Fs1``. :func:`bookmark_pages`
  therefore reads the bookmark names from the DOCX and looks up their encoded form
  (:func:`destination_name`), accepting the plain name too for versions that escape properly.
- Headings' outline levels become the PDF outline with ``ExportBookmarks``.
- ``UseTaggedPDF`` + ``PDFUACompliance`` give a tagged PDF with a PDF/UA identifier.
- ``--infilter=MS Word 2007 XML`` makes a file that is not a DOCX fail ("source file could not
  be loaded", exit status 0, no PDF) instead of being imported as plain text.
- Hyperlinks in footnotes reach the PDF only when their runs carry a character style (tested:
  without ``rStyle`` LibreOffice 7.4 drops them); links in the contents survive either way.
- A DOCX table of contents field is shown with its cached result (LibreOffice does not
  regenerate it on load), so the page numbers the DOCX carries are the ones printed.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing, failed, or took too long; the message is one line."""


def soffice_path() -> str | None:
    """The LibreOffice executable on ``PATH`` (``soffice`` or ``libreoffice``), or ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def export_options(tagged: bool, *, measuring: bool = False) -> dict[str, bool]:
    """The PDF export options of every conversion (named as LibreOffice's ``writer_pdf_Export``
    filter names them): bookmarks as named destinations, headings as the outline, and
    (``tagged``) a tagged PDF/UA file. ``measuring``: the PDF is only read for its pages and then
    thrown away, so its images are copied as they are (lossless, not downsampled: a quarter less
    export time) rather than recompressed; the layout, and so every page, is the same."""
    options = {"ExportBookmarks": True, "ExportBookmarksToPDFDestination": True}
    if tagged:
        options |= {"UseTaggedPDF": True, "PDFUACompliance": True}
    if measuring:
        options |= {"UseLosslessCompression": True, "ReduceImageResolution": False}
    return options


def _filter(options: dict[str, bool]) -> str:
    spec = {k: {"type": "boolean", "value": "true" if v else "false"} for k, v in options.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(spec, separators=(",", ":"))


_resident = None  # set by keep_resident: a converter a long-lived process keeps running


def keep_resident(converter) -> None:
    """Hand this process's later conversions to ``converter`` first (``None``: stop): an object
    whose ``convert(docx: bytes, options: dict, timeout: float) -> bytes`` converts with
    :func:`export_options` and raises :class:`LibreOfficeError` when it cannot, the conversion then
    being made the usual way. ``boardpaper serve``'s workers keep one LibreOffice warm so."""
    global _resident
    _resident = converter


def has_resident() -> bool:
    """A converter was handed over by :func:`keep_resident`."""
    return _resident is not None


@contextmanager
def _profile():
    """A LibreOffice user profile for one conversion at a time: a cached one when a cache folder
    is writable (making a profile costs LibreOffice about a second on every run), locked while in
    use so that concurrent builds each get their own; else a throwaway one."""
    import fcntl

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "boardpaper"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        cache = None
    if cache is not None:
        for n in range(64):
            lock = open(cache / f"libreoffice-{n}.lock", "w")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                lock.close()
                continue
            try:
                yield cache / f"libreoffice-{n}"
            finally:
                lock.close()  # releases the lock
            return
    with tempfile.TemporaryDirectory(prefix="boardpaper-lo-profile-") as tmp:
        yield Path(tmp)


class WarmOffice:
    """A headless LibreOffice started ahead of need, holding a profile of its own: a conversion run
    with that profile (``convert_to_pdf(..., office=this)``) is handed to it, as LibreOffice passes a
    second instance's command line to the running one, and so skips LibreOffice's start-up (about
    a second). Start it when a conversion is sure to come; :meth:`close` ends it."""

    def __init__(self):
        exe = soffice_path()
        if exe is None:
            raise LibreOfficeError("LibreOffice (soffice) is not installed or not on PATH")
        self._held = _profile()
        self.profile = self._held.__enter__()
        self.proc = subprocess.Popen(
            [exe, f"-env:UserInstallation={(self.profile / 'profile').as_uri()}", "--headless", "--invisible",
             "--norestore", "--nologo", "--nolockcheck"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(self.profile)},
            start_new_session=True)

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._held.__exit__(None, None, None)


def convert_to_pdf(docx: bytes, *, tagged: bool = False, timeout: float = 120,
                   office: WarmOffice | None = None, measuring: bool = False) -> bytes:
    """The PDF LibreOffice makes of ``docx``. Bookmarks become named destinations and headings the
    outline; ``tagged`` asks for a tagged PDF/UA file. Runs headless with a user profile of its
    own (:func:`_profile`), so concurrent calls do not clash; should a kept profile be broken (a
    conversion killed while writing it), it is made afresh once. With ``office`` (a
    :class:`WarmOffice`), the conversion is handed to that running LibreOffice, and made the usual
    way should that fail; so too with a converter handed over by :func:`keep_resident`. Raises
    :class:`LibreOfficeError`. ``measuring``: see :func:`export_options`."""
    exe = soffice_path()
    if exe is None:
        raise LibreOfficeError("LibreOffice (soffice) is not installed or not on PATH")
    options = export_options(tagged, measuring=measuring)
    if office is None and _resident is not None:
        try:
            return _resident.convert(docx, options, timeout)
        except LibreOfficeError:
            pass
    if office is not None:
        try:
            return _convert(exe, docx, office.profile, options, timeout)
        except _Failed:
            pass
    with _profile() as profile:
        kept = (profile / "profile").exists()
        try:
            return _convert(exe, docx, profile, options, timeout)
        except _Failed as e:
            if not kept:
                raise LibreOfficeError(str(e)) from None
            shutil.rmtree(profile / "profile", ignore_errors=True)
            try:
                return _convert(exe, docx, profile, options, timeout)
            except _Failed as again:
                raise LibreOfficeError(str(again)) from None


class _Failed(LibreOfficeError):
    """LibreOffice ran and made no PDF (as opposed to not finishing in time)."""


def _convert(exe: str, docx: bytes, profile: Path, options: dict[str, bool], timeout: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="boardpaper-lo-") as tmp:
        work = Path(tmp)
        src = work / "paper.docx"
        src.write_bytes(docx)
        cmd = [exe, f"-env:UserInstallation={(profile / 'profile').as_uri()}", "--headless", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--infilter=MS Word 2007 XML",
               "--convert-to", _filter(options),
               "--outdir", str(work / "out"), str(src)]
        env = {**os.environ, "HOME": str(profile)}  # LibreOffice writes under $HOME too
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise LibreOfficeError(f"LibreOffice did not finish converting the DOCX within {timeout:g} s") from None
        pdf = work / "out" / "paper.pdf"
        if proc.returncode != 0 or not pdf.is_file():
            lines = (err + out).decode("utf-8", "replace").splitlines()
            detail = [ln.strip() for ln in lines if "error" in ln.lower()] or [ln.strip() for ln in lines if ln.strip()]
            raise _Failed(f"LibreOffice could not convert the DOCX to PDF (exit {proc.returncode})"
                          + (f": {detail[0]}" if detail else ""))
        return pdf.read_bytes()


def pdf_destination_pages(pdf: bytes) -> dict[str, int]:
    """Named destination → 1-based page number, read from ``pdf``."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    pages = {}
    for name, dest in reader.named_destinations.items():
        try:
            pages[str(name)] = reader.get_destination_page_number(dest) + 1
        except Exception:  # a destination pointing nowhere is simply not reported
            continue
    return pages


def destination_name(bookmark: str) -> str:
    """The PDF destination name LibreOffice 7.x gives bookmark ``bookmark`` (see module notes)."""
    out = []
    for ch in bookmark:
        if ch.isascii() and (ch.isalnum() or ch == "-"):
            out.append(ch)
        else:
            high, low = (ord(ch) >> 8) & 0xFF, ord(ch) & 0xFF
            out.append((f"{high:02X}" if 0 < high < 0x80 else "") + f"{low:02X}")
    return "".join(out)


def docx_bookmarks(docx: bytes, *, hidden: bool = False) -> list[str]:
    """The names of the visible bookmarks in the body of ``docx``, in document order (hidden ones,
    named with a leading ``_``, are Word's own and the manifest's field marks: listed too when
    ``hidden``)."""
    from lxml import etree

    from ..wordml import W as w

    with zipfile.ZipFile(BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [n for n in (b.get(f"{w}name") for b in root.iter(f"{w}bookmarkStart"))
            if n and (hidden or not n.startswith("_"))]


def bookmark_pages(docx: bytes, *, timeout: float = 120, office: WarmOffice | None = None,
                   hidden: bool = False) -> dict[str, int]:
    """Word bookmark name → the 1-based page LibreOffice lays it out on, for every bookmark of
    ``docx`` found among the PDF's named destinations (an encoded name two bookmarks share is
    left out rather than guessed); the hidden ones too (the manifest's field marks, so the page
    of every table row) when ``hidden``. ``office``: as for :func:`convert_to_pdf`. Raises
    :class:`LibreOfficeError`. A converter handed over by :func:`keep_resident` that has
    ``pages(docx, timeout) -> {bookmark: page}`` is asked instead (no PDF made; the same pages, and
    the same names left out), falling back to the PDF should it fail."""
    dests = None
    if office is None and _resident is not None and hasattr(_resident, "pages"):
        try:
            dests = {destination_name(n): page for n, page in _resident.pages(docx, timeout).items()}  # as in a PDF
        except LibreOfficeError:
            dests = None
    if dests is None:
        dests = {name.lstrip("/"): page for name, page in
                 pdf_destination_pages(convert_to_pdf(docx, timeout=timeout, office=office, measuring=True)).items()}
    names = docx_bookmarks(docx, hidden=hidden)
    encoded = [destination_name(n) for n in names]
    pages = {}
    for name, enc in zip(names, encoded):
        if name in dests:
            pages[name] = dests[name]
        elif enc in dests and encoded.count(enc) == 1:
            pages[name] = dests[enc]
    return pages
