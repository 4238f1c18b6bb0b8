"""Template filters for report figures, which are stored as JSON (dates as ISO strings)."""

from __future__ import annotations

from datetime import date

from django import template

register = template.Library()


@register.filter
def iso_date(value: str) -> date | str:
    """``"2026-05-15"`` as a date, for ``|date:"j M Y"``; anything else unchanged."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
