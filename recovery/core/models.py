"""Operational rows: the Celery heartbeat the System status page shows, and in-app notifications."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Heartbeat(models.Model):
    """Last time a periodic task ran through beat → broker → worker → database."""

    name = models.CharField(max_length=60, unique=True)
    recorded_at = models.DateTimeField()
    worker = models.CharField(max_length=200, blank=True)
    runs = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} at {self.recorded_at:%d %b %Y %H:%M:%S}"


class Notification(models.Model):
    """An in-app message for one member of staff ("A safeguarding concern was raised ...").

    ``dedupe_key`` makes sending idempotent: a task that runs twice finds the first row.
    Notifications say what happened and link to it; they hold no clinical detail, so the
    person still goes through the access rules of the page they open.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The unread badge on every page counts through this small partial index.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_created"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
