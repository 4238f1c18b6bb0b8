"""Periodic tasks of the core app."""

from __future__ import annotations

from celery import shared_task

from recovery.core.services import heartbeat_record


@shared_task(bind=True, name="recovery.core.tasks.heartbeat", time_limit=30, soft_time_limit=20)
def heartbeat(self, name: str = "beat") -> str:
    """Prove that beat, the broker, a worker and the database are all working."""
    record = heartbeat_record(name=name, worker=self.request.hostname or "")
    return record.recorded_at.isoformat()
