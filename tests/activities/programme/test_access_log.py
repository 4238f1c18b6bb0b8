"""Pages that name several clients at once (the pre-tenancy roster, an activity's regulars, a
session's feedback) log a record access for each person named, in one insert per page, as the
register does; people shown without their name are not logged."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.factories import AttendanceFactory, SessionFactory
from activities.services import feedback as feedback_services
from activities.services import pretenancy as pretenancy_services
from activities.services.attendance import regular_attendee_add
from recovery.audit.models import RecordAccess


def _get_counting_access_inserts(client, url) -> int:
    """GET the page; how many INSERT statements into the record-access table it ran."""
    table = RecordAccess._meta.db_table
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # pghistory puts its context ahead of each write in the same statement, so look inside it.
    return sum(1 for query in captured.captured_queries if f'INSERT INTO "{table}"' in query["sql"])


def _logged(user, client, detail_start: str) -> bool:
    return RecordAccess.objects.filter(user=user, subject_code=client.code, detail__startswith=detail_start).exists()


def _course_member(service, person, worker) -> None:
    module = pretenancy_services.pretenancy_modules_for(service=service)[0]
    pretenancy_services.pretenancy_sign_off(client=person, module=module, by=worker, signed_off_on=timezone.localdate())


def test_it_logs_everyone_named_on_the_pre_tenancy_roster_in_one_insert(
    client_for, service, team, person, make_open_client, worker
):
    second = make_open_client(worker, team)
    _course_member(service, person, worker)
    _course_member(service, second, worker)

    inserts = _get_counting_access_inserts(
        client_for(worker), reverse("activities:pretenancy_roster", args=[service.code])
    )

    assert inserts == 1
    assert _logged(worker, person, "pre-tenancy course roster")
    assert _logged(worker, second, "pre-tenancy course roster")


def test_it_logs_the_regulars_named_on_an_activity_page_in_one_insert(
    client_for, activity, team, person, make_open_client, worker
):
    second = make_open_client(worker, team)
    regular_attendee_add(activity=activity, client=person, by=worker)
    regular_attendee_add(activity=activity, client=second, by=worker)

    inserts = _get_counting_access_inserts(
        client_for(worker), reverse("activities:activity_detail", args=[activity.code])
    )

    assert inserts == 1
    assert _logged(worker, person, "activity regulars")
    assert _logged(worker, second, "activity regulars")


def test_it_logs_no_access_for_regulars_shown_only_by_first_name(
    client_for, activity, make_open_client, other_team_same_service, other_team_worker, worker
):
    stranger = make_open_client(other_team_worker, other_team_same_service)
    regular_attendee_add(activity=activity, client=stranger, by=other_team_worker)

    client_for(worker).get(reverse("activities:activity_detail", args=[activity.code]))

    assert not RecordAccess.objects.filter(user=worker, subject_code=stranger.code).exists()


def test_it_logs_the_people_named_on_a_sessions_feedback_page_in_one_insert(
    client_for, attended, team, make_open_client, person, worker
):
    second = make_open_client(worker, team)
    AttendanceFactory(session=attended, client=second, recorded_by=worker)
    feedback_services.feedback_give(
        session=attended, rating=4, comment="", idempotency_key=uuid.uuid4(), client=second, recorded_by=worker
    )

    inserts = _get_counting_access_inserts(
        client_for(worker), reverse("activities:session_feedback", args=[attended.code])
    )

    assert inserts == 1
    assert _logged(worker, second, "session feedback")
    assert _logged(worker, person, "session feedback")


def test_it_logs_no_access_for_named_feedback_from_another_teams_client(
    client_for, activity, make_open_client, other_team_same_service, other_team_worker, worker
):
    starts = timezone.now() - timedelta(days=1)
    session = SessionFactory(activity=activity, starts_at=starts, ends_at=starts + timedelta(hours=1))
    stranger = make_open_client(other_team_worker, other_team_same_service)
    AttendanceFactory(session=session, client=stranger, recorded_by=other_team_worker)
    feedback_services.feedback_give(
        session=session, rating=5, comment="", idempotency_key=uuid.uuid4(), client=stranger, recorded_by=worker
    )

    client_for(worker).get(reverse("activities:session_feedback", args=[session.code]))

    assert not RecordAccess.objects.filter(user=worker, subject_code=stranger.code).exists()
