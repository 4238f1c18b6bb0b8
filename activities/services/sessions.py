"""Scheduling sessions (one-off, weekly or fortnightly for a term), cancelling and moving them.

Recurrence is worked out in Europe/London wall-clock time with ``dateutil.rrule`` and only then
made aware, so a group that meets at 10:00 still meets at 10:00 after the clocks change (its
UTC time moves by an hour instead). A moved or cancelled session keeps the reason, and the
workers of the people booked on it get a notification saying so.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dateutil.rrule import WEEKLY, rrule
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from activities import choices
from activities.models import Activity, Booking, RegularAttendee, Session, SessionSeries
from activities.services.common import clean_text, raise_if
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version
from recovery.core.services import notification_send

# A term is at most a year; a longer run is scheduled again when the next term is known.
MAX_SESSIONS = 60
MAX_TERM_DAYS = 366
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)


def london_datetime(day: date, at: time) -> datetime:
    """``day`` at wall-clock time ``at`` in Europe/London.

    In the hour the clocks go forward a wall-clock time does not exist; zoneinfo then reads it
    with the offset from before the change (01:30 becomes 02:30 BST), which is what people expect.
    """
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def occurrence_dates(*, frequency: str, first_date: date, until_date: date | None) -> list[date]:
    """The days a run of sessions falls on (the first one included)."""
    if frequency == choices.Frequency.ONCE:
        return [first_date]
    interval = 2 if frequency == choices.Frequency.FORTNIGHTLY else 1
    rule = rrule(
        WEEKLY,
        interval=interval,
        dtstart=datetime.combine(first_date, time()),
        until=datetime.combine(until_date, time()),
        count=None,
    )
    return [moment.date() for moment in rule[: MAX_SESSIONS + 1]]


def _validate_schedule(
    *, frequency: str, first_date: date | None, until_date: date | None, start_time: time | None, end_time: time | None
) -> None:
    errors = {}
    if frequency not in choices.Frequency.values:
        errors["frequency"] = "Choose one-off, weekly or fortnightly."
    if first_date is None:
        errors["first_date"] = "Enter the date of the first session."
    elif first_date < timezone.localdate():
        errors["first_date"] = "Enter a date from today onwards: past sessions cannot be scheduled."
    if frequency != choices.Frequency.ONCE:
        if until_date is None:
            errors["until_date"] = "Enter the date the term ends, so the sessions have an end."
        elif first_date is not None and until_date < first_date:
            errors["until_date"] = "Enter an end date on or after the first session."
        elif first_date is not None and (until_date - first_date).days > MAX_TERM_DAYS:
            errors["until_date"] = "Schedule a year at most: add the next term when its dates are known."
    if start_time is None:
        errors["start_time"] = "Enter the time the session starts, for example 10:00."
    if end_time is None:
        errors["end_time"] = "Enter the time the session ends, for example 11:30."
    elif start_time is not None and end_time <= start_time:
        errors["end_time"] = "Enter an end time after the start time."
    raise_if(errors)


def _book_regulars(sessions: list[Session], regulars: list[RegularAttendee], by: User) -> None:
    """Book each regular attendee onto new sessions (no capacity check: their place is standing)."""
    Booking.objects.bulk_create(
        [
            Booking(session=session, client_id=regular.client_id, from_regular=regular, booked_by=by)
            for session in sessions
            for regular in regulars
            if regular.started_on <= timezone.localtime(session.starts_at).date()
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def sessions_schedule(
    *,
    activity: Activity,
    by: User,
    frequency: str,
    first_date: date | None,
    start_time: time | None,
    end_time: time | None,
    until_date: date | None = None,
) -> SessionSeries:
    """Put a one-off session, or a term of weekly or fortnightly sessions, on the timetable."""
    if frequency == choices.Frequency.ONCE:
        until_date = first_date
    Activity.objects.select_for_update().filter(pk=activity.pk).first()  # one schedule at a time per activity
    _validate_schedule(
        frequency=frequency, first_date=first_date, until_date=until_date, start_time=start_time, end_time=end_time
    )
    same = SessionSeries.objects.filter(
        activity=activity,
        frequency=frequency,
        first_date=first_date,
        until_date=until_date,
        start_time=start_time,
        end_time=end_time,
        created_by=by,
        created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
    ).first()
    if same is not None:
        # The same run scheduled again by the same person a moment ago is a double submit, not a
        # second group at the same time: return the first one rather than doubling the term.
        return same
    days = occurrence_dates(frequency=frequency, first_date=first_date, until_date=until_date)
    if len(days) > MAX_SESSIONS:
        raise_if({"until_date": f"That makes more than {MAX_SESSIONS} sessions: choose an earlier end date."})
    with acting(by):
        series = SessionSeries.objects.create(
            activity=activity,
            frequency=frequency,
            first_date=first_date,
            until_date=until_date,
            start_time=start_time,
            end_time=end_time,
            created_by=by,
        )
        sessions = Session.objects.bulk_create(
            [
                Session(
                    activity=activity,
                    series=series,
                    starts_at=london_datetime(day, start_time),
                    ends_at=london_datetime(day, end_time),
                )
                for day in days
            ]
        )
        regulars = list(RegularAttendee.objects.filter(activity=activity, ended_on__isnull=True))
        _book_regulars(sessions, regulars, by)
    return series


def _tell_workers(session: Session, *, title: str, body: str, event: str) -> int:
    """A notification to the lead worker of each person booked on the session (once per worker)."""
    worker_ids = set(
        Booking.objects.filter(session=session, status=choices.BookingStatus.BOOKED, client__lead_worker__isnull=False)
        .values_list("client__lead_worker_id", flat=True)
        .distinct()
    )
    url = reverse("activities:session_detail", args=[session.code])
    for worker in User.objects.filter(id__in=worker_ids, is_active=True):
        notification_send(
            recipient=worker,
            title=title,
            body=body,
            url=url,
            dedupe_key=f"activities.session.{session.code}.{event}.{worker.pk}",
        )
    return len(worker_ids)


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%a} {local.day} {local:%b %Y} at {local:%H:%M}"


@transaction.atomic
def session_cancel(*, session: Session, by: User, expected_version: int, reason: str) -> Session:
    """Cancel one session, saying why; it stays on the timetable marked as cancelled."""
    session = lock_current_version(session, expected_version=expected_version)
    reason = clean_text(reason)
    errors = {}
    if session.is_cancelled:
        errors["__all__"] = "This session is already cancelled."
    if not reason:
        errors["reason"] = "Say why the session is cancelled: the people booked and their workers will see it."
    elif len(reason) > 300:
        errors["reason"] = "Keep the reason to 300 characters or fewer."
    raise_if(errors)
    with acting(by):
        session.status = choices.SessionStatus.CANCELLED
        session.cancel_reason = reason
        session.cancelled_at = timezone.now()
        session.cancelled_by = by
        bump_version(session)
        session.save()
    session.refresh_from_db()
    activity = session.activity
    _tell_workers(
        session,
        title=f"{activity.title} on {_when(session.starts_at)} is cancelled",
        body=f"Someone you support was booked on it. Reason: {reason}",
        event="cancelled",
    )
    return session


@transaction.atomic
def session_move(
    *,
    session: Session,
    by: User,
    expected_version: int,
    day: date | None,
    start_time: time | None,
    end_time: time | None,
    reason: str,
    location: str = "",
) -> Session:
    """Move one session to another day, time or place, saying why; the first time is kept."""
    session = lock_current_version(session, expected_version=expected_version)
    reason = clean_text(reason)
    errors = {}
    if session.is_cancelled:
        errors["__all__"] = "This session is cancelled: schedule a new one instead of moving it."
    if day is None:
        errors["day"] = "Enter the new date."
    elif day < timezone.localdate():
        errors["day"] = "Enter a date from today onwards."
    if start_time is None:
        errors["start_time"] = "Enter the new start time, for example 10:00."
    if end_time is None:
        errors["end_time"] = "Enter the new end time, for example 11:30."
    elif start_time is not None and end_time <= start_time:
        errors["end_time"] = "Enter an end time after the start time."
    if not reason:
        errors["reason"] = "Say why the session is moving: the people booked and their workers will see it."
    elif len(reason) > 300:
        errors["reason"] = "Keep the reason to 300 characters or fewer."
    raise_if(errors)
    starts_at, ends_at = london_datetime(day, start_time), london_datetime(day, end_time)
    location = clean_text(location)
    if starts_at == session.starts_at and ends_at == session.ends_at and location == session.location:
        raise_if({"day": "That is when and where the session already is: change the date, time or place."})
    with acting(by):
        if session.moved_from is None:
            session.moved_from = session.starts_at
        session.starts_at, session.ends_at = starts_at, ends_at
        session.location = location
        session.move_reason = reason
        session.moved_at = timezone.now()
        session.moved_by = by
        bump_version(session)
        session.save()
    session.refresh_from_db()
    _tell_workers(
        session,
        title=f"{session.activity.title} has moved to {_when(session.starts_at)}",
        body=f"Someone you support is booked on it. Reason: {reason}",
        event=f"moved-{session.version}",
    )
    return session
