"""A Document made by hand (no workbook): two sections, one with three sub-objective groups, for the
writers' tests."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from boardpaper.compose.document import make_cover, make_furniture, make_properties, make_section
from boardpaper.layout import Layout
from boardpaper.model import ChartSpec, Column, Document, Group, Note, Row, Source

GOV = Source("uplift", "Police officer uplift, quarterly update to March 2022 - GOV.UK (www.gov.uk)",
             "https://www.gov.uk/government/statistics/police-officer-uplift?a=1&b=2")
PLAIN = Source("nfib", "NFIB Dashboard", None)
SCRIPT = Source("bad", "Not a web link", None)  # the model refuses javascript: (test_model)
LONG_KPI = ("Monitor the estimates for perceived high levels of anti-social behaviour and the percentage of "
            "respondents saying that the police and local council are dealing with the issues that matter")
COLUMNS = (Column("sub_objective", "Sub-Objective", 18), Column("kpi", "Key Performance Indicator", 38),
           Column("current", "Current / Latest", 22), Column("benchmark", "Historical Performance / Benchmark", 22))


def make_document(chart: ChartSpec | None = None) -> Document:
    """Two sections: the first without sub-objectives, the second with three groups."""
    rows1 = (
        Row("A1", "Meet or exceed the uplift target of 1,200 new Police Officers", "",
            (("current", "1,017 [Mar 22]"), ("benchmark", "730 Y1 & Y2 allocation")), (Note(1, GOV),), chart),
        Row("A2", "Total officers will increase to over 8,000", "",
            (("current", "7,708 [Mar 22]"), ("benchmark", "6691 [Adjusted baseline]")), (Note(2, GOV),)),
        Row("A3", "Positive outcomes for S&H\x0b offences", "",
            (("current", "DA 4%; S&H 2%\nRape 2%"), ("benchmark", "Poor <1 volunteer")),
            (Note(3, PLAIN), Note(4, SCRIPT))),
    )
    rows2 = (
        Row("B1", "Reduce repeat rates ≥ £ – ŵ", "Violence against women and girls",
            (("current", "30%"), ("benchmark", "34% {2020/21}")), (), chart),
        Row("B2", LONG_KPI, "Violence against women and girls", (("current", "TBC"),)),
        Row("B3", "Increase positive outcome rates", "Bringing offenders to justice",
            (("current", "2%"), ("benchmark", "5%"))),
        Row("B4", "Reduce outstanding suspects", "Bringing offenders to justice", (("current", "x"),)),
        Row("B5", "Number of cadets", "Cadets", (("current", "210"),)),
    )
    groups = (Group("Violence against women and girls", "bp_s2_g1", 0, 2),
              Group("Bringing offenders to justice", "bp_s2_g2", 2, 2), Group("Cadets", "bp_s2_g3", 4, 1))
    layout = make_layout(columns=COLUMNS)
    fields = {"board": "Strategic Policing and Crime Board", "meeting": "May 2022",
              "title": "Performance Report Appendix – Police and Crime Plan Scorecard",
              "agenda_item": "AGENDA ITEM 5", "appendix": "Appendix A", "plan_priority": "Regular Item",
              "presented_by": "N/A", "author": "OPCC", "keywords": "scorecard; performance"}
    cover = make_cover(fields, ("Scorecard overview of performance", "Navigate with {the} contents"), layout)
    return Document(cover, (make_section(layout, "Rebuilding community policing", "bp_s1", rows1, ()),
                            make_section(layout, "Preventing and Reducing Crime", "bp_s2", rows2, groups)),
                    datetime(2022, 5, 1, 9, 30, tzinfo=timezone.utc),
                    furniture=make_furniture(cover, layout), properties=make_properties(fields, cover, layout))


def make_layout(**changes) -> Layout:
    """The bundled house style, but built from the layout alone (no reference DOCX)."""
    return replace(Layout(name="test", folder=Path(__file__).parent, page_size=(297.0, 210.0)), **changes)
