"""A real Celery worker process (``celery worker -Q <queue> -P solo``) whose reminder registry has
one extra source that blocks for ever: ``test_worker.py`` kills it with SIGKILL mid-sweep.

Usage: python tests/reminders/blocking_worker.py <queue> <redis key set when the source starts>
"""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings_test")
django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402

from recovery.celery import app  # noqa: E402
from recovery.core.registries import ReminderSource, reminder_sources  # noqa: E402

queue, started_key = sys.argv[1], sys.argv[2]


def blocking_due_items(*, today, until):
    redis.Redis.from_url(settings.CELERY_BROKER_URL).set(started_key, "1", ex=600)
    while True:  # until the test kills this process
        time.sleep(0.1)


reminder_sources.register(ReminderSource("blocking", "Blocks until the worker is killed", blocking_due_items))
app.worker_main(
    [
        "worker",
        "-Q",
        queue,
        "-P",
        "solo",
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
        "-l",
        "WARNING",
    ]
)
