"""Fixtures for the reminders tests: clients and plans built through their apps' services, a
source of our own registered in the real registry, a real SMTP server and a real Celery worker."""

from __future__ import annotations

import itertools
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import redis
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from clients import services as client_services
from clients.models import Client
from plans import services as plan_services
from plans.models import Plan
from recovery.accounts.models import Team, User
from recovery.celery import app
from recovery.core.registries import DueItem, ReminderSource, reminder_sources

_numbers = itertools.count(1)


@pytest.fixture
def open_client(db) -> Callable[..., Client]:
    """``open_client(worker, team)``: referred, accepted, started 30 days ago, ``worker`` as lead."""

    def make(worker: User | None, team: Team, *, by: User | None = None, **details) -> Client:
        actor = by or worker
        number = next(_numbers)
        started_on = timezone.localdate() - timedelta(days=30)
        client = client_services.client_create(
            team=team,
            created_by=actor,
            **{
                "first_name": "Remi",
                "last_name": f"Person{number}",
                "date_of_birth": date(1970 + number % 30, 1 + number % 12, 1 + number % 28),
                **details,
            },
        )
        referral = client_services.referral_create(
            client=client, source="gp", received_on=started_on, reason="Low mood.", by=actor
        )
        client_services.referral_decide(referral=referral, decision="accepted", decided_on=started_on, by=actor)
        client_services.episode_start(episode=referral.episode, started_on=started_on, by=actor)
        if worker is not None:
            client_services.allocation_set_lead(client=client, worker=worker, by=actor)
        client.refresh_from_db()
        return client

    return make


@pytest.fixture
def agreed_plan(db) -> Callable[..., Plan]:
    """``agreed_plan(client, by, review_due_on=...)``: an agreed support plan whose review falls due then."""

    def make(client: Client, by: User, *, review_due_on: date) -> Plan:
        plan = plan_services.plan_create(client=client, plan_type="support", by=by, about_me="I like music.")
        goal = plan_services.goal_add(
            plan=plan, by=by, life_area="Everyday living skills", in_my_words="Cook more.", support="Shopping."
        )
        plan_services.step_add(goal=goal, by=by, description="Go to the cookery group")
        plan.refresh_from_db()
        plan = plan_services.plan_agree(
            plan=plan, by=by, expected_version=plan.version, agreement="verbal", client_typed_name=""
        )
        # The review date follows from service settings; the test chooses it directly instead.
        Plan.objects.filter(pk=plan.pk).update(review_due_on=review_due_on)
        plan.refresh_from_db()
        return plan

    return make


@dataclass
class FakeSource:
    """A reminder source whose items the test sets; ``fail`` makes it raise."""

    key: str
    items: list[DueItem] = field(default_factory=list)
    fail: Exception | None = None
    calls: int = 0

    def __call__(self, *, today: date, until: date) -> list[DueItem]:
        self.calls += 1
        if self.fail is not None:
            raise self.fail
        return [item for item in self.items if item.due_on <= until]

    def item(self, *, team: Team, due_on: date, responsible: User | None = None, key: str | None = None, **extra):
        entry = DueItem(
            source=self.key,
            item_key=key or uuid.uuid4().hex,
            title=extra.pop("title", f"Check-in due ({self.key})"),
            due_on=due_on,
            team_id=team.pk,
            responsible_user_id=responsible.pk if responsible else None,
            url=extra.pop("url", "/clients/"),
            **extra,
        )
        self.items.append(entry)
        return entry


@pytest.fixture
def fake_source() -> Iterator[FakeSource]:
    source = FakeSource("test_source")
    reminder_sources.register(ReminderSource(source.key, "Test check-ins", source))
    yield source
    reminder_sources.unregister(source.key)


@pytest.fixture
def only_fake_source() -> Iterator[FakeSource]:
    """A fake source alone in the registry, for tests that count rows exactly."""
    source = FakeSource("test_source")
    saved = dict(reminder_sources._entries)
    reminder_sources._entries.clear()
    reminder_sources.register(ReminderSource(source.key, "Test check-ins", source))
    yield source
    reminder_sources._entries.clear()
    reminder_sources._entries.update(saved)


@pytest.fixture
def today() -> date:
    return timezone.localdate()


# --- a real SMTP server -------------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    to: list[str]
    data: bytes


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 Try again later"
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[_Inbox]:
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
            SITE_URL="https://recovery.example.org",
        ):
            yield inbox
    finally:
        controller.stop()


# --- a real Celery worker ---------------------------------------------------------------------------


@pytest.fixture
def worker_queue() -> Iterator[str]:
    """A real worker thread on a queue of its own (the broker is shared with other runs)."""
    queue = f"test-reminders-{uuid.uuid4().hex[:12]}"
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]):
        yield queue
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(queue, f"_kombu.binding.{queue}")
