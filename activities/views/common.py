"""Helpers the activities views share."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import HttpRequest

from activities.access import can_manage_programme, can_run_programme

INVALID = 422
CONFLICT = 409


def status_for(request: HttpRequest, form: forms.Form) -> int:
    return INVALID if request.method == "POST" and form.errors else 200


def programme_context(request: HttpRequest, service, **extra) -> dict:
    """What every programme page needs: the service and what the user may do in it."""
    return {
        "service": service,
        "can_run": can_run_programme(request.user, service.pk),
        "can_manage": can_manage_programme(request.user, service.pk),
        **extra,
    }


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
