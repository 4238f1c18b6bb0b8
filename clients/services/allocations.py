"""Allocation of clients to workers, with history (ended rows are kept)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Allocation, Client
from recovery.accounts.access import can_change_team
from recovery.accounts.models import User
from recovery.audit.history import acting


def _check_worker(worker: User, client: Client) -> None:
    if not worker.is_active or not can_change_team(worker, client.team_id):
        raise ValidationError({"worker": f"{worker} does not work in {client.team}: choose someone in the team."})


@transaction.atomic
def allocation_set_lead(*, client: Client, worker: User, by: User, reason: str = "") -> Allocation:
    """Make ``worker`` the lead worker, ending the previous lead allocation. Idempotent."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    _check_worker(worker, client)
    current = Allocation.objects.filter(client=client, role="lead", ended_at__isnull=True).first()
    if current and current.worker_id == worker.pk:
        return current
    now = timezone.now()
    with acting(by):
        if current:
            current.ended_at, current.ended_by = now, by
            current.end_reason = reason.strip() or f"{worker} became lead worker"
            current.save(update_fields=["ended_at", "ended_by", "end_reason"])
        # A co-worker who becomes lead ends their co-worker allocation.
        Allocation.objects.filter(client=client, worker=worker, ended_at__isnull=True).update(
            ended_at=now, ended_by=by, end_reason="Became lead worker"
        )
        allocation = Allocation.objects.create(
            client=client, worker=worker, role="lead", started_at=now, allocated_by=by, reason=reason.strip()
        )
        Client.objects.filter(pk=client.pk).update(lead_worker=worker)
    return allocation


@transaction.atomic
def allocation_add_coworker(*, client: Client, worker: User, by: User, reason: str = "") -> Allocation:
    _check_worker(worker, client)
    existing = Allocation.objects.filter(client=client, worker=worker, ended_at__isnull=True).first()
    if existing:
        return existing
    with acting(by):
        return Allocation.objects.create(
            client=client, worker=worker, role="co", started_at=timezone.now(), allocated_by=by, reason=reason.strip()
        )


@transaction.atomic
def allocation_end(*, allocation: Allocation, by: User, reason: str = "") -> Allocation:
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.ended_at:
        return allocation
    with acting(by):
        allocation.ended_at = timezone.now()
        allocation.ended_by = by
        allocation.end_reason = reason.strip()
        allocation.save(update_fields=["ended_at", "ended_by", "end_reason"])
        if allocation.role == "lead":
            Client.objects.filter(pk=allocation.client_id, lead_worker_id=allocation.worker_id).update(lead_worker=None)
    return allocation


@transaction.atomic
def caseload_reallocate(*, clients: Iterable[Client], to_worker: User, by: User, reason: str) -> int:
    """Make ``to_worker`` lead for each client (e.g. a worker leaves). Returns how many changed."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why these clients are being reallocated."})
    changed = 0
    for client in clients:
        before = client.lead_worker_id
        allocation_set_lead(client=client, worker=to_worker, by=by, reason=reason)
        changed += before != to_worker.pk
    return changed
