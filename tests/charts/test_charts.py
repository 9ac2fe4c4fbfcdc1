"""Charts: spec derivation, alt text, shared geometry, and both renderers on every edge case."""
from __future__ import annotations

import io
import math
import subprocess
import tempfile
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

from boardpaper.charts import (ChartImages, alt_text, chart_drawing, chart_png, drawn_size, make_spec,
                               png, scene, spec as spec_mod, vector, words)
from boardpaper.layout import Layout, load_layout
from boardpaper.model import ChartSpec, Column, ProcessLimits, ProcessSegment, Series, SpecialCause

ROOT = Path(__file__).resolve().parents[2]
YEARS = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]


def layout() -> Layout:
    return load_layout()


def pts(values, name="", periods=YEARS):
    return [(periods[i], v, name) for i, v in enumerate(values)]


def spec(values, **kw) -> ChartSpec:
    s = make_spec("K1", kw.pop("label", "Homicides"), pts(values), **kw)
    assert s is not None
    return s


def three_named(n=5, kind=""):
    return make_spec("K3", "Crime by type", [
        (p, v + 30 * j, name) for j, name in enumerate(["Burglary", "Robbery", "Vehicle crime"])
        for p, v in zip(YEARS[:n], [50, 45, 53, 60, 58][:n])], chart=kind, polarity="down", target=70)


TEN = ["Burglary", "Robbery", "Vehicle crime", "Shoplifting", "Arson", "Fraud", "Drugs", "Weapons",
       "Public order", "Other theft"]


def sized(s: ChartSpec, width: float = 50, height: float = 20) -> ChartSpec:
    """``s`` at the size compose gives it in a column ``width`` mm wide (the legend may add rows)."""
    return replace(s, size=drawn_size(s, width, height))


EDGE_CASES = {
    "gaps": make_spec("E", "x", pts([50, None, 53, None, 58, 61]), chart="line"),
    "gap_bar": make_spec("E", "x", pts([50, None, 53])),
    "single_point": make_spec("E", "x", [("2021/22", 53, "")]),
    "single_line": make_spec("E", "x", [("2021/22", 53, "")], chart="line"),
    "flat": make_spec("E", "x", pts([100, 100, 100, 100])),
    "near_flat": make_spec("E", "x", pts([100, 100.1, 99.9, 100.2]), polarity="up"),
    "zeros": make_spec("E", "x", pts([0, 0, 0])),
    "negative": make_spec("E", "x", pts([-5, 3, -2, -8]), polarity="up", target=0),
    "negative_bar": make_spec("E", "x", pts([-5.5, -3, -2]), polarity="down"),
    "billions": make_spec("E", "x", pts([1.2e9, 1.5e9, 2.34e9, 3.1e9]), target=2e9),
    "fractions": make_spec("E", "x", pts([0.0123, 0.015, 0.011, 0.0125]), percent=True),
    "percent": make_spec("E", "x", pts([45.3, 47.1, 46.2, 48.9]), percent=True, target=50,
                         polarity="up"),
    "sixty": make_spec("E", "x", [(f"M{i:02d}", 100 + 10 * math.sin(i / 5) + i, "")
                                  for i in range(60)], polarity="down"),
    "sixty_bars": make_spec("E", "x", [(f"M{i:02d}", float(i % 7) - 2, "") for i in range(60)],
                            chart="bar"),
    "one_of_many": make_spec("E", "x", pts([None, None, 7, None, None]), chart="line"),
    "three_named": three_named(),
    "three_named_bars": three_named(3),
    "five_named_long_names": make_spec("E", "x", [
        (p, 10.0 * (j + 1) + i, f"A rather long series name {j}")
        for j in range(5) for i, p in enumerate(YEARS)]),
    "long_periods": make_spec("E", "x", pts([1, 2], periods=["April 2019 to March 2020 inclusive",
                                                             "April 2020 to March 2021 inclusive"])),
    "huge_and_tiny": make_spec("E", "x", pts([1e-9, 1e15, -1e15, 2.5e-7]), chart="line"),
    "ten_series": sized(make_spec("E", "x", [(p, 10.0 * j + i, name) for j, name in enumerate(TEN)
                                             for i, p in enumerate(YEARS)])),
    "ten_series_bars": sized(make_spec("E", "x", [(p, 10.0 * j + i, name) for j, name in enumerate(TEN)
                                                  for i, p in enumerate(YEARS[:3])])),
    "narrow": replace(make_spec("E", "x", pts([50, 45, 53, 60]), target=55), size=(6.0, 12.0)),
}


# ------------------------------------------------------------------------------------- spec


def test_auto_kind_by_number_of_periods():
    assert spec([5]).kind == "bar"
    assert spec([5, 6]).kind == "bar"
    assert spec([5, 6, 7]).kind == "bar"
    assert spec([5, 6, 7, 8]).kind == "line"
    assert spec([5, 6, 7, 8, 9, 10]).kind == "line"
    assert spec([None, None, 7, None, None]).kind == "bar"  # a single number is a bar
    assert spec([5, 6], chart="auto").kind == "bar"


