"""Reads for the home and System status pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from recovery.core.models import Heartbeat

QUEUES = ("default", "reports")
STALE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class SystemStatus:
    heartbeats: list[Heartbeat]
    queue_lengths: dict[str, int | None]
    periodic_tasks: list[PeriodicTask]
    broker_error: str = ""

    @property
    def last_heartbeat(self) -> datetime | None:
        return max((beat.recorded_at for beat in self.heartbeats), default=None)

    @property
    def heartbeat_is_stale(self) -> bool:
        """No heartbeat for five minutes: beat or the worker is probably not running."""
        last = self.last_heartbeat
        return last is None or timezone.now() - last > STALE_AFTER


def system_status() -> SystemStatus:
    queue_lengths: dict[str, int | None] = {}
    error = ""
    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
        for queue in QUEUES:
            queue_lengths[queue] = client.llen(queue)
    except redis.RedisError as exc:
        error = f"Could not reach the broker: {exc}"
        queue_lengths = dict.fromkeys(QUEUES)
    return SystemStatus(
        heartbeats=list(Heartbeat.objects.order_by("name")),
        queue_lengths=queue_lengths,
        periodic_tasks=list(PeriodicTask.objects.select_related("interval", "crontab").order_by("name")),
        broker_error=error,
    )
