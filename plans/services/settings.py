"""A service's plan settings, created on first save (reads use ``plans.selectors.plan_settings_for``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from plans.models import PlanSettings
from plans.validators import validate_uk_phone
from recovery.accounts.models import Service, User
from recovery.audit.history import acting


def _clean_life_areas(life_areas: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for area in life_areas:
        area = " ".join(area.split())
        if area and area.lower() not in {seen.lower() for seen in cleaned}:
            cleaned.append(area[:80])
    if not cleaned:
        raise ValidationError({"life_areas": "Enter at least one life area, one per line."})
    return cleaned


def _clean_crisis_contacts(contacts: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for contact in contacts:
        name = " ".join((contact.get("name") or "").split())
        phone = (contact.get("phone") or "").strip()
        detail = (contact.get("detail") or "").strip()
        if not (name or phone or detail):
            continue
        if not name:
            raise ValidationError({"crisis_contacts": "Give each crisis contact a name, such as Samaritans."})
        try:
            validate_uk_phone(phone)
        except ValidationError as error:
            raise ValidationError({"crisis_contacts": f"{name}: {error.messages[0]}"}) from None
        cleaned.append({"name": name, "phone": phone, "detail": detail})
    if not cleaned:
        raise ValidationError({"crisis_contacts": "Keep at least one crisis contact, such as Samaritans 116 123."})
    return cleaned


@transaction.atomic
def plan_settings_update(
    *,
    service: Service,
    by: User,
    early_warning_threshold: int,
    early_warning_window_days: int,
    sign_off_required: bool,
    life_areas: Sequence[str],
    crisis_contacts: Sequence[dict[str, str]],
) -> PlanSettings:
    """Save a service's plan settings (creating the row with defaults the first time)."""
    errors = {}
    if not 1 <= early_warning_threshold <= 50:
        errors["early_warning_threshold"] = "Enter a number of signs between 1 and 50."
    if not 1 <= early_warning_window_days <= 90:
        errors["early_warning_window_days"] = "Enter a window between 1 and 90 days."
    if errors:
        raise ValidationError(errors)
    with acting(by):
        settings, _ = PlanSettings.objects.select_for_update().get_or_create(service=service)
        settings.early_warning_threshold = early_warning_threshold
        settings.early_warning_window_days = early_warning_window_days
        settings.sign_off_required = sign_off_required
        settings.life_areas = _clean_life_areas(life_areas)
        settings.crisis_contacts = _clean_crisis_contacts(crisis_contacts)
        settings.updated_by = by
        settings.save()
    return settings
