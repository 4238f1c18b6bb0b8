"""Server-rendered SVG charts of programme outcomes (pygal), for pages and PDFs alike.

Charts are returned as ``data:`` URLs for an ``<img>``: the page's CSP forbids the inline
``<style>`` pygal puts inside its SVG, and WeasyPrint's URL fetcher accepts data: URLs, so
the same chart works on screen and in print. No pygal JavaScript is included. Every chart
sits beside a table of the same figures, which is what screen readers use.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import pygal
from pygal.style import Style

# Colours with at least 3:1 contrast against white, distinct for common colour blindness.
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0b5394", "#b45f06", "#38761d", "#741b47"),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
)


def _config(**options) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 900,
        "height": 380,
        "legend_at_bottom": True,
        "print_values": False,
        "truncate_label": 28,
        "x_label_rotation": 20,
        **options,
    }


def as_data_url(svg: str | bytes) -> str:
    data = svg.encode() if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode()


def attendance_chart(labels: Sequence[str], averages: Sequence[float | None], capacities: Sequence[int | None]) -> str:
    chart = pygal.Bar(**_config(title="Average attendance per session against capacity", y_title="People"))
    chart.x_labels = list(labels)
    chart.add("Average attendance", [value if value is not None else None for value in averages])
    chart.add("Capacity", [value if value else None for value in capacities])
    return as_data_url(chart.render())


def sessions_chart(labels: Sequence[str], run: Sequence[int], cancelled: Sequence[int]) -> str:
    chart = pygal.StackedBar(**_config(title="Sessions run and cancelled", y_title="Sessions"))
    chart.x_labels = list(labels)
    chart.add("Run", list(run))
    chart.add("Cancelled", list(cancelled))
    return as_data_url(chart.render())


def feedback_chart(by_rating: dict[int, int]) -> str:
    chart = pygal.Bar(**_config(title="Feedback ratings", y_title="Answers", x_label_rotation=0, show_legend=False))
    chart.x_labels = ["1 Poor", "2 Not great", "3 OK", "4 Good", "5 Great"]
    chart.add("Answers", [by_rating.get(rating, 0) for rating in range(1, 6)])
    return as_data_url(chart.render())
