"""Operational rows: the Celery heartbeat the System status page shows."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """Last time a periodic task ran through beat → broker → worker → database."""

    name = models.CharField(max_length=60, unique=True)
    recorded_at = models.DateTimeField()
    worker = models.CharField(max_length=200, blank=True)
    runs = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} at {self.recorded_at:%d %b %Y %H:%M:%S}"
