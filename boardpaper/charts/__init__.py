"""KPI trend charts: one module per concern.

- :mod:`.spec`   the chart of a KPI as data (:func:`make_spec`), its points and status;
- :mod:`.words`  numbers as written and the chart in words (:func:`alt_text`);
- :mod:`.scene`  every mark of a chart, decided once (:func:`~.scene.scene`, :func:`drawn_size`);
- :mod:`.labels` where its words go (wrapping, the legend, period and bar labels, no overlaps);
- :mod:`.key`    the chart key's entries (what the paper's charts draw) and its samples;
- :mod:`.png`    the PNG painter (Pillow) and :class:`ChartImages`, one build's PNGs;
- :mod:`.vector` the vector painter (:func:`chart_drawing`, a reportlab Drawing).

A build's PNGs are painted in its DOCX process (:mod:`boardpaper.build.parallel`), beside the PDF layout.

Importing this package imports neither Pillow nor reportlab; each is imported on first use.
"""
from __future__ import annotations

from .png import ChartImages, chart_png
from .scene import drawn_size
from .spec import make_spec
from .vector import chart_drawing
from .words import alt_text

__all__ = ["make_spec", "alt_text", "chart_png", "chart_drawing", "drawn_size", "ChartImages"]
