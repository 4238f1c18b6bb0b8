"""Writes for the core app."""

from __future__ import annotations

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from recovery.core.models import Heartbeat, Notification
from recovery.core.selectors import unread_cache_key


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


def notification_send(
    *, recipient, title: str, url: str = "", body: str = "", dedupe_key: str
) -> tuple[Notification, bool]:
    """Give ``recipient`` an in-app notification once: the same ``dedupe_key`` returns the first one.

    Returns (notification, created). Safe to call from a task that may run twice, or from two
    workers at once (the unique key settles the race).
    """
    existing = Notification.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, title=title[:200], url=url[:500], body=body, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return Notification.objects.get(dedupe_key=dedupe_key), False
    _forget_unread_count(recipient.pk)
    return notification, True


def _forget_unread_count(user_id: int) -> None:
    """Drop the cached badge figure once the change is committed (so no one caches the old one)."""
    transaction.on_commit(lambda: cache.delete(unread_cache_key(user_id)))


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (already read ones keep their first read time)."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
        _forget_unread_count(notification.recipient_id)
    return notification


def notifications_mark_all_read(*, recipient) -> int:
    """Mark every unread notification of ``recipient`` read; returns how many changed."""
    changed = Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())
    _forget_unread_count(recipient.pk)
    return changed
