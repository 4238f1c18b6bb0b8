"""The escalation log: a concern raised to on-call, the crisis team or emergency services
during a contact (crisis house and helpline work). Each escalation also asks for a risk review."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from clients.models import Contact
from recovery.accounts.models import User
from recovery.audit.history import acting
from risk.choices import EscalatedTo, PromptSource
from risk.models import Escalation
from risk.services.assessments import review_prompt_raise
from risk.services.common import clean_text, not_in_future, raise_if


@transaction.atomic
def escalation_log(
    *,
    contact: Contact,
    by: User,
    escalated_to: str,
    escalated_at: datetime | None,
    reason: str,
    outcome: str,
    escalated_to_detail: str = "",
) -> Escalation:
    errors = {}
    if escalated_to not in EscalatedTo.values:
        errors["escalated_to"] = "Choose who the concern was escalated to."
    elif escalated_to == EscalatedTo.OTHER and not clean_text(escalated_to_detail):
        errors["escalated_to_detail"] = "Name the person or service."
    if escalated_at is None:
        errors["escalated_at"] = "Enter when it was escalated."
    not_in_future(errors, "escalated_at", escalated_at)
    if not clean_text(reason):
        errors["reason"] = "Say why it was escalated."
    if not clean_text(outcome):
        errors["outcome"] = "Say what was agreed or what happened next."
    raise_if(errors)
    with acting(by):
        escalation = Escalation.objects.create(
            client_id=contact.client_id,
            contact=contact,
            escalated_to=escalated_to,
            escalated_to_detail=clean_text(escalated_to_detail),
            escalated_at=escalated_at,
            reason=clean_text(reason),
            outcome=clean_text(outcome),
            recorded_by=by,
        )
    review_prompt_raise(
        client=contact.client,
        by=by,
        reason=f"Escalated to {escalation.get_escalated_to_display().lower()}: {escalation.reason[:200]}",
        source=PromptSource.ESCALATION,
        contact=contact,
    )
    return escalation
