"""The timetable of a service: a week grid, a list of what is coming up, and the data behind
the printable PDF and the iCalendar feed. None of these reads touch client records beyond a
count of bookings, so the PDF and the feed are free of client data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from activities import choices
from activities.models import Session, TimetableFeed
from recovery.accounts.models import Service

FEED_WEEKS_BACK = 4
FEED_WEEKS_AHEAD = 26


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def _london(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()), timezone.get_default_timezone())


def _sessions(service: Service) -> QuerySet[Session]:
    return (
        Session.objects.filter(activity__service=service)
        .select_related("activity", "activity__partner_agency")
        .annotate(booked=Count("bookings", filter=Q(bookings__status=choices.BookingStatus.BOOKED)))
    )


@dataclass
class WeekDay:
    day: date
    sessions: list[Session]

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()


@dataclass
class Week:
    monday: date
    days: list[WeekDay]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def session_count(self) -> int:
        return sum(len(day.sessions) for day in self.days)


def timetable_week(*, service: Service, monday: date, category: str = "") -> Week:
    """The week's sessions by day, cancelled ones included (marked), in one query."""
    queryset = _sessions(service).filter(
        starts_at__gte=_london(monday), starts_at__lt=_london(monday + timedelta(days=7))
    )
    if category:
        queryset = queryset.filter(activity__category=category)
    days = {monday + timedelta(days=offset): [] for offset in range(7)}
    for session in queryset.order_by("starts_at", "activity__title", "id"):
        days[timezone.localtime(session.starts_at).date()].append(session)
    return Week(monday=monday, days=[WeekDay(day, sessions) for day, sessions in days.items()])


def timetable_upcoming(*, service: Service, category: str = "") -> QuerySet[Session]:
    """Sessions from today on, soonest first (paginated by the view)."""
    queryset = _sessions(service).filter(ends_at__gte=_london(timezone.localdate()))
    if category:
        queryset = queryset.filter(activity__category=category)
    return queryset.order_by("starts_at", "activity__title", "id")


def feed_for_token(*, token: str) -> TimetableFeed:
    try:
        return TimetableFeed.objects.select_related("service").get(token=token, service__is_active=True)
    except TimetableFeed.DoesNotExist:
        raise Http404 from None


def feed_sessions(*, service: Service) -> list[Session]:
    """What a subscribed calendar gets: a few weeks back (so a move shows) to half a year ahead."""
    today = timezone.localdate()
    return list(
        _sessions(service)
        .filter(
            starts_at__gte=_london(today - timedelta(weeks=FEED_WEEKS_BACK)),
            starts_at__lt=_london(today + timedelta(weeks=FEED_WEEKS_AHEAD)),
        )
        .order_by("starts_at", "id")
    )
