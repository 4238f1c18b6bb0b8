"""Activity risk assessments: drafting, approval, versions, configurable bands, and the warnings
when an activity's assessment is missing or overdue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from activities.factories import ActivityFacilitatorFactory, ActivityFactory, SessionFactory, london
from activities.models import ActivityHazard, ActivityRiskAssessment, ProgrammeSettings
from activities.selectors import risk_assessments as selectors
from activities.services import risk_assessments as services

from .conftest import HAZARD


def _draft(activity, by):
    draft, _ = services.risk_assessment_start(activity=activity, by=by)
    return draft


def test_it_starts_one_draft_even_when_asked_twice(activity, worker):
    first, created = services.risk_assessment_start(activity=activity, by=worker)
    second, created_again = services.risk_assessment_start(activity=activity, by=worker)
    assert (created, created_again, first.pk) == (True, False, second.pk)


def test_it_scores_a_hazard_before_and_after_further_controls(activity, worker):
    hazard = services.hazard_add(assessment=_draft(activity, worker), by=worker, **HAZARD)
    assert (hazard.score_before, hazard.score_after) == (9, 6)


def test_it_refuses_further_controls_that_raise_the_risk(activity, worker):
    with pytest.raises(ValidationError) as raised:
        services.hazard_add(assessment=_draft(activity, worker), by=worker, **{**HAZARD, "likelihood_after": 5})
    assert "should not make the risk higher" in raised.value.message_dict["likelihood_after"][0]


def test_it_asks_which_further_controls_lower_the_risk(activity, worker):
    with pytest.raises(ValidationError) as raised:
        services.hazard_add(assessment=_draft(activity, worker), by=worker, **{**HAZARD, "further_controls": ""})
    assert "further_controls" in raised.value.message_dict


def test_it_refuses_to_approve_without_a_hazard(activity, worker, team_leader):
    draft = _draft(activity, worker)
    with pytest.raises(ValidationError) as raised:
        services.risk_assessment_approve(assessment=draft, by=team_leader, expected_version=draft.version)
    assert "at least one hazard" in raised.value.messages[0]


def test_it_sets_the_review_date_from_the_service_interval(activity, worker, approved_assessment):
    ProgrammeSettings.objects.create(service=activity.service, risk_review_interval_days=180)
    assessment = approved_assessment(activity, worker)
    assert assessment.review_due_on == timezone.localdate() + timedelta(days=180)


def test_it_keeps_the_approved_version_when_a_review_starts(activity, worker, approved_assessment):
    first = approved_assessment(activity, worker)
    review, _ = services.risk_assessment_start(activity=activity, by=worker, review_reason="New kitchen")
    copied = review.hazards.get()
    services.hazard_update(
        existing=copied, by=worker, expected_version=copied.version, **{**HAZARD, "hazard": "Gas hob"}
    )
    first.refresh_from_db()
    assert (review.number, first.is_current, first.hazards.get().hazard) == (2, True, "Hot oven")


def test_it_asks_why_a_review_is_started(activity, worker, approved_assessment):
    approved_assessment(activity, worker)
    with pytest.raises(ValidationError) as raised:
        services.risk_assessment_start(activity=activity, by=worker)
    assert "review_reason" in raised.value.message_dict


def test_it_makes_the_newest_approved_version_current(activity, worker, team_leader, approved_assessment):
    first = approved_assessment(activity, worker)
    review, _ = services.risk_assessment_start(activity=activity, by=worker, review_reason="New venue")
    review.refresh_from_db()
    services.risk_assessment_approve(assessment=review, by=team_leader, expected_version=review.version)
    current = ActivityRiskAssessment.objects.filter(activity=activity, is_current=True).values_list("number", flat=True)
    first.refresh_from_db()
    assert (list(current), first.is_current, first.approved_at is not None) == ([2], False, True)


def test_it_refuses_to_change_an_approved_version(activity, worker, approved_assessment):
    assessment = approved_assessment(activity, worker)
    with pytest.raises(ValidationError):
        services.hazard_add(assessment=assessment, by=worker, **HAZARD)


def test_it_carries_open_actions_into_a_review(activity, worker, team_leader):
    draft = _draft(activity, worker)
    hazard = services.hazard_add(assessment=draft, by=worker, **HAZARD)
    services.risk_action_add(
        hazard=hazard,
        by=worker,
        action="Buy long oven gloves",
        owner=worker,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    draft.refresh_from_db()
    services.risk_assessment_approve(assessment=draft, by=team_leader, expected_version=draft.version)
    review, _ = services.risk_assessment_start(activity=activity, by=worker, review_reason="Yearly")
    assert list(ActivityHazard.objects.get(assessment=review).actions.values_list("action", flat=True)) == [
        "Buy long oven gloves"
    ]


def test_it_bands_scores_with_the_services_own_bands(activity, worker, manager):
    settings = services.programme_settings_for(service=activity.service)
    services.programme_settings_update(
        settings=settings,
        by=manager,
        expected_version=settings.version,
        risk_bands=[("Acceptable", 1), ("Act now", 6)],
        risk_review_interval_days=365,
        risk_warning_days=7,
    )
    draft = _draft(activity, worker)
    services.hazard_add(assessment=draft, by=worker, **HAZARD)
    rows = selectors.assessment_hazards(assessment=draft, bands=selectors.service_bands(service=activity.service))
    assert (rows[0].band_before.label, rows[0].band_after.label) == ("Act now", "Act now")


def test_it_refuses_bands_that_do_not_start_at_one(activity, manager):
    settings = services.programme_settings_for(service=activity.service)
    with pytest.raises(ValidationError) as raised:
        services.programme_settings_update(
            settings=settings,
            by=manager,
            expected_version=settings.version,
            risk_bands=[("Low", 3), ("High", 8)],
            risk_review_interval_days=365,
            risk_warning_days=7,
        )
    assert "risk_bands" in raised.value.message_dict


# --- missing and overdue ----------------------------------------------------------------------------


def test_it_calls_an_activity_without_an_approved_assessment_missing(activity, worker):
    _draft(activity, worker)
    status = selectors.risk_facts(activity_ids=[activity.pk])[activity.pk].status_on(timezone.localdate())
    assert (status.kind, bool(status.draft_code)) == ("missing", True)


def test_it_marks_a_session_after_the_review_date_as_overdue(activity, worker, approved_assessment):
    with time_machine.travel(london(date(2026, 3, 2), timezone.datetime.min.time().replace(hour=9)), tick=False):
        approved_assessment(activity, worker, review_due_on=date(2026, 4, 1))
        before = SessionFactory(
            activity=activity, starts_at=london(date(2026, 4, 1), timezone.datetime.min.time().replace(hour=10))
        )
        after = SessionFactory(
            activity=activity, starts_at=london(date(2026, 4, 2), timezone.datetime.min.time().replace(hour=10))
        )
        kinds = [selectors.risk_status_for_session(session=session).kind for session in (before, after)]
    assert kinds == ["ok", "overdue"]


def test_it_lists_reviews_due_for_the_assessor(activity, worker, approved_assessment):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        assessment = approved_assessment(activity, worker, review_due_on=date(2026, 3, 20))
    with time_machine.travel(date(2026, 3, 16), tick=False):
        items = selectors.review_due_items(today=date(2026, 3, 16), until=date(2026, 3, 23))
    assert [(item.item_key, item.responsible_user_id, item.team_id) for item in items] == [
        (str(assessment.code), worker.pk, activity.team_id)
    ]


def test_it_leaves_out_reviews_due_later(activity, worker, approved_assessment):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        approved_assessment(activity, worker, review_due_on=date(2026, 6, 1))
    assert selectors.review_due_items(today=date(2026, 3, 16), until=date(2026, 3, 23)) == []


def test_it_warns_the_facilitator_before_a_session_without_an_assessment(activity, worker):
    with time_machine.travel(london(date(2026, 3, 16), timezone.datetime.min.time().replace(hour=8)), tick=False):
        session = SessionFactory(
            activity=activity, starts_at=london(date(2026, 3, 20), timezone.datetime.min.time().replace(hour=10))
        )
        items = selectors.session_warning_items(today=date(2026, 3, 16), until=date(2026, 3, 16))
    assert [(item.item_key, item.responsible_user_id, item.due_on) for item in items] == [
        (f"{session.code}:{worker.pk}", worker.pk, date(2026, 3, 13))
    ]


def test_it_does_not_warn_when_the_assessment_is_in_date(activity, worker, approved_assessment):
    with time_machine.travel(london(date(2026, 3, 16), timezone.datetime.min.time().replace(hour=8)), tick=False):
        approved_assessment(activity, worker)
        SessionFactory(
            activity=activity, starts_at=london(date(2026, 3, 20), timezone.datetime.min.time().replace(hour=10))
        )
        assert selectors.session_warning_items(today=date(2026, 3, 16), until=date(2026, 3, 23)) == []


def test_it_shows_the_warning_on_the_register(session, rf, worker):
    request = rf.get("/")
    request.user = worker
    html = Template('{% include "activities/programme/partials/register_warnings.html" %}').render(
        Context({"session": session, "request": request})
    )
    assert "No risk assessment in force" in html


def test_it_marks_timetable_cells_with_one_query_per_service(activity, worker, django_assert_num_queries, rf):
    other = ActivityFactory(service=activity.service, team=activity.team)
    ActivityFacilitatorFactory(activity=other, user=worker)
    sessions = [SessionFactory(activity=item) for item in (activity, other, activity, other)]
    for session in sessions:
        session.activity  # noqa: B018 - loaded as the timetable's own query would
    template = Template(
        '{% for session in sessions %}{% include "activities/programme/partials/session_badges.html" %}{% endfor %}'
    )
    request = rf.get("/")
    # 1: the service's activity ids; 2: their current and draft assessments.
    with django_assert_num_queries(2):
        html = template.render(Context({"sessions": sessions, "request": request}))
    assert html.count("act-ra-marker") == 4


def test_it_adds_a_hazard_once_on_a_double_submit(activity, worker):
    draft = _draft(activity, worker)
    first = services.hazard_add(assessment=draft, by=worker, **HAZARD)
    second = services.hazard_add(assessment=draft, by=worker, **HAZARD)
    assert (first.pk, draft.hazards.count()) == (second.pk, 1)


def test_it_adds_an_action_once_on_a_double_submit(activity, worker):
    hazard = services.hazard_add(assessment=_draft(activity, worker), by=worker, **HAZARD)
    due = timezone.localdate() + timedelta(days=5)
    for _ in range(2):
        services.risk_action_add(hazard=hazard, by=worker, action="Buy gloves", owner=worker, due_on=due)
    assert hazard.actions.count() == 1


def test_it_plugs_both_reminder_sources_into_the_registry(activity, worker):
    from recovery.core.registries import due_items

    with time_machine.travel(london(date(2026, 3, 16), timezone.datetime.min.time().replace(hour=8)), tick=False):
        SessionFactory(
            activity=activity, starts_at=london(date(2026, 3, 18), timezone.datetime.min.time().replace(hour=10))
        )
        found = list(
            due_items(
                today=date(2026, 3, 16),
                until=date(2026, 3, 23),
                sources=["activity_risk_review", "activity_risk_session"],
            )
        )
    assert [(source, item.source) for source, item in found] == [("activity_risk_session", "activity_risk_session")]


def test_it_refuses_stale_settings_and_keeps_the_typed_bands(client_for, manager, service):
    settings = services.programme_settings_for(service=service)
    ProgrammeSettings.objects.filter(pk=settings.pk).update(version=settings.version + 1)
    response = client_for(manager).post(
        reverse("activities:programme_settings", args=[service.code]),
        {
            "version": settings.version,
            "risk_bands": "Fine: 1\nWorrying: 10",
            "risk_review_interval_days": 365,
            "risk_warning_days": 7,
            "modules": "Budgeting",
        },
    )
    assert response.status_code == 409
    assert "Worrying: 10" in response.content.decode()


def test_it_saves_new_bands_and_modules_from_the_settings_page(client_for, manager, service):
    settings = services.programme_settings_for(service=service)
    response = client_for(manager).post(
        reverse("activities:programme_settings", args=[service.code]),
        {
            "version": settings.version,
            "risk_bands": "Fine: 1\nWorrying: 10",
            "risk_review_interval_days": 180,
            "risk_warning_days": 3,
            "modules": "Budgeting\nYour first home",
        },
    )
    settings.refresh_from_db()
    assert response.status_code == 302
    assert settings.risk_bands == [{"label": "Fine", "min_score": 1}, {"label": "Worrying", "min_score": 10}]


def test_it_explains_a_band_line_it_cannot_read(client_for, manager, service):
    settings = services.programme_settings_for(service=service)
    response = client_for(manager).post(
        reverse("activities:programme_settings", args=[service.code]),
        {
            "version": settings.version,
            "risk_bands": "Fine\nWorrying: 10",
            "risk_review_interval_days": 180,
            "risk_warning_days": 3,
            "modules": "Budgeting",
        },
    )
    assert response.status_code == 422
    assert "Write &#x27;Fine&#x27; as a name and a number" in response.content.decode()
