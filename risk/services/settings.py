"""A service's risk settings: the areas assessed, the alert types, sign-off and follow-up."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from recovery.accounts.models import Service, User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version
from risk.choices import Severity
from risk.models import RiskSettings


def risk_settings_for(*, service: Service) -> RiskSettings:
    """The service's settings, created with the defaults the first time they are asked for."""
    settings, _ = RiskSettings.objects.get_or_create(service=service)
    return settings


def _key_for(label: str, taken: set[str], existing: dict[str, str]) -> str:
    """Keep a known label's key (so earlier assessments still line up); make one for a new label."""
    if label.casefold() in existing:
        return existing[label.casefold()]
    base = slugify(label).replace("-", "_")[:36] or "area"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


@transaction.atomic
def risk_settings_update(
    *,
    settings: RiskSettings,
    by: User,
    expected_version: int,
    area_labels: Sequence[str],
    alert_types: Sequence[tuple[str, str]],
    sign_off_required: bool,
    safeguarding_follow_up_days: int,
) -> RiskSettings:
    """Change the settings. Area and alert-type keys are kept for labels that stay, so assessments
    already written keep lining up with the areas in a review; earlier versions keep their own labels."""
    errors = {}
    labels = [label.strip() for label in area_labels if label.strip()]
    if not labels:
        errors["areas"] = "List at least one area to assess, one per line."
    if len({label.casefold() for label in labels}) != len(labels):
        errors["areas"] = "Each area can appear only once: remove the repeated line."
    types = [(label.strip(), severity) for label, severity in alert_types if label.strip()]
    if not types:
        errors["alert_types"] = "Keep at least one alert type."
    if any(severity not in Severity.values for _, severity in types):
        errors["alert_types"] = "Choose how each alert type shows."
    if not 1 <= safeguarding_follow_up_days <= 90:
        errors["safeguarding_follow_up_days"] = "Enter a number of days between 1 and 90."
    if errors:
        raise ValidationError(errors)

    current = lock_current_version(settings, expected_version=expected_version)
    known_areas = {entry["label"].casefold(): entry["key"] for entry in current.areas}
    taken: set[str] = set()
    areas = []
    for label in labels:
        key = _key_for(label, taken, known_areas)
        taken.add(key)
        areas.append({"key": key, "label": label})
    known_types = {entry["label"].casefold(): entry["key"] for entry in current.alert_types}
    taken = set()
    new_types = []
    for label, severity in types:
        key = _key_for(label, taken, known_types)
        taken.add(key)
        new_types.append({"key": key, "label": label, "severity": severity})

    current.areas = areas
    current.alert_types = new_types
    current.sign_off_required = sign_off_required
    current.safeguarding_follow_up_days = safeguarding_follow_up_days
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current
