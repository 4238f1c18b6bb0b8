"""Scheduling, cancelling and moving sessions."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from activities import choices
from activities.factories import BookingFactory
from activities.services.sessions import occurrence_dates, session_cancel, session_move, sessions_schedule
from recovery.core.models import Notification

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


@time_machine.travel(date(2026, 3, 1), tick=False)
def test_it_keeps_ten_oclock_across_the_clocks_going_forward(activity, worker):
    # The clocks go forward on Sunday 29 March 2026.
    series = sessions_schedule(
        activity=activity,
        by=worker,
        frequency=choices.Frequency.WEEKLY,
        first_date=date(2026, 3, 23),
        until_date=date(2026, 4, 6),
        start_time=time(10, 0),
        end_time=time(11, 30),
    )
    sessions = list(series.sessions.order_by("starts_at"))
    assert [session.starts_at.astimezone(LONDON).time() for session in sessions] == [time(10, 0)] * 3
    assert [session.starts_at.astimezone(UTC).hour for session in sessions] == [10, 9, 9]


@time_machine.travel(date(2026, 10, 1), tick=False)
def test_it_keeps_ten_oclock_across_the_clocks_going_back(activity, worker):
    # The clocks go back on Sunday 25 October 2026.
    series = sessions_schedule(
        activity=activity,
        by=worker,
        frequency=choices.Frequency.WEEKLY,
        first_date=date(2026, 10, 19),
        until_date=date(2026, 11, 2),
        start_time=time(10, 0),
        end_time=time(11, 30),
    )
    sessions = list(series.sessions.order_by("starts_at"))
    assert [session.starts_at.astimezone(LONDON).time() for session in sessions] == [time(10, 0)] * 3
    assert [session.starts_at.astimezone(UTC).hour for session in sessions] == [9, 10, 10]


def test_it_schedules_fortnightly_sessions_every_other_week():
    days = occurrence_dates(
        frequency=choices.Frequency.FORTNIGHTLY, first_date=date(2026, 9, 7), until_date=date(2026, 10, 19)
    )
    assert days == [date(2026, 9, 7), date(2026, 9, 21), date(2026, 10, 5), date(2026, 10, 19)]


def test_it_schedules_a_one_off_session_once(activity, worker):
    series = sessions_schedule(
        activity=activity,
        by=worker,
        frequency=choices.Frequency.ONCE,
        first_date=date.today() + timedelta(days=3),
        start_time=time(14, 0),
        end_time=time(16, 0),
    )
    assert series.sessions.count() == 1


def test_it_asks_for_an_end_date_for_a_weekly_run(activity, worker):
    with pytest.raises(ValidationError) as error:
        sessions_schedule(
            activity=activity,
            by=worker,
            frequency=choices.Frequency.WEEKLY,
            first_date=date.today() + timedelta(days=3),
            start_time=time(14, 0),
            end_time=time(16, 0),
        )
    assert "until_date" in error.value.message_dict


def test_it_refuses_an_end_time_before_the_start(activity, worker):
    with pytest.raises(ValidationError) as error:
        sessions_schedule(
            activity=activity,
            by=worker,
            frequency=choices.Frequency.ONCE,
            first_date=date.today() + timedelta(days=3),
            start_time=time(14, 0),
            end_time=time(13, 0),
        )
    assert error.value.message_dict["end_time"] == ["Enter an end time after the start time."]


def test_it_books_regular_attendees_onto_new_sessions(activity, worker, person):
    from activities.services.attendance import regular_attendee_add

    regular_attendee_add(activity=activity, client=person, by=worker)
    series = sessions_schedule(
        activity=activity,
        by=worker,
        frequency=choices.Frequency.WEEKLY,
        first_date=date.today() + timedelta(days=1),
        until_date=date.today() + timedelta(days=22),
        start_time=time(10, 0),
        end_time=time(11, 0),
    )
    assert {booking.client_id for session in series.sessions.all() for booking in session.bookings.all()} == {person.pk}
    assert sum(session.bookings.count() for session in series.sessions.all()) == 4


def test_it_cancels_a_session_with_its_reason(session, worker):
    cancelled = session_cancel(session=session, by=worker, expected_version=session.version, reason="Facilitator ill")
    assert (cancelled.status, cancelled.cancel_reason, cancelled.cancelled_by) == (
        choices.SessionStatus.CANCELLED,
        "Facilitator ill",
        worker,
    )


def test_it_needs_a_reason_to_cancel(session, worker):
    with pytest.raises(ValidationError) as error:
        session_cancel(session=session, by=worker, expected_version=session.version, reason="  ")
    assert "reason" in error.value.message_dict


def test_it_tells_the_workers_of_people_booked_when_a_session_is_cancelled(session, worker, person, colleague):
    BookingFactory(session=session, client=person, booked_by=colleague)
    session_cancel(session=session, by=colleague, expected_version=session.version, reason="Kitchen flooded")
    notification = Notification.objects.get(recipient=worker)
    assert "cancelled" in notification.title
    assert "Kitchen flooded" in notification.body


def test_it_moves_a_session_and_keeps_when_it_was_first_due(session, worker, person, colleague):
    BookingFactory(session=session, client=person, booked_by=colleague)
    first = session.starts_at
    new_day = (first + timedelta(days=1)).astimezone(LONDON).date()
    moved = session_move(
        session=session,
        by=colleague,
        expected_version=session.version,
        day=new_day,
        start_time=time(13, 0),
        end_time=time(14, 30),
        reason="Room booked for training",
    )
    assert moved.moved_from == first
    assert moved.starts_at.astimezone(LONDON).time() == time(13, 0)
    assert moved.move_reason == "Room booked for training"
    assert "moved" in Notification.objects.get(recipient=worker).title


def test_it_needs_a_reason_to_move(session, worker):
    with pytest.raises(ValidationError) as error:
        session_move(
            session=session,
            by=worker,
            expected_version=session.version,
            day=date.today() + timedelta(days=9),
            start_time=time(13, 0),
            end_time=time(14, 0),
            reason="",
        )
    assert "reason" in error.value.message_dict


def test_it_refuses_a_move_that_changes_nothing(session, worker):
    local_start, local_end = session.starts_at.astimezone(LONDON), session.ends_at.astimezone(LONDON)

    with pytest.raises(ValidationError, match="already is"):
        session_move(
            session=session,
            by=worker,
            expected_version=session.version,
            day=local_start.date(),
            start_time=local_start.time(),
            end_time=local_end.time(),
            reason="Tidying up",
        )


def test_it_refuses_to_cancel_a_session_opened_at_an_older_version(session, worker):
    from recovery.core.concurrency import StaleEditError

    session_cancel(session=session, by=worker, expected_version=session.version, reason="Snow")

    with pytest.raises(StaleEditError):
        session_cancel(session=session, by=worker, expected_version=session.version, reason="Snow again")
