"""The programme pages as people use them: adding an activity, scheduling its term, cancelling
and moving a session, writing a plan from a template, partner agencies and templates."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from activities import choices
from activities.factories import PartnerAgencyFactory, SessionPlanTemplateFactory
from activities.models import Activity, PartnerAgency, Session, SessionPlan, SessionPlanTemplate
from activities.services.plans import session_plan_save

ACTIVITY_FORM = {
    "title": "Walking group",
    "category": choices.Category.PHYSICAL,
    "location_kind": choices.LocationKind.COMMUNITY,
    "location": "Meet at the park gates",
    "capacity": "12",
}


def test_it_adds_an_activity_with_its_facilitators(service, worker, colleague, client_for):
    response = client_for(worker).post(
        reverse("activities:activity_create", args=[service.code]),
        {**ACTIVITY_FORM, "facilitators": [worker.pk], "learning": [colleague.pk]},
    )

    activity = Activity.objects.get(title="Walking group")
    assert response.status_code == 302
    assert {(link.user_id, link.is_learning) for link in activity.facilitator_links.all()} == {
        (worker.pk, False),
        (colleague.pk, True),
    }


def test_it_adds_one_activity_on_a_double_submit(service, worker, client_for):
    http = client_for(worker)
    url = reverse("activities:activity_create", args=[service.code])

    http.post(url, ACTIVITY_FORM)
    http.post(url, ACTIVITY_FORM)

    assert Activity.objects.filter(title="Walking group").count() == 1


def test_it_keeps_typed_text_and_says_what_to_do_when_the_place_is_missing(service, worker, client_for):
    response = client_for(worker).post(
        reverse("activities:activity_create", args=[service.code]), {**ACTIVITY_FORM, "location": ""}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert 'value="Walking group"' in page
    assert "Enter the room, or the community address where people meet." in page


def test_it_refuses_someone_both_leading_and_learning(service, worker, client_for):
    response = client_for(worker).post(
        reverse("activities:activity_create", args=[service.code]),
        {**ACTIVITY_FORM, "facilitators": [worker.pk], "learning": [worker.pk]},
    )

    assert response.status_code == 422
    assert "cannot both lead and co-facilitate" in response.content.decode()


SCHEDULE = {"frequency": "weekly", "start_time": "10:00", "end_time": "11:30"}


def _schedule(http, activity, **extra):
    first = timezone.localdate() + timedelta(days=1)
    data = {
        **SCHEDULE,
        "first_date": first.isoformat(),
        "until_date": (first + timedelta(weeks=3)).isoformat(),
        **extra,
    }
    return http.post(reverse("activities:sessions_schedule", args=[activity.code]), data)


def test_it_schedules_a_term_of_weekly_sessions(activity, worker, client_for):
    response = _schedule(client_for(worker), activity)

    assert response.status_code == 302
    assert Session.objects.filter(activity=activity).count() == 4


def test_it_schedules_the_term_once_on_a_double_submit(activity, worker, client_for):
    http = client_for(worker)

    _schedule(http, activity)
    _schedule(http, activity)

    assert Session.objects.filter(activity=activity).count() == 4


def test_it_says_to_choose_an_end_after_the_start(activity, worker, client_for):
    response = _schedule(client_for(worker), activity, end_time="09:00")

    assert response.status_code == 422
    assert "Enter an end time after the start time." in response.content.decode()


def test_it_cancels_a_session_from_its_page(session, worker, client_for):
    response = client_for(worker).post(
        reverse("activities:session_cancel", args=[session.code]), {"reason": "Snow", "version": session.version}
    )

    session.refresh_from_db()
    assert response.status_code == 302
    assert (session.status, session.cancel_reason) == (choices.SessionStatus.CANCELLED, "Snow")


def test_it_shows_why_a_session_was_cancelled(session, worker, read_only, client_for):
    client_for(worker).post(
        reverse("activities:session_cancel", args=[session.code]), {"reason": "Snow", "version": session.version}
    )

    page = client_for(read_only).get(reverse("activities:session_detail", args=[session.code])).content.decode()

    assert "Reason: Snow" in page


def test_it_refuses_a_cancel_made_on_an_old_copy_of_the_session(session, worker, client_for):
    response = client_for(worker).post(
        reverse("activities:session_cancel", args=[session.code]), {"reason": "Snow", "version": session.version + 5}
    )

    assert response.status_code == 409
    assert "Someone changed this session" in response.content.decode()


def test_it_moves_a_session_from_its_page(session, worker, client_for):
    new_day = timezone.localtime(session.starts_at).date() + timedelta(days=1)

    response = client_for(worker).post(
        reverse("activities:session_move", args=[session.code]),
        {
            "day": new_day.isoformat(),
            "start_time": "14:00",
            "end_time": "15:00",
            "reason": "Room needed",
            "version": session.version,
        },
    )

    session.refresh_from_db()
    assert response.status_code == 302
    assert timezone.localtime(session.starts_at).date() == new_day
    assert session.move_reason == "Room needed"


def test_it_fills_a_plan_from_a_template(session, worker, client_for):
    template = SessionPlanTemplateFactory(service=session.activity.service, created_by=worker)

    page = (
        client_for(worker)
        .get(reverse("activities:session_plan", args=[session.code]), {"template": str(template.code)})
        .content.decode()
    )

    assert template.aims in page
    assert "10 Welcome and check-in" in page


def test_it_saves_a_plan_with_its_timings(session, worker, client_for):
    response = client_for(worker).post(
        reverse("activities:session_plan", args=[session.code]),
        {"aims": "Cook a curry.", "outline": "10 Welcome\n45 Cook\nEat together", "version": ""},
    )

    plan = SessionPlan.objects.get(session=session)
    assert response.status_code == 302
    assert plan.outline == [
        {"minutes": 10, "item": "Welcome"},
        {"minutes": 45, "item": "Cook"},
        {"minutes": None, "item": "Eat together"},
    ]


def test_it_shows_the_plan_with_the_register(session, worker, client_for):
    session_plan_save(session=session, by=worker, expected_version=None, aims="Try one new recipe.", outline=[])

    page = client_for(worker).get(reverse("activities:register", args=[session.code])).content.decode()

    assert "Try one new recipe." in page


def test_it_refuses_a_plan_saved_over_someone_elses_change(session, worker, colleague, client_for):
    plan = session_plan_save(session=session, by=colleague, expected_version=None, aims="Theirs", outline=[])
    session_plan_save(session=session, by=colleague, expected_version=plan.version, aims="Theirs again", outline=[])

    response = client_for(worker).post(
        reverse("activities:session_plan", args=[session.code]), {"aims": "Mine", "version": plan.version}
    )

    assert response.status_code == 409
    assert "Mine" in response.content.decode()
    assert SessionPlan.objects.get(session=session).aims == "Theirs again"


def test_it_adds_a_partner_agency_once_on_a_double_submit(service, worker, client_for):
    http = client_for(worker)
    data = {"name": "Parkside Leisure Centre", "agency_type": "leisure", "agreement_expires_on": "2027-03-31"}

    http.post(reverse("activities:partner_create", args=[service.code]), data)
    http.post(reverse("activities:partner_create", args=[service.code]), data)

    assert PartnerAgency.objects.filter(service=service).count() == 1
    assert PartnerAgency.objects.get(service=service).agreement_expires_on == date(2027, 3, 31)


def test_it_refuses_a_second_agency_with_the_same_name_from_someone_else(service, worker, colleague, client_for):
    PartnerAgencyFactory(service=service, name="Open Door Arts", created_by=colleague)

    response = client_for(worker).post(
        reverse("activities:partner_create", args=[service.code]), {"name": "open door arts", "agency_type": "charity"}
    )

    assert response.status_code == 422
    assert "already an agency with this name" in response.content.decode()


def test_it_marks_an_expired_agreement(service, worker, client_for):
    PartnerAgencyFactory(
        service=service,
        agreement="SLA",
        agreement_expires_on=timezone.localdate() - timedelta(days=1),
        created_by=worker,
    )

    page = client_for(worker).get(reverse("activities:partner_list", args=[service.code])).content.decode()

    assert "Expired" in page


def test_it_adds_a_plan_template(service, worker, client_for):
    response = client_for(worker).post(
        reverse("activities:template_create", args=[service.code]),
        {"title": "Budgeting week 2", "aims": "Plan a week's food shop.", "outline": "15 Price comparison"},
    )

    assert response.status_code == 302
    assert SessionPlanTemplate.objects.get(title="Budgeting week 2").outline == [
        {"minutes": 15, "item": "Price comparison"}
    ]
