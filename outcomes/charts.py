"""Charts drawn on the server with pygal, as SVG.

The same SVG is shown on the page and in the PDF: both embed it as a ``data:`` image (the page's
Content Security Policy forbids the inline ``<style>`` pygal writes into an SVG, and a data image
keeps that style to itself; WeasyPrint's URL fetcher accepts data: URLs). Every chart comes with
a text alternative and a table beside it in the templates. Sizes suit an 820 px tablet: 760 wide,
with labels at 14 px and more.

The clinical range is shaded by two filled constant series: one at the top (or the cut-off) shaded,
one below painted in the background colour, so only the band between them stays shaded.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pygal
from django.core.cache import cache
from pygal.style import Style

from outcomes.measures import ClinicalSide, Measure

CHART_VERSION = 3  # bump when the drawing code changes, so cached charts are drawn again
CHART_CACHE_SECONDS = 24 * 60 * 60
WIDTH = 760
HEIGHT = 380
BACKGROUND = "#ffffff"
BAND = "#f6d5d5"
LINE = "#0b5394"
SECOND = "#b45309"
REFERENCE = "#3d3d3d"
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_CHART_ID = re.compile(r'id="chart-([0-9a-f-]{36})"')
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _style(*colors: str) -> Style:
    return Style(
        background=BACKGROUND,
        plot_background=BACKGROUND,
        foreground="#212529",
        foreground_strong="#212529",
        foreground_subtle="#6c757d",
        opacity="1",
        opacity_hover="1",
        colors=colors,
        font_family=FONT,
        label_font_size=14,
        major_label_font_size=14,
        value_font_size=14,
        legend_font_size=15,
        title_font_size=17,
        tooltip_font_size=14,
        stroke_width=3,
        stroke_width_hover=3,
        guide_stroke_color="#cfd4da",
        major_guide_stroke_color="#cfd4da",
    )


def _config(**options) -> dict:
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "js": [],  # no script: the charts are pictures, the tables beside them carry the numbers
        "disable_xml_declaration": True,
        "explicit_size": True,
        "margin": 16,
        "margin_right": 56,  # room for the last date label
        "truncate_legend": -1,
        "legend_at_bottom": True,
        "legend_box_size": 14,
        **options,
    }


@dataclass(frozen=True)
class Chart:
    svg: str
    title: str
    description: str  # the text alternative

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def _render(chart) -> str:
    """The SVG without pygal's configuration script, and with its random chart id replaced by one
    made from the content, so the same data always gives the same SVG (page and PDF alike)."""
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    found = _CHART_ID.search(svg)
    if found:
        random_id = found.group(1)
        stable = hashlib.sha256(svg.replace(random_id, "").encode("utf-8")).hexdigest()[:16]
        svg = svg.replace(random_id, stable)
    return svg


def _y_labels(low: float, high: float) -> list[float]:
    """Three to seven evenly spaced labels from the bottom to the top of the scale (7, 14, 21, 28, 35
    for SWEMWBS; 0, 9, 18, 27 for PHQ-9), so the gridlines stay few enough to read."""
    span = high - low
    candidates = (1, 2, 3, 4, 5, 7, 9, 10, 14, 20)
    exact = [step for step in candidates if span % step == 0 and 3 <= span / step <= 7]
    if exact:
        step = min(exact, key=lambda step: abs(span / step - 5))
    else:
        step = next((step for step in candidates if span / step <= 7), span)
    labels = [low]
    while labels[-1] + step < high - step / 2:
        labels.append(labels[-1] + step)
    return [*labels, high]


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _cached(draw):
    """Keep each drawn chart for a day, keyed by everything it is drawn from: the same readings
    always give the same SVG, so a chart is drawn once, not on every visit to the tab."""

    @functools.wraps(draw)
    def cached(**inputs) -> Chart:
        key = "outcomes:chart:" + hashlib.sha256(f"{CHART_VERSION}:{draw.__name__}:{inputs!r}".encode()).hexdigest()
        chart = cache.get(key)
        if chart is None:
            chart = draw(**inputs)
            cache.set(key, chart, CHART_CACHE_SECONDS)
        return chart

    return cached


def clinical_label(measure: Measure, cutoff: Decimal) -> str:
    if measure.clinical_side == ClinicalSide.AT_OR_ABOVE:
        return f"Clinical range ({cutoff:g} and above)"
    return f"Clinical range (below {cutoff:g})"


@_cached
def line_chart(
    *, measure: Measure, points: Sequence[tuple[date, Decimal]], cutoff: Decimal | None = None, title: str = ""
) -> Chart:
    """One measure's scores over time, with the clinical range shaded and any reference line."""
    cutoff = cutoff if cutoff is not None else measure.clinical_cutoff
    low, high = float(measure.score_min), float(measure.score_max)
    labels = [_day(day) for day, _ in points]
    count = max(len(points), 2)
    series: list[tuple[str, list, dict]] = []
    colors: list[str] = []
    if cutoff is not None and measure.clinical_side is not None:
        top = high if measure.clinical_side == ClinicalSide.AT_OR_ABOVE else float(cutoff)
        band = {"fill": True, "show_dots": False, "stroke_style": {"width": 0}}
        series.append((clinical_label(measure, cutoff), [top] * count, band))
        colors.append(BAND)
        if measure.clinical_side == ClinicalSide.AT_OR_ABOVE:
            series.append(("", [float(cutoff)] * count, band))
            colors.append(BACKGROUND)
    if measure.reference_line is not None:
        value, label = measure.reference_line
        series.append(
            (label, [float(value)] * count, {"show_dots": False, "stroke_style": {"width": 3, "dasharray": "10,6"}})
        )
        colors.append(REFERENCE)
    series.append(
        (measure.score_label, [float(score) for _, score in points], {"stroke_style": {"width": 3}, "dots_size": 5})
    )
    colors.append(LINE)
    chart = pygal.Line(
        **_config(
            range=(low, high),
            zero=low,
            y_labels=_y_labels(low, high),
            show_x_guides=False,
            include_x_axis=False,
            x_label_rotation=0 if len(points) <= 6 else 30,
            show_minor_x_labels=True,
            truncate_label=-1,
            show_legend=True,
            style=_style(*colors),
            title=title or None,
            print_values=False,
            allow_interruptions=True,
        )
    )
    chart.x_labels = labels or ["", ""]
    for name, values, options in series:
        chart.add(name or None, values, **options)
    first, last = (points[0], points[-1]) if points else (None, None)
    description = f"{measure.short_name} {measure.score_label.lower()} over time, from {low:g} to {high:g}."
    if first and last:
        description += f" {len(points)} readings: {first[1]} on {_day(first[0])}" + (
            f", latest {last[1]} on {_day(last[0])}." if len(points) > 1 else "."
        )
    if cutoff is not None and measure.clinical_side is not None:
        description += f" Shaded: {clinical_label(measure, cutoff).lower()}."
    return Chart(_render(chart), title or f"{measure.short_name} over time", description)


