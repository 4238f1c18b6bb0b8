"""Compute a report's figures once, from every chosen section in the registry, and prepare them
for output: suppression of small counts in breakdowns, targets, charts.

The same prepared figures feed the PDF, the CSV files and the on-screen preview, so the three
always agree. Nothing here knows what any section is about: sections follow the
``ReportSection`` contract in ``recovery.core.registries``.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections

from recovery.core.registries import ReportSection, ordered_report_sections, report_sections
from recovery.reports.routers import replica_reads, report_database
from recovery.reports.targets import target_for

SUPPRESSED = "<{threshold}"
CHART_MIN_BARS = 3
CHART_MIN_SHOWN = 2
ONE_DECIMAL = Decimal("0.1")


def sections_for(section_keys: Sequence[str]) -> list[ReportSection]:
    """The definition's sections in report order; every registered section when none are chosen.
    A key whose app is no longer installed is left out rather than failing the report."""
    if not section_keys:
        return ordered_report_sections()
    wanted = set(section_keys)
    return [section for section in ordered_report_sections() if section.key in wanted]


def rounded(value: float) -> Decimal:
    """A fractional figure to one decimal place, halves rounded up (4.25 → 4.3, 2.875 → 2.9).

    The one rounding of every output: the PDF and the preview show it and the CSV writes it, so a
    figure is the same in all three. It rounds the number as written (``repr``), not its binary
    value, which is what someone checking by hand expects (``f"{4.25:.1f}"`` gives 4.2).
    """
    return Decimal(repr(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def display_value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return str(rounded(value))
    return str(value)


def is_suppressed(breakdown: str, value: Any, threshold: int) -> bool:
    """A count in a breakdown from 1 to threshold − 1; headline figures and non-counts never are."""
    return bool(breakdown) and isinstance(value, int) and not isinstance(value, bool) and 1 <= value < threshold


def prepare_rows(rows: Iterable[Sequence[Any]], *, threshold: int, targets: dict[str, float]) -> list[dict[str, Any]]:
    """Rows ready for every output: ``shown`` is the suppressed text (or the exact value)."""
    prepared = []
    headline = previous = None
    for figure, breakdown, value in rows:
        figure, breakdown = str(figure), str(breakdown or "")
        if not breakdown:
            headline = figure
        # Breakdowns not under their own headline figure (equality monitoring's characteristics)
        # are shown under a heading row naming the figure, once per run of rows.
        group_title = figure if breakdown and figure != headline and figure != previous else ""
        previous = figure
        suppressed = is_suppressed(breakdown, value, threshold)
        target = target_for(targets, figure, breakdown)
        prepared.append(
            {
                "figure": figure,
                "breakdown": breakdown,
                "label": breakdown or figure,
                "group_title": group_title,
                "value": None if suppressed else value,
                "shown": SUPPRESSED.format(threshold=threshold) if suppressed else display_value(value),
                "suppressed": suppressed,
                "target": target,
                "target_met": None if target is None or value is None else float(value) >= target,
            }
        )
    return prepared


@dataclass
class SqlTimer:
    """Adds up the time spent executing SQL on a connection."""

    seconds: float = 0.0
    queries: int = 0

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - began
            self.queries += 1


@contextmanager
def timing_sql(alias: str):
    timer = SqlTimer()
    with connections[alias].execute_wrapper(timer):
        yield timer


@dataclass
class ComputedReport:
    sections: list[dict[str, Any]] = field(default_factory=list)
    sql_seconds: float = 0.0
    compute_seconds: float = 0.0
    queries: int = 0


def compute_report(
    *,
    section_keys: Sequence[str],
    start: date,
    end: date,
    service_ids: Sequence[int],
    threshold: int,
    targets: dict[str, float],
) -> ComputedReport:
    """Every section's figures, computed once; SQL time measured separately from the rest.

    Reads go to the replica when one is configured (``DATABASE_REPLICA_URL``).
    """
    report = ComputedReport()
    began = time.perf_counter()
    with replica_reads(), timing_sql(report_database()) as timer:
        for section in sections_for(section_keys):
            data = section.compute(start=start, end=end, service_ids=list(service_ids))
            # Stored as JSON on the run: round-trip now so every output reads exactly what is stored.
            data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
            rows = prepare_rows(section.csv_rows(data), threshold=threshold, targets=targets)
            report.sections.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "definition": section.definition,
                    "data": data,
                    "rows": rows,
                }
            )
    report.compute_seconds = time.perf_counter() - began
    report.sql_seconds = timer.seconds
    report.queries = timer.queries
    return report


def section_template(key: str) -> str:
    """The template of a registered section (a section later unregistered shows as a plain table)."""
    return report_sections.get(key).template if key in report_sections else "reports/sections/table.html"


def chart_groups(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Breakdowns worth a bar chart: a figure with at least three breakdown counts, two of them
    shown and above zero.

    Suppressed counts are left out of the chart (a bar's length would give them away) and the
    chart says so.
    """
    groups: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for row in rows:
        if row["breakdown"] and (row["suppressed"] or isinstance(row["value"], int)):
            # "Type: Phone" and "Outcome: Attended" under one figure are two charts, not one.
            prefix, _, rest = row["breakdown"].partition(": ")
            kind, label = (prefix, rest) if rest else ("", row["breakdown"])
            groups.setdefault((row["figure"], kind), []).append((label, row))
    charts = []
    for (figure, kind), members in groups.items():
        if len(members) < CHART_MIN_BARS:
            continue
        shown = [(label, row) for label, row in members if not row["suppressed"]]
        if sum(1 for _, row in shown if row["value"]) < CHART_MIN_SHOWN:
            continue  # one bar, or only zeros, says nothing the table does not
        title = f"{figure}: {kind.lower()}" if kind else figure
        charts.append(
            {
                "figure": title,
                "svg": bar_chart_data_uri(title, [(label, row["value"]) for label, row in shown]),
                "left_out": len(members) - len(shown),
            }
        )
    return charts


def bar_chart_data_uri(title: str, bars: Sequence[tuple[str, int]]) -> str:
    """A horizontal bar chart as an SVG data: URI (WeasyPrint and the page's CSP both allow data:)."""
    import pygal
    from pygal.style import Style

    style = Style(
        background="white",
        plot_background="white",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#b1b4b6",
        colors=("#1d70b8",),
        font_family="DejaVu Sans, Arial, sans-serif",
        label_font_size=11,
        major_label_font_size=11,
        value_font_size=10,
        title_font_size=13,
    )
    chart = pygal.HorizontalBar(
        style=style,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        show_x_guides=False,
        show_y_guides=False,
        width=760,
        height=max(140, 34 * len(bars) + 70),
        margin=8,
        truncate_label=-1,
        disable_xml_declaration=True,
        js=[],
    )
    chart.title = title
    labels = [label for label, _ in reversed(bars)]
    chart.x_labels = [label if len(label) <= 48 else label[:46] + "…" for label in labels]
    chart.add(title, [value for _, value in reversed(bars)])
    svg = chart.render()
    if isinstance(svg, str):
        svg = svg.encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
