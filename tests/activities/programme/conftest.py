"""Fixtures for the programme half: a session that has happened with people on its register,
approved risk assessments built through the services, and the roles of the access rules."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from activities.factories import AttendanceFactory, SessionFactory
from activities.models import ActivityRiskAssessment, Session
from activities.services import risk_assessments as ra_services
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, User

HAZARD = {
    "hazard": "Hot oven",
    "who_might_be_harmed": "People taking part",
    "how_harmed": "Burns from trays and hobs",
    "existing_controls": "Oven gloves; the facilitator takes trays out.",
    "likelihood_before": 3,
    "severity_before": 3,
    "further_controls": "Only the facilitator opens the oven.",
    "likelihood_after": 2,
    "severity_after": 3,
}


@pytest.fixture
def past_session(activity) -> Session:
    """A session of ``activity`` two days ago, 10:00 to 11:30."""
    starts = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=2)
    return SessionFactory(activity=activity, starts_at=starts, ends_at=starts + timedelta(minutes=90))


@pytest.fixture
def attended(past_session, person, worker) -> Session:
    """``person`` attended ``past_session``."""
    AttendanceFactory(session=past_session, client=person, recorded_by=worker)
    return past_session


@pytest.fixture
def other_team_leader(other_team_same_service) -> User:
    return staff_with_role(Role.TEAM_LEADER, team=other_team_same_service)


@pytest.fixture
def approved_assessment(team_leader) -> Callable[..., ActivityRiskAssessment]:
    """``approved_assessment(activity, by)``: version with one hazard, approved by ``team_leader``."""

    def make(activity, by: User, **approve) -> ActivityRiskAssessment:
        draft, _ = ra_services.risk_assessment_start(
            activity=activity, by=by, review_reason=approve.pop("reason", "Yearly review")
        )
        ra_services.hazard_add(assessment=draft, by=by, **HAZARD)
        draft.refresh_from_db()
        return ra_services.risk_assessment_approve(
            assessment=draft, by=team_leader, expected_version=draft.version, **approve
        )

    return make


@pytest.fixture
def new_key() -> Callable[[], uuid.UUID]:
    return uuid.uuid4
