"""Small helpers the plan services share."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from plans.models import Plan
from recovery.accounts.models import User


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def require_draft(plan: Plan) -> None:
    if not plan.is_draft:
        raise ValidationError(
            "This version of the plan has been agreed, so it can no longer be changed. "
            "Start a new version to make changes."
        )


def touch_plan(plan: Plan, *, by: User) -> None:
    """Mark the plan as changed (its goals or steps), so a form opened earlier notices."""
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_by=by, updated_at=timezone.now())


def midday(day: date) -> datetime:
    """Day-only events sit at midday (Europe/London) on the timeline."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))


def moment_of(day: date) -> datetime:
    """Now if ``day`` is today, otherwise midday on that day."""
    return timezone.now() if day == timezone.localdate() else midday(day)
