"""A paper no sample has, and random papers, for the tests of the HTML edition and its WeasyPrint PDF.

``synthetic_sheets`` (long groups, many notes, Welsh, Greek and Chinese text, a section that recurs,
text that looks like markup) is shared by ``test_html.py``, ``test_html_axe.py`` and ``test_html_weasy.py``.
"""
from __future__ import annotations

from hypothesis import strategies as st

from boardpaper.layout import load_layout
from tests.helpers.inputs import good_sheets, sheets_with, write_csvs

NASTY = 'Ends </style><script>alert("x")</script> & <b>bold</b>'


def synthetic_sheets(groups: int = 3, per_group: int = 14) -> dict[str, list[list]]:
    """A paper no sample has: groups of ``per_group`` rows, two or three notes on most rows (so
    several per page), non-Latin text, a section that recurs, a long URL and markup-like text."""
    sheets = good_sheets()
    sheets["paper"] = [["title", "Cerdyn sgorio – ŵyr a ŷd: Δείκτες 指标 <draft>"] if r[0] == "title" else r
                       for r in sheets["paper"]]
    kpis = [sheets["kpis"][0]]
    sources = [["id", "text", "url"]]
    series = [["kpi_id", "period", "value", "series"]]
    words = ["Gwasanaeth ŵyr a thŷ", "Δείκτης ασφάλειας οδών", "公共安全满意度指标", NASTY]
    n = 0
    for g in range(groups):
        section = "Safer streets" if g != 1 else "Ανθεκτικότητα 社区"
        for i in range(per_group):
            n += 1
            text = f"{words[n % 4]} {n}: " + "long indicator wording " * (1 + n % 3)
            cites = ";".join(f"s{(n + j) % 9 + 1}" for j in range(n % 3 + 1))
            kpis.append([f"K{n}", section, f"Is-amcan {g + 1} – {words[g % 3]}", text.strip(), str(n * 7),
                         "Mar 26", str(n * 6), "Mar 25", "", "", ("up", "down", "monitor")[n % 3], cites, ""])
            if n % 2:
                series += [[f"K{n}", p, str(n + k * (n % 5)), ""] for k, p in
                           enumerate(("2021/22", "2022/23", "2023/24", "2024/25", "2025/26"))]
    for s in range(1, 10):
        url = f"https://example.org/{'very-long-path-segment-' * (s % 3 + 1)}{s}?q=ŵ&x=<{s}>"
        sources.append([f"s{s}", f"Ffynhonnell {s} – πηγή 来源 {NASTY if s == 9 else ''}".strip(),
                        url if s % 4 else ""])
    return {"paper": sheets["paper"], "kpis": kpis, "sources": sources, "series": series}


def _random_paper(tmp_path_factory, kpi, current, sub, section, values, url):
    from boardpaper.compose.document import compose
    from boardpaper.errors import InputError
    from boardpaper.readers.workbook import read_paper

    sheets = sheets_with(kpi, current, sub, section, values, url)
    try:
        return compose(read_paper(write_csvs(tmp_path_factory.mktemp("h") / "in", sheets)), load_layout())
    except InputError:
        return None


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
NUMBERS = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32),
                    st.integers(-10**12, 10**12))
FILLED = TEXT.filter(lambda t: t.strip())
RANDOM = dict(kpi=FILLED, current=TEXT, sub=TEXT, section=FILLED, values=st.lists(NUMBERS, min_size=1, max_size=12),
              url=st.sampled_from(["", "https://example.org/a?b=1&c=<2>\"'", "javascript:alert(1)"]))
