"""The chart of one KPI as data: :func:`make_spec` turns series rows into a
:class:`~boardpaper.model.ChartSpec`; :func:`points` and :func:`status` read it back.

Nothing here draws or imports a drawing library.
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence

from .. import markers
from ..markers import Marker
from ..model import CHART_KINDS, POLARITIES, Annotation, ChartSpec, NumberStyle, Rebase, Series


def make_spec(kpi_id: str, label: str, points: Sequence[tuple], *,
              chart: str = "", polarity: str = "monitor", target: float | None = None,
              percent: bool = False, periods: Sequence[str] = (), rebases: Iterable[tuple[str, str]] = (),
              targets: Iterable[tuple[str, float]] = (),
              notes: Iterable[tuple[str, str, str]] = (),
              number: NumberStyle = NumberStyle()) -> ChartSpec | None:
    """The chart of one KPI, or ``None`` when it has no chart.

    ``points`` are ``(period, value, series)`` or ``(period, value, series, gap)`` in input order;
    ``value`` ``None`` is a gap, ``gap`` why (``[c]: confidential``), and ``series`` ``""`` is the
    unnamed series. The periods are ``periods`` (the reader's time order), then any other period
    of the points in order of first appearance; each series (in order of first appearance) gets
    one value per period, ``None`` where it has none. If a series repeats a period the later number
    wins, but a gap never replaces a number. Non-finite values (NaN, ±inf) count as gaps.

    ``chart`` is ``"line"`` or ``"bar"`` (forced), ``"none"`` (no chart), or ``""``/``"auto"``:
    a bar for 1–3 periods or when there is only one number, a line for 4 periods or more.
    Returns ``None`` for ``"none"`` and when there are no numbers at all.
    Raises ``ValueError`` for an unknown ``chart`` or ``polarity``. The spec has the model's
    default size; compose sets the size each chart is drawn at.

    ``rebases`` ``(period, reason)`` start a new process at that period (one at the first period,
    or at a period not in ``points``, starts nothing); ``targets`` ``(period, number)`` make a
    trajectory: each period's target is the last one given at or before it (``target`` before the
    first), and ``target`` becomes its last value; ``notes`` ``(period, series, text)`` are numbered
    1, 2, … in period order (input order within a period). ``number`` is how its labels write figures
    (the KPI's Current figure's format, :func:`boardpaper.figures.number_style`).
    """
    kind = (chart or "").strip().lower()
    if kind in ("", "auto"):
        kind = ""
    elif kind not in CHART_KINDS:
        raise ValueError(f"chart {chart!r} is not one of {', '.join(CHART_KINDS)} or blank")
    pol = (polarity or "monitor").strip().lower()
    if pol not in POLARITIES:
        raise ValueError(f"polarity {polarity!r} is not one of {', '.join(POLARITIES)}")
    if kind == "none":
        return None

    axis: dict[str, None] = dict.fromkeys(str(p).strip() for p in periods)
    table: dict[str, dict[str, float | None]] = {}
    reasons: dict[str, dict[str, str]] = {}
    for period, value, name, *why in points:
        period, name = str(period).strip(), str(name or "").strip()
        axis.setdefault(period, None)
        row = table.setdefault(name, {})
        v = finite(value)
        if v is not None or row.get(period) is None:
            row[period] = v
            if v is None and why and why[0]:
                reasons.setdefault(name, {})[period] = str(why[0])
    series = tuple(Series(name, tuple(row.get(p) for p in axis),
                          tuple(reasons[name].get(p, "") if row.get(p) is None else "" for p in axis)
                          if name in reasons else ()) for name, row in table.items())
    periods = tuple(p for p in axis)
    numbers = sum(v is not None for s in series for v in s.values)
    if numbers == 0:
        return None
    if not kind:
        kind = "bar" if len(periods) <= 3 or numbers == 1 else "line"
    order = {p: i for i, p in enumerate(periods)}
    trajectory = _trajectory(periods, finite(target), targets)
    return ChartSpec(kpi_id=kpi_id, label=label, periods=periods, series=series, kind=kind,
                     polarity=pol, target=trajectory[-1] if trajectory else finite(target),
                     percent=bool(percent), targets=trajectory, rebases=_rebases(order, rebases),
                     annotations=_annotations(order, [s.name for s in series], notes), number=number)


def _trajectory(periods: tuple[str, ...], start: float | None,
                targets: Iterable[tuple[str, float]]) -> tuple[float | None, ...]:
    """Each period's target, carried forward from the last one given (``start`` before the first);
    ``()`` when no period has one."""
    given = {}
    for period, value in targets:
        v = finite(value)
        if v is not None:
            given.setdefault(str(period).strip(), v)
    if not given.keys() & set(periods):
        return ()
    out, now = [], start
    for p in periods:
        now = given.get(p, now)
        out.append(now)
    return tuple(out)


def _rebases(order: dict[str, int], rebases: Iterable[tuple[str, str]]) -> tuple[Rebase, ...]:
    """The rebases by period index (the first at a period counts; none at the first period)."""
    found: dict[int, str] = {}
    for period, reason in rebases:
        i = order.get(str(period).strip(), 0)
        if i > 0 and str(reason).strip():
            found.setdefault(i, str(reason).strip())
    return tuple(Rebase(i, r) for i, r in sorted(found.items()))


def _annotations(order: dict[str, int], names: Sequence[str],
                 notes: Iterable[tuple[str, str, str]]) -> tuple[Annotation, ...]:
    """The notes at known periods, numbered in period order, each on its row's series."""
    at = [(order[str(p).strip()], names.index(str(s or "").strip()) if str(s or "").strip() in names else 0,
           str(t).strip()) for p, s, t in notes if str(p).strip() in order and str(t).strip()]
    at.sort(key=lambda a: a[0])  # stable: input order within a period
    return tuple(Annotation(n, i, series, text) for n, (i, series, text) in enumerate(at, start=1))


