"""Writes for the core app."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from recovery.core.models import Heartbeat


@transaction.atomic
def heartbeat_record(*, name: str, worker: str = "") -> Heartbeat:
    """Upsert the named heartbeat: running it twice leaves one row with the latest time."""
    heartbeat, created = Heartbeat.objects.select_for_update().get_or_create(
        name=name, defaults={"recorded_at": timezone.now(), "worker": worker, "runs": 1}
    )
    if not created:
        Heartbeat.objects.filter(pk=heartbeat.pk).update(recorded_at=timezone.now(), worker=worker, runs=F("runs") + 1)
        heartbeat.refresh_from_db()
    return heartbeat
