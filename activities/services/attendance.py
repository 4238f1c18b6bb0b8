"""Regular attendees, bookings and the register.

The register is a one-tap list: ``attendance_mark`` sets one person's mark, and a second tap
with the same mark changes nothing (no new row, no history event), so a double tap on a
tablet is harmless. Capacity counts the session's live bookings, walk-ins included, and is
checked under a row lock on the session so two people booking the last place cannot both get it.

Taking part (attended, late, left early) counts as being seen: it moves the person's
"last seen" date forward, as an attended contact does (``Client.last_contact_at``), so the
caseload's "not seen for" counts group work as meaningful activity.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from activities import choices
from activities.models import Activity, Attendance, Booking, RegularAttendee, Session
from activities.services.common import raise_if
from clients.models import Client
from recovery.accounts.models import User
from recovery.audit.history import acting

FULL_MESSAGE = "This session is full: cancel someone's booking first, or ask the facilitator about more places."


def _lock(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("activity").get(pk=session.pk)


def _live_bookings(session: Session) -> int:
    return Booking.objects.filter(session=session, status=choices.BookingStatus.BOOKED).count()


def _check_bookable(session: Session, client: Client) -> None:
    if session.is_cancelled:
        raise_if({"__all__": "This session is cancelled, so no one can be booked on it."})
    if client.team.service_id != session.activity.service_id:
        raise_if({"client": "Choose someone supported by this service."})


def _book(session: Session, client: Client, by: User, *, walk_in: bool = False, regular=None) -> tuple[Booking, bool]:
    """Book (or re-book after a cancellation); returns (booking, changed)."""
    existing = Booking.objects.filter(session=session, client=client).first()
    if existing is not None and existing.status == choices.BookingStatus.BOOKED:
        return existing, False
    capacity = session.activity.capacity
    if capacity is not None and _live_bookings(session) >= capacity:
        raise_if({"client": FULL_MESSAGE})
    if existing is not None:
        existing.status = choices.BookingStatus.BOOKED
        existing.booked_by, existing.cancelled_by, existing.cancelled_at = by, None, None
        existing.is_walk_in = walk_in
        existing.save()
        return existing, True
    return Booking.objects.create(
        session=session, client=client, booked_by=by, is_walk_in=walk_in, from_regular=regular
    ), True


@transaction.atomic
def booking_create(*, session: Session, client: Client, by: User) -> tuple[Booking, bool]:
    """Book someone onto a session. Booking them twice returns the first booking."""
    session = _lock(session)
    _check_bookable(session, client)
    if session.ends_at < timezone.now():
        raise_if({"__all__": "This session has ended: add people who came from the register instead."})
    with acting(by):
        return _book(session, client, by)


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User) -> Booking:
    """Cancel a booking (the place is freed; the row is kept)."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == choices.BookingStatus.CANCELLED:
        return booking
    if Attendance.objects.filter(session_id=booking.session_id, client_id=booking.client_id).exists():
        raise_if({"__all__": "The register already has a mark for this person: change the mark instead."})
    with acting(by):
        booking.status = choices.BookingStatus.CANCELLED
        booking.cancelled_by, booking.cancelled_at = by, timezone.now()
        booking.save()
    return booking


def _count_as_seen(session: Session, client_id: int) -> None:
    """Move "last seen" forward to the session's start if that is later (never backwards)."""
    Client.objects.filter(pk=client_id).update(
        last_contact_at=Greatest(Coalesce(F("last_contact_at"), Value(session.starts_at)), Value(session.starts_at))
    )


