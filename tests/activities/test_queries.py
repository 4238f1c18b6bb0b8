"""Query counts of the busy pages: the same for 1 row and for 30 (DESIGN.md: ≤ 20, constant)."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.factories import ActivityFactory, BookingFactory, SessionFactory
from activities.selectors.timetable import week_start
from activities.services.sessions import london_datetime

BUDGET = 20


def _count(http, url) -> int:
    http.get(url)  # warm: session, caches
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def test_it_shows_the_register_in_the_same_number_of_queries_for_1_and_30_people(
    activity, make_open_client, worker, team, client_for
):
    # 12 queries: the login session and the user; the session with its activity, service and
    # plan; the memberships (scope); the bookings with their marks; which of those people the
    # user can see; their alerts (Risk); the access-log insert (one for everyone shown); the
    # services the user may run; and saving the login session (savepoint, update, release).
    activity.capacity = None
    activity.save()
    session = SessionFactory(activity=activity, starts_at=timezone.now() - timedelta(minutes=30))
    http = client_for(worker)
    url = reverse("activities:register", args=[session.code])
    BookingFactory(session=session, client=make_open_client(worker, team), booked_by=worker)
    one = _count(http, url)
    for _ in range(29):
        BookingFactory(session=session, client=make_open_client(worker, team), booked_by=worker)

    assert _count(http, url) == one <= BUDGET


def test_it_shows_the_week_in_the_same_number_of_queries_for_1_and_30_sessions(service, worker, client_for):
    # 9 queries: the login session and the user; the service; the memberships (scope); the
    # week's sessions with their activities and booking counts; the services the user may
    # run; and saving the login session (savepoint, update, release).
    monday = week_start(timezone.localdate())
    http = client_for(worker)
    url = reverse("activities:timetable_week", args=[service.code])

    def add(number: int) -> None:
        activity = ActivityFactory(service=service, created_by=worker)
        day = monday + timedelta(days=number % 7)
        SessionFactory(
            activity=activity,
            starts_at=london_datetime(day, timezone.datetime.min.time()) + timedelta(hours=9 + number % 8),
        )

    add(0)
    one = _count(http, url)
    for number in range(1, 30):
        add(number)

    assert _count(http, url) == one <= BUDGET


def test_it_lists_coming_sessions_in_the_same_number_of_queries_for_1_and_30(activity, worker, client_for):
    http = client_for(worker)
    url = reverse("activities:timetable_list", args=[activity.service.code])
    SessionFactory(activity=activity)
    one = _count(http, url)
    for day in range(1, 30):
        SessionFactory(activity=activity, starts_at=timezone.now() + timedelta(days=day))

    assert _count(http, url) == one <= BUDGET


def test_it_lists_activities_in_the_same_number_of_queries_for_1_and_30(activity, worker, client_for):
    http = client_for(worker)
    url = reverse("activities:activity_list", args=[activity.service.code])
    one = _count(http, url)
    for _ in range(29):
        ActivityFactory(service=activity.service, created_by=worker)

    assert _count(http, url) == one <= BUDGET