def test_forced_kind_and_none():
    assert spec([5, 6], chart="line").kind == "line"
    assert spec([5, 6, 7, 8, 9], chart=" Bar ").kind == "bar"
    assert make_spec("K", "x", pts([5, 6]), chart="none") is None
    assert make_spec("K", "x", pts([None, None])) is None
    assert make_spec("K", "x", []) is None
    assert make_spec("K", "x", pts([float("nan"), float("inf")])) is None
    with pytest.raises(ValueError):
        make_spec("K", "x", pts([5]), chart="pie")
    with pytest.raises(ValueError):
        make_spec("K", "x", pts([5]), polarity="sideways")


def test_spec_fields():
    s = spec([50, 45, 53], polarity="UP", target=45, percent=True)
    assert s == ChartSpec("K1", "Homicides", tuple(YEARS[:3]), (Series("", (50.0, 45.0, 53.0)),),
                          kind="bar", polarity="up", target=45.0, percent=True)
    hash(s)  # frozen and hashable: it keys the PNG cache


def test_gaps_keep_their_period():
    s = spec([50, None, 53, None])
    assert s.periods == tuple(YEARS[:4])
    assert s.series[0].values == (50.0, None, 53.0, None)


def test_multiple_series_are_aligned_to_the_union_of_periods():
    points = [("2020", 1, "A"), ("2021", 2, "A"), ("2019", 10, "B"), ("2021", 12, "B"),
              ("2022", 13, "B"), ("2021", 5, "")]
    s = make_spec("K", "x", points)
    assert s.periods == ("2020", "2021", "2019", "2022")  # first appearance, not sorted
    assert [x.name for x in s.series] == ["A", "B", ""]
    assert s.series[0].values == (1.0, 2.0, None, None)
    assert s.series[1].values == (None, 12.0, 10.0, 13.0)
    assert s.series[2].values == (None, 5.0, None, None)
    assert s.kind == "line"


def test_repeated_period_later_number_wins_but_gap_does_not_erase():
    s = make_spec("K", "x", [("a", 1, ""), ("a", 2, ""), ("a", None, ""), ("b", None, ""),
                             ("b", 3, "")])
    assert s.series[0].values == (2.0, 3.0)


# ------------------------------------------------------------------------------------- alt text


def test_alt_text_homicides_exactly():
    s = spec([50, 45, 53], target=45)
    assert alt_text(s) == ("Homicides: 50 in 2019/20, 45 in 2020/21, 53 in 2021/22 (latest); "
                           "up 18% on the previous period; target 45.")


def test_alt_text_polarity_wording_only_for_up_and_down():
    assert alt_text(spec([50, 45, 53], polarity="down")).endswith(
        "up 18% on the previous period, a deterioration.")
    assert alt_text(spec([50, 45, 53], polarity="up")).endswith(
        "up 18% on the previous period, an improvement.")
    assert alt_text(spec([50, 60, 40], polarity="down")).endswith(
        "down 33% on the previous period, an improvement.")
    monitor = alt_text(spec([50, 45, 53]))
    assert "improvement" not in monitor and "deterioration" not in monitor


def test_alt_text_gaps_and_changes():
    assert alt_text(spec([50, None, 53])) == (
        "Homicides: 50 in 2019/20, no figure for 2020/21, 53 in 2021/22 (latest); "
        "up 6% on 2019/20.")
    assert alt_text(spec([None, None, 7, None])) == (
        "Homicides: no figures for 2019/20 and 2020/21, 7 in 2021/22, no figure for 2022/23.")
    assert alt_text(spec([1, None, None, None, 2])).startswith(
        "Homicides: 1 in 2019/20, no figures from 2020/21 to 2022/23, 2 in 2023/24 (latest)")
    assert alt_text(spec([53, 53], polarity="up")) == (
        "Homicides: 53 in 2019/20, 53 in 2020/21 (latest); no change on the previous period.")
    assert alt_text(spec([0, 4])).endswith("up from 0 in the previous period.")
    assert alt_text(spec([-5, 3])).endswith("up 8 on the previous period.")
    assert alt_text(spec([5, -3])).endswith("down 8 on the previous period.")
    assert alt_text(spec([53])) == "Homicides: 53 in 2019/20."


def test_alt_text_number_formats():
    assert alt_text(spec([18237, 14992])) == (
        "Homicides: 18,237 in 2019/20, 14,992 in 2020/21 (latest); down 18% on the previous "
        "period.")
    assert alt_text(spec([45.3, 47.15], percent=True, target=50)) == (
        "Homicides: 45.3% in 2019/20, 47.15% in 2020/21 (latest); up 1.85 percentage points on "
        "the previous period; target 50%.")
    assert "0.0012 in 2019/20, 2.68 in 2020/21" in alt_text(spec([0.00123, 2.675]))
    assert "1,200,000,000 in 2019/20" in alt_text(spec([1.2e9, 1.3e9]))
    assert "-1,234.5 in 2019/20" in alt_text(spec([-1234.5, 2]))
    assert alt_text(spec([1000, 1000.4])).endswith("up less than 0.1% on the previous period.")


