"""Fixtures for the plans tests: clients built through ``clients.services``, plans through ``plans.services``."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from clients import services as client_services
from clients.models import Client, Contact
from plans import services
from plans.choices import WrapSharing
from plans.models import Plan
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, Team, User

_numbers = itertools.count(1)
FIRST_NAMES = ["Amara", "Ben", "Carys", "Dev", "Eilidh", "Femi", "Gwen", "Hamza", "Isla", "Jack"]


@pytest.fixture
def open_client_for(db) -> Callable[..., Client]:
    """``open_client_for(worker, team, started_on=..., lead=True)``: referred, accepted, started, allocated."""

    def make(worker: User | None, team: Team, *, by: User | None = None, started_on: date | None = None,
             lead: bool = True, **details) -> Client:  # fmt: skip
        actor = by or worker
        n = next(_numbers)
        started_on = started_on or timezone.localdate() - timedelta(days=30)
        client = client_services.client_create(
            team=team,
            created_by=actor,
            **{
                "first_name": FIRST_NAMES[n % len(FIRST_NAMES)],
                "last_name": f"Testperson{n}",
                "date_of_birth": date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
                **details,
            },
        )
        referral = client_services.referral_create(
            client=client, source="gp", received_on=started_on, reason="Low mood and isolation.", by=actor
        )
        client_services.referral_decide(referral=referral, decision="accepted", decided_on=started_on, by=actor)
        client_services.episode_start(episode=referral.episode, started_on=started_on, by=actor)
        if lead and worker is not None:
            client_services.allocation_set_lead(client=client, worker=worker, by=actor)
        client.refresh_from_db()
        return client

    return make


@pytest.fixture
def client_record(open_client_for, worker, team) -> Client:
    """An open client of ``team`` whose lead worker is ``worker``."""
    return open_client_for(worker, team, first_name="Carys", preferred_name="", last_name="Hughes")


@pytest.fixture
def colleague(team) -> User:
    return staff_with_role(Role.WORKER, team=team)


@pytest.fixture
def other_team_worker(other_service_team) -> User:
    return staff_with_role(Role.WORKER, team=other_service_team)


@pytest.fixture
def draft_plan(client_record, worker) -> Callable[..., Plan]:
    """``draft_plan(goals=1, client=..., by=...)``: a draft support plan with that many goals, each with a step."""

    def make(*, goals: int = 1, client: Client | None = None, by: User | None = None, **sections) -> Plan:
        client = client or client_record
        by = by or worker
        plan = services.plan_create(
            client=client,
            plan_type=sections.pop("plan_type", "support"),
            by=by,
            about_me=sections.pop("about_me", "I like music and my allotment."),
            **sections,
        )
        for number in range(goals):
            goal = services.goal_add(
                plan=plan,
                by=by,
                life_area="Everyday living skills",
                in_my_words=f"I want to cook a proper meal {number + 2} times a week.",
                support="Come shopping with me.",
            )
            services.step_add(goal=goal, by=by, description=f"Go to the cookery group ({number})")
        plan.refresh_from_db()
        return plan

    return make


@pytest.fixture
def agree() -> Callable[..., Plan]:
    """``agree(plan, by, **options)``: agree a draft as the client signing on screen, unless told otherwise."""

    def do(plan: Plan, by: User, **options) -> Plan:
        plan.refresh_from_db()
        values = {"agreement": "signed", "client_typed_name": "Carys Hughes", **options}
        return services.plan_agree(plan=plan, by=by, expected_version=plan.version, **values)

    return do


@pytest.fixture
def agreed_plan(draft_plan, agree, worker) -> Callable[..., Plan]:
    def make(*, goals: int = 1, by: User | None = None, **options) -> Plan:
        return agree(draft_plan(goals=goals, by=by, **options.pop("sections", {})), by or worker, **options)

    return make


@pytest.fixture
def log_contact(db) -> Callable[..., Contact]:
    def log(client: Client, by: User, **fields) -> Contact:
        values = {
            "idempotency_key": uuid.uuid4(),
            "occurred_at": timezone.now() - timedelta(hours=1),
            "contact_type": "face_to_face",
            "outcome": "attended",
            "note": "Talked about the week ahead.",
            **fields,
        }
        contact, _ = client_services.contact_log(client=client, by=by, **values)
        return contact

    return log


@pytest.fixture
def world(client_record, worker, draft_plan, agree):
    """One client with an agreed support plan, a draft crisis plan, a WRAP, a safety plan and a sign."""
    agreed = agree(draft_plan(), worker)
    draft = draft_plan(plan_type="crisis", contingency="Ring my sister first.")
    draft_goal = draft.goals.get()
    services.wrap_save(
        client=client_record, by=worker, expected_version=None, sharing=WrapSharing.TEAM, wellness_toolbox="A walk."
    )
    services.safety_plan_save(
        client=client_record,
        by=worker,
        expected_version=None,
        warning_signs="I stop answering my phone.",
        coping_strategies="My playlist.",
    )
    sign = services.sign_add(client=client_record, by=worker, kind="sign", description="I sleep all day")
    return {
        "client": client_record,
        "agreed": agreed,
        "draft": draft,
        "draft_goal": draft_goal,
        "draft_step": draft_goal.steps.get(),
        "agreed_step": agreed.goals.get().steps.get(),
        "sign": sign,
    }
