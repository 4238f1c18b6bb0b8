"""Helpers the plans views share: finding a plan of the client, stale-edit display, PDF responses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models
from django.http import Http404, HttpRequest
from django.utils.formats import date_format

from clients.views.common import client_context
from plans import selectors
from plans.models import Goal, Plan, Step

STALE_MESSAGE = (
    "{who} saved changes after you opened this page, so your changes have not been saved yet. "
    "Your text is kept below, with what is saved now beside it: compare them, then save again."
)


def plans_context(request: HttpRequest, client, *, section: str, **extra: Any) -> dict:
    """The client page context plus which part of the plans area is open (for the sub-navigation)."""
    return client_context(request, client, plans_section=section, **extra)


def plan_or_404(client, code) -> Plan:
    try:
        return selectors.plan_for_client(client=client, code=code)
    except Plan.DoesNotExist:
        raise Http404 from None


def goal_or_404(plan: Plan, code) -> Goal:
    try:
        return selectors.goal_for_plan(plan=plan, code=code)
    except Goal.DoesNotExist:
        raise Http404 from None


def step_or_404(plan: Plan, code) -> Step:
    try:
        return selectors.step_for_plan(plan=plan, code=code)
    except Step.DoesNotExist:
        raise Http404 from None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return str(value).replace("\r\n", "\n").strip()


def stale_values(form, current: models.Model, names: Iterable[str]) -> dict[str, str]:
    """What is saved now for each field where it differs from what this person typed."""
    cleaned = getattr(form, "cleaned_data", {})
    saved = {}
    for name in names:
        typed = _as_text(cleaned.get(name, form.data.get(name)))
        now = _as_text(getattr(current, name))
        if typed != now:
            display = getattr(current, f"get_{name}_display", None)
            saved[name] = (display() if display else now) or "(empty)"
    return saved


def mark_stale(form, current: models.Model, names: Iterable[str], *, message: str = "") -> dict[str, str]:
    """Keep the person's typing, move the form on to the saved version, and say what happened.
    Returns what is saved now for each field that differs from what they typed."""
    who = getattr(current, "updated_by", None)
    form.add_error(None, message or STALE_MESSAGE.format(who=str(who) if who else "Someone else"))
    form.data = form.data.copy()
    form.data["version"] = current.version
    return stale_values(form, current, names)