@transaction.atomic
def attendance_mark(*, session: Session, client: Client, mark: str, by: User) -> tuple[Attendance, bool]:
    """Set one person's register mark. Returns (attendance, changed); the same mark twice is a no-op.

    Only people booked on the session (walk-ins are booked as they are added) can be marked.
    """
    if mark not in choices.Mark.values:
        raise_if({"mark": "Choose attended, late, left early or absent."})
    if session.is_cancelled:
        raise_if({"__all__": "This session is cancelled, so it has no register."})
    if timezone.localtime(session.starts_at).date() > timezone.localdate():
        raise_if({"__all__": "The register opens on the day of the session."})
    # Locking the booking row makes two taps arriving at once take turns, so the second one
    # sees the first one's mark instead of racing it to insert a second row.
    booking = (
        Booking.objects.select_for_update()
        .filter(session=session, client=client, status=choices.BookingStatus.BOOKED)
        .first()
    )
    if booking is None:
        raise_if({"client": "This person is not booked on the session: add them as a walk-in first."})
    existing = Attendance.objects.select_for_update().filter(session=session, client=client).first()
    if existing is not None and existing.mark == mark:
        return existing, False
    with acting(by):
        if existing is None:
            attendance = Attendance.objects.create(session=session, client=client, mark=mark, recorded_by=by)
        else:
            existing.mark, existing.recorded_by = mark, by
            existing.save(update_fields=["mark", "recorded_by", "updated_at"])
            attendance = existing
        if mark in choices.TOOK_PART:
            _count_as_seen(session, client.pk)
        Session.objects.filter(pk=session.pk, register_taken_at__isnull=True).update(
            register_taken_at=timezone.now(), register_taken_by=by
        )
    return attendance, True


@transaction.atomic
def walk_in_add(*, session: Session, client: Client, by: User) -> Attendance:
    """Someone came without a booking: book them (capacity permitting) and mark them as attended."""
    session = _lock(session)
    _check_bookable(session, client)
    with acting(by):
        _book(session, client, by, walk_in=True)
    attendance, _ = attendance_mark(session=session, client=client, mark=choices.Mark.ATTENDED, by=by)
    return attendance


@transaction.atomic
def regular_attendee_add(
    *, activity: Activity, client: Client, by: User, started_on: date | None = None
) -> RegularAttendee:
    """Make someone a regular: they are booked onto every session of the activity from today on."""
    started_on = started_on or timezone.localdate()
    if client.team.service_id != activity.service_id:
        raise_if({"client": "Choose someone supported by this service."})
    existing = RegularAttendee.objects.filter(activity=activity, client=client, ended_on__isnull=True).first()
    if existing is not None:
        return existing
    Activity.objects.select_for_update().filter(pk=activity.pk).first()
    regulars = RegularAttendee.objects.filter(activity=activity, ended_on__isnull=True).count()
    if activity.capacity is not None and regulars >= activity.capacity:
        raise_if({"client": "Every place is taken by a regular: end someone's regular place first."})
    # From today's sessions on: someone made a regular at the start of today's group is on its register.
    today_starts = timezone.make_aware(datetime.combine(timezone.localdate(), time()), timezone.get_default_timezone())
    future = list(
        Session.objects.select_for_update()
        .filter(activity=activity, status=choices.SessionStatus.SCHEDULED, starts_at__gte=today_starts)
        .order_by("starts_at")
    )
    with acting(by):
        regular = RegularAttendee.objects.create(activity=activity, client=client, started_on=started_on, added_by=by)
        for session in future:
            # A session already full of one-off bookings keeps them; the regular joins from the next one.
            full = activity.capacity is not None and _live_bookings(session) >= activity.capacity
            if timezone.localtime(session.starts_at).date() >= started_on and not full:
                _book(session, client, by, regular=regular)
    return regular


@transaction.atomic
def regular_attendee_end(*, regular: RegularAttendee, by: User) -> RegularAttendee:
    """Stop someone being a regular: their bookings on future sessions are cancelled."""
    regular = RegularAttendee.objects.select_for_update().get(pk=regular.pk)
    if regular.ended_on is not None:
        return regular
    with acting(by):
        regular.ended_on, regular.ended_by = timezone.localdate(), by
        regular.save(update_fields=["ended_on", "ended_by"])
        Booking.objects.filter(
            from_regular=regular, status=choices.BookingStatus.BOOKED, session__starts_at__gte=timezone.now()
        ).exclude(session__attendance__client_id=regular.client_id).update(
            status=choices.BookingStatus.CANCELLED, cancelled_by=by, cancelled_at=timezone.now()
        )
    return regular
