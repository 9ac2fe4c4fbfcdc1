"""Where a chart's words go: text wrapped to two lines before it is ever cut, the legend's rows,
the period labels under the plot, and the bars' value labels at their bars, never overlapping.

Sizes are in points; ``measure(text, size)`` is the width of ``text`` in the renderer's font.
The rule for shortening a figure (``29,381`` to ``29k``), stated in docs/input.md: a chart labels
figures as the KPI's Current figure writes them; only when the full figures cannot be placed
without overlapping (bars) or would take more than :data:`GUTTER_SHARE` of the chart's width
(the value column of a line chart) are they written short (:func:`~.words.short_number`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

Measure = Callable[[str, float], float]
ELLIPSIS = "…"
GUTTER_SHARE = 0.34  # a line chart's value labels may take at most this share of its width
LABEL_GAP = 1.5      # pt between two labels, or a label and a bar


def fit(text: str, size: float, room: float, measure: Measure) -> str:
    """``text`` cut with ``…`` to fit ``room`` points ('' if not even the ellipsis fits)."""
    if measure(text, size) <= room:
        return text
    for n in range(len(text) - 1, 0, -1):
        cut = text[:n].rstrip() + ELLIPSIS
        if measure(cut, size) <= room:
            return cut
    return ELLIPSIS if measure(ELLIPSIS, size) <= room else ""


def wrap(text: str, size: float, room: float, measure: Measure, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of ``room`` points, broken at spaces; cut with ``…``
    only when even that does not fit (a word wider than ``room``, or more text than lines)."""
    if measure(text, size) <= room or lines <= 1:
        return [fit(text, size, room, measure)]
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and measure(f"{line} {words[0]}", size) <= room:
            line += " " + words.pop(0)
        out.append(fit(line, size, room, measure))
    if words:
        out.append(fit(" ".join(words), size, room, measure))
    return [line for line in out if line] or [""]


def fits_in(text: str, size: float, room: float, measure: Measure, lines: int = 2) -> bool:
    """Whether ``text`` fits ``lines`` lines of ``room`` points without an ellipsis."""
    return not any(line.endswith(ELLIPSIS) and not text.endswith(ELLIPSIS)
                   for line in wrap(text, size, room, measure, lines))


@dataclass(frozen=True)
class LegendEntry:
    """One series in the legend: its index, its name in lines, and its width (swatch included)."""

    series: int
    lines: tuple[str, ...]
    width: float


def legend_rows(names: list[str], swatch: float, width: float, size: float,
                measure: Measure) -> list[list[LegendEntry]]:
    """The legend entries flowed into rows ``width`` points wide, left to right; a name too long
    for a row takes two lines (a row of its own), and is cut with ``…`` only beyond that. No legend
    (``[]``) for fewer than two names, or a width that cannot hold a swatch and a letter. A row is
    as many lines tall as its tallest entry."""
    if len(names) < 2 or swatch + size > width:  # no room for a swatch and a letter: no legend
        return []
    gap, rows, x = 3.0, [[]], 0.0
    room = max(width - swatch, 0.0)
    for i, name in enumerate(names):
        lines = tuple(wrap(name, size, room, measure))
        w = swatch + max(measure(line, size) for line in lines)
        if rows[-1] and (x + gap + w > width or len(lines) > 1 or len(rows[-1][-1].lines) > 1):
            rows.append([])
            x = 0.0
        x += (gap if rows[-1] else 0.0) + w
        rows[-1].append(LegendEntry(i, lines, w))
    return rows


def row_lines(rows: list[list[LegendEntry]]) -> int:
    """How many lines of text a legend takes."""
    return sum(max(len(e.lines) for e in row) for row in rows)


@dataclass(frozen=True)
class Box:
    """A label's box: left, bottom, width, height (pt)."""

    x: float
    y: float
    w: float
    h: float

    def hits(self, other: Box, gap: float = 0.0) -> bool:
        return not (self.x + self.w + gap <= other.x or other.x + other.w + gap <= self.x or
                    self.y + self.h + gap <= other.y or other.y + other.h + gap <= self.y)


