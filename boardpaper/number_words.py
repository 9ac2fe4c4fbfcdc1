"""Numbers as the paper writes them: half-up rounding as written, thousands separators, a KPI's
own number format (:class:`~boardpaper.model.NumberStyle`). Shared by the charts' words and the
Current-figure checks (:mod:`boardpaper.figures`)."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .model import NumberStyle


def _round(v: float, places: int) -> Decimal:
    """``v`` rounded half-up as written (2.675 -> 2.68), at ``places`` decimals (may be negative)."""
    with localcontext() as ctx:
        ctx.prec = 80
        return Decimal(repr(float(v))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _plain(d: Decimal) -> str:
    """A Decimal with thousands separators and no trailing zeros; never ``-0``."""
    s = f"{d:,f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _num(v: float, percent: bool = False) -> str:
    """A number for reading: ``18,237``; ``2.68``; ``0.0012`` (2 significant decimals for
    fractions under 1); ``-5``; with ``%`` when ``percent`` (values are already in per cent)."""
    a = abs(v)
    if a >= 1e15:
        s = f"{v:,.0f}"
    elif a >= 1 or a == 0:
        s = _plain(_round(v, 2))
    else:
        s = _plain(_round(v, 1 - math.floor(math.log10(a))))
    return s + ("%" if percent else "")


def figure(v: float, number: NumberStyle = NumberStyle(), percent: bool = False) -> str:
    """``v`` written as the KPI writes its figures (``number``, from its Current figure):
    ``29,381``; ``5.17``; ``£1,200``; ``30%``. Rounded half-up as written; never ``-0``."""
    if number.decimals is None or abs(v) >= 1e15:  # beyond 15 digits: as _num writes it
        body = _num(abs(v))
        if not number.grouping:
            body = body.replace(",", "")
    else:
        d = _round(abs(v), number.decimals)
        body = f"{d:,.{number.decimals}f}" if number.grouping else f"{d:.{number.decimals}f}"
    sign = "-" if v < 0 and body.strip("0.,") else ""
    return f"{sign}{number.prefix}{body}{'%' if percent else number.suffix}"
