"""Fixtures for the commissioner report tests.

``world`` is a small but varied dataset written directly with the factories (so the test
controls every date): two services, referrals received either side of Q2 2026/27
(1 Jul – 30 Sep 2026), episodes that start and end across its edges, contacts, plans with
reviews, risk assessment versions and safeguarding concerns. Each section's figures are then
checked against plain Python over the same rows.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest

from clients import choices as client_choices
from clients.factories import ClientFactory, ContactFactory, EpisodeFactory, ReferralFactory
from clients.models import Client
from plans.factories import PlanFactory, PlanReviewFactory
from recovery.accounts.factories import ServiceFactory, TeamFactory, staff_with_role
from recovery.accounts.models import Role, Service, Team, User
from recovery.reports import periods
from recovery.reports.periods import LONDON
from recovery.reports.services import definition_for_service
from risk.models import RiskAssessment, SafeguardingConcern

Q2 = periods.quarter(2026, 2)  # 1 Jul 2026 to 30 Sep 2026
CATEGORIES = ["physical", "financial", "self_neglect", "neglect", "psychological"]


def at(day: date, hour: int = 11, minute: int = 0) -> datetime:
    """A UK wall-clock time on ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def choice_values(options) -> list[str]:
    return [value for value, _ in options]


@dataclass
class World:
    service: Service
    other_service: Service
    teams: list[Team]
    other_team: Team
    staff: User
    clients: list[Client] = field(default_factory=list)

    @property
    def service_ids(self) -> list[int]:
        return [self.service.pk]


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def build_world(*, seed: int = 7, people: int = 72) -> World:
    rng = random.Random(seed)
    service = ServiceFactory(name="Riverside Supported Housing")
    other_service = ServiceFactory(name="Northgate Community Recovery")
    teams = [TeamFactory(service=service, name="Riverside House"), TeamFactory(service=service, name="Outreach")]
    other_team = TeamFactory(service=other_service, name="Northgate East")
    staff = staff_with_role(Role.WORKER, team=teams[0])
    world = World(service, other_service, teams, other_team, staff)
    all_teams = [*teams, other_team]
    for number in range(people):
        team = all_teams[number % 3]
        equality = {
            name: rng.choice([*choice_values(options), ""])
            for name, options in (
                ("disability", client_choices.YES_NO),
                ("gender_reassignment", client_choices.YES_NO),
                ("marital_status", client_choices.MARITAL_STATUS),
                ("pregnancy_maternity", client_choices.YES_NO),
                ("ethnicity", client_choices.ETHNICITY[:6]),
                ("religion", client_choices.RELIGION),
                ("sex", client_choices.SEX),
                ("sexual_orientation", client_choices.SEXUAL_ORIENTATION),
            )
        }
        client = ClientFactory(
            team=team,
            created_by=staff,
            date_of_birth=_random_day(rng, date(1940, 1, 1), date(2008, 12, 31)),
            **equality,
        )
        world.clients.append(client)
        received_on = _random_day(rng, date(2026, 3, 1), date(2026, 10, 10))
        decision = rng.choice(["accepted", "accepted", "accepted", "declined", "signposted", "pending"])
        decided_on = received_on + timedelta(days=rng.randrange(0, 25)) if decision != "pending" else None
        referral = ReferralFactory(
            client=client,
            source=rng.choice(choice_values(client_choices.REFERRAL_SOURCE)),
            received_on=received_on,
            decision=decision,
            decided_on=decided_on,
            decided_by=staff if decided_on else None,
            decision_reason=rng.choice(["Needs are better met by the CMHT", "Out of area"])
            if decision == "declined"
            else "",
            signposted_to=rng.choice(["Mind", "Citizens Advice"]) if decision == "signposted" else "",
            created_by=staff,
        )
        if decision != "accepted":
            continue
        started_on = decided_on + timedelta(days=rng.randrange(0, 30)) if rng.random() < 0.85 else None
        ended_on = end_reason = destination = None
        if started_on and rng.random() < 0.5:
            ended_on = started_on + timedelta(days=rng.randrange(0, 120))
            end_reason = rng.choice(["planned_move_on", "planned_move_on", "unplanned", "disengaged", "hospital"])
            destination = rng.choice(["independent_tenancy", "family"]) if end_reason == "planned_move_on" else ""
        episode = EpisodeFactory(
            client=client,
            referral=referral,
            accepted_on=decided_on,
            started_on=started_on,
            ended_on=ended_on,
            end_reason=end_reason or "",
            move_on_destination=destination or "",
        )
        if not started_on:
            continue
        for _ in range(rng.randrange(0, 9)):
            day = _random_day(rng, received_on, date(2026, 10, 31))
            ContactFactory(
                client=client,
                recorded_by=staff,
                occurred_at=at(day, rng.randrange(0, 24), rng.randrange(60)),
                contact_type=rng.choice(choice_values(client_choices.CONTACT_TYPE)),
                outcome=rng.choice(["attended", "attended", "did_not_attend", "cancelled_by_client"]),
            )
        if rng.random() < 0.75:
            agreed_on = started_on + timedelta(days=rng.randrange(0, 40))
            plan = PlanFactory(
                client=client,
                episode=episode,
                agreed=True,
                agreed_on=agreed_on,
                agreed_at=at(agreed_on),
                review_due_on=agreed_on + timedelta(days=91),
                created_by=staff,
            )
            reviewed = agreed_on
            for _ in range(rng.randrange(0, 3)):
                reviewed = reviewed + timedelta(days=rng.randrange(60, 120))
                PlanReviewFactory(
                    plan=plan,
                    reviewed_on=reviewed,
                    reviewed_at=at(reviewed),
                    next_review_on=reviewed + timedelta(days=91),
                    reviewed_by=staff,
                )
                plan.review_due_on = reviewed + timedelta(days=91)
                plan.last_reviewed_on = reviewed
                plan.save(update_fields=["review_due_on", "last_reviewed_on"])
            if rng.random() < 0.3:
                # A new version agreed some time around the review date: the old one is superseded.
                replaced_on = plan.review_due_on + timedelta(days=rng.randrange(-30, 30))
                plan.status = "superseded"
                plan.superseded_at = at(replaced_on, 9)
                plan.save(update_fields=["status", "superseded_at"])
                PlanFactory(
                    client=client,
                    episode=episode,
                    agreed=True,
                    agreed_on=replaced_on,
                    agreed_at=at(replaced_on, 9),
                    review_due_on=replaced_on + timedelta(days=91),
                    created_by=staff,
                )
        if rng.random() < 0.8:
            agreed = started_on + timedelta(days=rng.randrange(0, 20))
            for number_of_version in range(1, rng.randrange(2, 4)):
                due = agreed + timedelta(days=91)
                RiskAssessment.objects.create(
                    client=client,
                    number=number_of_version,
                    review_reason="scheduled",
                    review_due_on=due,
                    created_by=staff,
                    agreed_by=staff,
                    agreed_at=at(agreed, 10),
                )
                agreed = due + timedelta(days=rng.randrange(-20, 30))
        if rng.random() < 0.3:
            raised = _random_day(rng, started_on, date(2026, 10, 31))
            SafeguardingConcern.objects.create(
                client=client,
                categories=rng.sample(CATEGORIES, rng.randrange(1, 3)),
                what_happened="Described at a visit.",
                who_is_at_risk="The person.",
                children_in_household="no",
                other_adults_in_household="no",
                immediate_actions="Talked it through and agreed next steps.",
                raised_by=staff,
                raised_at=at(raised, rng.randrange(0, 24)),
                la_referral=rng.choice(["referred", "not_referred", "undecided"]),
            )
    for team in teams:
        world.clients.append(make_re_referred(team, staff))
    return world


