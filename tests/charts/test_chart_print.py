"""Charts a board member reads at print size, that never contradict the figure beside them (issue 25):
text sizes, the marker convention, labels at their bars in the KPI's own format, the chart key,
and the Current figure kept in step with the chart's latest point by check, build and harvest."""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from boardpaper import markers
from boardpaper.spc import xmr as spc
from boardpaper.charts import scene
from boardpaper.charts.spec import latest_markers, make_spec
from boardpaper.figures import current_number, disagreement, follow_current, number_style
from boardpaper.layout import load_layout as _load
from boardpaper.model import NumberStyle

from tests.helpers.other_board import fire_board_sheets, write_fire_board

ROOT = Path(__file__).resolve().parents[2]


def load_layout(name: str):
    return _load(ROOT / "layouts" / f"{name}.toml")


def measure(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, "Helvetica", size)


def items_of(spec, lay=None):
    return scene.scene(spec, scene.Style.of(lay or load_layout("spcb"), "Helvetica"), measure)


def texts(spec, lay=None) -> list[scene.Text]:
    return [i for i in items_of(spec, lay) if isinstance(i, scene.Text)]


@pytest.fixture(scope="module")
def fire_doc(tmp_path_factory):
    from boardpaper.api import read

    path = write_fire_board(tmp_path_factory.mktemp("fire") / "fire.xlsx")
    _, lay, doc = read(path)
    return path, lay, doc


def chart(doc, kpi):
    return next(r.chart for s in doc.sections for r in s.rows if r.id == kpi)


def row(doc, kpi):
    return next(r for s in doc.sections for r in s.rows if r.id == kpi)


# ------------------------------------------------------------------------------------ sizes


def test_the_bundled_layouts_and_the_default_draw_charts_at_least_50_by_20_mm():
    from boardpaper.layout import Layout

    assert Layout.__dataclass_fields__["chart_size"].default == (50.0, 20.0)
    for name in ("spcb", "ipr"):
        w, h = load_layout(name).chart_size
        assert w >= 48 and h >= 20, name


def test_no_chart_text_is_under_6_5_pt_at_any_width(fire_doc):
    _, lay, doc = fire_doc
    assert scene.MIN_TEXT == 6.5
    for spec in doc.charts:
        for width in (12, 30, 50, 80):
            sized = replace(spec, size=scene.drawn_size(spec, width, 20))
            assert all(t.size >= scene.MIN_TEXT for t in texts(sized, lay)), (spec.kpi_id, width)


# ------------------------------------------------------------------------------------ numbers


def test_labels_are_written_as_the_current_figure_writes_them(fire_doc):
    _, lay, doc = fire_doc
    for kpi, latest in (("FR-01", "1,204"), ("FR-02", "71.2%"), ("FR-03", "2,345,678"), ("FR-05", "5.17"),
                        ("FR-06", "30%")):
        shown = [t.text for t in texts(chart(doc, kpi), lay)]
        assert latest in shown, (kpi, shown)
        assert row(doc, kpi).value("current").startswith(latest)  # the table prints the same figure
    assert "6.40" in [t.text for t in texts(chart(doc, "FR-05"), lay)]  # the Current's two decimals


def test_number_style_is_read_from_the_current_figure():
    assert number_style("29,381") == NumberStyle(0, True, "", "")
    assert number_style("5.17") == NumberStyle(2, True, "", "")
    assert number_style("30%") == NumberStyle(0, True, "", "%")
    assert number_style("£1,200.50") == NumberStyle(2, True, "£", "")
    assert number_style("1017") == NumberStyle(0, False, "", "")  # no separator typed: none printed
    # several figures: the one nearest the chart's latest number
    assert number_style("643 (non-crime); 1,156.5 (crime)", near=1156.5) == NumberStyle(1, True, "", "")
    assert number_style("TBC", values=[1.5, 2.25]) == NumberStyle(2, True, "", "")


def test_a_figure_is_shortened_only_when_it_cannot_fit():
    big = make_spec("K", "x", [(p, v, "") for p, v in (("2023", 1234567890.0), ("2024", 1334567890.0),
                                                        ("2025", 1434567890.0), ("2026", 1534567890.0))])
    wide = [t.text for t in texts(replace(big, size=(120.0, 20.0)))]
    narrow = [t.text for t in texts(replace(big, size=(30.0, 20.0)))]
    assert "1,534,567,890" in wide
    assert "1.5bn" in narrow and "1,534,567,890" not in narrow


