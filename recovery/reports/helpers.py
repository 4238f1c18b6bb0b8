"""Small helpers for the apps' report sections (domain apps import these; never the reverse)."""

from __future__ import annotations

from collections.abc import Iterable
from statistics import median


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a percentage to one decimal place; None when there is nothing to divide."""
    if not whole:
        return None
    return round(100.0 * part / whole, 1)


def median_or_none(values: Iterable[float]) -> float | None:
    values = list(values)
    return float(median(values)) if values else None


def label_for(choices: Iterable[tuple[str, str]], value: str, *, blank: str = "Not recorded") -> str:
    if not value:
        return blank
    return dict(choices).get(value, value)
