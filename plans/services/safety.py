"""The client's safety plan (Stanley–Brown order)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clients.models import Client
from plans.choices import WrittenBy
from plans.models import SafetyPlan
from plans.services.common import clean_text
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.concurrency import StaleEditError, bump_version, lock_current_version

# In the order the person works through them.
SAFETY_TEXT_FIELDS = (
    "warning_signs",
    "coping_strategies",
    "distractions",
    "people_to_ask",
    "professionals",
    "safer_environment",
    "reason_for_living",
)


@transaction.atomic
def safety_plan_save(
    *, client: Client, by: User, expected_version: int | None, written_by: str = WrittenBy.CLIENT, **texts: Any
) -> SafetyPlan:
    """Create the safety plan (``expected_version=None``) or change it; StaleEditError if someone saved first."""
    unknown = set(texts) - set(SAFETY_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected safety plan fields: {', '.join(sorted(unknown))}")
    texts = {name: clean_text(value) for name, value in texts.items()}
    errors = {}
    if not texts.get("warning_signs"):
        errors["warning_signs"] = "Write the warning signs in the client's own words: the plan starts from them."
    if not any(texts.get(name) for name in ("coping_strategies", "distractions", "people_to_ask")):
        errors["coping_strategies"] = "Write at least one thing the client can do or someone they can turn to."
    if written_by not in WrittenBy.values:
        errors["written_by"] = "Choose who wrote the safety plan."
    if errors:
        raise ValidationError(errors)
    with acting(by):
        if expected_version is None:
            existing = SafetyPlan.objects.filter(client=client).first()
            if existing is not None:
                raise StaleEditError(existing)
            try:
                with transaction.atomic():
                    return SafetyPlan.objects.create(
                        client=client, written_by=written_by, created_by=by, updated_by=by, **texts
                    )
            except IntegrityError:
                raise StaleEditError(SafetyPlan.objects.get(client=client)) from None
        plan = lock_current_version(SafetyPlan.objects.get(client=client), expected_version=expected_version)
        for name, value in texts.items():
            setattr(plan, name, value)
        plan.written_by = written_by
        plan.updated_by = by
        bump_version(plan)
        plan.save()
    plan.refresh_from_db()
    return plan
