"""Words split only where they may (issue 31, item 4): at the hyphenation points of the paper's
language, with a hyphen; a token with no point that fits (a code) is the only one cut anywhere."""
from __future__ import annotations

import re
import zipfile

import pytest

from boardpaper.writers.pdf.word_breaks import break_long_words


def _lines(text: str) -> list[str]:
    return text.split("\n")


@pytest.mark.parametrize("word, lang, width", [("Deteriorated", "en-GB", 32), ("Benchmark", "en-GB", 32),
                                               ("Verschlechterung", "de", 50), ("Improvement.", "en", 32),
                                               ("(Deteriorated)", "en-GB", 36)])
def test_a_word_wider_than_its_column_breaks_at_a_hyphenation_point(word, lang, width):
    import pyphen

    out = break_long_words(word, width, "Helvetica", 9, lang=lang)
    lines = _lines(out)
    assert len(lines) > 1 and "".join(line.removesuffix("-") for line in lines) == word
    assert all(line.endswith("-") for line in lines[:-1])
    core = re.sub(r"[\W_]", "", word)
    name = pyphen.language_fallback(lang.replace("-", "_")) or "en_GB"
    allowed = set(pyphen.Pyphen(lang=name).positions(core))
    offset = len(word) - len(word.lstrip("(["))
    at = 0
    for line in lines[:-1]:
        at += len(line) - 1
        assert at - offset in allowed, (word, out)


def test_never_deteriorat_ed_or_benchmar_k():
    for width in range(20, 60, 2):
        out = break_long_words("Deteriorated Benchmark", width, "Helvetica", 8, lang="en-GB")
        assert "Deteriorat\n" not in out and "Benchmar\n" not in out and "Benchmar-\n" not in out, (width, out)


def test_a_word_that_fits_is_never_split_and_a_code_without_points_is_cut_to_fit():
    assert break_long_words("Deteriorated", 200, "Helvetica", 9) == "Deteriorated"
    out = break_long_words("KPI-0000000000000000", 30, "Helvetica", 9)
    assert "\n" in out and "".join(_lines(out)) == "KPI-0000000000000000"


def test_docx_turns_on_word_hyphenation_and_html_asks_for_it(tmp_path):
    from tests.helpers.cycle import quick_docx
    from tests.helpers.inputs import good_sheets, write_xlsx

    docx = quick_docx(write_xlsx(tmp_path / "p.xlsx", good_sheets()), tmp_path / "o" / "p.docx")
    with zipfile.ZipFile(docx) as z:
        settings = z.read("word/settings.xml").decode()
    assert '<w:autoHyphenation w:val="true"/>' in settings

    from boardpaper.api import read
    from boardpaper.writers.html.writer import write_html

    _, layout, doc = read(tmp_path / "p.xlsx")
    html = write_html(doc, layout)
    html = html.decode() if isinstance(html, bytes) else html
    assert 'lang="en-GB"' in html and "hyphens: auto" in html