def make_re_referred(team: Team, staff: User) -> Client:
    """Someone supported until 31 Mar 2026 and referred again, starting on 6 Jul 2026 (in Q2).

    Their first support left an agreed plan and a risk assessment with review dates after Q2:
    ending an episode does not supersede either, so they still look current, though neither belongs
    to the support open at the end of Q2.
    """
    client = ClientFactory(team=team, created_by=staff)
    first = ReferralFactory(
        client=client,
        received_on=date(2025, 9, 1),
        decision="accepted",
        decided_on=date(2025, 9, 2),
        decided_by=staff,
        created_by=staff,
    )
    episode = EpisodeFactory(
        client=client,
        referral=first,
        accepted_on=date(2025, 9, 2),
        started_on=date(2025, 9, 10),
        ended_on=date(2026, 3, 31),
        end_reason="planned_move_on",
        move_on_destination="independent_tenancy",
    )
    PlanFactory(
        client=client,
        episode=episode,
        agreed=True,
        agreed_on=date(2025, 10, 1),
        agreed_at=at(date(2025, 10, 1)),
        review_due_on=date(2026, 12, 1),
        created_by=staff,
    )
    RiskAssessment.objects.create(
        client=client,
        number=1,
        review_reason="scheduled",
        review_due_on=date(2026, 12, 1),
        created_by=staff,
        agreed_by=staff,
        agreed_at=at(date(2025, 10, 1), 10),
    )
    again = ReferralFactory(
        client=client,
        received_on=date(2026, 7, 1),
        decision="accepted",
        decided_on=date(2026, 7, 2),
        decided_by=staff,
        created_by=staff,
    )
    EpisodeFactory(client=client, referral=again, accepted_on=date(2026, 7, 2), started_on=date(2026, 7, 6))
    return client


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def report_manager(world) -> User:
    return staff_with_role(Role.SERVICE_MANAGER, service=world.service, full_name="Martin Doyle")


@pytest.fixture
def definition(world):
    return definition_for_service(service=world.service)


@pytest.fixture
def make_client(db) -> Callable[..., Client]:
    """``make_client(team, started_on=..., ...)``: a client with an accepted referral and an episode."""

    def make(
        team: Team,
        *,
        received_on: date = date(2026, 6, 1),
        started_on: date | None = date(2026, 6, 10),
        ended_on: date | None = None,
        end_reason: str = "",
        destination: str = "",
        **client_fields,
    ) -> Client:
        client = ClientFactory(team=team, **client_fields)
        referral = ReferralFactory(
            client=client,
            received_on=received_on,
            decision="accepted",
            decided_on=received_on,
            decided_by=client.created_by,
            created_by=client.created_by,
        )
        EpisodeFactory(
            client=client,
            referral=referral,
            accepted_on=received_on,
            started_on=started_on,
            ended_on=ended_on,
            end_reason=end_reason or ("planned_move_on" if ended_on else ""),
            move_on_destination=destination if destination or not ended_on else "independent_tenancy",
        )
        return client

    return make


@pytest.fixture
def idempotency_key() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def broken_section():
    """A registered section whose figures cannot be computed, for this test only."""
    from recovery.core.registries import ReportSection, report_sections

    def compute(**kwargs):
        raise RuntimeError("the section broke")

    entry = report_sections.register(
        ReportSection("test_broken", "Broken", "Never works.", compute, lambda data: [], "reports/sections/table.html")
    )
    yield entry
    report_sections.unregister(entry.key)


@pytest.fixture(autouse=True)
def report_media(settings, tmp_path):
    """Report files of each test in a folder of its own (FileSystemStorage follows MEDIA_ROOT)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
