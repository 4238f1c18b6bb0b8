"""Pages ``manage.py bench`` measures for activities: the timetable week, the register, and a
register tap (htmx POST). Budget (DESIGN.md): GET p95 ≤ 150 ms, POST ≤ 100 ms, ≤ 20 queries."""

from __future__ import annotations

from functools import cache

from django.urls import reverse

from recovery.core.bench import register_page


@cache
def _service_code(user_id: int) -> str:
    from recovery.accounts.access import scope_for
    from recovery.accounts.models import Service, User

    user = User.objects.get(pk=user_id)
    service = Service.objects.filter(id__in=scope_for(user).visible_service_ids).order_by("id").first()
    if service is None:
        raise LookupError("The bench user sees no service: run seed_demo first.")
    return str(service.code)


@cache
def _busiest_session(user_id: int) -> tuple[str, str, str]:
    """(session code, booking code, a mark it does not have) for the fullest session up to today
    in the user's service, so the register is as heavy as the data gets."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from activities import choices
    from activities.models import Attendance, Booking, Session
    from recovery.accounts.models import Service

    service = Service.objects.get(code=_service_code(user_id))
    today_end = timezone.localtime().replace(hour=23, minute=59)
    session = (
        Session.objects.filter(
            activity__service=service, status=choices.SessionStatus.SCHEDULED, starts_at__lte=today_end
        )
        .annotate(booked=Count("bookings", filter=Q(bookings__status=choices.BookingStatus.BOOKED)))
        .order_by("-booked", "-starts_at")
        .first()
    )
    if session is None:
        raise LookupError("No session with bookings in the bench user's service: run seed_demo first.")
    booking = Booking.objects.filter(session=session, status=choices.BookingStatus.BOOKED).order_by("id").first()
    current = (
        Attendance.objects.filter(session=session, client_id=booking.client_id).values_list("mark", flat=True).first()
    )
    mark = choices.Mark.LATE if current != choices.Mark.LATE else choices.Mark.ATTENDED
    return str(session.code), str(booking.code), mark


def register_pages() -> None:
    register_page(
        "activities-week",
        lambda user: reverse("activities:timetable_week", args=[_service_code(user.pk)]),
        role="worker",
    )
    register_page(
        "activities-register",
        lambda user: reverse("activities:register", args=[_busiest_session(user.pk)[0]]),
        role="worker",
    )
    register_page(
        "activities-register-mark",
        lambda user: reverse("activities:register_mark", args=list(_busiest_session(user.pk)[:2])),
        role="worker",
        method="POST",
        data=lambda user: {"mark": _busiest_session(user.pk)[2]},
        htmx=True,
    )
