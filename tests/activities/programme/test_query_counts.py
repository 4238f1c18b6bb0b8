"""The programme half's lists cost the same number of queries for 1 row as for 30."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.factories import ActivityFactory, AttendanceFactory, SessionFactory
from activities.models import SessionFeedback
from activities.services import feedback as feedback_services
from activities.services import pretenancy as pretenancy_services
from clients.factories import ClientFactory


def _queries(browser, url) -> int:
    browser.get(url)  # warm: sessions, settings rows created on first sight
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def _past(activity, days_ago=2):
    starts = timezone.now() - timedelta(days=days_ago)
    return SessionFactory(activity=activity, starts_at=starts, ends_at=starts + timedelta(hours=1))


def _same_for_1_and_30(build, url_for, client_for, user) -> tuple[int, int]:
    counts = []
    for rows in (1, 30):
        url = url_for(build(rows))
        counts.append(_queries(client_for(user), url))
    return tuple(counts)


def test_it_lists_activities_risk_state_in_the_same_queries_for_1_and_30(db, service, worker, client_for):
    # session, user, scope memberships, service, running services, the activities, their current
    # and draft assessments, and the navigation's own queries: none of them per activity.
    def build(rows):
        for _ in range(rows - service.activities.count()):
            ActivityFactory(service=service)
        return service

    one, thirty = _same_for_1_and_30(
        build, lambda s: reverse("activities:service_risk", args=[s.code]), client_for, worker
    )
    assert one == thirty <= 20


def test_it_lists_the_course_roster_in_the_same_queries_for_1_and_30(service, team, worker, client_for):
    # scope, service, modules, module links, attendance of people started, sign-offs, people,
    # their attendance counts, sign-offs and completions: none per person.
    module = pretenancy_services.pretenancy_modules_for(service=service)[0]
    group = ActivityFactory(service=service)
    pretenancy_services.pretenancy_module_set_activities(module=module, by=worker, activities=[group])
    session = _past(group)

    def build(rows):
        for _ in range(rows - session.attendance.count()):
            AttendanceFactory(session=session, client=ClientFactory(team=team), recorded_by=worker)
        return service

    one, thirty = _same_for_1_and_30(
        build, lambda s: reverse("activities:pretenancy_roster", args=[s.code]), client_for, worker
    )
    assert one == thirty <= 20


def test_it_lists_session_feedback_in_the_same_queries_for_1_and_30(activity, team, worker, client_for):
    # scope, session with activity, feedback with clients, which clients are visible, people on the
    # session (one query with their feedback flag), navigation: none per answer or person.
    session = _past(activity)

    def build(rows):
        for _ in range(rows - session.feedback.count()):
            person = ClientFactory(team=team)
            AttendanceFactory(session=session, client=person, recorded_by=worker)
            feedback_services.feedback_give(
                session=session,
                rating=4,
                comment="Good",
                idempotency_key=uuid.uuid4(),
                client=person,
                recorded_by=worker,
            )
        return session

    one, thirty = _same_for_1_and_30(
        build, lambda s: reverse("activities:session_feedback", args=[s.code]), client_for, worker
    )
    assert one == thirty <= 20


def test_it_lists_you_said_we_did_in_the_same_queries_for_1_and_30(activity, worker, client_for):
    # scope, service, the entries with activity and author, their linked feedback with sessions.
    session = _past(activity)

    def build(rows):
        for _ in range(rows - activity.service.you_said_we_did.count()):
            answer = SessionFeedback.objects.create(
                session=session, rating=2, comment="Cold", idempotency_key=uuid.uuid4()
            )
            feedback_services.you_said_we_did_record(
                service=activity.service,
                by=worker,
                you_said="Cold room",
                we_did="Heating fixed",
                changed_on=timezone.localdate(),
                idempotency_key=uuid.uuid4(),
                activity=activity,
                feedback=[answer],
            )
        return activity.service

    one, thirty = _same_for_1_and_30(
        build, lambda s: reverse("activities:you_said_we_did", args=[s.code]), client_for, worker
    )
    assert one == thirty <= 20


def test_it_shows_outcomes_in_the_same_queries_for_1_and_30_activities(service, worker, client_for):
    # scope, service, sessions by activity, attendance by activity, feedback by activity, ratings,
    # the activities, unique attendees, completions: none per activity or session.
    def build(rows):
        for _ in range(rows - service.activities.count()):
            _past(ActivityFactory(service=service))
        return service

    one, thirty = _same_for_1_and_30(
        build, lambda s: reverse("activities:service_outcomes", args=[s.code]), client_for, worker
    )
    assert one == thirty <= 20