def test_alt_text_several_series_one_sentence_each():
    s = make_spec("K", "Crime by type", [("2019/20", 18237, "Burglary"), ("2020/21", None, "Burglary"),
                                         ("2021/22", 14992, "Burglary"), ("2019/20", 10, "Robbery"),
                                         ("2021/22", 12, "Robbery")], polarity="down", target=45)
    assert alt_text(s) == (
        "Crime by type. Burglary: 18,237 in 2019/20, no figure for 2020/21, 14,992 in 2021/22 "
        "(latest); down 18% on 2019/20, an improvement. Robbery: 10 in 2019/20, "
        "no figure for 2020/21, 12 in 2021/22 (latest); up 20% on 2019/20, a deterioration. "
        "Target 45.")


def test_alt_text_long_series_is_summarised():
    values = [50, 40, 60, None, 55, 45, 52, 53]
    periods = [f"{2010 + i}/{11 + i}" for i in range(8)]
    s = make_spec("K", "Homicides", pts(values, periods=periods), polarity="down")
    assert alt_text(s) == (
        "Homicides: 8 periods from 2010/11 to 2017/18; first 50 in 2010/11, lowest 40 in 2011/12, "
        "highest 60 in 2012/13, latest 53 in 2017/18; no figure for 2013/14; "
        "up 2% on the previous period, a deterioration.")
    sixty = alt_text(EDGE_CASES["sixty"])
    assert sixty.startswith("x: 60 periods from M00 to M59; first 100 in M00")
    assert len(sixty) < 200
    lone = make_spec("K", "x", pts([None] * 7 + [4], periods=[str(i) for i in range(8)]))
    assert alt_text(lone) == "x: 8 periods from 0 to 7; only figure 4 in 7; no figures for 7 periods."


def test_alt_text_label_is_cut_at_a_word_boundary():
    label = "Percentage of victims of domestic abuse who feel safer after support " * 3
    text = alt_text(spec([1, 2], label=label))
    head = text.split(":")[0]
    assert head.endswith("…") and len(head) <= 80
    assert label.startswith(head[:-1])
    assert not head[:-1].endswith(" ")
    assert alt_text(spec([1], label="  Multi\nline   label. ")).startswith("Multi line label: 1 in")


# ------------------------------------------------------------------------------------- geometry


def test_short_labels():
    short = words.short_number
    assert [short(v) for v in (0, 7, 12.34, 999.5, 9999, 18237, 99950, 999600, 3.4e6, 1.23e9)] == [
        "0", "7", "12.3", "1,000", "9,999", "18k", "100k", "1m", "3.4m", "1.2bn"]
    assert short(-1234567) == "-1.2m"
    assert short(0.01234) == "0.012"
    assert short(45.25, percent=True) == "45.3%"
    assert short(-0.001) == "-0.001"


def test_y_limits():
    lo, hi = scene.y_limits(spec([100, 100, 100, 100]))
    assert lo < 100 < hi and hi - lo == pytest.approx(10)  # flat: not stretched, centred
    lo, hi = scene.y_limits(spec([100, 101, 100, 100.5]))
    assert (101 - 100) / (hi - lo) <= 0.11  # a 1% wobble never fills the chart
    lo, hi = scene.y_limits(spec([50, 45, 53]))  # bars include 0
    assert lo == 0 and hi == 53
    lo, hi = scene.y_limits(spec([50, 45, 53, 52], target=80))
    assert lo == 45 and hi == 80
    assert scene.y_limits(spec([0, 0, 0, 0])) == (0.0, 1.0)
    assert scene.y_limits(spec([1, 1.01, 1, 1])) == (pytest.approx(0.9545), pytest.approx(1.0555))
    lo, hi = scene.y_limits(spec([0.1, 0.1, 0.1, 0.1]))
    assert lo >= 0 and lo < 0.1 < hi
    lo, hi = scene.y_limits(spec([-3, -3, -3, -3]))
    assert lo < -3 < hi <= 0
    for s in EDGE_CASES.values():
        lo, hi = scene.y_limits(s)
        assert hi > lo


def test_status_by_polarity_against_previous_number():
    st = spec_mod.status
    assert st((1, 2), "up") == "improving"
    assert st((1, 2), "down") == "worsening"
    assert st((2, None, 1), "down") == "improving"  # gaps skipped
    assert st((1, 2), "monitor") == "neutral"
    assert st((2, 2), "up") == "neutral"
    assert st((None, 2), "up") == "neutral"


def scene_of(s, lay=None):
    return scene.scene(s, scene.Style.of(lay or layout(), "Helvetica"), lambda t, size: len(t) * size * 0.55)


def test_scene_marks_latest_by_colour_and_shape():
    """boardpaper.markers: the shape says which way the figure moved, the colour whether it is good."""
    lay = layout()
    for polarity, values, shape, tone in (("up", [1, 2, 3, 4], "up", lay.colours["improving"]),
                                          ("down", [1, 2, 3, 4], "up", lay.colours["worsening"]),
                                          ("down", [4, 3, 2, 1], "down", lay.colours["improving"]),
                                          ("up", [4, 3, 2, 1], "down", lay.colours["worsening"]),
                                          ("monitor", [1, 2, 3, 4], "up", scene.NEITHER),
                                          ("up", [1, 2, 3, 3], "circle", lay.colours["neutral"])):
        marks = [m for m in scene_of(spec(values, polarity=polarity), lay)
                 if isinstance(m, scene.Mark) and m.shape != "dot"]
        assert [(m.shape, m.colour) for m in marks] == [(shape, tone)], (polarity, values)
    texts = [t.text for t in scene_of(spec([50, 45, 53, 18237]), lay) if isinstance(t, scene.Text)]
    assert texts == ["18,237", "2019/20", "2022/23"]  # latest value in full, first and last period only