def kpi_spec(kpi, points: Sequence, periods: Sequence[str] = (), *, chart: str | None = None) -> ChartSpec | None:
    """:func:`make_spec` for one KPI of the input (a ``readers.workbook.Kpi``) from its ``series``
    rows (``readers.series.Point``) and its ``periods`` (``PaperInput.periods``, the axis in time
    order): its values and gaps, rebases, target trajectory and notes; ``chart`` overrides the KPI's
    chart kind. ``None`` when it has no chart."""
    return make_spec(kpi.id, kpi.kpi, [(p.period, p.value, p.series, p.gap) for p in points], periods=periods,
                     chart=kpi.chart if chart is None else chart, polarity=kpi.polarity,
                     target=kpi.target_value, percent=any(p.percent for p in points),
                     rebases=[(p.period, p.rebase) for p in points if p.rebase],
                     targets=[(p.period, p.target) for p in points if p.target is not None],
                     notes=[(p.period, p.series, p.note) for p in points if p.note])


def finite(value: float | None) -> float | None:
    """``value`` as a float, or ``None`` for a gap, a bool, NaN or ±inf."""
    if value is None or isinstance(value, bool):
        return None
    v = float(value)
    return v if math.isfinite(v) else None


def points(values: Iterable[float | None]) -> list[tuple[int, float]]:
    """``(index, value)`` of every figure, gaps left out."""
    return [(i, v) for i, v in enumerate(values) if v is not None]


def status(values: tuple[float | None, ...], polarity: str) -> str:
    """``improving``/``worsening``/``neutral``: a series' latest figure against its own previous
    figure (gaps skipped) by polarity (:mod:`boardpaper.markers`); ``neutral`` for ``monitor``, no
    change, or a single figure. A series is never compared with another series."""
    m = markers.latest(values, polarity)
    return m.tone if m is not None and m.tone in ("improving", "worsening") else "neutral"


def latest_markers(spec: ChartSpec) -> tuple[Marker | None, ...]:
    """Each series' latest-point marker (:func:`boardpaper.markers.latest`), ``None`` for a series
    with fewer than two figures. With process limits, the first series' marker takes the tone of
    its variation reading (the latest point's special-cause meaning; grey for common cause)."""
    out = []
    for i, s in enumerate(spec.series):
        variation = None
        if i == 0 and spec.limits is not None:
            pts = points(s.values)
            latest = pts[-1][0] if pts else -1
            variation = next((c.meaning for c in spec.limits.special if c.index == latest), "")
        out.append(markers.latest(s.values, spec.polarity, variation))
    return tuple(out)


def special_points(spec: ChartSpec) -> tuple[tuple[int, str], ...]:
    """``(index, status)`` of each special-cause point of ``spec.limits`` that names a figure of the
    first series, in order, once each; ``status`` is the marker tone of its meaning (``improving``,
    ``worsening`` for a concerning point, ``neither``). Empty without limits."""
    if spec.limits is None or not spec.series:
        return ()
    values = spec.series[0].values
    found = {c.index: markers.VARIATION_TONES.get(c.meaning, "neutral") for c in spec.limits.special
             if 0 <= c.index < len(values) and values[c.index] is not None}
    return tuple(sorted(found.items()))
