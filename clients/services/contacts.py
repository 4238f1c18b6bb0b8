"""Logging contacts (case notes): append-only, double-submit safe."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.models import BriefContact, Client, Contact, ContactAmendment, DisputedView, Referral
from clients.services.referrals import referral_create
from recovery.accounts.models import Team, User
from recovery.audit.history import acting

SEEN_OUTCOMES = ("attended",)


def _validate_contact(*, occurred_at: datetime, outcome: str, note: str, duration_minutes: int | None) -> None:
    errors = {}
    if occurred_at > timezone.now() + timedelta(minutes=5):
        errors["occurred_at"] = "Enter a date and time that is not in the future."
    if outcome == "attended" and not note.strip():
        errors["note"] = "Write a note about the contact: a note is needed when the person attended."
    if duration_minutes is not None and not 0 < duration_minutes <= 24 * 60:
        errors["duration_minutes"] = "Enter a duration between 1 and 1,440 minutes."
    if errors:
        raise ValidationError(errors)


def _refresh_contact_summary(client: Client) -> None:
    """Recompute the caseload fields from the client's newest contacts (two indexed queries)."""
    last_seen = (
        Contact.objects.filter(client=client, outcome__in=SEEN_OUTCOMES)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    limit = max(client.team.service.dna_flag_after, 1) + 1
    recent = list(
        Contact.objects.filter(client=client).order_by("-occurred_at", "-id").values_list("outcome", flat=True)[:limit]
    )
    consecutive = 0
    for outcome in recent:
        if outcome != "did_not_attend":
            break
        consecutive += 1
    Client.objects.filter(pk=client.pk).update(last_contact_at=last_seen, consecutive_dna=consecutive)


def contact_log(
    *,
    client: Client,
    by: User,
    idempotency_key: uuid.UUID,
    occurred_at: datetime,
    contact_type: str,
    outcome: str,
    note: str = "",
    duration_minutes: int | None = None,
    location: str = "",
    tags: Sequence[str] = (),
) -> tuple[Contact, bool]:
    """Log a contact. Returns (contact, created); the same idempotency key returns the first contact."""
    existing = Contact.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    _validate_contact(occurred_at=occurred_at, outcome=outcome, note=note, duration_minutes=duration_minutes)
    late_after = timedelta(hours=client.team.service.late_entry_hours)
    try:
        with transaction.atomic(), acting(by):
            contact = Contact.objects.create(
                client=client,
                occurred_at=occurred_at,
                contact_type=contact_type,
                outcome=outcome,
                note=note.strip(),
                duration_minutes=duration_minutes,
                location=location.strip(),
                tags=sorted(set(tags)),
                is_late_entry=timezone.now() - occurred_at > late_after,
                recorded_by=by,
                idempotency_key=idempotency_key,
            )
            _refresh_contact_summary(client)
    except IntegrityError:
        # The same submit raced us to it: hand back the contact it created.
        return Contact.objects.get(idempotency_key=idempotency_key), False
    return contact, True


@transaction.atomic
def contact_amend(*, contact: Contact, note: str, reason: str, by: User) -> ContactAmendment:
    """Add a correction beside the original note, which stays visible."""
    errors = {}
    if not note.strip():
        errors["note"] = "Write the corrected or additional note."
    if not reason.strip():
        errors["reason"] = "Say why the note is being amended."
    if errors:
        raise ValidationError(errors)
    with acting(by):
        return ContactAmendment.objects.create(contact=contact, note=note.strip(), reason=reason.strip(), amended_by=by)


@transaction.atomic
def contact_dispute_add(*, contact: Contact, statement: str, by: User) -> DisputedView:
    """Record the person's own view beside a note they disagree with."""
    if not statement.strip():
        raise ValidationError({"statement": "Write the person's view, in their words where possible."})
    with acting(by):
        return DisputedView.objects.create(contact=contact, statement=statement.strip(), recorded_by=by)


def brief_contact_log(
    *,
    team: Team,
    by: User,
    idempotency_key: uuid.UUID,
    occurred_at: datetime,
    channel: str,
    note: str,
    name_given: str = "",
    phone: str = "",
    approximate_age: int | None = None,
    duration_minutes: int | None = None,
    tags: Sequence[str] = (),
) -> tuple[BriefContact, bool]:
    """Log a helpline call or café visit from someone who is not a client."""
    existing = BriefContact.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    _validate_contact(occurred_at=occurred_at, outcome="attended", note=note, duration_minutes=duration_minutes)
    try:
        with transaction.atomic(), acting(by):
            brief = BriefContact.objects.create(
                team=team,
                occurred_at=occurred_at,
                channel=channel,
                name_given=name_given.strip(),
                phone=phone.strip(),
                approximate_age=approximate_age,
                duration_minutes=duration_minutes,
                note=note.strip(),
                tags=sorted(set(tags)),
                recorded_by=by,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        return BriefContact.objects.get(idempotency_key=idempotency_key), False
    return brief, True


@transaction.atomic
def brief_contact_convert(*, brief: BriefContact, client: Client, by: User, reason: str) -> Referral:
    """Turn a brief contact into a referral for a (new or existing) client record."""
    brief = BriefContact.objects.select_for_update().get(pk=brief.pk)
    if brief.referral_id:
        raise ValidationError("This contact has already been turned into a referral.")
    source = "crisis_line" if brief.channel == "helpline" else "self"
    referral = referral_create(
        client=client,
        source=source,
        source_detail=f"From {brief.get_channel_display().lower()} on {timezone.localtime(brief.occurred_at):%d %b %Y}",
        received_on=timezone.localdate(brief.occurred_at),
        reason=reason,
        by=by,
    )
    with acting(by):
        brief.referral = referral
        brief.save(update_fields=["referral"])
    return referral
