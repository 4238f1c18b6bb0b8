"""Fixtures for the clients tests: records built through ``clients.services`` only.

Every helper goes through the same services the views use (client_create, referral_create,
referral_decide, episode_start, allocation_set_lead, contact_log), so the denormalised
fields (``is_open``, ``lead_worker``, ``last_contact_at``, ``consecutive_dna``) are the
ones the app itself maintains.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients import services
from clients.models import Client, Contact
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, Team, User

_numbers = itertools.count(1)

# Invented people: these names are common enough to be nobody in particular.
FIRST_NAMES = ["Amara", "Ben", "Carys", "Dev", "Eilidh", "Femi", "Gwen", "Hamza", "Isla", "Jack"]
LAST_NAMES = ["Okafor", "Hughes", "Patel", "MacLeod", "Evans", "Nowak", "Byrne", "Khan", "Taylor", "Walsh"]


def _default_names() -> dict:
    n = next(_numbers)
    return {
        "first_name": FIRST_NAMES[n % len(FIRST_NAMES)],
        "last_name": f"{LAST_NAMES[n % len(LAST_NAMES)]}{n}",
        "date_of_birth": date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
    }


@pytest.fixture
def make_client(db) -> Callable[..., Client]:
    """``make_client(team, by=user, **details)``: a client record with no referral (not open)."""

    def make(team: Team, *, by: User, **details) -> Client:
        return services.client_create(team=team, created_by=by, **{**_default_names(), **details})

    return make


@pytest.fixture
def open_client_for(make_client) -> Callable[..., Client]:
    """``open_client_for(worker, team, **details)``: referred, accepted, started and allocated to ``worker``.

    ``started_on`` (default: 30 days ago) sets when support began; pass ``lead=False`` to
    leave the client without a lead worker, ``restricted=True`` for a restricted record.
    """

    def make(
        worker: User | None,
        team: Team,
        *,
        by: User | None = None,
        started_on: date | None = None,
        lead: bool = True,
        restricted: bool = False,
        **details,
    ) -> Client:
        actor = by or worker
        assert actor is not None, "give by= when the client has no worker"
        started_on = started_on or timezone.localdate() - timedelta(days=30)
        client = make_client(team, by=actor, is_restricted=restricted, **details)
        referral = services.referral_create(
            client=client, source="gp", received_on=started_on, reason="Low mood and isolation.", by=actor
        )
        services.referral_decide(referral=referral, decision="accepted", decided_on=started_on, by=actor)
        services.episode_start(episode=referral.episode, started_on=started_on, by=actor)
        if lead and worker is not None:
            services.allocation_set_lead(client=client, worker=worker, by=actor, reason="New referral")
        client.refresh_from_db()
        return client

    return make


@pytest.fixture
def log_contact(db) -> Callable[..., Contact]:
    """``log_contact(client, by, **fields)``: an attended face-to-face contact an hour ago unless told."""

    def log(client: Client, by: User, **fields) -> Contact:
        values = {
            "idempotency_key": uuid.uuid4(),
            "occurred_at": timezone.now() - timedelta(hours=1),
            "contact_type": "face_to_face",
            "outcome": "attended",
            "note": "Talked about the tenancy and the new college course.",
            **fields,
        }
        contact, _ = services.contact_log(client=client, by=by, **values)
        return contact

    return log


@pytest.fixture
def at_noon() -> Callable[[int], datetime]:
    """``at_noon(days_ago)``: midday (Europe/London) that many days before today."""

    def moment(days_ago: int) -> datetime:
        day = timezone.localdate() - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))

    return moment


@pytest.fixture
def other_worker(other_team_same_service) -> User:
    """A worker in another team of the same service."""
    return staff_with_role(Role.WORKER, team=other_team_same_service)


@pytest.fixture
def colleague(team) -> User:
    """Another worker in the same team as ``worker``."""
    return staff_with_role(Role.WORKER, team=team)


@pytest.fixture
def other_service_manager(other_service_team) -> User:
    return staff_with_role(Role.SERVICE_MANAGER, service=other_service_team.service)


@pytest.fixture
def queries_for() -> Callable[..., tuple]:
    """``queries_for(browser, url, **params)``: (response, [SQL]) for one GET, after a warm-up GET.

    The warm-up lets allauth create its per-session row first, so every measured request does
    the same session work. SAVEPOINT/RELEASE lines are left out: they are the test's own
    transaction around session writes, not queries the page asks for.
    """

    def measure(browser, url: str, **extra) -> tuple:
        browser.get(url, **extra)
        with CaptureQueriesContext(connection) as context:
            response = browser.get(url, **extra)
        sql = [
            query["sql"]
            for query in context.captured_queries
            if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
        ]
        return response, sql

    return measure
