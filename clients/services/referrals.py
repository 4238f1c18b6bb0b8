"""Referrals and episodes: referred → accepted (waiting) → started → ended."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Allocation, Client, Episode, Referral
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.forms import reject_future_date


@transaction.atomic
def referral_create(
    *, client: Client, source: str, received_on: date, reason: str, by: User, source_detail: str = ""
) -> Referral:
    reject_future_date(received_on, "received_on")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the referral."})
    with acting(by):
        return Referral.objects.create(
            client=client,
            source=source,
            source_detail=source_detail,
            received_on=received_on,
            reason=reason.strip(),
            created_by=by,
        )


@transaction.atomic
def referral_decide(
    *,
    referral: Referral,
    decision: str,
    decided_on: date,
    by: User,
    decision_reason: str = "",
    signposted_to: str = "",
) -> Referral:
    """Accept (an episode starts waiting), decline (with a reason) or signpost (with where)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.decision != "pending":
        raise ValidationError("This referral already has a decision.")
    reject_future_date(decided_on, "decided_on")
    if decided_on < referral.received_on:
        raise ValidationError({"decided_on": "Enter a date on or after the referral was received."})
    if decision == "declined" and not decision_reason.strip():
        raise ValidationError({"decision_reason": "Enter why the referral was declined."})
    if decision == "signposted" and not signposted_to.strip():
        raise ValidationError({"signposted_to": "Enter where the person was signposted to."})
    if decision not in {"accepted", "declined", "signposted"}:
        raise ValidationError({"decision": "Choose accepted, declined or signposted."})
    if decision == "accepted" and Episode.objects.filter(client=referral.client, ended_on__isnull=True).exists():
        raise ValidationError("This person already has a current episode: end it before accepting a new referral.")
    with acting(by):
        referral.decision = decision
        referral.decided_on = decided_on
        referral.decided_by = by
        referral.decision_reason = decision_reason.strip()
        referral.signposted_to = signposted_to.strip()
        referral.save()
        if decision == "accepted":
            Episode.objects.create(client=referral.client, referral=referral, accepted_on=decided_on)
    return referral


@transaction.atomic
def episode_start(*, episode: Episode, started_on: date, by: User) -> Episode:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.started_on or episode.ended_on:
        raise ValidationError("This episode has already started.")
    reject_future_date(started_on, "started_on")
    if started_on < episode.accepted_on:
        raise ValidationError({"started_on": "Enter a date on or after the referral was accepted."})
    with acting(by):
        episode.started_on = started_on
        episode.save()
        Client.objects.filter(pk=episode.client_id).update(is_open=True)
    return episode


@transaction.atomic
def episode_end(
    *,
    episode: Episode,
    ended_on: date,
    end_reason: str,
    by: User,
    move_on_destination: str = "",
    end_reason_detail: str = "",
) -> Episode:
    """End support (or take someone off the waiting list). Open allocations end with it."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.ended_on:
        raise ValidationError("This episode has already ended.")
    reject_future_date(ended_on, "ended_on")
    if ended_on < (episode.started_on or episode.accepted_on):
        raise ValidationError({"ended_on": "Enter a date on or after the episode started."})
    if not end_reason:
        raise ValidationError({"end_reason": "Choose why support ended."})
    if end_reason == "planned_move_on" and not move_on_destination:
        raise ValidationError({"move_on_destination": "Choose where the person moved on to."})
    with acting(by):
        episode.ended_on = ended_on
        episode.end_reason = end_reason
        episode.end_reason_detail = end_reason_detail.strip()
        episode.move_on_destination = move_on_destination
        episode.ended_by = by
        episode.save()
        Allocation.objects.filter(client_id=episode.client_id, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by=by, end_reason="Support ended"
        )
        Client.objects.filter(pk=episode.client_id).update(is_open=False, lead_worker=None)
    return episode
