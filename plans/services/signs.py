"""The relapse signature: early warning signs and triggers in the person's words, and the signs
a worker notices at a contact (ticked on the contact form)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.models import Client, Contact
from plans.choices import SignKind
from plans.models import EarlyWarningSign, RelapseSignature, SignObservation
from plans.services.common import clean_text
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.concurrency import StaleEditError, bump_version, lock_current_version

MAX_ACTIVE_SIGNS = 30


@transaction.atomic
def signature_save(
    *, client: Client, by: User, expected_version: int | None, what_helps: str, who_to_tell: str
) -> RelapseSignature:
    """What helps and who to tell (``expected_version=None`` to create); StaleEditError if someone saved first."""
    what_helps, who_to_tell = clean_text(what_helps), clean_text(who_to_tell)
    if not (what_helps or who_to_tell):
        raise ValidationError({"what_helps": "Write what helps, or who the client wants told, in their words."})
    with acting(by):
        if expected_version is None:
            existing = RelapseSignature.objects.filter(client=client).first()
            if existing is not None:
                raise StaleEditError(existing)
            try:
                with transaction.atomic():
                    return RelapseSignature.objects.create(
                        client=client, what_helps=what_helps, who_to_tell=who_to_tell, created_by=by, updated_by=by
                    )
            except IntegrityError:
                raise StaleEditError(RelapseSignature.objects.get(client=client)) from None
        signature = lock_current_version(RelapseSignature.objects.get(client=client), expected_version=expected_version)
        signature.what_helps = what_helps
        signature.who_to_tell = who_to_tell
        signature.updated_by = by
        bump_version(signature)
        signature.save()
    signature.refresh_from_db()
    return signature


@transaction.atomic
def sign_add(*, client: Client, by: User, kind: str, description: str) -> EarlyWarningSign:
    description = " ".join(description.split())
    if kind not in SignKind.values:
        raise ValidationError({"kind": "Choose whether this is an early warning sign or a trigger."})
    if not description:
        raise ValidationError(
            {"description": "Write the sign in the client's own words, for example “I stop answering the phone”."}
        )
    active = EarlyWarningSign.objects.filter(client=client, is_active=True)
    if active.count() >= MAX_ACTIVE_SIGNS:
        raise ValidationError(f"Keep the list short: archive a sign before adding more than {MAX_ACTIVE_SIGNS}.")
    if active.filter(kind=kind, description__iexact=description).exists():
        raise ValidationError({"description": "That is already on the list."})
    with acting(by):
        return EarlyWarningSign.objects.create(client=client, kind=kind, description=description[:200], created_by=by)


@transaction.atomic
def sign_archive(*, sign: EarlyWarningSign, by: User) -> EarlyWarningSign:
    """Take a sign off the list (kept, with its observations, for the trend)."""
    current = EarlyWarningSign.objects.select_for_update().get(pk=sign.pk)
    if not current.is_active:
        return current
    with acting(by):
        current.is_active = False
        current.archived_at = timezone.now()
        current.save(update_fields=["is_active", "archived_at"])
    return current


@transaction.atomic
def signs_observed(*, contact: Contact, by: User, sign_codes: Iterable[str]) -> list[SignObservation]:
    """Record the early warning signs noticed at a contact. Unknown or archived signs are ignored
    (one may have been archived while the form was open); ticking the same sign twice records it once."""
    codes = {str(code) for code in sign_codes if code}
    if not codes:
        return []
    valid = []
    for code in codes:
        try:
            valid.append(uuid.UUID(code))
        except ValueError:
            continue
    signs = EarlyWarningSign.objects.filter(
        client_id=contact.client_id, kind=SignKind.SIGN, is_active=True, code__in=valid
    )
    with acting(by):
        return SignObservation.objects.bulk_create(
            [
                SignObservation(
                    contact=contact,
                    sign=sign,
                    client_id=contact.client_id,
                    observed_at=contact.occurred_at,
                    recorded_by=by,
                )
                for sign in signs
            ],
            ignore_conflicts=True,
        )
