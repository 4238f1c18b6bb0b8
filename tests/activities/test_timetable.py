"""The timetable: the week grid, the notice-board PDF and the iCalendar feed (both without client data)."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from activities import choices
from activities.factories import BookingFactory, SessionFactory
from activities.selectors.timetable import week_start
from activities.services.programme import timetable_feed_for, timetable_feed_regenerate
from activities.services.sessions import london_datetime, session_cancel, session_move, sessions_schedule


@pytest.fixture
def booked_session(activity, person, worker):
    """Next week's session with Amara Okafor booked on it."""
    session = SessionFactory(activity=activity)
    BookingFactory(session=session, client=person, booked_by=worker)
    return session


def _week_of(session) -> str:
    return week_start(timezone.localtime(session.starts_at).date()).isoformat()


def test_it_shows_the_weeks_sessions_by_day(booked_session, worker, client_for):
    url = reverse("activities:timetable_week", args=[booked_session.activity.service.code])

    page = client_for(worker).get(url, {"week": _week_of(booked_session)}).content.decode()

    assert "Cooking on a budget" in page
    assert "1 of 8 places booked" in page


def test_it_marks_a_cancelled_session_on_the_week(booked_session, worker, client_for):
    session_cancel(session=booked_session, by=worker, expected_version=booked_session.version, reason="Facilitator ill")
    url = reverse("activities:timetable_week", args=[booked_session.activity.service.code])

    page = client_for(worker).get(url, {"week": _week_of(booked_session)}).content.decode()

    assert "Cancelled: Facilitator ill" in page


def test_it_filters_the_week_by_kind_of_activity(booked_session, worker, client_for):
    url = reverse("activities:timetable_week", args=[booked_session.activity.service.code])

    page = client_for(worker).get(url, {"week": _week_of(booked_session), "category": "creative"}).content.decode()

    assert "No sessions this week." in page


def _pdf_text(response) -> str:
    """The PDF's words, with the line breaks of the narrow day columns undone."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)


def test_it_prints_the_week_on_an_a4_landscape_page(booked_session, worker, client_for):
    url = reverse("activities:timetable_pdf", args=[booked_session.activity.service.code])

    response = client_for(worker).get(url, {"week": _week_of(booked_session)})

    assert response["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = _pdf_text(response)
    assert "Cooking on a budget" in text
    assert "10:00–11:30" in text or "10:00-11:30" in text


def test_it_keeps_client_names_off_the_printed_timetable(booked_session, person, worker, client_for):
    url = reverse("activities:timetable_pdf", args=[booked_session.activity.service.code])

    text = _pdf_text(client_for(worker).get(url, {"week": _week_of(booked_session)}))

    assert person.last_name not in text
    assert person.first_name not in text


def _feed(client, service) -> Calendar:
    token = timetable_feed_for(service=service).token
    response = client.get(reverse("activities:timetable_feed", args=[token]))
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_it_serves_a_feed_that_parses_back(booked_session, client):
    calendar = _feed(client, booked_session.activity.service)

    events = list(calendar.walk("VEVENT"))
    assert [str(event["summary"]) for event in events] == ["Cooking on a budget"]
    assert events[0].decoded("dtstart") == booked_session.starts_at
    assert str(events[0]["uid"]).startswith(str(booked_session.code))


def test_it_keeps_client_data_out_of_the_feed(booked_session, person, client):
    token = timetable_feed_for(service=booked_session.activity.service).token

    body = client.get(reverse("activities:timetable_feed", args=[token])).content.decode()

    assert person.last_name not in body
    assert str(person.code) not in body


def test_it_marks_a_cancelled_session_in_the_feed(booked_session, worker, client):
    session_cancel(session=booked_session, by=worker, expected_version=booked_session.version, reason="Kitchen flooded")

    event = _feed(client, booked_session.activity.service).walk("VEVENT")[0]

    assert str(event["status"]) == "CANCELLED"
    assert str(event["description"]).startswith("Cancelled")


def test_it_keeps_the_reason_for_cancelling_out_of_the_feed(booked_session, worker, client):
    session_cancel(
        session=booked_session, by=worker, expected_version=booked_session.version, reason="Facilitator off sick"
    )

    event = _feed(client, booked_session.activity.service).walk("VEVENT")[0]

    assert "Facilitator off sick" not in str(event.to_ical(), "utf-8").replace("\r\n ", "")


def test_it_keeps_the_reason_for_moving_out_of_the_feed(booked_session, worker, client):
    starts = timezone.localtime(booked_session.starts_at)
    session_move(
        session=booked_session,
        by=worker,
        expected_version=booked_session.version,
        day=starts.date() + timedelta(days=1),
        start_time=time(14, 0),
        end_time=time(15, 0),
        reason="Room needed for Jo's review",
    )

    event = _feed(client, booked_session.activity.service).walk("VEVENT")[0]

    assert str(event["description"]).startswith("Moved to a new time")
    assert "Jo's review" not in str(event.to_ical(), "utf-8").replace("\r\n ", "")


@time_machine.travel(date(2026, 3, 1), tick=False)
def test_it_keeps_ten_oclock_in_the_feed_across_the_clocks_changing(activity, worker, client):
    sessions_schedule(
        activity=activity,
        by=worker,
        frequency=choices.Frequency.WEEKLY,
        first_date=date(2026, 3, 23),
        until_date=date(2026, 4, 6),
        start_time=time(10, 0),
        end_time=time(11, 0),
    )

    starts = [event.decoded("dtstart") for event in _feed(client, activity.service).walk("VEVENT")]

    assert [moment.astimezone(timezone.get_default_timezone()).time() for moment in starts] == [time(10, 0)] * 3


def test_it_stops_serving_the_old_address_after_a_new_one(booked_session, manager, client):
    service = booked_session.activity.service
    old = timetable_feed_for(service=service).token

    timetable_feed_regenerate(service=service, by=manager)

    assert client.get(reverse("activities:timetable_feed", args=[old])).status_code == 404


def test_it_lists_coming_sessions_soonest_first(activity, worker, client_for):
    later = SessionFactory(
        activity=activity, starts_at=london_datetime(timezone.localdate() + timedelta(days=9), time(10))
    )
    sooner = SessionFactory(
        activity=activity, starts_at=london_datetime(timezone.localdate() + timedelta(days=2), time(10))
    )

    response = client_for(worker).get(reverse("activities:timetable_list", args=[activity.service.code]))

    assert [session.pk for session in response.context["page"].object_list] == [sooner.pk, later.pk]
