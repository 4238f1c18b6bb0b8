"""Background work for risk: telling team leaders about a new safeguarding concern.

Tasks take identifiers and call a service; they are idempotent because Celery acknowledges
late and may deliver a message twice (see ``recovery/celery.py``).
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from recovery.audit.history import acting
from risk.services.safeguarding import safeguarding_notify


@shared_task(
    name="risk.tasks.notify_safeguarding_concern",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=10,
    time_limit=120,
    soft_time_limit=100,
)
def notify_safeguarding_concern(concern_code: str) -> dict[str, int]:
    """In-app notification and e-mail to each team leader, once each however often it runs.
    A failed e-mail raises, and the retry sends only what was not sent."""
    with acting(None, source="risk.tasks.notify_safeguarding_concern"):
        return safeguarding_notify(concern_code=concern_code)