def test_scene_gaps_target_and_legend():
    lay = layout()
    items = scene_of(EDGE_CASES["gaps"], lay)  # 50, -, 53, -, 58, 61: one lone dot each side
    series_lines = [i for i in items if isinstance(i, scene.Line) and i.colour == lay.series_colours[0]]
    assert [len(line.points) for line in series_lines] == [2]
    assert sum(isinstance(i, scene.Mark) and i.shape == "dot" for i in items) == 2
    bars = [i for i in scene_of(EDGE_CASES["gap_bar"], lay) if isinstance(i, scene.Rect)]
    assert len(bars) == 2
    target = [i for i in scene_of(spec([1, 2, 3, 4], target=3), lay)
              if isinstance(i, scene.Line) and i.dash]
    assert len(target) == 1 and target[0].colour == lay.colours["target"]
    items = scene_of(EDGE_CASES["three_named"], lay)
    texts = [i.text for i in items if isinstance(i, scene.Text)]
    for name in ("Burglary", "Robbery", "Vehicle crime"):
        assert name in texts
    assert not any(isinstance(i, scene.Text) and i.size < scene.MIN_TEXT for i in items)
    w, h = (x * scene.MM for x in EDGE_CASES["three_named"].size)
    for i in items:  # everything stays on the canvas
        if isinstance(i, scene.Text):
            assert 0 <= i.x and i.x + len(i.text) * i.size * 0.55 <= w + 0.01 and 0 <= i.y <= h


# ------------------------------------------------------------------------------------- renderers


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_edge_cases_render_in_both_formats_without_warnings(name):
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing

    s = EDGE_CASES[name]
    assert s is not None
    lay = layout()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = chart_png(s, lay)
        drawing = chart_drawing(s, lay)
        pdf = renderPDF.drawToString(drawing)
        text = alt_text(s)
    assert png.startswith(b"\x89PNG") and pdf.startswith(b"%PDF")
    assert isinstance(drawing, Drawing) and text.endswith(".")


def test_png_is_at_least_200_dpi_at_printed_size():
    from PIL import Image

    lay = layout()
    s = replace(spec([50, 45, 53]), size=(28.0, 9.5))  # the size compose gave it
    w_mm, h_mm = s.size
    with Image.open(io.BytesIO(chart_png(s, lay))) as im:
        w_px, h_px = im.size
    assert w_px >= 200 * w_mm / 25.4 and h_px >= 200 * h_mm / 25.4


def test_drawing_is_vector_at_the_spec_size_in_the_given_font():
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Image as RLImage
    from reportlab.graphics.shapes import String

    lay = layout()
    d = chart_drawing(replace(three_named(), size=(50.0, 20.0)), lay, font="Times-Roman")
    assert d.width == pytest.approx(50 * 72 / 25.4)
    assert d.height == pytest.approx(20 * 72 / 25.4)
    flat = d.getContents()
    assert not any(isinstance(x, RLImage) for x in flat)
    strings = [x for x in flat if isinstance(x, String)]
    assert strings and {x.fontName for x in strings} == {"Times-Roman"}
    pdf = renderPDF.drawToString(d)
    assert b"/Times-Roman" in pdf and b"Helvetica" not in pdf  # no stray default font


def _kinds(objects) -> list[str]:
    """Each painted object by the kind of scene primitive it paints."""
    names = {"Line2D": "line", "PolyLine": "line", "Rectangle": "rect", "Rect": "rect",
             "Circle": "mark", "Polygon": "mark", "Text": "text", "String": "text"}
    return [names[type(o).__name__] for o in objects]


@pytest.mark.parametrize("name", ["three_named_bars", "gaps", "percent", "ten_series"])
def test_png_and_drawing_paint_the_same_scene(name):
    from PIL import Image
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lay = layout()
    s = EDGE_CASES[name]
    items = scene.scene(s, scene.Style.of(lay, "Helvetica"), lambda t, size: stringWidth(t, "Helvetica", size))
    expected = [{"Line": "line", "Rect": "rect", "Mark": "mark", "Text": "text"}[type(i).__name__]
                for i in items]
    size_pt = (s.size[0] * scene.MM, s.size[1] * scene.MM)
    from boardpaper.fonts.coverage import find_family

    image, painted = png.paint(items, size_pt, str(find_family("Helvetica")[0]))
    assert painted == expected  # the PNG painter paints every primitive, in order
    assert _ink(image) > 0
    drawing = vector.paint(items, size_pt, "Helvetica")
    assert _kinds(drawing.contents) == expected  # one reportlab shape per primitive, in order
    assert drawing.width == pytest.approx(size_pt[0]) and drawing.height == pytest.approx(size_pt[1])
    # and the PNG really carries them: its size is the chart's at 300 dpi, with paint in it
    with Image.open(io.BytesIO(chart_png(s, lay))) as im:
        assert [abs(got - want / 72 * 300) < 1 for got, want in zip(im.size, size_pt)] == [True, True]
        assert 0.01 < _ink(im) < 0.9  # not blank, not a block of colour


