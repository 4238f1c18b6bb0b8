"""Two people editing the same plan in two browsers: the second save is refused, the typed text is
kept, and the other person's saved text is shown beside it (optimistic locking)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from plans import services
from plans.models import Goal, Plan, SafetyPlan, Wrap

MINE = "I want to live on my own again one day, near my son."
THEIRS = "I like cooking and my allotment."


def _sections(version: int, about_me: str) -> dict:
    return {
        "version": version,
        "about_me": about_me,
        "about_me_by": "client",
        "strengths": "",
        "strengths_by": "joint",
        "contingency": "",
        "contingency_by": "joint",
    }


@pytest.fixture
def two_browsers(draft_plan, client_record, worker, colleague, client_for):
    """Both open the plan's edit form; the colleague saves first."""
    plan = draft_plan()
    url = reverse("plans:plan_edit", args=[client_record.code, plan.code])
    mine, theirs = client_for(worker), client_for(colleague)
    opened_at = mine.get(url).context["form"].initial["version"]
    theirs.post(url, _sections(opened_at, THEIRS))
    return plan, url, mine, opened_at


def test_it_refuses_the_second_save(two_browsers):
    _, url, mine, opened_at = two_browsers

    response = mine.post(url, _sections(opened_at, MINE))

    assert response.status_code == 409


def test_it_keeps_what_was_saved_first(two_browsers):
    plan, url, mine, opened_at = two_browsers

    mine.post(url, _sections(opened_at, MINE))

    assert Plan.objects.get(pk=plan.pk).about_me == THEIRS


def test_it_keeps_the_typed_text_in_the_form(two_browsers):
    _, url, mine, opened_at = two_browsers

    response = mine.post(url, _sections(opened_at, MINE))

    assert response.context["form"]["about_me"].value() == MINE
    assert html.escape(MINE) in response.content.decode()


def test_it_shows_the_other_persons_saved_text_beside_it(two_browsers):
    _, url, mine, opened_at = two_browsers

    response = mine.post(url, _sections(opened_at, MINE))

    assert response.context["stale"]["about_me"] == THEIRS
    assert "Saved now" in response.content.decode()


def test_it_names_who_saved_first(two_browsers, colleague):
    _, url, mine, opened_at = two_browsers

    response = mine.post(url, _sections(opened_at, MINE))

    assert f"{colleague} saved changes after you opened this page" in html.unescape(response.content.decode())


def test_it_saves_the_second_attempt_once_the_person_has_seen_the_change(two_browsers):
    plan, url, mine, opened_at = two_browsers
    refused = mine.post(url, _sections(opened_at, MINE))

    mine.post(url, _sections(int(refused.context["form"].data["version"]), MINE))

    assert Plan.objects.get(pk=plan.pk).about_me == MINE


def test_it_refuses_a_stale_goal_edit(draft_plan, client_record, worker, colleague):
    plan = draft_plan()
    goal = plan.goals.get()
    services.goal_update(
        goal=goal, by=colleague, expected_version=goal.version, life_area=goal.life_area, in_my_words="I want to swim."
    )

    with pytest.raises(services.StaleEditError):
        services.goal_update(
            goal=goal, by=worker, expected_version=goal.version, life_area=goal.life_area, in_my_words="I want to run."
        )

    assert Goal.objects.get(pk=goal.pk).in_my_words == "I want to swim."


def test_it_refuses_a_stale_wrap_save_and_keeps_the_typing(client_record, worker, colleague, client_for):
    wrap = services.wrap_save(
        client=client_record, by=worker, expected_version=None, sharing="team", wellness_toolbox="A walk."
    )
    services.wrap_save(
        client=client_record, by=colleague, expected_version=wrap.version, sharing="team", wellness_toolbox="Music."
    )

    response = client_for(worker).post(
        reverse("plans:wrap_edit", args=[client_record.code]),
        {"version": wrap.version, "sharing": "team", "written_by": "client", "wellness_toolbox": "A hot bath."},
    )

    assert response.status_code == 409
    assert (response.context["form"]["wellness_toolbox"].value(), response.context["stale"]["wellness_toolbox"]) == (
        "A hot bath.",
        "Music.",
    )
    assert Wrap.objects.get(pk=wrap.pk).wellness_toolbox == "Music."


def test_it_refuses_a_stale_safety_plan_save(client_record, worker, colleague, client_for):
    first = services.safety_plan_save(
        client=client_record,
        by=worker,
        expected_version=None,
        warning_signs="I can't sleep.",
        coping_strategies="A walk.",
    )
    services.safety_plan_save(
        client=client_record, by=colleague, expected_version=first.version, warning_signs="I stop eating.",
        coping_strategies="A walk.",
    )  # fmt: skip

    response = client_for(worker).post(
        reverse("plans:safety_plan_edit", args=[client_record.code]),
        {"version": first.version, "written_by": "client", "warning_signs": "I shout.", "coping_strategies": "A walk."},
    )

    assert response.status_code == 409
    assert SafetyPlan.objects.get(pk=first.pk).warning_signs == "I stop eating."


def test_it_refuses_a_second_new_wrap_written_at_the_same_time(client_record, worker, colleague):
    services.wrap_save(client=client_record, by=colleague, expected_version=None, sharing="team", triggers="Noise.")

    with pytest.raises(services.StaleEditError):
        services.wrap_save(client=client_record, by=worker, expected_version=None, sharing="team", triggers="Post.")
