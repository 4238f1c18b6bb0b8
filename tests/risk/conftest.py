"""Fixtures for the risk tests: clients built through ``clients.services``, risk records through
``risk.services``, so every denormalised field is the one the app itself maintains."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from clients import services as client_services
from clients.models import Client, Contact
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, Team, User
from risk import services
from risk.choices import AreaStatus, PersonInvolvement, ReviewPriority
from risk.models import AREA_TEXT_FIELDS, RiskAssessment

_numbers = itertools.count(1)
FIRST_NAMES = ["Amara", "Ben", "Carys", "Dev", "Eilidh", "Femi", "Gwen", "Hamza", "Isla", "Jack"]


@pytest.fixture
def make_open_client(db) -> Callable[..., Client]:
    """``make_open_client(worker, team)``: referred, accepted, started 30 days ago, ``worker`` as lead."""

    def make(worker: User | None, team: Team, *, by: User | None = None, restricted: bool = False, **details) -> Client:
        actor = by or worker
        number = next(_numbers)
        started_on = timezone.localdate() - timedelta(days=30)
        client = client_services.client_create(
            team=team,
            created_by=actor,
            **{
                "first_name": FIRST_NAMES[number % len(FIRST_NAMES)],
                "last_name": f"Risk{number}",
                "date_of_birth": date(1970 + number % 30, 1 + number % 12, 1 + number % 28),
                "is_restricted": restricted,
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
def colleague(team) -> User:
    """Another worker in ``team``, not allocated to the test clients."""
    return staff_with_role(Role.WORKER, team=team)


@pytest.fixture
def other_team_worker(other_service_team) -> User:
    return staff_with_role(Role.WORKER, team=other_service_team)


@pytest.fixture
def person(make_open_client, worker, team) -> Client:
    """An open client of ``team`` with ``worker`` as lead worker."""
    return make_open_client(worker, team, first_name="Amara", last_name="Okafor")


@pytest.fixture
def log_contact(db) -> Callable[..., Contact]:
    def log(client: Client, by: User, **fields) -> Contact:
        contact, _ = client_services.contact_log(
            client=client,
            by=by,
            **{
                "idempotency_key": uuid.uuid4(),
                "occurred_at": timezone.now() - timedelta(hours=1),
                "contact_type": "face_to_face",
                "outcome": "attended",
                "note": "Talked about the week ahead.",
                **fields,
            },
        )
        return contact

    return log


def fill_area(assessment: RiskAssessment, key: str, *, by: User, status: str = AreaStatus.CONCERN, **text) -> None:
    """Save one area as the area page would: what is there already, with ``text`` changed."""
    area = assessment.areas.get(key=key)
    values = {name: getattr(area, name) for name in AREA_TEXT_FIELDS}
    if status == AreaStatus.CONCERN and not values["current_concerns"]:
        values["current_concerns"] = "Low mood in the evenings."
    services.area_update(area=area, by=by, expected_version=area.version, status=status, **{**values, **text})


def agree(assessment: RiskAssessment, *, by: User, **options) -> RiskAssessment:
    assessment.refresh_from_db()
    return services.assessment_agree(
        assessment=assessment,
        by=by,
        expected_version=assessment.version,
        person_involvement=options.pop("person_involvement", PersonInvolvement.TOGETHER),
        **options,
    )


def set_priority(
    assessment: RiskAssessment, *, by: User, priority: str = ReviewPriority.ROUTINE, summary: str = ""
) -> None:
    assessment.refresh_from_db()
    services.assessment_update(
        assessment=assessment, by=by, expected_version=assessment.version, review_priority=priority, summary=summary
    )


@pytest.fixture
def agreed_assessment(db) -> Callable[..., RiskAssessment]:
    """``agreed_assessment(client, by)``: a first assessment with suicide marked as a concern (with an
    action) and self-harm as no current concern, agreed today."""

    def make(client: Client, by: User, *, priority: str = ReviewPriority.ROUTINE) -> RiskAssessment:
        assessment, _ = services.assessment_start(client=client, by=by)
        fill_area(
            assessment,
            "suicide",
            by=by,
            history="Overdose in 2019.",
            current_concerns="Thoughts of not wanting to wake up on some nights.",
            protective_factors="Her daughter and her dog.",
            persons_view="I just want the nights to be easier.",
        )
        fill_area(assessment, "self_harm", by=by, status=AreaStatus.NO_CURRENT_CONCERN)
        services.action_add(
            assessment=assessment,
            by=by,
            action="Agree a crisis plan together.",
            due_on=timezone.localdate() + timedelta(days=14),
            area=assessment.areas.get(key="suicide"),
            owner=by,
        )
        set_priority(assessment, by=by, priority=priority, summary="Low mood since a bereavement; nights are hardest.")
        return agree(assessment, by=by)

    return make


@pytest.fixture
def raise_concern(db) -> Callable[..., object]:
    """``raise_concern(client, by, **overrides)``: a valid safeguarding concern (no task runs: the
    test transaction never commits)."""

    def make(client: Client, by: User, **overrides):
        values = {
            "categories": ["financial"],
            "what_happened": "Two men staying at the flat took her bank card.",
            "who_is_at_risk": "Amara.",
            "immediate_actions": "Rang the bank to stop the card.",
            "children_in_household": "no",
            "other_adults_in_household": "no",
            **overrides,
        }
        return services.concern_raise(client=client, by=by, **values)

    return make
