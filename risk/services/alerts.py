"""Alerts: short warnings shown wherever the client appears. Ended, never deleted."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version
from risk.models import Alert
from risk.services.common import clean_text, raise_if
from risk.services.settings import risk_settings_for


def _validate_dates(errors: dict, *, starts_on: date | None, review_on: date | None, ends_on: date | None) -> None:
    today = timezone.localdate()
    if starts_on is None:
        errors["starts_on"] = "Enter the date the alert applies from."
        return
    if review_on is not None and review_on < max(starts_on, today):
        errors["review_on"] = "Enter a review date on or after the start date, and not in the past."
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "Enter an end date on or after the start date."


@transaction.atomic
def alert_set(
    *,
    client: Client,
    by: User,
    alert_type: str,
    starts_on: date | None,
    text: str = "",
    detail: str = "",
    review_on: date | None = None,
    ends_on: date | None = None,
) -> Alert:
    """Set an alert of one of the service's types; its text defaults to the type's name."""
    settings = risk_settings_for(service=client.team.service)
    kind = settings.alert_type(alert_type)
    errors = {}
    if kind is None:
        errors["alert_type"] = "Choose a type of alert."
    text = clean_text(text) or (kind["label"] if kind and kind["key"] != "other" else "")
    if not text:
        errors["text"] = "Write the alert as colleagues should see it, for example: Do not contact ex-partner."
    elif len(text) > 80:
        errors["text"] = "Keep the alert to 80 characters or fewer; put the rest in More detail."
    _validate_dates(errors, starts_on=starts_on, review_on=review_on, ends_on=ends_on)
    raise_if(errors)
    with acting(by):
        return Alert.objects.create(
            client=client,
            alert_type=alert_type,
            text=text,
            detail=clean_text(detail),
            severity=kind["severity"],
            starts_on=starts_on,
            review_on=review_on,
            ends_on=ends_on,
            set_by=by,
        )


@transaction.atomic
def alert_update(
    *,
    alert: Alert,
    by: User,
    expected_version: int,
    text: str,
    detail: str = "",
    review_on: date | None = None,
    ends_on: date | None = None,
) -> Alert:
    """Change the wording, detail, review or end date of an alert that has not been ended."""
    current = lock_current_version(alert, expected_version=expected_version)
    if current.ended_at is not None:
        raise ValidationError("This alert has ended. Set a new alert if it applies again.")
    errors = {}
    text = clean_text(text)
    if not text:
        errors["text"] = "Write the alert as colleagues should see it."
    elif len(text) > 80:
        errors["text"] = "Keep the alert to 80 characters or fewer; put the rest in More detail."
    _validate_dates(errors, starts_on=current.starts_on, review_on=review_on, ends_on=ends_on)
    raise_if(errors)
    current.text, current.detail, current.review_on, current.ends_on = text, clean_text(detail), review_on, ends_on
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def alert_end(*, alert: Alert, by: User, reason: str) -> Alert:
    """End an alert now, with a reason. It stays on the record, marked as ended. Idempotent."""
    current = Alert.objects.select_for_update().get(pk=alert.pk)
    if current.ended_at is not None:
        return current
    if not clean_text(reason):
        raise ValidationError({"reason": "Say why the alert no longer applies."})
    current.ended_at, current.ended_by, current.end_reason = timezone.now(), by, clean_text(reason)[:200]
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current
