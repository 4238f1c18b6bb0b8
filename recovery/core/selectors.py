"""Reads for the home, System status and Notifications pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from recovery.core.models import Heartbeat, Notification

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


def notifications_for(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


UNREAD_CACHE_SECONDS = 300


def unread_notification_count(user) -> int:
    """For the badge in the navigation, on every page: cached in Redis, so most pages run no SQL
    for it; a miss is one COUNT through the partial index of unread rows. The services that add
    or read notifications drop the cached figure after they commit."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count
