"""A service's plan settings: the saved row, or the defaults until a manager saves some."""

from __future__ import annotations

from plans.models import PlanSettings
from recovery.accounts.models import Service


def plan_settings_for(*, service: Service) -> PlanSettings:
    """The service's settings without writing anything: an unsaved row of defaults if none is saved yet
    (``plans.services.plan_settings_update`` creates it). Uses ``service.plan_settings`` if already loaded."""
    try:
        return service.plan_settings
    except PlanSettings.DoesNotExist:
        return PlanSettings(service=service)
