"""A service's reminder settings and a person's digest preference."""

from __future__ import annotations

from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction

from recovery.accounts.models import Service, User
from recovery.audit.history import acting
from recovery.core.concurrency import StaleEditError, bump_version, lock_current_version
from recovery.reminders.models import DigestFrequency, ReminderPreference, ReminderSettings, Weekday


def reminder_settings_for(*, service: Service) -> ReminderSettings:
    """The service's settings, created with the defaults the first time they are asked for."""
    settings, _ = ReminderSettings.objects.get_or_create(service=service)
    return settings


@transaction.atomic
def reminder_settings_update(
    *,
    settings: ReminderSettings,
    by: User,
    expected_version: int,
    sweep_time: time,
    look_ahead_days: int,
    escalate_after_days: int,
) -> ReminderSettings:
    """Change when the sweep runs, how far ahead it looks and when it escalates."""
    errors = {}
    if not 1 <= look_ahead_days <= 90:
        errors["look_ahead_days"] = "Enter a number of days between 1 and 90."
    if not 1 <= escalate_after_days <= 90:
        errors["escalate_after_days"] = "Enter a number of days between 1 and 90."
    if errors:
        raise ValidationError(errors)
    current = lock_current_version(settings, expected_version=expected_version)
    current.sweep_time = sweep_time
    current.look_ahead_days = look_ahead_days
    current.escalate_after_days = escalate_after_days
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


def reminder_preference_for(*, user: User) -> ReminderPreference:
    """The person's preference, or an unsaved default (every day) until they choose."""
    preference = ReminderPreference.objects.filter(user=user).first()
    return preference or ReminderPreference(user=user, version=0)


@transaction.atomic
def reminder_preference_set(
    *, user: User, expected_version: int, frequency: str, weekday: int = Weekday.MONDAY
) -> ReminderPreference:
    """Save how often the person wants the digest. Version 0 means they had not chosen yet."""
    if frequency not in DigestFrequency.values:
        raise ValidationError({"frequency": "Choose how often you want the e-mail."})
    if weekday not in Weekday.values:
        raise ValidationError({"weekday": "Choose the day of the week for the e-mail."})
    with acting(user):
        if expected_version == 0:
            preference, created = ReminderPreference.objects.get_or_create(
                user=user, defaults={"frequency": frequency, "weekday": weekday}
            )
            if created:
                return preference
            raise StaleEditError(preference)
        preference = lock_current_version(ReminderPreference.objects.get(user=user), expected_version=expected_version)
        preference.frequency = frequency
        preference.weekday = weekday
        bump_version(preference)
        preference.save()
    preference.refresh_from_db()
    return preference
