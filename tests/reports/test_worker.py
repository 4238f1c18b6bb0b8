"""Building reports through real Celery workers on the real Redis broker, each on a queue of its
own (as tests/core/test_celery.py explains): a worker builds a run; a worker process killed with
SIGKILL in the middle of a build, then a retry, leaves exactly one correct set of files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from recovery.celery import app
from recovery.reports.models import ReportRun, RunStatus
from recovery.reports.services import definition_for_service
from recovery.reports.tasks import build_report
from tests.reports.conftest import Q2, build_world
from tests.reports.pdf_text import pdf_text
from tests.worker_processes import database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_until(condition: Callable[[], bool], *, seconds: float = 60.0, every: float = 0.05) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


def _forget_queue(queue: str) -> None:
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(queue, f"_kombu.binding.{queue}")


@pytest.fixture
def queue() -> Iterator[str]:
    name = f"test-reports-{uuid.uuid4().hex[:12]}"
    yield name
    _forget_queue(name)


@pytest.fixture
def queued_run(db) -> ReportRun:
    """A run written directly (no on-commit enqueue to the shared "reports" queue)."""
    world = build_world(people=30)
    definition = definition_for_service(service=world.service)
    run = ReportRun.objects.create(
        definition=definition, period_start=Q2.start, period_end=Q2.end, period_label=Q2.label
    )
    run.services.set([world.service])
    return run


def _status(run: ReportRun) -> str:
    return ReportRun.objects.values_list("status", flat=True).get(pk=run.pk)


def test_it_builds_a_report_through_a_real_worker(queued_run, queue):
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]):
        build_report.apply_async(args=[queued_run.pk], queue=queue)
        assert _wait_until(lambda: _status(queued_run) == RunStatus.DONE)

    queued_run.refresh_from_db()
    assert "Referrals received" in pdf_text(default_storage.open(queued_run.pdf_file.name).read())


def test_it_builds_once_when_the_task_is_sent_twice(queued_run, queue):
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]):
        first = build_report.apply_async(args=[queued_run.pk], queue=queue)
        second = build_report.apply_async(args=[queued_run.pk], queue=queue)
        assert sorted([first.get(timeout=120), second.get(timeout=120)]) == ["built", "skipped"]

    queued_run.refresh_from_db()
    assert queued_run.attempts == 1


def _worker_process(queue: str) -> subprocess.Popen:
    """A separate worker process on the test database, which the test can kill outright."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recovery.settings_test",
        "DATABASE_URL": database_url(database),
        "REDIS_URL": settings.REDIS_URL,
    }
    command = [sys.executable, "-m", "celery", "-A", "recovery", "worker", "-Q", queue, "--pool", "solo"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"]
    return subprocess.Popen(
        command,
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_it_keeps_one_correct_set_of_files_after_a_worker_is_killed_mid_build(queued_run, queue, settings):
    # The worker process uses the test settings' MEDIA_ROOT: read and write the same folder here.
    settings.MEDIA_ROOT = Path(settings.BASE_DIR) / ".data" / "test-media"
    worker = _worker_process(queue)
    try:
        build_report.apply_async(args=[queued_run.pk], queue=queue)
        assert _wait_until(lambda: _status(queued_run) != RunStatus.QUEUED, seconds=120, every=0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert _status(queued_run) == RunStatus.RUNNING  # killed part-way: nothing marked it done

    # The retry, once the dead worker's claim is older than a task could run (here: at once).
    settings.REPORTS_CLAIM_STALE_SECONDS = 0
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]):
        assert build_report.apply_async(args=[queued_run.pk], queue=queue).get(timeout=120) == "built"

    queued_run.refresh_from_db()
    _, files = default_storage.listdir(f"reports/{queued_run.code}")
    assert sorted(files) == ["report-csv.zip", "report.pdf"]
    assert (queued_run.status, queued_run.attempts) == (RunStatus.DONE, 2)
    assert "Referrals received" in pdf_text(default_storage.open(queued_run.pdf_file.name).read())
