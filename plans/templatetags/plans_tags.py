"""Template helpers for plans: dictionary lookups, ticked boxes after an error, the 12-week trend chart."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

CHART_WIDTH = 360
CHART_HEIGHT = 120
CHART_BOTTOM = 100  # the baseline; labels go underneath


@register.filter
def lookup(mapping: Any, key: str) -> Any:
    """``{{ stale|lookup:"about_me" }}``: a dictionary value by key, or None."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def ticked(value: Any, request) -> bool:
    """Was this box ticked in the form just sent (so a form shown again with errors keeps the tick)?"""
    if request is None or request.method != "POST":
        return False
    return str(value) in request.POST.getlist("early_warning_signs")


@register.simple_tag
def trend_chart(trend: list) -> dict[str, Any]:
    """Bars for an SVG chart of signs noticed per week: geometry only, no inline styles (CSP)."""
    weeks = len(trend) or 1
    slot = CHART_WIDTH / weeks
    width = slot * 0.7
    highest = max((week.count for week in trend), default=0)
    scale = (CHART_BOTTOM - 12) / max(highest, 1)
    bars = []
    for index, week in enumerate(trend):
        height = week.count * scale
        bars.append(
            {
                "x": round(index * slot + (slot - width) / 2, 1),
                "y": round(CHART_BOTTOM - height, 1),
                "width": round(width, 1),
                "height": round(height, 1),
                "label_x": round(index * slot + slot / 2, 1),
                "count_y": round(CHART_BOTTOM - height - 3, 1),
                "count": week.count,
                "starts_on": week.starts_on,
                "show_date": index in (0, weeks // 2, weeks - 1),
            }
        )
    return {
        "bars": bars,
        "highest": highest,
        "total": sum(week.count for week in trend),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_BOTTOM,
        "date_y": CHART_HEIGHT - 4,
    }
