"""Helpers every app uses for forms: showing a service's refusal on the form the person filled in,
keeping their text after an edit conflict, and refusing dates in the future."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

STALE_MESSAGE = (
    "Someone else saved changes after you opened this page, so yours were not saved. Your text is still "
    "below, with what they saved beside it: bring the two together, then save again."
)


def apply_service_errors(form: forms.Form, error: ValidationError, *, elsewhere: bool = False) -> dict[str, list[str]]:
    """Put a service's ValidationError beside the fields it names.

    Errors naming a field the form does not have go at the top of the form, or, with
    ``elsewhere=True``, are returned so the page can show them where they belong (for example
    beside one area of a risk assessment on the agree page).
    """
    others: dict[str, list[str]] = {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return others
    for field, messages in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, messages)
        elif elsewhere and field != "__all__":
            others[field] = messages
        else:
            form.add_error(None, messages)
    return others


def keep_text_after_conflict(form: forms.Form, current_version: int, *, message: str = STALE_MESSAGE) -> None:
    """After a stale save: keep what the person typed, and move the form to the saved version
    so that saving again is a deliberate choice."""
    form.add_error(None, message)
    form.data = form.data.copy()
    form.data["version"] = current_version


def reject_future_date(day: date, field: str) -> None:
    """Services recording something that has happened refuse a date after today, next to the field."""
    if day > timezone.localdate():
        raise ValidationError({field: "Enter a date on or before today."})
