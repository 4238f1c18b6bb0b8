"""Fixtures for the outcomes tests: clients built through ``clients.services`` (so episode dates and
lead workers are what the app maintains), readings through ``outcomes.services``."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from clients import services as client_services
from clients.models import Client
from outcomes.factories import ReadingFactory
from outcomes.models import Reading
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, Team, User

_numbers = itertools.count(1)
FIRST_NAMES = ["Amara", "Ben", "Carys", "Dev", "Eilidh", "Femi", "Gwen", "Hamza", "Isla", "Jack"]


@pytest.fixture
def make_open_client(db) -> Callable[..., Client]:
    """``make_open_client(worker, team, started_days_ago=60)``: referred, accepted and started."""

    def make(worker: User | None, team: Team, *, by: User | None = None, started_days_ago: int = 60, **details):
        actor = by or worker
        number = next(_numbers)
        started_on = timezone.localdate() - timedelta(days=started_days_ago)
        client = client_services.client_create(
            team=team,
            created_by=actor,
            **{
                "first_name": FIRST_NAMES[number % len(FIRST_NAMES)],
                "last_name": f"Outcome{number}",
                "date_of_birth": date(1970 + number % 30, 1 + number % 12, 1 + number % 28),
                **details,
            },
        )
        referral = client_services.referral_create(
            client=client, source="gp", received_on=started_on, reason="Low mood and isolation.", by=actor
        )
        client_services.referral_decide(referral=referral, decision="accepted", decided_on=started_on, by=actor)
        client_services.episode_start(episode=referral.episode, started_on=started_on, by=actor)
        if worker is not None:
            client_services.allocation_set_lead(client=client, worker=worker, by=actor, reason="New referral")
        client.refresh_from_db()
        return client

    return make


@pytest.fixture
def person(make_open_client, worker, team) -> Client:
    """An open client of ``team`` with ``worker`` as lead worker, supported for 60 days."""
    return make_open_client(worker, team, first_name="Amara", last_name="Okafor")


@pytest.fixture
def other_team_worker(other_service_team) -> User:
    return staff_with_role(Role.WORKER, team=other_service_team)


@pytest.fixture
def reading(person, worker) -> Reading:
    """A complete SWEMWBS reading (raw 19, metric 17.98) taken today."""
    return ReadingFactory(client=person, by=worker)


def swemwbs(raw: int) -> dict[str, int]:
    """SWEMWBS answers adding up to ``raw``."""
    values, remaining = [1] * 7, raw - 7
    for index in range(7):
        step = min(4, remaining)
        values[index] += step
        remaining -= step
    return {f"q{number}": value for number, value in enumerate(values, start=1)}


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)
