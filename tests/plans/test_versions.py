"""Plan versions: draft → agreed → superseded, review dates, reviews and carrying a plan forward."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from clients import services as client_services
from plans import services
from plans.choices import GoalStatus, PlanStatus, ReviewKind, StepStatus
from plans.models import Goal, Plan, PlanReview, Step

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)


def _review(plan, by, *, outcome="continue", updates=None, **fields):
    plan.refresh_from_db()
    values = {
        "reviewed_on": date(2026, 3, 10),
        "kind": "scheduled",
        "client_view": "I'm proud I went to the cookery group.",
        **fields,
    }
    return services.plan_review_record(
        plan=plan, by=by, expected_version=plan.version, outcome=outcome, goal_updates=updates or {}, **values
    )


def test_it_starts_a_draft_as_version_1(draft_plan):
    plan = draft_plan()

    assert (plan.status, plan.number) == (PlanStatus.DRAFT, 1)


def test_it_refuses_a_second_draft_of_the_same_type(draft_plan, client_record, worker):
    draft_plan()

    with pytest.raises(ValidationError, match="already a draft"):
        services.plan_create(client=client_record, plan_type="support", by=worker)


def test_it_allows_a_crisis_plan_beside_a_support_plan(draft_plan, client_record, worker):
    draft_plan()

    crisis = services.plan_create(client=client_record, plan_type="crisis", by=worker)

    assert (crisis.plan_type, crisis.number) == ("crisis", 1)


def test_it_refuses_a_plan_for_someone_without_a_current_referral(worker, team):
    client = client_services.client_create(
        team=team, created_by=worker, first_name="Dev", last_name="Patel", date_of_birth=date(1990, 1, 1)
    )

    with pytest.raises(ValidationError, match="no current referral"):
        services.plan_create(client=client, plan_type="support", by=worker)


def test_it_refuses_to_agree_a_support_plan_without_goals(draft_plan, agree, worker):
    plan = draft_plan(goals=0)

    with pytest.raises(ValidationError, match="at least one goal"):
        agree(plan, worker)


def test_it_agrees_a_crisis_plan_without_goals(draft_plan, agree, worker):
    plan = draft_plan(goals=0, plan_type="crisis", contingency="Ring my sister Jo first.")

    assert agree(plan, worker).status == PlanStatus.AGREED


def test_it_supersedes_the_agreed_version_when_the_next_is_agreed(agreed_plan, agree, worker):
    first = agreed_plan()
    second = services.plan_new_version(plan=first, by=worker)

    agree(second, worker)

    first.refresh_from_db()
    assert (first.status, first.superseded_at is not None) == (PlanStatus.SUPERSEDED, True)


def test_it_numbers_the_next_version_and_links_it_to_the_last(agreed_plan, worker):
    first = agreed_plan()

    second = services.plan_new_version(plan=first, by=worker)

    assert (second.number, second.previous_id, second.status) == (2, first.pk, PlanStatus.DRAFT)


def test_it_carries_goals_still_being_worked_on_into_the_next_version(agreed_plan, worker):
    first = agreed_plan(goals=2)

    second = services.plan_new_version(plan=first, by=worker)

    assert sorted(second.goals.values_list("in_my_words", flat=True)) == sorted(
        first.goals.values_list("in_my_words", flat=True)
    )


def test_it_leaves_achieved_goals_in_the_old_version(agreed_plan, worker):
    with time_machine.travel(TODAY, tick=False):
        first = agreed_plan(goals=2)
        achieved = first.goals.order_by("position").first()
        _review(first, worker, updates={achieved.pk: services.GoalUpdate("Done it!", GoalStatus.ACHIEVED)})

    second = services.plan_new_version(plan=first, by=worker)

    assert achieved.in_my_words not in list(second.goals.values_list("in_my_words", flat=True))


def test_it_carries_only_open_steps_forward(draft_plan, agree, worker):
    draft = draft_plan(goals=1)
    goal = draft.goals.get()
    services.step_add(goal=goal, by=worker, description="Ring the college about the course")
    first = agree(draft, worker)
    services.step_set_status(step=goal.steps.get(description__startswith="Go to"), by=worker, status=StepStatus.DONE)

    second = services.plan_new_version(plan=first, by=worker)

    assert list(Step.objects.filter(goal__plan=second).values_list("description", flat=True)) == [
        "Ring the college about the course"
    ]


def test_it_links_a_carried_goal_to_the_goal_it_came_from(agreed_plan, worker):
    first = agreed_plan()

    second = services.plan_new_version(plan=first, by=worker)

    assert second.goals.get().carried_from == first.goals.get()


def test_it_refuses_to_change_an_agreed_plan(agreed_plan, worker):
    plan = agreed_plan()

    with pytest.raises(ValidationError, match="Start a new version"):
        services.plan_update(plan=plan, by=worker, expected_version=plan.version, about_me="Changed")


def test_it_refuses_a_goal_on_an_agreed_plan(agreed_plan, worker):
    plan = agreed_plan()

    with pytest.raises(ValidationError, match="Start a new version"):
        services.goal_add(plan=plan, by=worker, life_area="Physical health", in_my_words="I want to swim.")


def test_it_refuses_a_goal_in_an_area_the_service_does_not_use(draft_plan, worker):
    plan = draft_plan(goals=0)

    with pytest.raises(ValidationError) as error:
        services.goal_add(plan=plan, by=worker, life_area="Astronomy", in_my_words="I want to see Saturn.")

    assert "life_area" in error.value.message_dict


def test_it_sets_a_light_touch_first_review_for_a_new_plan(draft_plan, agree, worker, service):
    service.first_review_after_days = 42
    service.save()
    plan = draft_plan()

    with time_machine.travel(TODAY, tick=False):
        agreed = agree(plan, worker)

    assert (agreed.review_due_on, agreed.review_due_kind) == (date(2026, 4, 21), ReviewKind.FIRST)


def test_it_uses_the_service_review_interval_when_there_is_no_first_review(draft_plan, agree, worker, service):
    service.first_review_after_days = None
    service.plan_review_interval_days = 91
    service.save()

    with time_machine.travel(TODAY, tick=False):
        agreed = agree(draft_plan(), worker)

    assert agreed.review_due_on == date(2026, 6, 9)


def test_it_uses_the_interval_not_the_first_review_for_a_second_version(agreed_plan, agree, worker, service):
    service.first_review_after_days = 42
    service.save()
    first = agreed_plan()
    second = services.plan_new_version(plan=first, by=worker)

    with time_machine.travel(TODAY, tick=False):
        agreed = agree(second, worker)

    assert agreed.review_due_on == date(2026, 3, 10) + timedelta(days=service.plan_review_interval_days)


def test_it_accepts_an_earlier_review_date(draft_plan, agree, worker):
    with time_machine.travel(TODAY, tick=False):
        agreed = agree(draft_plan(), worker, review_due_on=date(2026, 4, 1))

    assert agreed.review_due_on == date(2026, 4, 1)


def test_it_refuses_a_review_date_beyond_the_service_interval(draft_plan, agree, worker):
    with time_machine.travel(TODAY, tick=False), pytest.raises(ValidationError) as error:
        agree(draft_plan(), worker, review_due_on=date(2027, 1, 1))

    assert "review_due_on" in error.value.message_dict


def test_it_moves_the_review_date_on_after_a_review(agreed_plan, worker, service):
    with time_machine.travel(TODAY, tick=False):
        plan = agreed_plan()
        result = _review(plan, worker)

    assert result.plan.review_due_on == date(2026, 3, 10) + timedelta(days=service.plan_review_interval_days)


def test_it_keeps_what_went_well_what_changed_and_the_clients_view(agreed_plan, worker):
    with time_machine.travel(TODAY, tick=False):
        result = _review(agreed_plan(), worker, went_well="Went to the group.", what_changed="New flat.")

    review = PlanReview.objects.get(pk=result.review.pk)
    assert (review.went_well, review.what_changed, review.client_view) == (
        "Went to the group.",
        "New flat.",
        "I'm proud I went to the cookery group.",
    )


def test_it_notes_progress_on_each_goal_at_a_review(agreed_plan, worker):
    with time_machine.travel(TODAY, tick=False):
        plan = agreed_plan(goals=2)
        goal = plan.goals.order_by("position").first()
        result = _review(plan, worker, updates={goal.pk: services.GoalUpdate("Cooked twice this week.", "working")})

    assert list(result.review.progress.values_list("goal_id", "note")) == [(goal.pk, "Cooked twice this week.")]


def test_it_carries_the_reviewed_progress_into_the_next_version_in_one_step(agreed_plan, worker):
    with time_machine.travel(TODAY, tick=False):
        plan = agreed_plan()
        goal = plan.goals.get()
        result = _review(
            plan,
            worker,
            outcome="new_version",
            updates={goal.pk: services.GoalUpdate("Cooked twice this week.", "working")},
        )

    carried = Goal.objects.get(plan=result.next_version)
    assert (result.next_version.number, carried.progress) == (2, "Cooked twice this week.")


def test_it_refuses_a_review_with_nothing_written(agreed_plan, worker):
    with time_machine.travel(TODAY, tick=False):
        plan = agreed_plan()
        with pytest.raises(ValidationError) as error:
            _review(plan, worker, client_view="")

    assert "client_view" in error.value.message_dict


def test_it_refuses_a_review_of_a_draft(draft_plan, worker):
    plan = draft_plan()

    with pytest.raises(ValidationError, match="agreed plan"):
        _review(plan, worker)


def test_it_sets_a_draft_aside_without_deleting_it(draft_plan, worker):
    plan = draft_plan()

    services.plan_discard(plan=plan, by=worker, reason="Started by mistake")

    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ARCHIVED


def test_it_lets_a_new_draft_start_once_the_old_one_is_set_aside(draft_plan, client_record, worker):
    services.plan_discard(plan=draft_plan(), by=worker, reason="Started by mistake")

    assert services.plan_create(client=client_record, plan_type="support", by=worker).number == 2


def test_it_marks_a_step_done_with_the_date(agreed_plan, worker):
    plan = agreed_plan()
    step = Step.objects.get(goal__plan=plan)

    with time_machine.travel(TODAY, tick=False):
        step = services.step_set_status(step=step, by=worker, status="done")

    assert step.completed_on == date(2026, 3, 10)
