"""The safeguarding notification through a real Celery worker on the real Redis broker.

The worker is a thread of this process, so it shares Django's locmem e-mail outbox and writes to
the test database (``transaction=True``: the rows must be committed for the worker to see them).
It consumes a queue of its own, and the task is routed there for the test, because the broker is
shared: a developer's ``make run`` worker listening on "default" must not take the message and act
on the development database instead.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from recovery.celery import app
from recovery.core.models import Notification
from risk.models import SafeguardingNotificationLog
from risk.tasks import notify_safeguarding_concern

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_until(condition: Callable[[], bool], *, seconds: float = 20.0) -> bool:
    """Poll ``condition`` until it holds or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def risk_worker(monkeypatch) -> Iterator[str]:
    """A real worker on its own queue, with the notification task routed to it."""
    queue = f"test-risk-{uuid.uuid4().hex[:12]}"
    task = app.tasks[notify_safeguarding_concern.name]
    monkeypatch.setattr(task, "queue", queue, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)  # Celery caches the routing options per task
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]):
        yield queue
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(queue, f"_kombu.binding.{queue}")


def _results_arrived(leaders: int) -> bool:
    return (
        Notification.objects.filter(dedupe_key__startswith="safeguarding:").count() == leaders
        and SafeguardingNotificationLog.objects.count() == leaders
        and len(mail.outbox) == leaders
    )


def test_it_tells_the_team_leader_through_a_real_worker_when_a_concern_is_raised(
    risk_worker, person, worker, team_leader, raise_concern
):
    concern = raise_concern(person, worker)  # commits, so delay_on_commit sends the message now

    assert _wait_until(lambda: _results_arrived(1))
    assert Notification.objects.get().recipient == team_leader
    assert mail.outbox[0].to == [team_leader.email]
    assert str(concern.code) in Notification.objects.get().url


def test_it_sends_one_notification_and_one_email_per_leader_when_the_task_runs_twice(
    risk_worker, person, worker, team_leader, raise_concern
):
    concern = raise_concern(person, worker)  # the first delivery, sent on commit
    # Two re-deliveries, as after a lost worker. One solo worker takes its queue in order, so when
    # the last result is in, all three runs have finished.
    again = [notify_safeguarding_concern.delay(str(concern.code)) for _ in range(2)]
    results = [result.get(timeout=30) for result in again]

    assert results == [{"notified": 0, "emailed": 0}, {"notified": 0, "emailed": 0}]
    assert Notification.objects.filter(recipient=team_leader).count() == 1
    assert len(mail.outbox) == 1
