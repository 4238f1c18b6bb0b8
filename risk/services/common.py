"""Small helpers the risk services share."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

FUTURE_DATE = "Enter a date on or before today: this records something that has already happened."
FUTURE_DATETIME = "Enter a date and time that is not in the future: this records something that has already happened."


def not_in_future(errors: dict, field: str, value: date | datetime | None) -> None:
    """Add an error for ``field`` if an event's date is in the future (5 minutes' grace for clocks)."""
    if value is None:
        return
    if isinstance(value, datetime):
        if value > timezone.now() + timedelta(minutes=5):
            errors[field] = FUTURE_DATETIME
    elif value > timezone.localdate():
        errors[field] = FUTURE_DATE


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def clean_text(value: str | None) -> str:
    return (value or "").strip()
