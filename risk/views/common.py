"""Helpers the risk views share."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clients.selectors import team_workers
from clients.views.common import client_context
from recovery.accounts.access import scope_for
from risk.models import AREA_TEXT_FIELDS

INVALID = 422
CONFLICT = 409


# What to show of a record someone else saved first, beside the person's own unsaved text.
STALE_FIELDS = {
    "RiskArea": ("status", *AREA_TEXT_FIELDS),
    "RiskAssessment": ("review_priority", "summary", "review_reason_detail"),
    "ManagementAction": ("action", "owner", "owner_other", "due_on", "status"),
    "Alert": ("text", "detail", "review_on", "ends_on"),
    "SafeguardingConcern": (
        "la_referral", "la_referred_on", "la_reference", "la_not_referred_reason", "la_decision", "la_decision_on",
        "police_informed_on", "police_reference", "lead_informed_on", "lead_name",
    ),
}  # fmt: skip


def stale_rows(instance) -> list[tuple[str, str]]:
    rows = []
    for name in STALE_FIELDS.get(type(instance).__name__, ()):
        field = instance._meta.get_field(name)
        value = getattr(instance, f"get_{name}_display")() if field.choices else getattr(instance, name)
        if isinstance(value, date):
            value = f"{value.day} {value:%b %Y}"
        rows.append((str(field.verbose_name).capitalize(), "" if value is None else str(value)))
    return rows


def client_page(request: HttpRequest, client, template: str, *, status: int = 200, **extra) -> HttpResponse:
    if extra.get("stale") is not None:
        extra["stale_rows"] = stale_rows(extra["stale"])
    return render(request, template, client_context(request, client, **extra), status=status)


def status_for(request: HttpRequest, form: forms.Form) -> int:
    return INVALID if request.method == "POST" and form.errors else 200


def staff_for(client):
    return team_workers(team=client.team)


def require_team_leader(user) -> None:
    if not scope_for(user).is_team_leader:
        raise PermissionDenied("Only team leaders and service managers can see this page.")