def period_labels(periods: tuple[str, ...], centres: list[float], slot: float, every: bool, size: float,
                  left: float, right: float, measure: Measure) -> list[tuple[float, list[str]]]:
    """``(centre x, lines)`` of the period labels under a plot. ``every`` (a bar chart of up to 6
    periods): each period under its group, in up to two lines of its slot, when they all fit;
    otherwise the first and the last only, each in up to two lines of half the width."""
    if every:
        room = slot - LABEL_GAP
        if all(fits_in(p, size, room, measure) for p in periods):
            return [(c, wrap(p, size, room, measure)) for p, c in zip(periods, centres)]
    ends = [(periods[0], centres[0])] + ([(periods[-1], centres[-1])] if len(periods) > 1 else [])
    room = (right - left - LABEL_GAP) / len(ends)
    return [(c, wrap(p, size, room, measure)) for p, c in ends]


def place_centred(centre: float, width: float, left: float, right: float) -> float:
    """The left edge of a label of ``width`` centred on ``centre``, kept within ``[left, right]``."""
    return min(max(left, centre - width / 2), right - width)


def spread(wanted: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions near ``wanted`` (sorted ascending) at least ``gap`` apart within ``[lo, hi]``."""
    out: list[float] = []
    for y in wanted:
        out.append(max(y, lo, out[-1] + gap if out else lo))
    over = out[-1] - hi if out else 0
    if over > 0:
        out[-1] -= over
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    return out


@dataclass(frozen=True)
class BarLabel:
    """A bar's value label: which bar (``period``, ``series``), its text, its box, and whether a
    status marker leads it (the latest bar of a series)."""

    period: int
    series: int
    text: str
    box: Box
    marker: bool


LEVELS = 3  # a bar's label may be raised by up to this many label heights to clear its neighbours


def bar_labels(bars: list[tuple[int, int, Box, float]], texts: dict[tuple[int, int], tuple[str, str]],
               latest: set[tuple[int, int]], marked: set[tuple[int, int]], size: float, marker_w: float,
               frame: Box, measure: Measure) -> list[BarLabel]:
    """The value labels of a bar chart: ``bars`` are ``(period, series, bar box, value)``; ``texts``
    each bar's ``(full, short)`` figure; ``latest`` each series' latest bar; ``marked`` the bars
    whose label carries the status marker (``marker_w`` wide); ``frame`` the room labels may use.

    Each label is centred on its bar, just beyond its end (above a positive bar, below a negative
    one), or raised by a label's height or more (up to :data:`LEVELS`) where a neighbour's label is
    in the way. Tries, in order: every bar in full, every bar short, each series' latest bar in
    full, then short, the first series' latest bar; the first set whose labels all fit without
    overlapping each other or any bar is used (nothing fits: the last, one label)."""
    mine = [b for b in bars if (b[0], b[1]) in latest]
    attempts = [(bars, 0), (bars, 1), (mine, 0), (mine, 1), (mine[:1], 0), (mine[:1], 1)]
    labels: list[BarLabel] = []
    for chosen, short in attempts:
        if not chosen:
            continue
        labels = [lb for lb in (_place(b, texts[(b[0], b[1])][short], (b[0], b[1]) in marked, size, marker_w,
                                       frame, measure, bars, placed) for b, placed in _running(chosen))]
        if all(lb is not None for lb in labels):
            return labels  # type: ignore[return-value]
        labels = [lb for lb in labels if lb is not None][:1]
    return labels


def _running(chosen):
    """Each bar with the list its placed label joins (shared: later bars see earlier labels)."""
    placed: list[Box] = []
    for b in sorted(chosen, key=lambda b: b[2].x):
        yield b, placed


def _place(bar_item, text: str, marker: bool, size: float, marker_w: float, frame: Box, measure: Measure,
           bars, placed: list[Box]) -> BarLabel | None:
    """Bar ``bar_item``'s label at the lowest level clear of ``placed`` labels and every bar, or
    ``None`` (it is added to ``placed``)."""
    p, i, bar, v = bar_item
    w = measure(text, size) + (marker_w if marker else 0.0)
    h = size * 0.78
    if w > frame.w:  # wider than the chart: dropped, never shrunk
        return None
    x = place_centred(bar.x + bar.w / 2, w, frame.x, frame.x + frame.w)
    for level in range(LEVELS + 1):
        step = level * (h + LABEL_GAP)
        y = bar.y + bar.h + LABEL_GAP + step if v >= 0 else bar.y - LABEL_GAP - h - step
        box = Box(x, y, w, h)
        if y < frame.y or y + h > frame.y + frame.h:
            break
        if not any(box.hits(o, LABEL_GAP) for o in placed) and not any(box.hits(b[2]) for b in bars):
            placed.append(box)
            return BarLabel(p, i, text, box, marker)
    return None
