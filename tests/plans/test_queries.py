"""Query budgets: the plans tab and a plan's page ask the same number of queries however much is on them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import services

# The plans tab: session, user, user session (3), session save, client, scope, access log,
# client header (episode, advance statement, one per caseload flag source: 6 today),
# then the plans tab's own two: the plan versions; WRAP, safety plan, relapse signature and 12-week trend.
TAB_BUDGET = 20
# A plan's page: the same first 17, then the plan (with its versions), goals, steps, reviews, progress notes.
PLAN_PAGE_BUDGET = 22


def _queries(http, url) -> int:
    """Queries for one request, counted as ``manage.py bench`` counts them (savepoints left out)."""
    http.get(url)  # warm the session and any per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200
    return len([query for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]])


@pytest.fixture
def versions(client_record, worker, draft_plan, agree):
    """``versions(n)``: n agreed versions of the support plan (the newest current), each reviewed once."""

    def make(count: int) -> None:
        plan = agree(draft_plan(goals=2), worker)
        for _ in range(count - 1):
            plan = services.plan_review_record(
                plan=plan,
                by=worker,
                expected_version=plan.version,
                reviewed_on=plan.agreed_on,
                kind="scheduled",
                outcome="new_version",
                client_view="Going well.",
            ).next_version
            plan = agree(plan, worker)

    return make


def test_it_keeps_the_plans_tab_to_the_same_queries_for_1_and_10_plans(
    versions, client_record, open_client_for, worker, team, draft_plan, agree, client_for
):
    versions(1)
    other = open_client_for(worker, team)
    first = agree(draft_plan(client=other, goals=1), worker)
    for _ in range(9):
        first = agree(services.plan_new_version(plan=first, by=worker), worker)
    http = client_for(worker)

    one = _queries(http, reverse("plans:client_plans", args=[client_record.code]))
    ten = _queries(http, reverse("plans:client_plans", args=[other.code]))

    assert one == ten
    assert ten <= TAB_BUDGET


def test_it_keeps_a_plan_page_to_the_same_queries_for_1_and_10_goals(
    client_record, open_client_for, worker, team, draft_plan, agree, client_for
):
    small = agree(draft_plan(goals=1), worker)
    other = open_client_for(worker, team)
    big = draft_plan(client=other, goals=10)
    for goal in big.goals.all():
        services.step_add(goal=goal, by=worker, description="Another small step")
    big = agree(big, worker)
    services.plan_review_record(
        plan=big, by=worker, expected_version=big.version, reviewed_on=big.agreed_on, kind="scheduled",
        outcome="continue", client_view="Going well.",
        goal_updates={goal.pk: services.GoalUpdate("Better.", "working") for goal in big.goals.all()},
    )  # fmt: skip
    small = services.plan_review_record(
        plan=small, by=worker, expected_version=small.version, reviewed_on=small.agreed_on, kind="scheduled",
        outcome="continue", client_view="Going well.",
        goal_updates={goal.pk: services.GoalUpdate("Better.", "working") for goal in small.goals.all()},
    ).plan  # fmt: skip
    http = client_for(worker)

    one = _queries(http, reverse("plans:plan_detail", args=[client_record.code, small.code]))
    ten = _queries(http, reverse("plans:plan_detail", args=[other.code, big.code]))

    assert one == ten
    assert ten <= PLAN_PAGE_BUDGET
