"""The LibreOffice a server worker keeps warm: it converts as the command line's LibreOffice does
(the same named destinations, so the same contents page numbers), from the worker and from the
build's forked DOCX process; a crash is survived (that conversion made the usual way, a fresh
LibreOffice at the next build), and it is renewed after RENEW_AFTER builds."""
from __future__ import annotations

import os
import signal
import subprocess

import pytest

from boardpaper.build import libreoffice
from boardpaper.serve import office as kept
from tests.helpers import system

pytestmark = [pytest.mark.libreoffice, system.needs(system.UNO)]


@pytest.fixture(scope="module")
def docx(tmp_path_factory):
    from tests.helpers.inputs import SAMPLE

    from boardpaper.api import build_one

    out = tmp_path_factory.mktemp("docx")
    return build_one(SAMPLE, out=out, quick=True, formats=("docx",)).outputs[0].read_bytes()


@pytest.fixture
def office():
    o = kept.keep_office()
    try:
        yield o
    finally:
        libreoffice.keep_resident(None)
        o.stop()


def _destinations(pdf: bytes) -> dict[str, int]:
    return libreoffice.pdf_destination_pages(pdf)


def test_the_kept_office_converts_as_the_command_line_does(docx, office):
    warm = office.convert(docx, libreoffice.export_options(False), 120)
    libreoffice.keep_resident(None)
    cold = libreoffice.convert_to_pdf(docx)
    assert _destinations(warm) == _destinations(cold) and len(_destinations(warm)) > 20


def test_it_converts_from_a_forked_child(docx, office, tmp_path):
    office.convert(docx, libreoffice.export_options(False), 120)
    pid = os.fork()
    if pid == 0:  # the build's DOCX process is such a child
        code = 1
        try:
            pdf = office.convert(docx, libreoffice.export_options(False), 120)
            (tmp_path / "child.pdf").write_bytes(pdf)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert (tmp_path / "child.pdf").read_bytes().startswith(b"%PDF")


def test_a_crash_is_survived_and_the_office_renewed(docx, office):
    office.before_build()
    first = office.proc.pid
    office.convert(docx, libreoffice.export_options(False), 120)  # it is up
    soffice = subprocess.run(["pgrep", "-f", f"boardpaper-{first}"], capture_output=True, text=True).stdout.split()
    assert soffice, "the kept LibreOffice is not running"
    for pid in soffice:
        os.kill(int(pid), signal.SIGKILL)
    pdf = libreoffice.convert_to_pdf(docx)  # the kept one fails: made the usual way
    assert pdf.startswith(b"%PDF")
    office.before_build()
    assert office.proc.pid != first
    assert office.convert(docx, libreoffice.export_options(False), 120).startswith(b"%PDF")
    office.uses = kept.RENEW_AFTER
    office.before_build()
    assert office.proc.pid not in (first,) and office.uses == 1


def test_no_libreoffice_outlives_its_worker(docx, office):
    """However the helper ends (here: SIGKILL, as when a worker is killed), its LibreOffice goes."""
    import time

    office.convert(docx, libreoffice.export_options(False), 120)
    helper = office.proc.pid
    running = lambda: subprocess.run(["pgrep", "-f", f"name=boardpaper-{helper};"], capture_output=True).stdout
    assert running()
    office.kill()
    deadline = time.monotonic() + 10
    while running():
        assert time.monotonic() < deadline, "LibreOffice outlived its helper"
        time.sleep(0.2)


def test_the_kept_office_measures_the_pages_the_pdf_would_show(docx, office):
    """The contents pass asks the loaded DOCX's layout (no PDF): every bookmark, hidden ones
    included, on the page a LibreOffice started for the build puts its named destination."""
    asked = office.pages(docx, 120)
    assert len(asked) > 100 and set(asked.values()) >= {1, 2}
    libreoffice.keep_resident(office)
    kept_pages = libreoffice.bookmark_pages(docx, hidden=True)
    libreoffice.keep_resident(None)
    assert kept_pages == libreoffice.bookmark_pages(docx, hidden=True)
    assert len(kept_pages) == len(libreoffice.docx_bookmarks(docx, hidden=True))


def test_a_failed_measure_falls_back_to_the_pdf(docx, office):
    libreoffice.keep_resident(office)
    office.kill()  # LibreOffice gone: the PDF way, made by a LibreOffice started for it
    try:
        pages = libreoffice.bookmark_pages(docx)
    finally:
        libreoffice.keep_resident(None)
    assert pages and set(pages) == set(libreoffice.docx_bookmarks(docx))
