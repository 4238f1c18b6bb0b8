"""Writes for the pre-tenancy course: the service's modules, sign-offs and completion.

Completion is written by ``pretenancy_sign_off`` when the last active module is signed off,
so reports count completions from one row per person and the certificate never changes
after it was awarded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from activities.models import (
    Activity,
    PreTenancyCompletion,
    PreTenancyModule,
    PreTenancyModuleActivity,
    PreTenancySignOff,
)
from activities.models.pretenancy import DEFAULT_MODULES
from clients.models import Client
from recovery.accounts.models import Service, User
from recovery.audit.history import acting


@transaction.atomic
def pretenancy_modules_for(*, service: Service) -> list[PreTenancyModule]:
    """The service's active modules in order; the default set is created the first time."""
    if not PreTenancyModule.objects.filter(service=service).exists():
        Service.objects.select_for_update().get(pk=service.pk)
        if not PreTenancyModule.objects.filter(service=service).exists():
            PreTenancyModule.objects.bulk_create(
                [
                    PreTenancyModule(service=service, title=title, position=number)
                    for number, title in enumerate(DEFAULT_MODULES, 1)
                ]
            )
    return list(PreTenancyModule.objects.filter(service=service, is_active=True).order_by("position", "id"))


@transaction.atomic
def pretenancy_modules_update(*, service: Service, by: User, titles: Sequence[str]) -> list[PreTenancyModule]:
    """Set the course's modules from a list of titles, in order. A title that stays keeps its
    module (and everyone's sign-offs); a title no longer listed is made inactive, not deleted."""
    titles = [title.strip() for title in titles if title.strip()]
    if not titles:
        raise ValidationError({"modules": "List at least one module, one per line."})
    if len({title.casefold() for title in titles}) != len(titles):
        raise ValidationError({"modules": "Each module can appear only once: remove the repeated line."})
    if any(len(title) > 120 for title in titles):
        raise ValidationError({"modules": "Keep each module title under 120 characters."})
    pretenancy_modules_for(service=service)
    existing = {module.title.casefold(): module for module in PreTenancyModule.objects.filter(service=service)}
    kept: set[int] = set()
    with acting(by):
        for position, title in enumerate(titles, 1):
            module = existing.get(title.casefold())
            if module is None:
                module = PreTenancyModule.objects.create(service=service, title=title, position=position)
            else:
                module.title, module.position, module.is_active = title, position, True
                module.save(update_fields=["title", "position", "is_active"])
            kept.add(module.pk)
        PreTenancyModule.objects.filter(service=service, is_active=True).exclude(pk__in=kept).update(is_active=False)
    return pretenancy_modules_for(service=service)


@transaction.atomic
def pretenancy_module_set_activities(
    *, module: PreTenancyModule, by: User, activities: Sequence[Activity]
) -> PreTenancyModule:
    """Choose the activities whose sessions count towards this module."""
    if any(activity.service_id != module.service_id for activity in activities):
        raise ValidationError({"activities": "Choose activities of this service."})
    wanted = {activity.pk for activity in activities}
    with acting(by):
        PreTenancyModuleActivity.objects.filter(module=module).exclude(activity_id__in=wanted).delete()
        have = set(PreTenancyModuleActivity.objects.filter(module=module).values_list("activity_id", flat=True))
        PreTenancyModuleActivity.objects.bulk_create(
            [PreTenancyModuleActivity(module=module, activity_id=pk) for pk in sorted(wanted - have)]
        )
    return module


@transaction.atomic
def pretenancy_sign_off(
    *, client: Client, module: PreTenancyModule, by: User, signed_off_on: date, note: str = ""
) -> tuple[PreTenancySignOff, PreTenancyCompletion | None]:
    """Sign a module off for a person; completes the course when it was the last one.
    Returns (sign-off, completion if the course is now complete)."""
    errors = {}
    if module.service_id != client.team.service_id or not module.is_active:
        errors["__all__"] = "This module is not part of the person's service's course."
    if signed_off_on > timezone.localdate():
        errors["signed_off_on"] = "Enter a date on or before today."
    if PreTenancySignOff.objects.filter(client=client, module=module).exists():
        errors["__all__"] = f"{module.title} is already signed off for {client.display_name}."
    if errors:
        raise ValidationError(errors)
    Client.objects.select_for_update().get(pk=client.pk)
    with acting(by):
        sign_off = PreTenancySignOff.objects.create(
            client=client, module=module, signed_off_on=signed_off_on, note=note.strip(), signed_off_by=by
        )
        completion = _complete_if_done(client=client, service_id=module.service_id, by=by)
    return sign_off, completion


def _complete_if_done(*, client: Client, service_id: int, by: User) -> PreTenancyCompletion | None:
    modules = list(PreTenancyModule.objects.filter(service_id=service_id, is_active=True).order_by("position", "id"))
    signed = PreTenancySignOff.objects.filter(client=client, module__in=modules)
    if (
        signed.count() < len(modules)
        or PreTenancyCompletion.objects.filter(client=client, service_id=service_id).exists()
    ):
        return None
    return PreTenancyCompletion.objects.create(
        client=client,
        service_id=service_id,
        completed_on=signed.aggregate(last=Max("signed_off_on"))["last"],
        modules=[module.title for module in modules],
        recorded_by=by,
    )
