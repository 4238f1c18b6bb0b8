"""Fixtures for the activities tests: an activity in ``service`` run by ``worker``, sessions next
week, and open clients of ``team`` built through ``clients.services``."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from activities.factories import ActivityFacilitatorFactory, ActivityFactory, SessionFactory
from activities.models import Activity, Session
from clients import services as client_services
from clients.models import Client
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, Team, User

_numbers = itertools.count(1)
FIRST_NAMES = ["Amara", "Ben", "Carys", "Dev", "Eilidh", "Femi", "Gwen", "Hamza", "Isla", "Jack"]


@pytest.fixture
def make_open_client(db) -> Callable[..., Client]:
    """``make_open_client(worker, team)``: referred, accepted, started 30 days ago, ``worker`` as lead."""

    def make(worker: User | None, team: Team, *, by: User | None = None, **details) -> Client:
        actor = by or worker
        number = next(_numbers)
        started_on = timezone.localdate() - timedelta(days=30)
        client = client_services.client_create(
            team=team,
            created_by=actor,
            **{
                "first_name": FIRST_NAMES[number % len(FIRST_NAMES)],
                "last_name": f"Group{number}",
                "date_of_birth": date(1970 + number % 30, 1 + number % 12, 1 + number % 28),
                **details,
            },
        )
        referral = client_services.referral_create(
            client=client, source="gp", received_on=started_on, reason="Isolated since moving in.", by=actor
        )
        client_services.referral_decide(referral=referral, decision="accepted", decided_on=started_on, by=actor)
        client_services.episode_start(episode=referral.episode, started_on=started_on, by=actor)
        if worker is not None:
            client_services.allocation_set_lead(client=client, worker=worker, by=actor, reason="New referral")
        client.refresh_from_db()
        return client

    return make


@pytest.fixture
def activity(service, team, worker) -> Activity:
    """A weekly cooking group in ``service``, run by ``team`` with ``worker`` facilitating."""
    activity = ActivityFactory(service=service, team=team, title="Cooking on a budget", created_by=worker, capacity=8)
    ActivityFacilitatorFactory(activity=activity, user=worker)
    return activity


@pytest.fixture
def session(activity) -> Session:
    """A session of ``activity`` next week, 10:00 to 11:30 London time."""
    return SessionFactory(activity=activity)


@pytest.fixture
def other_service_activity(other_service_team) -> Activity:
    service = other_service_team.service
    return ActivityFactory(service=service, team=other_service_team, title="Walking group")


@pytest.fixture
def other_service_session(other_service_activity) -> Session:
    return SessionFactory(activity=other_service_activity)


@pytest.fixture
def person(make_open_client, worker, team) -> Client:
    """An open client of ``team`` with ``worker`` as lead worker."""
    return make_open_client(worker, team, first_name="Amara", last_name="Okafor")


@pytest.fixture
def other_team_worker(other_team_same_service) -> User:
    """A worker in another team of the same service: may run the programme, not see ``team``'s clients."""
    return staff_with_role(Role.WORKER, team=other_team_same_service)


@pytest.fixture
def other_service_worker(other_service_team) -> User:
    return staff_with_role(Role.WORKER, team=other_service_team)


@pytest.fixture
def colleague(team) -> User:
    """Another worker in ``team``, not allocated to the test clients."""
    return staff_with_role(Role.WORKER, team=team)
