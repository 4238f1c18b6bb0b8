"""Each plans page doing its job: starting, writing, agreeing, reviewing and printing a plan."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from plans.choices import PlanStatus
from plans.models import Goal, Plan, PlanReview, SafetyPlan, Step


def _url(name, client, *objects):
    return reverse(f"plans:{name}", args=[client.code, *(obj.code for obj in objects)])


def test_it_shows_an_empty_plans_tab_with_what_to_do_next(client_record, worker, client_for):
    response = client_for(worker).get(_url("client_plans", client_record))

    assert "No plan yet" in response.content.decode()
    assert _url("plan_start", client_record) in response.content.decode()


def test_it_lists_the_agreed_plan_and_its_next_review_on_the_tab(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()

    response = client_for(worker).get(_url("client_plans", client_record))

    assert f"Next review by <strong>{plan.review_due_on:%-d %b %Y}</strong>" in response.content.decode()


def test_it_starts_a_draft_and_opens_it_for_writing(client_record, worker, client_for):
    response = client_for(worker).post(_url("plan_start", client_record), {"plan_type": "support"})

    plan = Plan.objects.get(client=client_record)
    assert response["Location"] == _url("plan_edit", client_record, plan)
    assert plan.status == PlanStatus.DRAFT


def test_it_explains_why_a_second_draft_cannot_start(draft_plan, client_record, worker, client_for):
    draft_plan()

    response = client_for(worker).post(_url("plan_start", client_record), {"plan_type": "support"})

    assert response.status_code == 422
    assert "already a draft" in response.content.decode()


def test_it_saves_the_plans_sections(draft_plan, client_record, worker, client_for):
    plan = draft_plan()

    response = client_for(worker).post(
        _url("plan_edit", client_record, plan),
        {
            "version": plan.version,
            "about_me": "I'm a quiet person.",
            "about_me_by": "client",
            "strengths": "My sister.",
            "strengths_by": "joint",
            "contingency": "",
            "contingency_by": "joint",
            "has_cpa": "on",
            "cpa_care_coordinator": "Sam Whitfield",
            "cpa_coordinator_contact": "01632 960418",
            "cpa_review_on": "2027-01-15",
        },
    )

    plan.refresh_from_db()
    assert response.status_code == 302
    assert (plan.about_me, plan.about_me_by, plan.cpa_care_coordinator) == (
        "I'm a quiet person.",
        "client",
        "Sam Whitfield",
    )


def test_it_sends_an_agreed_plans_edit_page_back_to_the_plan(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()

    response = client_for(worker).get(_url("plan_edit", client_record, plan))

    assert response["Location"] == _url("plan_detail", client_record, plan)


def test_it_adds_a_goal_in_the_clients_words_then_asks_for_a_step(draft_plan, client_record, worker, client_for):
    plan = draft_plan(goals=0)

    response = client_for(worker).post(
        _url("goal_add", client_record, plan),
        {
            "life_area": "Physical health",
            "in_my_words": "I want to walk to the shops without getting out of breath.",
            "support": "Find a walking group with me.",
            "written_by": "client",
            "status": "working",
        },
    )

    goal = Goal.objects.get(plan=plan)
    assert goal.in_my_words == "I want to walk to the shops without getting out of breath."
    assert response["Location"] == _url("step_add", client_record, plan, goal)


def test_it_tells_the_worker_to_write_the_goal_in_the_clients_words(draft_plan, client_record, worker, client_for):
    plan = draft_plan(goals=0)

    response = client_for(worker).post(
        _url("goal_add", client_record, plan),
        {"life_area": "Physical health", "written_by": "client", "status": "working"},
    )

    assert response.status_code == 422
    assert Goal.objects.filter(plan=plan).count() == 0


def test_it_changes_a_goal(draft_plan, client_record, worker, client_for):
    plan = draft_plan()
    goal = plan.goals.get()

    client_for(worker).post(
        _url("goal_edit", client_record, plan, goal),
        {
            "version": goal.version,
            "life_area": goal.life_area,
            "in_my_words": "I want to cook three times a week.",
            "written_by": "joint",
            "status": "working",
        },
    )

    assert Goal.objects.get(pk=goal.pk).in_my_words == "I want to cook three times a week."


def test_it_adds_a_step_owned_by_a_partner_agency(draft_plan, client_record, worker, client_for):
    plan = draft_plan()
    goal = plan.goals.get()

    client_for(worker).post(
        _url("step_add", client_record, plan, goal),
        {"description": "Book an appointment about the arrears", "owner": "partner", "owner_name": "Citizens Advice"},
    )

    step = goal.steps.get(description__startswith="Book")
    assert (step.owner, step.owner_label) == ("partner", "Citizens Advice")


def test_it_makes_the_lead_worker_own_a_worker_step_by_default(draft_plan, client_record, worker, client_for):
    plan = draft_plan()
    goal = plan.goals.get()

    client_for(worker).post(
        _url("step_add", client_record, plan, goal), {"description": "Make a shopping list together", "owner": "worker"}
    )

    assert goal.steps.get(description__startswith="Make").owner_worker == worker


def test_it_offers_another_step_straight_away(draft_plan, client_record, worker, client_for):
    plan = draft_plan()
    goal = plan.goals.get()

    response = client_for(worker).post(
        _url("step_add", client_record, plan, goal),
        {"description": "Ring the college", "owner": "client", "add_another": "1"},
    )

    assert response["Location"] == _url("step_add", client_record, plan, goal)


def test_it_changes_a_step(draft_plan, client_record, worker, client_for):
    plan = draft_plan()
    step = Step.objects.get(goal__plan=plan)

    client_for(worker).post(
        _url("step_edit", client_record, plan, step),
        {"description": "Go to the Thursday cookery group", "owner": "client", "due_on": ""},
    )

    assert Step.objects.get(pk=step.pk).description == "Go to the Thursday cookery group"


def test_it_marks_a_step_done_in_place_with_htmx(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()
    step = Step.objects.get(goal__plan=plan)

    response = client_for(worker).post(
        _url("step_status", client_record, plan, step), {"status": "done"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "Saved: done." in response.content.decode()
    assert Step.objects.get(pk=step.pk).status == "done"


def test_it_marks_a_step_done_without_javascript(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()
    step = Step.objects.get(goal__plan=plan)

    response = client_for(worker).post(_url("step_status", client_record, plan, step), {"status": "done"})

    assert response["Location"] == _url("plan_detail", client_record, plan) + f"#step-{step.code}"


def test_it_records_a_review_from_the_page(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()
    goal = plan.goals.get()

    response = client_for(worker).post(
        _url("plan_review", client_record, plan),
        {
            "version": plan.version,
            "reviewed_on": timezone.localdate().isoformat(),
            "kind": "first",
            "went_well": "Went to the group twice.",
            "client_view": "I'm proud of myself.",
            f"goal_{goal.code.hex}_note": "Cooked twice this week.",
            f"goal_{goal.code.hex}_status": "working",
            "outcome": "continue",
        },
    )

    review = PlanReview.objects.get(plan=plan)
    assert response["Location"] == _url("plan_detail", client_record, plan)
    assert list(review.progress.values_list("note", flat=True)) == ["Cooked twice this week."]


def test_it_carries_a_reviewed_plan_into_a_new_version_from_the_page(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()
    goal = plan.goals.get()

    response = client_for(worker).post(
        _url("plan_review", client_record, plan),
        {
            "version": plan.version,
            "reviewed_on": timezone.localdate().isoformat(),
            "kind": "scheduled",
            "client_view": "I want to keep going.",
            f"goal_{goal.code.hex}_note": "Nearly there.",
            f"goal_{goal.code.hex}_status": "working",
            "outcome": "new_version",
        },
    )

    draft = Plan.objects.get(client=client_record, status=PlanStatus.DRAFT)
    assert response["Location"] == _url("plan_detail", client_record, draft)
    assert draft.goals.get().progress == "Nearly there."


def test_it_starts_a_new_version_with_one_button(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()

    response = client_for(worker).post(_url("plan_new_version", client_record, plan))

    draft = Plan.objects.get(client=client_record, status=PlanStatus.DRAFT)
    assert (draft.number, response["Location"]) == (2, _url("plan_detail", client_record, draft))


def test_it_sets_a_draft_aside_from_the_page(draft_plan, client_record, worker, client_for):
    plan = draft_plan()

    client_for(worker).post(_url("plan_discard", client_record, plan), {"reason": "Started by mistake"})

    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ARCHIVED


def test_it_needs_a_reason_to_set_a_draft_aside(draft_plan, client_record, worker, client_for):
    plan = draft_plan()

    response = client_for(worker).post(_url("plan_discard", client_record, plan), {"reason": ""})

    assert response.status_code == 422
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_it_shows_the_plan_with_its_goals_steps_and_versions(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()

    content = client_for(worker).get(_url("plan_detail", client_record, plan)).content.decode()

    assert "I want to cook a proper meal 2 times a week." in content
    assert "Go to the cookery group (0)" in content
    assert "Version 1" in content


def test_it_writes_a_safety_plan_from_the_page(client_record, worker, client_for):
    response = client_for(worker).post(
        reverse("plans:safety_plan_edit", args=[client_record.code]),
        {"written_by": "client", "warning_signs": "I stop sleeping.", "coping_strategies": "A walk by the canal."},
    )

    assert response["Location"] == reverse("plans:safety_plan", args=[client_record.code])
    assert SafetyPlan.objects.get(client=client_record).warning_signs == "I stop sleeping."


def test_it_asks_for_the_warning_signs_first_on_a_safety_plan(client_record, worker, client_for):
    response = client_for(worker).post(
        reverse("plans:safety_plan_edit", args=[client_record.code]),
        {"written_by": "client", "coping_strategies": "A walk."},
    )

    assert response.status_code == 422
    assert "Write the warning signs in the client" in response.content.decode()


def test_it_shows_the_services_crisis_numbers_on_the_safety_plan_page(client_record, worker, client_for):
    content = client_for(worker).get(reverse("plans:safety_plan", args=[client_record.code])).content.decode()

    assert "116 123" in content
    assert "111, option 2" in content