# ------------------------------------------------------------------------------------ markers


@pytest.mark.parametrize("polarity,values,way,tone", [
    ("up", (1, 2), "up", "improving"), ("down", (1, 2), "up", "worsening"),
    ("down", (2, 1), "down", "improving"), ("up", (2, 1), "down", "worsening"),
    ("monitor", (2, 1), "down", "neither"), ("up", (2, None, 2), "same", "neutral")])
def test_one_marker_convention_for_charts_and_direction_icons(polarity, values, way, tone):
    m = markers.latest(values, polarity)
    assert (m.way, m.tone) == (way, tone)
    spec = make_spec("K", "x", [(f"P{i}", v, "") for i, v in enumerate(values)], polarity=polarity, chart="line")
    lay = load_layout("ipr")
    mark = [i for i in items_of(spec, lay) if isinstance(i, scene.Mark) and i.shape != "dot"]
    assert [(i.shape, i.colour) for i in mark] == [(markers.SHAPES[way], scene.Style.of(lay).tone(tone))]
    # the status icon of the same figures: its arrow is the way moved, its colour the same judgement
    word, icon = spc.direction(values, polarity)
    from boardpaper.charts.status_icons import Palette, scene as icon_scene

    if way == "same":
        assert icon == "direction-no-change"
    else:
        assert icon.endswith("-" + way)
        colours = {getattr(x, "fill", None) or getattr(x, "colour", None) for x in icon_scene(icon, Palette.of(lay))}
        assert scene.Style.of(lay).tone(tone) in colours


def test_on_an_spc_chart_the_latest_marker_never_contradicts_the_reading():
    """The trust report's inpatient falls: special cause - improving, yet up on the month before."""
    from boardpaper.api import read

    _, lay, doc = read(ROOT / "inputs" / "ipr-example.xlsx")
    style = scene.Style.of(lay)
    checked = 0
    for s in doc.sections:
        for r in s.rows:
            if r.chart is None or r.chart.limits is None or r.reading is None:
                continue
            m = latest_markers(r.chart)[0]
            want = {spc.COMMON: "neutral", spc.IMPROVING: "improving", spc.CONCERNING: "worsening",
                    spc.NEITHER: "neither"}[r.reading.variation]
            assert m.tone == want, r.id
            drawn = [i for i in items_of(r.chart, lay) if isinstance(i, scene.Mark) and i.shape in ("up", "down", "circle")]
            assert drawn[0].colour == style.tone(want)
            checked += 1
    assert checked >= 10


# ------------------------------------------------------------------------------------ bars


