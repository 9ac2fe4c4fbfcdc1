"""The readings of an input's KPIs: each KPI's first series with its rebases, target trajectory and
baseline, read by the rules of :mod:`.xmr` (stated there once), for the paper and for ``boardpaper
status``."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..model import ChartSpec, ProcessLimits, Reading
from .xmr import FEATURES, MIN_POINTS, limits, numbers, reading

if TYPE_CHECKING:  # pragma: no cover
    from ..readers.series import Point
    from ..readers.workbook import Kpi, PaperInput


def first_series(kpi: Kpi, points: Sequence[Point], periods: Sequence[str] = ()) -> ChartSpec | None:
    """A KPI's chart data as a line (whatever its chart kind): its first series, aligned with the
    chart's ``periods`` (the input's axis of the KPI, in time order), with its rebases and targets
    (the same derivation as the chart's, :func:`boardpaper.charts.spec.kpi_spec`); ``None`` when
    it has no numbers."""
    from ..charts.spec import kpi_spec

    return kpi_spec(kpi, points, periods, chart="line")


def kpi_reading(kpi: Kpi, line: ChartSpec | None, min_points: int = MIN_POINTS) -> Reading | None:
    """The reading of ``kpi`` from its :func:`first_series` (its latest process, against its
    latest target and its ``baseline``)."""
    if line is None:
        return None
    return reading(line.series[0].values, kpi.polarity, line.target, min_points,
                   rebases=[(r.index, r.reason) for r in line.rebases], baseline=kpi.baseline)


def kpi_limits(kpi: Kpi, line: ChartSpec | None, min_points: int = MIN_POINTS) -> ProcessLimits | None:
    """What the chart of ``kpi`` draws from its :func:`first_series`: :func:`limits` per process."""
    if line is None:
        return None
    return limits(line.series[0].values, kpi.polarity, min_points,
                  rebases=[(r.index, r.reason) for r in line.rebases], baseline=kpi.baseline)


def readings(paper: PaperInput, min_points: int = MIN_POINTS) -> list[tuple[str, Reading | None]]:
    """``(kpi id, reading)`` of every KPI of ``paper``, in input order."""
    return [(k.id, kpi_reading(k, first_series(k, paper.series.get(k.id, []), paper.periods.get(k.id, ())),
                               min_points)) for k in paper.kpis]


def status_report(path, layout=None) -> list[dict]:
    """The ``boardpaper status`` data: per KPI ``{"kpi", "points", "variation", "assurance",
    "direction", "segment_start", "mean", "lower", "upper", "target", "rebase_reason"}`` with the
    layout's ``min_points``: ``points`` and the rest read from the latest process (from the period
    ``segment_start``, the latest rebase's, with its ``rebase_reason``; the first period and
    ``None`` without one), ``target`` the latest; ``None`` where not applicable; ``exception``: whether
    the KPI gets an exception report under the layout's ``[exceptions]`` rules and its ``exception``
    column (``false`` when the layout has none), ``owner`` its owner. Raises ``InputError``."""
    from pathlib import Path

    from ..api import choose_layout
    from ..readers.workbook import read_paper

    from ..compose.exceptions import is_exception

    paper = read_paper(Path(path))
    lay = choose_layout(paper, layout)
    out = []
    for k in paper.kpis:
        line = first_series(k, paper.series.get(k.id, []), paper.periods.get(k.id, ()))
        r = kpi_reading(k, line, lay.status.min_points)
        values = line.series[0].values if line else ()
        start = r.segment_start if r else 0
        out.append({"kpi": k.id, "points": r.points if r else len(numbers(values)),
                    "variation": r.variation if r else None, "assurance": r.assurance if r else None,
                    "direction": r.direction if r else None,
                    "segment_start": line.periods[start] if line else None,
                    "mean": r.mean if r else None, "lower": r.lower if r else None,
                    "upper": r.upper if r else None, "target": line.target if line else k.target_value,
                    "rebase_reason": (r.rebase_reason or None) if r else None,
                    "exception": lay.exceptions.on and is_exception(k, r, lay.exceptions.when),
                    "owner": k.owner or None})
    return out


def features_of(paper: PaperInput) -> tuple[str, ...]:
    """Which of :data:`FEATURES` the KPIs of ``paper`` use (so the key explains them)."""
    points = [p for k in paper.kpis for p in paper.series.get(k.id, [])]
    used = {"rebase": any(p.rebase for p in points), "baseline": any(k.baseline for k in paper.kpis),
            "trajectory": any(p.target is not None for p in points), "note": any(p.note for p in points)}
    return tuple(f for f in FEATURES if used[f])
