"""Same input, same bytes: the sample, the trust report and two test papers built in every format
(DOCX, PDF from reportlab and from WeasyPrint, HTML) and the status report, with SOURCE_DATE_EPOCH fixed,
hash to the list in ``output_hashes.txt``. A refactoring must leave the list alone; when content is meant
to change, regenerate it with ``make output-hashes`` and say why in the commit."""
from __future__ import annotations

import contextlib
import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest

from benchmarks.synthetic import make_paper
from boardpaper import api
from boardpaper.__main__ import main
from tests.helpers.html import synthetic_sheets
from tests.helpers.inputs import ROOT, SAMPLE, write_xlsx

HASHES = Path(__file__).with_name("output_hashes.txt")
IPR = ROOT / "inputs" / "ipr-example.xlsx"


def _fixed(path: Path) -> Path:
    """``path`` (an .xlsx openpyxl wrote just now) with its save times fixed, so its bytes, and the
    input hash the DOCX manifest records, are the same on every run."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", data)
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    return path


def _papers(tmp: Path) -> list[tuple[Path, str | None, str | None]]:
    """(input, layout, tables) for every paper the list covers."""
    synthetic = _fixed(make_paper(120, tmp / "synthetic.xlsx"))
    html = _fixed(write_xlsx(tmp / "html-synthetic.xlsx", synthetic_sheets()))
    return [(SAMPLE, None, None), (SAMPLE, None, "accessible"), (IPR, None, None),
            (synthetic, None, None), (synthetic, str(ROOT / "layouts" / "ipr.toml"), None), (html, None, None)]


def output_hashes(tmp: Path) -> list[str]:
    """``sha256  name`` for every output, in a fixed order."""
    lines = []
    for n, (source, layout, tables) in enumerate(_papers(tmp)):
        for engine, formats in (("reportlab", ("docx", "pdf", "html")), ("weasyprint", ("pdf",))):
            out = tmp / f"out-{n}-{engine}"
            label = source.stem + (f"+{Path(layout).stem}" if layout else "") + (f"+{tables}" if tables else "")
            try:
                api.build_one(source, out=out, layout=layout, tables=tables, quick=True, pdf_engine=engine,
                              formats=formats)
            except Exception as e:  # noqa: BLE001 - a build that fails is behaviour the list pins too
                # (the 120-KPI synthetic paper under the ipr layout once raised reportlab's LayoutError:
                # its summary matrix had a row taller than a page; it now builds, and must)
                lines.append(f"FAILED {type(e).__name__}  {label}/{engine}")
                continue
            for f in sorted(out.iterdir()):
                lines.append(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {label}/{engine}/{f.name}")
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            args = ["status", str(source), "--json"] + (["--layout", layout] if layout else [])
            main(args)
        lines.append(f"{hashlib.sha256(buf.getvalue().encode()).hexdigest()}  {source.stem}/status.json")
    return lines


def fonts_line() -> str:
    """The fonts the outputs depend on, as the list's first line: the files boardpaper embeds for
    Arial, its fallbacks and the chart fonts, and a digest of the families fontconfig offers
    WeasyPrint. The bytes are pinned for one set of installed fonts only."""
    import shutil
    import subprocess

    from boardpaper.fonts.coverage import chart_fonts, fallback_fonts, find_family

    files = [p.name for p in (*find_family("Arial"), *fallback_fonts(), *chart_fonts())]
    families = ""
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
        families = hashlib.sha256("\n".join(sorted(set(out.splitlines()))).encode()).hexdigest()[:16]
    return f"# fonts: {' '.join(files)}; fontconfig families {families or 'none'}"


def test_outputs_are_byte_identical_to_the_list(tmp_path, monkeypatch, request):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fonts = fonts_line()
    if request.config.getoption("--update-golden"):
        HASHES.write_text("\n".join([fonts, *output_hashes(tmp_path)]) + "\n")
        pytest.skip("output_hashes.txt rewritten")
    want = HASHES.read_text().splitlines()
    if want[0] != fonts:
        pytest.skip(f"the list was made with other fonts installed ({want[0][2:]}; here {fonts[2:]}): "
                    "run `make output-hashes` before and after a refactoring on one machine")
    assert output_hashes(tmp_path) == want[1:]
