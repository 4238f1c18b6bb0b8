"""Celery tasks of the reminders app. Each takes ids, calls a service and is safe to run again.

- ``tick`` (beat, every 15 minutes): starts the sweep of each service whose sweep time has passed
  today and that has not finished a sweep today;
- ``sweep_service``: one service's sweep, then one ``send_digest`` per person who has one due;
- ``send_digest``: one person's e-mail, retried when the mail server fails, never sent twice.

Follow-on tasks go to the queue the current task came from, so a worker on its own queue (a
test, or a deployment that separates reminder work) keeps the whole chain.
"""

from __future__ import annotations

from celery import shared_task

from recovery.accounts.models import User
from recovery.reminders import services


def _queue_of(task) -> str | None:
    return (task.request.delivery_info or {}).get("routing_key")


@shared_task(bind=True, name="recovery.reminders.tasks.tick", time_limit=120, soft_time_limit=100)
def tick(self) -> list[int]:
    service_ids = services.services_due_for_sweep()
    queue = _queue_of(self)
    for service_id in service_ids:
        sweep_service.apply_async(kwargs={"service_id": service_id}, queue=queue)
    return service_ids


@shared_task(bind=True, name="recovery.reminders.tasks.sweep_service", time_limit=600, soft_time_limit=540)
def sweep_service(self, service_id: int, requested_by_id: int | None = None) -> dict:
    requested_by = User.objects.filter(pk=requested_by_id).first() if requested_by_id else None
    run, digest_ids = services.reminder_sweep(service_id=service_id, requested_by=requested_by)
    queue = _queue_of(self)
    for digest_id in digest_ids:
        send_digest.apply_async(kwargs={"digest_id": digest_id}, queue=queue)
    return {"run": str(run.code), "status": run.status, "digests": len(digest_ids)}


@shared_task(
    bind=True,
    name="recovery.reminders.tasks.send_digest",
    autoretry_for=(services.DigestNotSent,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
    time_limit=120,
    soft_time_limit=100,
)
def send_digest(self, digest_id: int) -> str:
    return services.digest_send(digest_id=digest_id)