@_cached
def radar_chart(
    *, areas: Sequence[str], first: Sequence[float], latest: Sequence[float] | None, scale_max: int, first_label: str,
    latest_label: str,
) -> Chart:  # fmt: skip
    """The life-areas profile as a star: the first and the latest reading overlaid."""
    chart = pygal.Radar(
        **_config(
            height=460,
            range=(0, scale_max),
            fill=False,
            style=_style(LINE, SECOND),
            show_legend=True,
            truncate_label=-1,
        )
    )
    chart.x_labels = list(areas)
    chart.add(first_label, list(first), stroke_style={"width": 3})
    if latest is not None:
        chart.add(latest_label, list(latest), stroke_style={"width": 3, "dasharray": "8,4"})
    description = f"Life areas profile on a scale of 1 to {scale_max}. {first_label}: " + ", ".join(
        f"{area} {value:g}" for area, value in zip(areas, first, strict=True)
    )
    if latest is not None:
        description += f". {latest_label}: " + ", ".join(
            f"{area} {value:g}" for area, value in zip(areas, latest, strict=True)
        )
    return Chart(_render(chart), "Life areas: first and latest", description + ".")


@_cached
def service_summary_chart(*, rows: Sequence[dict]) -> Chart:
    """Per measure, the share of paired clients with reliable improvement / no change / deterioration."""
    chart = pygal.HorizontalStackedBar(
        **_config(
            height=120 + 56 * max(len(rows), 1),
            range=(0, 100),
            style=_style("#1b7a3d", "#9aa5b1", "#b3261e"),
            show_legend=True,
            print_values=False,
        )
    )
    chart.x_labels = [f"{row['short_name']} (n={row['n_paired']})" for row in rows]
    chart.add("Reliable improvement %", [row["pct_improved"] or 0 for row in rows])
    chart.add("No reliable change %", [row["pct_no_change"] or 0 for row in rows])
    chart.add("Reliable deterioration %", [row["pct_deteriorated"] or 0 for row in rows])
    description = "; ".join(
        f"{row['short_name']}: {row['n_paired']} paired, {row['pct_improved'] or 0:g}% reliable improvement, "
        f"{row['pct_no_change'] or 0:g}% no reliable change, {row['pct_deteriorated'] or 0:g}% reliable deterioration"
        for row in rows
    )
    return Chart(_render(chart), "Reliable change by measure", description or "No paired readings.")