def _ink(image) -> float:
    """The share of an image's pixels that are not white (the PNG's background)."""
    grey = image.convert("L")
    return 1 - grey.histogram()[255] / (grey.size[0] * grey.size[1])


def test_two_renders_are_byte_identical_and_the_build_images_are_kept():
    lay = layout()
    s = three_named()
    first = chart_png(s, lay)
    chart_png(EDGE_CASES["sixty"], lay)  # something else is drawn in between
    second = chart_png(s, lay)
    assert first == second and first is not second
    assert chart_png(spec([1, 2, 3]), lay) != chart_png(spec([1, 2, 4]), lay)
    images = ChartImages(lay)
    assert s not in images and images.png(s) == first
    assert images.png(s) is images.png(s) and len(images) == 1  # rendered once per build
    assert ChartImages(lay, [(s, b"handed in")]).png(s) == b"handed in"  # never a global cache


def test_importing_charts_imports_no_painter_and_rendering_never_imports_matplotlib():
    code = ("import sys, boardpaper.charts; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'reportlab', 'PIL')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
    code = ("import sys; from boardpaper.api import build_one; "
            f"build_one({str(ROOT / 'inputs' / 'spcb-2022-05.xlsx')!r}, out=sys.argv[1], quick=True); "
            "print('matplotlib' in sys.modules or 'numpy' in sys.modules)")
    with tempfile.TemporaryDirectory() as out_dir:
        out = subprocess.run([sys.executable, "-c", code, out_dir], cwd=ROOT, capture_output=True, text=True,
                             check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"  # a whole build imports neither


# ------------------------------------------------------------------------------------- many series


@pytest.mark.parametrize("colours", [None, ("1F3864",), ("1F3864", "C55A11", "2E7D32")])
@pytest.mark.parametrize("name", ["ten_series", "ten_series_bars"])
def test_no_two_series_share_a_look_and_the_legend_names_them_all(name, colours):
    lay = layout() if colours is None else replace(layout(), series_colours=colours)
    s = EDGE_CASES[name]
    found = scene.looks(len(s.series), s.kind, scene.Style.of(lay).series)
    assert len(set(found)) == 10  # colour x dash (x fill for bars): ten distinct looks
    items = scene_of(s, lay)
    if s.kind == "bar":  # every bar painted in its series' look
        painted = {(i.colour, i.dash, i.filled) for i in items if isinstance(i, scene.Rect)}
    else:
        painted = {(i.colour, i.dash) for i in items if isinstance(i, scene.Line) and i.width == scene.LINE_W}
    assert len(painted) == 10
    texts = [i.text for i in items if isinstance(i, scene.Text)]
    if scene.legend_values(s, s.size[0] * scene.MM):  # ten bars a period: each name with its latest figure
        texts = [t.rsplit(" ", 1)[0] for t in texts]
    assert [t for t in texts if t in TEN] == TEN  # every name in full, in series order
    w, h = (x * scene.MM for x in s.size)
    assert s.size[1] > 12  # the legend's extra rows made the chart taller
    for i in items:
        if isinstance(i, scene.Text):
            assert 0 <= i.x and i.x + len(i.text) * i.size * 0.55 <= w + 0.01 and 0 <= i.y <= h


def test_alt_text_names_every_series():
    text = alt_text(EDGE_CASES["ten_series"])
    assert [n for n in TEN if f"{n}: " in text] == TEN
    unnamed = make_spec("K", "x", [("2020", 1, "A"), ("2021", 2, "A"), ("2020", 3, ""), ("2021", 4, "")])
    assert "A: 1 in 2020" in alt_text(unnamed) and "Series 2: 3 in 2020" in alt_text(unnamed)
    legend = [i.text for i in scene_of(sized(unnamed)) if isinstance(i, scene.Text)]
    assert "A" in legend and "Series 2" in legend


def test_a_long_legend_name_takes_a_second_line_before_it_is_cut():
    fits = make_spec("K", "x", [(p, 1.0 + i, f"Same period 2020/21 of series {j} in full")
                                for j in range(2) for i, p in enumerate(YEARS)])
    assert drawn_size(fits, 50, 20)[1] == pytest.approx(20 + 3 * scene.LEGEND_ROW / scene.MM)  # 2 x 2 lines
    names = [i.text for i in scene_of(sized(fits, 35)) if isinstance(i, scene.Text) and i.text not in YEARS]
    assert not any(n.endswith("…") for n in names) and names[-4:] == [
        "Same period 2020/21 of", "series 0 in full", "Same period 2020/21 of", "series 1 in full"]  # whole, 2 lines
    s = make_spec("K", "x", [(p, 1.0 + i, f"A very long series name number {j} that cannot fit a cell even in two "
                              "lines of a table cell") for j in range(3) for i, p in enumerate(YEARS)])
    names = [i for i in scene_of(sized(s, 35)) if isinstance(i, scene.Text) and i.size == scene.LEGEND_SIZE
             and i.text not in YEARS]
    assert len(names) == 6 and all(n.text.endswith("…") for n in names[1::2])  # cut on the second line only
    assert drawn_size(spec([1, 2, 3]), 20, 12) == (20, 12)  # one series: no legend, no extra height


# ------------------------------------------------------------------------------------- seasons


def test_seasons_as_series_are_compared_like_with_like():
    # docs/input.md: one series per season, the year as the period (the sample's SWF-05)
    s = make_spec("SWF-05", "CO2 per m2", [("2020", 19.41, "Apr–Jun"), ("2020", 27.73, "Oct–Dec"),
                                          ("2021", 18.54, "Apr–Jun"), ("2021", 30.07, "Oct–Dec")],
                  polarity="down")
    assert alt_text(s) == (
        "CO2 per m2. Apr–Jun: 19.41 in 2020, 18.54 in 2021 (latest); down 4% on 2020, an improvement. "
        "Oct–Dec: 27.73 in 2020, 30.07 in 2021 (latest); up 8% on 2020, a deterioration.")
    marks = [(m.shape, m.colour) for m in scene_of(s) if isinstance(m, scene.Mark)]
    lay = layout()
    # shape: the way it moved; colour: whether that is good (lower is better here)
    assert marks == [("down", lay.colours["improving"]), ("up", lay.colours["worsening"])]
    # never across series: the autumn figure is not compared with the spring one before it
    assert "on Apr–Jun" not in alt_text(s) and "62%" not in alt_text(s)


# ------------------------------------------------------------------------------------- process control


SPECIAL = ((12, "high", "improving"), (17, "low", "concerning"), (19, "high", "improving"))


def spc_spec(special=SPECIAL, limits=(50.0, 40.0, 60.0), **kw) -> ChartSpec:
    """20 months with an XmR overlay built by hand (mean 50, limits 40 to 60)."""
    values = (50, 52, 49, 51, 48, 53, 50, 47, 52, 49, 51, 50, 65, 48, 50, 46, 52, 30, 49, 51)
    causes = tuple(SpecialCause(i, side, meaning, ("limit",)) for i, side, meaning in special)
    return ChartSpec("S", "Calls answered", tuple(f"M{i:02d}" for i in range(20)),
                     (Series("", tuple(float(v) for v in values)),), kw.pop("kind", "line"), kw.pop("polarity", "up"),
                     target=55.0, limits=ProcessLimits((ProcessSegment(0, 20, *limits),), special=causes) if limits else None,
                     **kw)


def test_process_limits_are_drawn_distinct_from_the_target():
    """Target, mean and limits differ in weight and colour, not only in dash."""
    lay = layout()
    s = spc_spec()
    items = scene_of(s, lay)
    lines = [i for i in items if isinstance(i, scene.Line) and len(i.points) == 2]
    mean = [i for i in lines if i.colour == scene.MEAN_COLOUR and i.dash is None]
    limits = [i for i in lines if i.colour == scene.LIMIT_COLOUR and i.dash]
    target = [i for i in lines if i.colour == lay.colours["target"] and i.dash]
    assert len(mean) == 1 and len(limits) == 2 and len(target) == 1
    assert len({scene.MEAN_COLOUR, scene.LIMIT_COLOUR, lay.colours["target"]}) == 3
    assert target[0].width > max(mean[0].width, limits[0].width)  # the target is the heaviest
    assert limits[0].dash != target[0].dash
    lo, hi = sorted(limits, key=lambda i: i.points[0][1])
    assert lo.points[0][1] < mean[0].points[0][1] < target[0].points[0][1] < hi.points[0][1]
    assert lo.points[0][1] >= 0 and hi.points[0][1] <= s.size[1] * scene.MM  # limits inside the chart
    without = scene_of(spc_spec(limits=None), lay)
    assert not any(isinstance(i, scene.Line) and i.colour in (scene.MEAN_COLOUR, scene.LIMIT_COLOUR)
                   for i in without)


def test_special_causes_are_marked_by_shape_and_colour():
    lay = layout()
    items = scene_of(spc_spec(), lay)
    diamonds = [m for m in items if isinstance(m, scene.Mark) and m.shape == "diamond"]
    assert [m.colour for m in diamonds] == [lay.colours["improving"], lay.colours["worsening"]]
    # the latest point (M19, special cause - improving) carries its marker in the reading's colour:
    # it fell on the month before (a down triangle) but never contradicts the reading
    latest = [m for m in items if isinstance(m, scene.Mark) and m.shape in ("up", "down", "circle")]
    assert [(m.shape, m.colour) for m in latest] == [("up", lay.colours["improving"])]
    fell = spc_spec(special=((19, "high", "improving"),))
    fell = replace(fell, series=(Series("", fell.series[0].values[:19] + (48.0,)),))
    latest = [m for m in scene_of(fell, lay) if isinstance(m, scene.Mark) and m.shape in ("up", "down", "circle")]
    assert [(m.shape, m.colour) for m in latest] == [("down", lay.colours["improving"])]
    common = [m for m in scene_of(spc_spec(special=((3, "high", "improving"),)), lay)
              if isinstance(m, scene.Mark) and m.shape in ("up", "down", "circle")]
    assert [m.colour for m in common] == [lay.colours["neutral"]]  # common cause: grey, whatever the move
    neither = [m.colour for m in scene_of(spc_spec(special=((3, "high", "neither"),)), lay)
               if isinstance(m, scene.Mark) and m.shape == "diamond"]
    assert neither == [scene.NEITHER]
    # indexes out of range or at a gap are ignored; without limits nothing is marked
    gappy = spc_spec(special=((3, "high", "improving"), (99, "low", "concerning"), (-1, "low", "concerning")))
    gappy = replace(gappy, series=(Series("", gappy.series[0].values[:3] + (None,) + gappy.series[0].values[4:]),))
    assert not any(isinstance(m, scene.Mark) and m.shape == "diamond" for m in scene_of(gappy))
    assert not any(isinstance(m, scene.Mark) and m.shape == "diamond" for m in scene_of(spc_spec(limits=None)))


def test_alt_text_states_the_mean_limits_and_special_causes():
    text = alt_text(spc_spec())
    assert text.endswith("; target 55; mean 50, process limits 40 to 60, 3 special-cause points "
                         "(M12, M17, M19); the latest point a special cause, improving.")
    assert "an improvement" not in text and "a deterioration" not in text  # judged by the reading only
    assert alt_text(spc_spec(special=())).endswith("mean 50, process limits 40 to 60, no special-cause points; "
                                                   "the latest point common cause.")
    many = tuple((i, "high", "improving") for i in range(0, 20, 2))
    assert alt_text(spc_spec(special=many)).endswith("10 special-cause points; the latest point common cause.")
    assert "mean" not in alt_text(spc_spec(limits=None))
    assert "an improvement" in alt_text(spc_spec(limits=None))  # without limits: judged by the move
    two = replace(spc_spec(), series=spc_spec().series + (Series("Other", (1.0,) * 20),))
    assert alt_text(two).endswith("Series 1, mean 50, process limits 40 to 60, 3 special-cause points "
                                  "(M12, M17, M19); the latest point a special cause, improving.")


def test_the_paper_draws_the_limits_spc_computes(tmp_path):
    """End to end: the bundled IPR example's charts carry spc's limits, and their words say so."""
    from boardpaper.api import read

    _, lay, doc = read(ROOT / "inputs" / "ipr-example.xlsx")
    with_limits = [c for c in doc.charts if c.limits is not None]
    assert with_limits
    for c in with_limits[:5]:
        assert f"mean {words._num(c.limits.segments[-1].mean, c.percent)}, process limits" in alt_text(c)
        assert sum(isinstance(i, scene.Line) and i.colour in (scene.MEAN_COLOUR, scene.LIMIT_COLOUR)
                   for i in scene_of(c, lay)) == 3


# ------------------------------------------------------------------------------------- sizing in the paper


def _wide_paper(tmp_path):
    from tests.helpers.inputs import good_sheets, write_xlsx

    sheets = good_sheets()
    sheets["series"] = [sheets["series"][0]] + [
        [kpi, p, str(10 + i + 3 * j), name] for kpi in ("A1", "A3", "B1")
        for j, name in enumerate(TEN[:4]) for i, p in enumerate(YEARS)]
    return write_xlsx(tmp_path / "wide.xlsx", sheets)


WIDE_LAYOUTS = {
    "chart 120 mm": dict(chart_size=(120.0, 12.0)),
    "7 columns in portrait": dict(page_size=(210.0, 297.0), chart_size=(35.0, 12.0), columns=tuple(
        Column(k, k.title(), w) for k, w in (("sub_objective", 14), ("kpi", 30), ("current", 10), ("benchmark", 10),
                                             ("target", 10), ("notes", 10), ("owner", 10)))),
}


@pytest.mark.parametrize("case", list(WIDE_LAYOUTS))
def test_a_chart_wider_than_its_column_is_narrowed_with_a_warning_in_both_formats(case, tmp_path):
    import docx
    import pdfplumber

    from boardpaper.compose.document import CELL_PADDING_MM, chart_room, compose
    from boardpaper.readers.workbook import read_paper
    from boardpaper.writers.docx.writer import write_docx
    from boardpaper.writers.pdf.writer import layout_pdf

    lay = replace(layout(), **WIDE_LAYOUTS[case])
    doc = compose(read_paper(_wide_paper(tmp_path)), lay)
    charted = [(s, r) for s in doc.sections for r in s.rows if r.chart]
    assert len(charted) == 3
    for s, r in charted:
        room = chart_room(lay, s)
        assert room < lay.chart_size[0] and r.chart.size[0] == pytest.approx(room)
        assert r.chart.size == drawn_size(r.chart, room, lay.chart_size[1])
    assert len(doc.notices) == 1 and doc.notices[0].warning and "[chart] width_mm" in doc.notices[0].message

    # DOCX: each picture is as wide as the model says, inside its cell
    d = docx.Document(io.BytesIO(write_docx(doc, lay)))
    widths = sorted(round(shape.width / 36000, 1) for shape in d.inline_shapes
                    if not shape._inline.docPr.get("name", "").startswith("Chart key"))
    assert widths == sorted(round(r.chart.size[0], 1) for _, r in charted)
    # PDF: every chart line and label inside its column
    pdf, _ = layout_pdf(doc, lay)
    mm = 72 / 25.4
    left = lay.margins[3] * mm
    for s, _ in charted[:1]:
        total = sum(c.width for c in s.columns)
        i = [c.key for c in s.columns].index(s.chart_column)
        x0 = left + lay.frame_width * mm * sum(c.width for c in s.columns[:i]) / total
        x1 = x0 + lay.frame_width * mm * s.columns[i].width / total
    series_rgb = tuple(int(lay.series_colours[0][j:j + 2], 16) / 255 for j in (0, 2, 4))
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        objects = [o for page in p.pages for o in page.curves + page.lines
                   if o.get("stroking_color") and tuple(round(c, 3) for c in o["stroking_color"])
                   == tuple(round(c, 3) for c in series_rgb)]
        labels = [c for page in p.pages for c in page.chars
                  if round(c["size"], 2) in (scene.VALUE_SIZE, scene.PERIOD_SIZE, scene.LEGEND_SIZE)]
    assert objects and labels
    for o in objects + labels:
        assert x0 + CELL_PADDING_MM * mm / 2 - 1 <= o["x0"] and o["x1"] <= x1 - CELL_PADDING_MM * mm / 2 + 1, o


def test_a_chart_that_fits_keeps_the_layout_size_and_warns_nothing(tmp_path):
    from boardpaper.compose.document import compose
    from boardpaper.readers.workbook import read_paper

    lay = layout()
    doc = compose(read_paper(_wide_paper(tmp_path)), lay)
    assert not doc.notices
    assert {r.chart.size[0] for s in doc.sections for r in s.rows if r.chart} == {lay.chart_size[0]}


def test_the_build_and_check_report_the_narrowed_chart(tmp_path):
    import shutil

    from boardpaper.api import build_one, check

    folder = tmp_path / "layouts"
    folder.mkdir()
    shutil.copy(ROOT / "layouts" / "spcb.docx", folder / "spcb.docx")
    toml = (ROOT / "layouts" / "spcb.toml").read_text(encoding="utf-8")
    assert "width_mm = 50" in toml
    (folder / "wide.toml").write_text(toml.replace("width_mm = 50", "width_mm = 120"), encoding="utf-8")
    paper = _wide_paper(tmp_path)
    warned = [str(p) for p in check(paper, folder / "wide.toml") if "[chart] width_mm" in p.message]
    assert len(warned) == 1 and "120" in warned[0]
    result = build_one(paper, out=tmp_path / "out", layout=folder / "wide.toml", quick=True)
    assert [str(p) for p in result.warnings if "[chart] width_mm" in p.message] == warned
    assert sorted(p.suffix for p in result.outputs) == [".docx", ".pdf"]


def _extent(item, measure) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) that a scene primitive covers."""
    if isinstance(item, scene.Line):
        xs, ys = [p[0] for p in item.points], [p[1] for p in item.points]
        return min(xs), min(ys), max(xs), max(ys)
    if isinstance(item, scene.Rect):
        return item.x, item.y, item.x + item.w, item.y + item.h
    if isinstance(item, scene.Mark):
        r = item.r * (1.15 if item.shape in ("up", "down") else 1.0)
        return item.x - r, item.y - r, item.x + r, item.y + r
    return item.x, item.y, item.x + measure(item.text, item.size), item.y + item.size * 0.75


@pytest.mark.parametrize("width", [3, 4, 6, 10, 20, 35, 120])  # compose: at least MIN_CHART_MM
@pytest.mark.parametrize("name", ["gaps", "negative", "billions", "three_named_bars", "ten_series", "percent",
                                  "sixty_bars", "long_periods", "spc", "spc_bars"])
def test_every_mark_stays_on_the_canvas_at_any_column_width(name, width):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(t, size):
        return stringWidth(t, "Helvetica", size)

    s = {"spc": spc_spec(), "spc_bars": spc_spec(kind="bar")}.get(name) or EDGE_CASES[name]
    s = sized(s, width)
    w, h = s.size[0] * scene.MM, s.size[1] * scene.MM
    for item in scene.scene(s, scene.Style.of(layout(), "Helvetica"), measure):
        x0, y0, x1, y1 = _extent(item, measure)
        assert -0.01 <= x0 and x1 <= w + 0.01 and -0.01 <= y0 and y1 <= h + 0.01, item


def test_a_chart_column_too_narrow_for_any_chart_is_an_input_error(tmp_path):
    from boardpaper.compose.document import MIN_CHART_MM, compose
    from boardpaper.errors import InputError
    from boardpaper.readers.workbook import read_paper

    assert MIN_CHART_MM == 3
    lay = layout()
    cols = tuple(replace(c, width=0.5) if c.key == lay.chart_column else c for c in lay.columns)
    with pytest.raises(InputError) as err:
        compose(read_paper(_wide_paper(tmp_path)), replace(lay, columns=cols))
    assert "[chart] column" in str(err.value) and f"`{lay.chart_column}`" in str(err.value)
