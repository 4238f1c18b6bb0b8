"""Demo reminders: run the sweep of every active service over the demo data, as beat would at
07:00, without queueing any e-mail. Idempotent like every sweep: a second run gives the same rows."""

from __future__ import annotations

from recovery.accounts.models import Service
from recovery.core.demo import DemoContext
from recovery.reminders.models import Reminder
from recovery.reminders.services import reminder_sweep


def seed_reminders(context: DemoContext) -> dict[str, int]:
    runs = 0
    for service_id in Service.objects.filter(is_active=True).order_by("id").values_list("id", flat=True):
        reminder_sweep(service_id=service_id, queue_digests=False)
        runs += 1
    return {"sweeps": runs, "open reminders": Reminder.objects.exclude(status="done").count()}
