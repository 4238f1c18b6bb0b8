"""The tasks: their bodies eagerly, then through a real worker on its own queue; a worker process
killed mid-sweep, then a re-run; two sweeps at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from recovery.celery import app
from recovery.core.registries import ReminderSource, due_items, reminder_sources
from recovery.reminders.models import DigestSend, Reminder, ReminderRun, RunStatus
from recovery.reminders.services import reminder_sweep
from recovery.reminders.tasks import send_digest, sweep_service, tick
from tests.worker_processes import database_url

ROOT = Path(__file__).resolve().parents[2]


def _wait_until(condition: Callable[[], bool], *, seconds: float = 30.0) -> bool:
    """Poll ``condition`` until it holds or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def eager() -> Iterator[None]:
    """Follow-on tasks run in place (only for tests of a task's body)."""
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False


# --- bodies, eagerly -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_sweeps_a_service_and_sends_its_digests(eager, smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)

    result = sweep_service.apply(kwargs={"service_id": service.pk}).get()

    assert (result["status"], result["digests"]) == ("finished", 1)
    assert [received.to for received in smtp.messages] == [[worker.email]]


@pytest.mark.django_db
def test_it_records_who_asked_for_the_sweep(eager, only_fake_source, service, manager):
    sweep_service.apply(kwargs={"service_id": service.pk, "requested_by_id": manager.pk}).get()

    assert ReminderRun.objects.get().requested_by == manager


@pytest.mark.django_db
def test_it_sends_one_digest(eager, smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    _, (digest_id,) = reminder_sweep(service_id=service.pk)

    assert send_digest.apply(kwargs={"digest_id": digest_id}).get() == "sent"
    assert send_digest.apply(kwargs={"digest_id": digest_id}).get() == "sent"
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_it_ticks_by_starting_each_due_services_sweep(eager, only_fake_source, service, time_machine):
    time_machine.move_to("2026-12-01 07:15 +00:00", tick=False)

    assert service.pk in tick.apply().get()
    assert ReminderRun.objects.filter(service=service, status=RunStatus.FINISHED).count() == 1


@pytest.mark.django_db
def test_it_registers_the_tick_with_beat_every_15_minutes():
    from recovery.core.registries import beat_schedule

    entry = beat_schedule.get("reminders-tick")
    assert (entry.task, entry.every_seconds) == (tick.name, 900)


# --- through a real worker ------------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_sweeps_and_emails_through_a_real_worker(worker_queue, smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)

    sweep_service.apply_async(kwargs={"service_id": service.pk}, queue=worker_queue)

    assert _wait_until(lambda: DigestSend.objects.filter(status="sent").count() == 1)
    assert [received.to for received in smtp.messages] == [[worker.email]]
    assert Reminder.objects.filter(recipient=worker, status="due_today").count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_sends_each_email_once_when_the_worker_sweeps_twice(
    worker_queue, smtp, only_fake_source, service, team, worker, team_leader, today
):
    only_fake_source.item(team=team, due_on=today - timedelta(days=9), responsible=worker)

    sweep_service.apply_async(kwargs={"service_id": service.pk}, queue=worker_queue)
    sweep_service.apply_async(kwargs={"service_id": service.pk}, queue=worker_queue)

    assert _wait_until(lambda: ReminderRun.objects.filter(status="finished").count() == 2)
    assert _wait_until(lambda: DigestSend.objects.filter(status="sent").count() == 2)
    assert sorted(received.to[0] for received in smtp.messages) == sorted([worker.email, team_leader.email])


# --- two sweeps at once ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_simultaneous_sweeps_write(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    entered, release = threading.Event(), threading.Event()

    def slow(*, today, until):
        entered.set()
        release.wait(30)
        return []

    reminder_sources.register(ReminderSource("slow", "Slow source", slow))
    results = {}

    def first() -> None:
        try:
            results["first"] = reminder_sweep(service_id=service.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    try:
        thread.start()
        assert entered.wait(30)
        second, second_digests = reminder_sweep(service_id=service.pk)
    finally:
        release.set()
        thread.join(30)
        reminder_sources.unregister("slow")
    first_run, first_digests = results["first"]
    for digest_id in first_digests + second_digests:
        send_digest.apply(kwargs={"digest_id": digest_id})

    assert (first_run.status, second.status) == (RunStatus.FINISHED, RunStatus.SKIPPED)
    assert Reminder.objects.count() == 1
    assert len(smtp.messages) == 1


# --- a worker killed mid-sweep ---------------------------------------------------------------------


def _forget_unacked(broker: redis.Redis, queue: str) -> None:
    """Drop the killed worker's unacknowledged message, which the broker would otherwise put back
    on the (deleted) test queue once the visibility timeout passes."""
    for tag, payload in broker.hgetall("unacked").items():
        if queue.encode() in payload:
            broker.hdel("unacked", tag)
            broker.zrem("unacked_index", tag)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_gives_the_same_rows_and_one_email_after_a_worker_is_killed_mid_sweep(
    smtp, service, team, worker, open_client, agreed_plan, today
):
    client = open_client(worker, team)
    plan = agreed_plan(client, worker, review_due_on=today + timedelta(days=2))
    queue, started_key = f"test-reminders-kill-{uuid.uuid4().hex[:10]}", f"reminders-test-started-{uuid.uuid4().hex}"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("blocking_worker.py")), queue, started_key],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url(settings.DATABASES["default"]), "PYTHONPATH": str(ROOT)},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        sweep_service.apply_async(kwargs={"service_id": service.pk}, queue=queue)
        assert _wait_until(lambda: broker.get(started_key) is not None, seconds=60)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
        broker.delete(queue, f"_kombu.binding.{queue}", started_key)
        _forget_unacked(broker, queue)
    assert (ReminderRun.objects.get().status, Reminder.objects.count()) == (RunStatus.RUNNING, 0)

    # The next tick (or a manager's "Run now") sweeps again, on a worker without the blocking source.
    with worker_for_queue() as retry_queue:
        sweep_service.apply_async(kwargs={"service_id": service.pk}, queue=retry_queue)
        assert _wait_until(lambda: DigestSend.objects.filter(status="sent").count() == 1)
        sweep_service.apply_async(kwargs={"service_id": service.pk}, queue=retry_queue)
        assert _wait_until(lambda: ReminderRun.objects.filter(status=RunStatus.FINISHED).count() == 2)

    expected = sorted(
        (worker.pk, item.source, item.item_key) for _, item in due_items(today=today, until=today + timedelta(days=14))
    )
    assert sorted(Reminder.objects.values_list("recipient_id", "source", "item_key")) == expected
    assert (worker.pk, "plan_review", str(plan.code)) in expected
    assert ReminderRun.objects.filter(status=RunStatus.INTERRUPTED).count() == 1
    assert [received.to for received in smtp.messages] == [[worker.email]]


def worker_for_queue():
    from contextlib import contextmanager

    from celery.contrib.testing.worker import start_worker

    @contextmanager
    def run() -> Iterator[str]:
        queue = f"test-reminders-{uuid.uuid4().hex[:12]}"
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]):
            yield queue
        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue, f"_kombu.binding.{queue}")

    return run()


@pytest.mark.django_db
def test_it_installs_the_tick_in_beats_schedule():
    from io import StringIO

    from django.core.management import call_command
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    call_command("install_schedule", stdout=StringIO())

    task = PeriodicTask.objects.get(name="recovery: reminders-tick")
    assert (task.task, task.interval.every, task.interval.period) == (tick.name, 900, IntervalSchedule.SECONDS)
