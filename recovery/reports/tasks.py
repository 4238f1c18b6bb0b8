"""Celery tasks for commissioner reports, on the ``reports`` queue (CELERY_TASK_ROUTES).

They take IDs and call a service; ``run_build`` is idempotent (see ``services.runs``).
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from recovery.reports import services


@shared_task(name="recovery.reports.tasks.build_report")
def build_report(run_id: int) -> str:
    return services.run_build(run_id=run_id)


@shared_task(name="recovery.reports.tasks.build_scheduled_reports")
def build_scheduled_reports() -> list[str]:
    """Daily: queue last quarter's report for services whose automatic build day is today."""
    return [str(run.code) for run in services.runs_request_automatic(today=timezone.localdate())]
