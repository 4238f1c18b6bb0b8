"""Install the periodic tasks defined in code into django-celery-beat's database schedule.

Entries come from the ``beat_schedule`` registry. Missing tasks are created; existing
ones keep the timing (and the paused state) an administrator may have set unless ``--reset`` is given.
Tasks this command once installed but the code no longer defines are disabled.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from recovery.core.registries import ScheduledTask, beat_schedule

PREFIX = "recovery: "


def _schedule_fields(entry: ScheduledTask) -> dict:
    if entry.every_seconds is not None:
        interval, _ = IntervalSchedule.objects.get_or_create(every=entry.every_seconds, period=IntervalSchedule.SECONDS)
        return {"interval": interval, "crontab": None}
    fields = {"minute": "0", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}
    fields.update(entry.crontab or {})
    crontab, _ = CrontabSchedule.objects.get_or_create(timezone="Europe/London", **fields)
    return {"interval": None, "crontab": crontab}


class Command(BaseCommand):
    help = "Install or update the Celery beat schedule defined in code."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Overwrite timings changed in the admin.")

    @transaction.atomic
    def handle(self, *args, reset: bool = False, **options):
        wanted = set()
        for entry in beat_schedule:
            name = f"{PREFIX}{entry.key}"
            wanted.add(name)
            defaults = {
                "task": entry.task,
                "description": entry.description,
                "queue": entry.queue,
                "kwargs": json.dumps({}),
            }
            task = PeriodicTask.objects.filter(name=name).first()
            if task is None:
                PeriodicTask.objects.create(name=name, enabled=True, **defaults, **_schedule_fields(entry))
                self.stdout.write(f"installed {name}")
                continue
            for field, value in defaults.items():
                setattr(task, field, value)
            if reset:
                # --reset restores the code's timing and re-enables a task an administrator paused.
                task.enabled = True
                for field, value in _schedule_fields(entry).items():
                    setattr(task, field, value)
            task.save()
            self.stdout.write(f"updated {name}")
        stale = PeriodicTask.objects.filter(name__startswith=PREFIX, enabled=True).exclude(name__in=wanted)
        for task in stale:
            task.enabled = False
            task.save()
            self.stdout.write(f"disabled {task.name} (no longer defined in code)")
