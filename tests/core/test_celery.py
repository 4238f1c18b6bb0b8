"""Celery: the heartbeat task (its body eagerly, then through a real worker on the real
broker), the settings every task relies on, and the beat schedule installed from code."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from io import StringIO

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from recovery.celery import app
from recovery.core.models import Heartbeat
from recovery.core.registries import ScheduledTask, beat_schedule
from recovery.core.tasks import heartbeat

# --- the task body, eagerly ----------------------------------------------------------------------


@pytest.mark.django_db
def test_it_records_a_heartbeat():
    heartbeat.apply(kwargs={"name": "beat"})

    assert list(Heartbeat.objects.values_list("name", "runs")) == [("beat", 1)]


@pytest.mark.django_db
def test_it_keeps_one_heartbeat_row_and_counts_the_runs():
    heartbeat.apply(kwargs={"name": "beat"})
    heartbeat.apply(kwargs={"name": "beat"})

    assert list(Heartbeat.objects.values_list("name", "runs")) == [("beat", 2)]


# --- through a real worker --------------------------------------------------------------------------


def _wait_until(condition: Callable[[], bool], *, seconds: float = 20.0) -> bool:
    """Poll ``condition`` until it holds or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def worker_queue() -> Iterator[str]:
    """A real worker thread consuming a queue of its own on the real Redis broker.

    Its own queue, rather than "default", because the broker is shared: a developer's
    `make run` worker listening on "default" would otherwise take the task and write
    the heartbeat into the development database instead of the test database.
    """
    queue = f"test-{uuid.uuid4().hex[:12]}"
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]):
        yield queue
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(queue, f"_kombu.binding.{queue}")


def _runs(name: str) -> int | None:
    return Heartbeat.objects.filter(name=name).values_list("runs", flat=True).first()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_runs_the_heartbeat_through_a_real_worker(worker_queue):
    heartbeat.apply_async(kwargs={"name": "worker-test"}, queue=worker_queue)

    assert _wait_until(lambda: _runs("worker-test") == 1)
    assert Heartbeat.objects.get(name="worker-test").worker  # which worker ran it


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_gives_one_row_when_the_worker_runs_the_heartbeat_twice(worker_queue):
    heartbeat.apply_async(kwargs={"name": "worker-test"}, queue=worker_queue)
    heartbeat.apply_async(kwargs={"name": "worker-test"}, queue=worker_queue)

    assert _wait_until(lambda: _runs("worker-test") == 2)
    assert Heartbeat.objects.filter(name="worker-test").count() == 1


# --- settings every task relies on ------------------------------------------------------------------


def test_it_acknowledges_tasks_late_and_requeues_them_when_a_worker_dies():
    assert (app.conf.task_acks_late, app.conf.task_reject_on_worker_lost) == (True, True)


def test_it_accepts_json_only():
    assert app.conf.accept_content == ["json"]
    assert (app.conf.task_serializer, app.conf.result_serializer) == ("json", "json")


def test_it_prefetches_one_task_at_a_time():
    assert app.conf.worker_prefetch_multiplier == 1


def test_it_sets_explicit_time_limits():
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > app.conf.task_time_limit


def test_it_routes_report_tasks_to_the_reports_queue():
    route = app.amqp.router.route({}, "recovery.reports.tasks.build_report_pdf", (), {})

    assert route["queue"].name == "reports"


def test_it_routes_other_tasks_to_the_default_queue():
    route = app.amqp.router.route({}, heartbeat.name, (), {})

    assert route["queue"].name == "default"


# --- the beat schedule ----------------------------------------------------------------------------


def _install(*args: str) -> str:
    out = StringIO()
    call_command("install_schedule", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_installs_the_heartbeat_every_60_seconds():
    _install()

    task = PeriodicTask.objects.get(name="recovery: heartbeat")
    assert (task.task, task.enabled) == ("recovery.core.tasks.heartbeat", True)
    assert (task.interval.every, task.interval.period) == (60, IntervalSchedule.SECONDS)


@pytest.mark.django_db
def test_it_installs_the_schedule_once_however_often_it_runs():
    _install()
    _install()

    assert PeriodicTask.objects.filter(name="recovery: heartbeat").count() == 1
    assert IntervalSchedule.objects.filter(every=60, period=IntervalSchedule.SECONDS).count() == 1


def _retime_heartbeat(every: int) -> None:
    interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(name="recovery: heartbeat").update(interval=interval)


def _heartbeat_every() -> int:
    return PeriodicTask.objects.get(name="recovery: heartbeat").interval.every


@pytest.mark.django_db
def test_it_keeps_a_timing_changed_in_the_database():
    _install()
    _retime_heartbeat(300)

    _install()

    assert _heartbeat_every() == 300


@pytest.mark.django_db
def test_it_restores_the_timing_from_code_with_reset():
    _install()
    _retime_heartbeat(300)

    _install("--reset")

    assert _heartbeat_every() == 60


@pytest.mark.django_db
def test_it_disables_a_task_the_code_no_longer_defines():
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="recovery: old", task="recovery.core.tasks.gone", interval=every_minute)

    output = _install()

    assert PeriodicTask.objects.get(name="recovery: old").enabled is False
    assert "disabled recovery: old" in output


@pytest.mark.django_db
def test_it_leaves_periodic_tasks_it_did_not_install_alone():
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.create(name="celery.backend_cleanup", task="celery.backend_cleanup", interval=every_hour)

    _install()

    assert PeriodicTask.objects.get(name="celery.backend_cleanup").enabled is True


@pytest.fixture
def daily_digest() -> Iterator[ScheduledTask]:
    """A crontab entry in the code's schedule, for this test only."""
    entry = beat_schedule.register(
        ScheduledTask("test-digest", task="recovery.reminders.tasks.digest", crontab={"minute": "30", "hour": "7"})
    )
    yield entry
    beat_schedule.unregister(entry.key)


@pytest.mark.django_db
def test_it_installs_a_crontab_entry_in_uk_time(daily_digest):
    _install()

    crontab = PeriodicTask.objects.get(name="recovery: test-digest").crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week, str(crontab.timezone)) == (
        "30",
        "7",
        "*",
        "Europe/London",
    )
    assert CrontabSchedule.objects.count() == 1