def _overlap(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def _box(t: scene.Text):
    return (t.x, t.y, t.x + measure(t.text, t.size), t.y + t.size * 0.75)


def test_bar_values_sit_at_their_bars_and_never_overlap(fire_doc):
    _, lay, doc = fire_doc
    for kpi in ("FR-03", "FR-04", "FR-05", "FR-06"):
        items = items_of(chart(doc, kpi), lay)
        bars = [i for i in items if isinstance(i, scene.Rect) and (i.w, i.h) != (scene.BOX_SWATCH,) * 2]
        labels = [t for t in items if isinstance(t, scene.Text) and t.size == scene.VALUE_SIZE]
        assert labels, kpi
        boxes = [_box(t) for t in labels]
        assert not any(_overlap(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1:]), kpi
        assert not any(_overlap(a, (r.x, r.y, r.x + r.w, r.y + r.h)) for a in boxes for r in bars), kpi
        for t in labels:  # each value just above a bar it is centred on (a marker may lead it)
            centre = (t.x + measure(t.text, t.size) / 2)
            assert any(r.x - 8 <= centre <= r.x + r.w + 8 and 0 < t.y - (r.y + r.h) < 3 for r in bars), (kpi, t)
    # every bar of the single-series charts carries its figure
    assert [t.text for t in texts(chart(doc, "FR-06"), lay) if t.size == scene.VALUE_SIZE] == ["27%", "28%", "30%"]


def test_every_period_of_a_short_bar_chart_is_named_in_up_to_two_lines(fire_doc):
    _, lay, doc = fire_doc
    shown = [t.text for t in texts(chart(doc, "FR-03"), lay) if t.size == scene.PERIOD_SIZE]
    assert shown == ["2022/23", "2023/24", "Same period", "2024/25"]  # the long one on two lines, whole
    multi = [t.text for t in texts(chart(doc, "FR-04"), lay) if t.size == scene.PERIOD_SIZE]
    assert "Same period 2023/24" in multi and "Financial YTD Feb 25" in multi
    assert not any(t.endswith("…") for t in multi)
    six = [t.text for t in texts(chart(doc, "FR-05"), lay) if t.size == scene.PERIOD_SIZE]
    assert six[0] == "Q3 2023/24" and six[-1] == "Q4 2024/25"  # all six cannot fit: first and last


# ------------------------------------------------------------------------------------ the key


def test_the_key_explains_what_the_charts_draw_in_every_format(fire_doc, tmp_path):
    from boardpaper.api import build_one

    path, _, doc = fire_doc
    key = doc.chart_key
    assert [e.sample for e in key.entries] == ["markers-improving", "markers-worsening", "markers-neither", "target"]
    assert doc.contents[0].anchor == key.anchor
    r = build_one(path, out=tmp_path, quick=True, formats=("docx", "pdf", "html"))
    out = {p.suffix: p for p in r.outputs}
    html = out[".html"].read_text(encoding="utf-8")
    xml = zipfile.ZipFile(out[".docx"]).read("word/document.xml").decode()
    import pdfplumber

    with pdfplumber.open(out[".pdf"]) as pdf:
        text = " ".join((p.extract_text() or "") for p in pdf.pages[:2])
    for e in key.entries:
        assert e.words in html and e.words.replace("(", "").split()[0] in xml
        assert " ".join(e.words.split()[:4]) in " ".join(text.split())
    assert xml.count('name="Chart key') == len(key.entries)


# ------------------------------------------------------------------------------------ PDF read-back


def test_no_pdf_text_under_6_5_pt_in_the_sample_the_trust_report_and_another_board(tmp_path):
    import pdfplumber

    from boardpaper.api import build_one

    for source in (ROOT / "inputs" / "spcb-2022-05.xlsx", ROOT / "inputs" / "ipr-example.xlsx",
                   write_fire_board(tmp_path / "fire.xlsx")):
        r = build_one(source, out=tmp_path / source.stem, quick=True, formats=("pdf",))
        with pdfplumber.open(r.outputs[0]) as pdf:
            sizes = [c["size"] for p in pdf.pages for c in p.chars]
        assert sizes and min(sizes) >= 6.5 - 1e-6, (source.name, min(sizes))


def test_docx_pictures_and_html_charts_keep_the_drawn_size(fire_doc):
    """The PNG is placed at the chart's size (so its text prints at the scene's sizes), and the
    HTML's SVG is as many millimetres wide as the PDF's chart, never shrunk by the style sheet."""
    from boardpaper.writers.docx.writer import write_docx
    from boardpaper.writers.html.writer import write_html

    _, lay, doc = fire_doc
    xml = zipfile.ZipFile(io.BytesIO(write_docx(doc, lay))).read("word/document.xml").decode()
    import re

    extents = re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', xml)
    charts = [(round(int(cx) / 36000, 1), round(int(cy) / 36000, 1)) for cx, cy in extents]
    for spec in doc.charts:
        assert (round(spec.size[0], 1), round(spec.size[1], 1)) in charts
    html = write_html(doc, lay).decode() if isinstance(write_html(doc, lay), bytes) else write_html(doc, lay)
    assert "max-width: 13rem" not in html
    assert f'width="{doc.charts[0].size[0]:g}mm"' in html


# ------------------------------------------------------------------------------------ figure and chart agree


def _kpi(current, period="Mar 25"):
    from boardpaper.readers.workbook import Kpi

    return Kpi(5, "VC-01", "S", "", "Violence with injury", current, period)


def _points(*pairs, series=""):
    from boardpaper.readers.workbook import Point

    return [Point("VC-01", p, v, series, False) for p, v in pairs]


def test_a_current_figure_that_differs_from_the_charts_latest_point_is_named():
    pts = _points(("Jan 25", 1030.0), ("Feb 25", 1025.0), ("Mar 25", 1017.0))
    why = disagreement(_kpi("1,020"), pts)
    assert "VC-01" in why and "1,020" in why and "1,017" in why and "Mar 25" in why and "1017" in why
    assert disagreement(_kpi("1,017"), pts) is None
    assert disagreement(_kpi("1,020", "Feb 25"), pts) is None  # another period: not compared
    assert disagreement(_kpi("about 1,020"), pts) is None  # not one figure
    decimals = _points(("Feb 25", 5.3), ("Mar 25", 5.17))
    assert disagreement(_kpi("5.2"), decimals) is None  # equal at the Current's own decimals
    assert "5.17" in disagreement(_kpi("5.3"), decimals)
    assert current_number("30%")[0] == 30 and current_number("1,020 [x]") is None
    # the figure typed with its period, as the paper prints it, the period column blank
    why = disagreement(_kpi("1,020 [Mar 25]", ""), pts)
    assert why and "1,020 for Mar 25" in why and "1,017" in why
    assert disagreement(_kpi("1,020 [Feb 25]", ""), pts) is None
    assert disagreement(_kpi("1,020 [Mar 25]", "Mar 25"), pts) is None  # a period twice: not one figure


def test_check_and_build_warn_naming_the_kpi_both_figures_and_the_period(tmp_path):
    from boardpaper.api import build_one, check

    sheets = fire_board_sheets()
    sheets["kpis"][1][4] = "1,020"  # FR-01's series ends 1204 for Mar 25
    from tests.helpers.inputs import write_xlsx

    path = write_xlsx(tmp_path / "held.xlsx", sheets)
    warned = [str(p) for p in check(path) if "differs from its chart" in p.message]
    assert len(warned) == 1
    assert all(w in warned[0] for w in ("FR-01", "1,020", "1,204", "Mar 25", "kpis", "row 2", "series sheet, row 13"))
    built = build_one(path, out=tmp_path / "out", quick=True, formats=("pdf",))
    assert [str(p) for p in built.warnings if "differs from its chart" in p.message] == warned
    assert not [p for p in check(write_fire_board(tmp_path / "fine.xlsx")) if "differs" in p.message]


def test_follow_current_edits_the_latest_point_or_says_why_not():
    pts = _points(("Feb 25", 49.0), ("Mar 25", 48.0))
    edit, note = follow_current(_kpi("48"), pts, "47")
    assert (edit.kpi, edit.period, edit.old, edit.new) == ("VC-01", "Mar 25", "48", "47") and not note
    edit, note = follow_current(_kpi("48", "Apr 25"), pts, "47")
    assert edit is None and "no point for that period" in note and "VC-01" in note
    edit, note = follow_current(_kpi("48"), pts, "47", new_period="Feb 25")
    assert edit is None and "latest period (Mar 25)" in note
    assert follow_current(_kpi("48"), pts, "about 47") == (None, "")  # not one figure: nothing to follow
    edit, _ = follow_current(_kpi("48 [Mar 25]", ""), pts, "47 [Mar 25]")
    assert (edit.period, edit.old, edit.new) == ("Mar 25", "48", "47")
    two = pts + _points(("Mar 25", 12.0), series="Other")
    assert follow_current(_kpi("48"), two, "47")[0] is None  # two series in the period: left, with a note


def test_harvest_into_writes_a_changed_current_figure_into_the_series_and_lists_it(tmp_path):
    import openpyxl

    from boardpaper.api import read
    from boardpaper.cycle.changes import to_plain
    from boardpaper.cycle.commands import harvest_paper
    from tests.helpers.cycle import build_docx, edit_docx, t_holding

    source = write_fire_board(tmp_path / "fire.xlsx")
    docx = build_docx(source, tmp_path / "out")

    def edit(root, _notes):
        for old, new in (("1,204", "1,199"), ("5.17", "5.2")):
            t = t_holding(root, old)
            t.text = new
    edited = edit_docx(docx, tmp_path / "edited.docx", edit)
    into = tmp_path / "next.xlsx"
    r = harvest_paper(edited, workbook=source, into=into)
    series = [c for c in r.changes if c.sheet == "series"]
    assert [(c.kpi, c.period, c.old, c.new) for c in series] == [("FR-01", "Mar 25", "1,204", "1,199")]
    assert "FR-01: series value for Mar 25 changed (series sheet): \"1,204\" → \"1,199\"" in to_plain(r.changes)
    assert series[0] in r.outcome.applied
    # FR-05's Current is 5.2 for Q4 2024/25 and its point 5.17 reads 5.2 at one decimal: agrees, untouched
    ws = openpyxl.load_workbook(into)["series"]
    values = {(row[0], row[1]): row[2] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert str(values[("FR-01", "Mar 25")]) == "1199" and str(values[("FR-05", "Q4 2024/25")]) == "5.17"
    _, lay, doc = read(into)
    assert "1,199" in [t.text for t in texts(chart(doc, "FR-01"), lay)]  # the rebuilt chart labels it


def test_harvest_into_leaves_a_series_without_that_period_with_a_note(tmp_path):
    from boardpaper.cycle.commands import harvest_paper
    from tests.helpers.inputs import write_xlsx
    from tests.helpers.cycle import build_docx, edit_docx, t_holding

    sheets = fire_board_sheets()
    sheets["kpis"][1][5] = "Apr 25"  # FR-01's Current is for a month its series does not have
    source = write_xlsx(tmp_path / "fire.xlsx", sheets)
    docx = build_docx(source, tmp_path / "out")
    edited = edit_docx(docx, tmp_path / "e.docx", lambda root, _n: setattr(t_holding(root, "1,204"), "text", "1,100"))
    r = harvest_paper(edited, workbook=source, into=tmp_path / "next.xlsx")
    assert not [c for c in r.changes if c.sheet == "series"]
    assert any(w.startswith("note: FR-01") and "Apr 25" in w for w in r.warnings)


def test_bars_too_narrow_for_their_figures_give_them_in_the_legend():
    """Five series of large counts in two periods: the figures cannot stand over their bars, so
    each legend entry names its series' latest figure (with its marker), and no bar is labelled."""
    names = ("Total", "Burglary", "Robbery", "Bilking", "Shoplifting")
    values = ((46012, 41804), (3554, 3827), (812, 853), (4400, 4272), (15201, 13004))
    spec = make_spec("K", "x", [(p, v, n) for n, pair in zip(names, values) for p, v in zip(("2019/20", "2021/22"), pair)],
                     chart="bar", polarity="down", number=NumberStyle(0, True, "", ""))
    spec = replace(spec, size=scene.drawn_size(spec, 50, 20))
    assert scene.legend_values(spec, spec.size[0] * scene.MM)
    shown = [t.text for t in texts(spec)]
    assert ["Total 41,804", "Burglary 3,827", "Robbery 853", "Bilking 4,272", "Shoplifting 13,004"] == \
        [t for t in shown if t.split(" ")[0] in names]
    assert not any(t.size == scene.VALUE_SIZE for t in texts(spec))
    marks = [m for m in items_of(spec) if isinstance(m, scene.Mark)]
    assert [m.shape for m in marks] == ["down", "up", "up", "down", "down"]  # one per series, in the legend
    two = make_spec("K", "x", [(p, v, n) for n, pair in zip(names[:2], values[:2])
                               for p, v in zip(("2019/20", "2021/22"), pair)], chart="bar")
    assert not scene.legend_values(two, 50 * scene.MM)  # two series: each figure over its own bar
    assert [t.text for t in texts(replace(two, size=(50.0, 20.0))) if t.size == scene.VALUE_SIZE] == \
        ["46,012", "3,554", "41,804", "3,827"]


def test_the_key_lists_only_what_the_charts_draw():
    from boardpaper.charts.key import chart_key, sample
    from boardpaper.model import ProcessLimits, Rebase

    lay = load_layout("ipr")
    plain = make_spec("K", "x", [("A", 1.0, ""), ("B", 2.0, "")], polarity="up", chart="line")
    assert [e.sample for e in chart_key([plain], lay).entries] == ["markers-improving"]
    assert chart_key([], lay) is None
    rebased = replace(plain, limits=ProcessLimits(()), rebases=(Rebase(1, "new pathway"),), target=3.0)
    entries = [e.sample for e in chart_key([plain, rebased], lay).entries]
    assert entries == ["markers-improving", "markers-common", "target", "mean", "limits", "rebase"]
    for name in entries:  # every sample is drawn with the charts' own marks, inside its box
        (w, h), items = sample(name, scene.Style.of(lay))
        assert items and all(0 <= x <= w and 0 <= y <= h for i in items for x, y in
                             (getattr(i, "points", None) or [(i.x, i.y)]))
