"""Demo data for the programme half: built on the activities seeder's records, idempotent, and
with something for each marker and page to show."""

from __future__ import annotations

import pytest
from django.utils import timezone

from activities.models import ActivityRiskAssessment, PreTenancyCompletion, SessionFeedback, YouSaidWeDid
from activities.selectors.risk_assessments import service_risk_overview
from recovery.accounts.models import Service
from recovery.core.demo import run_seeders

pytestmark = pytest.mark.django_db

SEEDERS = ["clients", "risk", "activities", "activities_programme"]


def _counts() -> tuple[int, int, int, int]:
    return (
        ActivityRiskAssessment.objects.count(),
        SessionFeedback.objects.count(),
        YouSaidWeDid.objects.count(),
        PreTenancyCompletion.objects.count(),
    )


def test_it_seeds_assessments_feedback_changes_and_completions():
    run_seeders(size="small", only=SEEDERS)
    assessments, feedback, changes, completions = _counts()
    assert (assessments > 5, feedback > 20, changes > 0, completions > 0) == (True, True, True, True)


def test_it_leaves_one_activity_without_and_one_overdue_in_each_service():
    run_seeders(size="small", only=SEEDERS)
    service = Service.objects.order_by("id").first()
    kinds = [row.status.kind for row in service_risk_overview(service=service, today=timezone.localdate())]
    assert (kinds.count("missing"), kinds.count("overdue")) == (1, 1)


def test_it_keeps_anonymous_demo_feedback_anonymous():
    run_seeders(size="small", only=SEEDERS)
    anonymous = SessionFeedback.objects.filter(client__isnull=True)
    assert anonymous.exists()
    assert not anonymous.exclude(recorded_by__isnull=True, recorded_at__isnull=True).exists()


def test_it_gives_the_same_counts_when_run_twice():
    run_seeders(size="small", only=SEEDERS)
    first = _counts()
    run_seeders(size="small", only=SEEDERS)
    assert _counts() == first
