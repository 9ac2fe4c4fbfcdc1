"""The paper's one marker convention, stated once, for the charts, the status icons' arrows, the
summary and the key.

* **Shape = which way the figure moved**, the latest figure against the one before it (gaps
  skipped): ``up`` (a triangle pointing up, an arrow up), ``down``, or ``same`` (a circle; the
  icons' ``=``).
* **Colour and words = whether that is good**, by the KPI's polarity: ``improving`` (the layout's
  improving colour, "improved"), ``worsening`` (its worsening colour, "deteriorated"); for a KPI
  that is only monitored, ``neither`` (purple, no judgement); no change is ``neutral`` (grey).
* On a chart with process limits (an XmR chart) the colour and words of the latest marker are its
  **variation reading** instead (special cause improving / concerning / neither; common cause
  grey), so the marker never contradicts the status beside it; its shape still says which way it
  moved.

Nothing here draws; :mod:`boardpaper.charts.scene` and :mod:`boardpaper.charts.status_icons` paint these.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

NEITHER_COLOUR = "5A2D82"  # a monitored KPI's move (Making Data Count purple), unless the layout names `neither`
WAYS = ("up", "down", "same")
TONES = ("improving", "worsening", "neither", "neutral")
SHAPES = {"up": "up", "down": "down", "same": "circle"}  # a way -> the chart marker's shape
# a variation meaning (spc.SpecialCause.meaning; "" = common cause) -> the tone it is painted in
VARIATION_TONES = {"improving": "improving", "concerning": "worsening", "neither": "neither", "": "neutral"}


@dataclass(frozen=True)
class Marker:
    """The latest figure's marker: ``way`` it moved and the ``tone`` it is painted in."""

    way: str
    tone: str

    @property
    def shape(self) -> str:
        return SHAPES[self.way]


def moved(values: Sequence) -> str | None:
    """``up``, ``down`` or ``same``: the latest number of ``values`` against the one before it
    (``None`` entries are gaps, skipped); ``None`` with fewer than two numbers. Any comparable
    numbers (floats, exact fractions)."""
    nums = [v for v in values if v is not None]
    if len(nums) < 2:
        return None
    last, prev = nums[-1], nums[-2]
    return "up" if last > prev else "down" if last < prev else "same"


def tone(way: str, polarity: str) -> str:
    """The tone of a move ``way`` for a KPI of ``polarity`` (``up``: higher is better)."""
    if way == "same":
        return "neutral"
    if polarity not in ("up", "down"):
        return "neither"
    return "improving" if way == polarity else "worsening"


def latest(values: Sequence, polarity: str, variation: str | None = None) -> Marker | None:
    """The marker of the latest figure (``None`` with fewer than two numbers). ``variation``, on an
    XmR chart, is the latest point's variation meaning (``improving``, ``concerning``, ``neither``,
    or ``""`` for common cause): it gives the tone, so marker and reading agree."""
    way = moved(values)
    if way is None:
        return None
    if variation is not None:
        return Marker(way, VARIATION_TONES.get(variation, "neutral"))
    return Marker(way, tone(way, polarity))


# The key's words for each sample it draws (boardpaper.charts.key), in print order.
KEY_WORDS = {
    "markers-improving": "Latest figure up (▲) or down (▼) on the one before, and that is an improvement",
    "markers-worsening": "Latest figure up (▲) or down (▼) on the one before, and that is a deterioration",
    "markers-neither": "Up or down, for a KPI that is monitored only (neither better nor worse)",
    "marker-same": "No change on the figure before",
    "markers-common": "On a chart with process limits the latest marker's colour is its variation reading: "
                      "grey is common cause (usual variation)",
    "target": "Target",
    "mean": "Mean (process charts, 15 or more points)",
    "limits": "Process limits: points between them vary as usual",
    "rebase": "A new process starts here (a rebase): its mean and limits are read from this point on",
    "special": "Special cause: an unusual point, coloured as an improvement or a concern; a latest point "
               "that is one has its marker coloured the same",
}
