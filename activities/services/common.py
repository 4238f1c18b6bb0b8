"""Small helpers the activities services share."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def clean_text(value: str | None) -> str:
    return (value or "").strip()
