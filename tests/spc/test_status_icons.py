"""The status icons: one scene per icon key, painted the same way as vector and as PNG."""
from __future__ import annotations

import io
from dataclasses import fields, replace

import pytest
from PIL import Image

from boardpaper.spc.xmr import ICONS
from boardpaper.spc.icons import LEGEND, Disc, Palette, icon_png, paint_icon, scene

PALETTE = Palette("005EB8", "B54A00", "425563", "5A2D82")
GREY = Palette("777777", "777777", "777777", "777777")


def _geometry(key: str) -> tuple:
    """The scene with every colour made the same: what is left when colour is not seen."""
    def plain(item):
        return replace(item, **{f.name: "000000" for f in fields(item)
                                if f.name in ("fill", "stroke", "colour") and getattr(item, f.name)})
    return tuple(plain(i) for i in scene(key, GREY))


def test_every_icon_key_has_a_scene_and_a_legend():
    assert set(LEGEND) == set(ICONS)
    for key in ICONS:
        assert scene(key, PALETTE), key
    with pytest.raises(KeyError):
        scene("variation-unknown", PALETTE)


def test_colour_is_never_the_only_signal_every_icon_differs_in_shape():
    shapes = {key: _geometry(key) for key in ICONS}
    assert len(set(shapes.values())) == len(ICONS)


@pytest.mark.parametrize("key, colour", [
    ("variation-common", "425563"), ("variation-improving-high", "005EB8"), ("variation-concerning-low", "B54A00"),
    ("variation-neither-high", "5A2D82"), ("assurance-passing", "005EB8"), ("assurance-failing", "B54A00"),
    ("assurance-hit-and-miss", "425563"), ("direction-improved-down", "005EB8"),
    ("direction-deteriorated-up", "B54A00"), ("direction-no-change", "425563"), ("direction-up", "5A2D82")])
def test_each_meaning_has_its_making_data_count_colour(key, colour):
    ring = scene(key, PALETTE)[0]
    assert isinstance(ring, Disc) and ring.stroke == colour


def _painted(key: str, palette: Palette, size: float = 14.0) -> list[str]:
    """The path-painting operators the vector painter writes into a page's content stream."""
    import re

    from reportlab.pdfgen.canvas import Canvas

    canv = Canvas(io.BytesIO(), pageCompression=0)
    paint_icon(canv, key, palette, size)
    return re.findall(r"(?m)^(?:.* )?(S|f|B|b|s|f\*|B\*)$", "\n".join(canv._code))


def test_the_vector_painter_paints_one_path_per_scene_item():
    for key in ICONS:
        assert len(_painted(key, PALETTE)) == len(scene(key, PALETTE)), key


def test_the_png_is_square_reproducible_and_painted_in_the_icon_colours():
    png = icon_png("assurance-failing", PALETTE, 64)
    assert png == icon_png.__wrapped__("assurance-failing", PALETTE, 64)  # same bytes when drawn anew
    img = Image.open(io.BytesIO(png)).convert("RGBA")
    assert img.size == (64, 64)
    assert img.getpixel((0, 0))[3] == 0  # transparent outside the ring
    pixels = [img.getpixel((x, y)) for x in range(64) for y in range(64)]
    colours = {px[:3] for px in pixels if px[3] == 255}
    assert (0xB5, 0x4A, 0x00) in colours and (255, 255, 255) in colours


def test_the_png_and_the_vector_painter_come_from_the_same_scene():
    """Both painters read the scene: a palette change changes both, and the PNG's coloured pixels sit
    where the scene's shapes are (the ring's top is coloured, the centre of a ``P`` ring is white)."""
    img = Image.open(io.BytesIO(icon_png("assurance-passing", PALETTE, 100))).convert("RGBA")
    assert img.getpixel((50, 7))[:3] == (0x00, 0x5E, 0xB8)  # the ring (radius 43, 9 wide) at the top
    assert img.getpixel((80, 50))[:3] == (255, 255, 255)  # inside the ring, right of the letter
    other = replace(PALETTE, improving="1A7F37")
    assert icon_png("assurance-passing", other, 100) != icon_png("assurance-passing", PALETTE, 100)
    from reportlab.pdfgen.canvas import Canvas

    canv = Canvas(io.BytesIO())
    paint_icon(canv, "assurance-passing", other, 10.0)
    assert ".101961 .498039 .215686 RG" in canv._code  # the ring's stroke, #1A7F37


def test_the_svg_paints_one_element_per_scene_item_and_is_named_by_its_words():
    from boardpaper.spc.icons import icon_svg

    for key, words in ICONS.items():
        svg = icon_svg(key, PALETTE, words)
        assert f'aria-label="{words}"' in svg and 'role="img"' in svg
        assert sum(svg.count(f"<{tag} ") for tag in ("circle", "polyline", "polygon")) == len(scene(key, PALETTE))
