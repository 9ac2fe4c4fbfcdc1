"""The chart key: what the paper's charts draw, explained once (after the contents), each entry
with a sample drawn exactly as the charts draw it.

:func:`chart_key` decides the entries (compose calls it: only what some chart draws);
:func:`sample` gives a sample's primitives, which every writer paints with its chart painter.
The words are :data:`boardpaper.markers.KEY_WORDS`, the convention stated once.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..layout import DEFAULT_LABELS
from ..markers import KEY_WORDS
from ..model import ChartKey, ChartSpec, KeyEntry
from .scene import (LIMIT_COLOUR, LIMIT_DASH, LIMIT_W, MARK_R, MEAN_COLOUR, MEAN_W, MM, REBASE_ABOVE, REBASE_BELOW,
                    REBASE_W, SPECIAL_R, TARGET_DASH, TARGET_W, Line, Mark, Style)
from .spec import latest_markers, special_points

if TYPE_CHECKING:  # pragma: no cover
    from ..layout import Layout

SAMPLES = tuple(KEY_WORDS)
SAMPLE_MM = (12.0, 4.5)  # a sample's drawn size (width, height)


def chart_key(specs: Iterable[ChartSpec], layout: Layout) -> ChartKey | None:
    """The key of a paper whose charts are ``specs``: an entry for each kind of mark some chart
    draws, in :data:`SAMPLES` order; ``None`` without charts."""
    specs = list(specs)
    if not specs:
        return None
    drawn: set[str] = set()
    for s in specs:
        for m in latest_markers(s):
            if m is not None:
                drawn.add("marker-same" if m.way == "same" else
                          f"markers-{'common' if m.tone == 'neutral' else m.tone}")
        if s.target is not None:
            drawn.add("target")
        if s.limits is not None:
            drawn.update(("mean", "limits"))
            if s.rebases:
                drawn.add("rebase")
            if special_points(s):
                drawn.add("special")
    title = (DEFAULT_LABELS | layout.labels)["chart_key"]
    return ChartKey(title, tuple(KeyEntry(k, KEY_WORDS[k]) for k in SAMPLES if k in drawn))


def sample(name: str, style: Style) -> tuple[tuple[float, float], tuple]:
    """``(size in points, primitives)`` of sample ``name`` (a key of :data:`SAMPLES`), drawn with
    the marks and sizes of the charts."""
    W, H = SAMPLE_MM[0] * MM, SAMPLE_MM[1] * MM
    mid = H / 2
    tones = {"markers-improving": "improving", "markers-worsening": "worsening", "markers-neither": "neither",
             "markers-common": "neutral"}
    if name in tones:
        colour = style.tone(tones[name])
        items = (Mark(W * 0.3, mid, MARK_R, "up", colour), Mark(W * 0.7, mid, MARK_R, "down", colour))
    elif name == "marker-same":
        items = (Mark(W / 2, mid, MARK_R, "circle", style.neutral),)
    elif name == "target":
        items = (Line(((1.0, mid), (W - 1.0, mid)), style.target, TARGET_W, TARGET_DASH),)
    elif name == "mean":
        items = (Line(((1.0, mid), (W - 1.0, mid)), MEAN_COLOUR, MEAN_W),)
    elif name == "limits":
        items = (Line(((1.0, mid + 3.0), (W - 1.0, mid + 3.0)), LIMIT_COLOUR, LIMIT_W, LIMIT_DASH),
                 Line(((1.0, mid - 3.0), (W - 1.0, mid - 3.0)), LIMIT_COLOUR, LIMIT_W, LIMIT_DASH))
    elif name == "rebase":
        base = mid - 2.0
        items = (Line(((1.0, base), (W - 1.0, base)), "BFBFBF", 0.4),
                 Line(((W / 2, base - REBASE_BELOW), (W / 2, base + REBASE_ABOVE)), MEAN_COLOUR, REBASE_W))
    elif name == "special":
        items = (Mark(W * 0.3, mid, SPECIAL_R * 1.2, "diamond", style.improving),
                 Mark(W * 0.7, mid, SPECIAL_R * 1.2, "diamond", style.worsening))
    else:
        raise KeyError(name)
    return (W, H), items
