"""Render a page of the built sample to docs/page.png for the README.

    python scripts/make_picture.py    # builds the sample (quick) and renders its page 3

Uses pypdfium2 (installed with pdfplumber) so it needs nothing outside the virtual environment.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(page: int = 3) -> None:
    import pypdfium2

    from boardpaper.api import SAMPLE, build_one

    with tempfile.TemporaryDirectory() as d:
        result = build_one(SAMPLE, out=d, quick=True, formats=("docx", "pdf"))
        pdf = next(p for p in result.outputs if p.suffix == ".pdf")
        doc = pypdfium2.PdfDocument(str(pdf))
        image = doc[page - 1].render(scale=110 / 72).to_pil()
        target = ROOT / "docs" / "page.png"
        image.save(target, optimize=True)
        doc.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
