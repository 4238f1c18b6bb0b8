"""Demo risk data: believable, idempotent, built on the clients seeder's records."""

from __future__ import annotations

import pytest

from recovery.core.demo import run_seeders
from risk.models import Alert, RiskAssessment, SafeguardingConcern

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return (
        RiskAssessment.objects.count(),
        Alert.objects.count(),
        SafeguardingConcern.objects.filter(closed_at__isnull=True).count(),
    )


def test_it_seeds_assessments_alerts_and_open_concerns_for_the_small_demo():
    run_seeders(size="small", only=["clients", "risk"])

    assessments, alerts, open_concerns = _counts()
    assert assessments > 50
    assert alerts > 5
    assert open_concerns == 3
    assert RiskAssessment.objects.filter(is_current=True, review_due_on__isnull=True).count() == 0


def test_it_gives_the_same_counts_when_run_twice():
    run_seeders(size="small", only=["clients", "risk"])
    first = _counts()

    run_seeders(size="small", only=["clients", "risk"])

    assert _counts() == first


def test_it_writes_the_persons_own_view_in_their_words():
    run_seeders(size="small", only=["clients", "risk"])

    views = set(RiskAssessment.objects.filter(is_current=True).values_list("areas__persons_view", flat=True))
    assert any(view.startswith("I ") or view.startswith("It's") or view.startswith("They're") for view in views if view)


def test_it_leaves_the_demo_worker_a_concern_to_read_and_one_only_flagged():
    from clients.models import Client
    from recovery.accounts.models import User
    from risk.access import can_see_concern

    run_seeders(size="small", only=["clients", "risk"])
    worker = User.objects.get(email="worker@demo.recovery.example")
    concerns = SafeguardingConcern.objects.select_related("client")
    visible = [
        can_see_concern(worker, Client.objects.get(pk=c.client_id), c)
        for c in concerns
        if c.client.team_id in {m.team_id for m in worker.memberships.all()}
    ]

    assert True in visible  # a concern the demo worker can read (their own client)
    assert False in visible  # and one in their team they see only as a flag
