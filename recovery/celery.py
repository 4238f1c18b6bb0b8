"""The Celery application: Redis broker, JSON only, late acknowledgement.

Configuration lives in settings under the ``CELERY_`` prefix. Tasks are found in
each installed app's ``tasks.py``. Every task must be idempotent (acks late,
re-delivered when a worker is lost) and should be enqueued after commit
(``task.delay_on_commit(...)``).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings")

app = Celery("recovery")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
