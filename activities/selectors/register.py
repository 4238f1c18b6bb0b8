"""The session page and its register: who is booked, their marks, and what the facilitator
needs to know about them.

Who is shown how. A group is open to the whole service, so a register can list people
supported by another team whose records the facilitator cannot open. For those people the
register shows the first name and the initial of the last name only, with no alerts and no
link: enough to greet someone and tick them off (what a paper register on the group-room
wall would show, and what group members already know of each other), without opening a
record the facilitator has no reason to see. Their own team booked them and holds their
alerts; the page says so. People the facilitator can see are shown by name, with their
current alerts (from Risk, through the caseload flag registry) and a link to their record.

Restricted records are the exception. DESIGN.md makes a restricted record visible only to
the workers allocated to it (and the team leader), so to anyone else a restricted person on
a register or among an activity's regulars is not named at all, not even by first name: the
row is left out (``RegisterRow.listed`` is false) and the page says only how many other
people are booked ("1 other person booked"). The booking still counts towards the places
and the register's figures. That viewer cannot mark, cancel or end the place of someone
they are not shown (``booking_for_session`` and ``regular_for_activity`` answer 404), so
the person's own team, or a facilitator who may see them, takes that part of the register.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404

from activities import choices
from activities.access import require_programme_visible
from activities.models import Attendance, Booking, Session
from clients.access import visible_clients
from clients.models import Client
from recovery.accounts.models import User
from recovery.core.registries import CaseloadFlag, caseload_flag_sources

# Risk's caseload flags include the person's current alerts (flag key "alert"); a register shows
# only those, not the rest of the person's flags.
ALERT_SOURCE = "risk"
ALERT_FLAG = "alert"


def session_for_user(*, user: User, code) -> Session:
    """The session with its activity, service and plan (one query), or 404 outside the user's services."""
    try:
        session = Session.objects.select_related(
            "activity",
            "activity__service",
            "activity__partner_agency",
            "activity__team",
            "plan",
            "cancelled_by",
            "moved_by",
        ).get(code=code)
    except (Session.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    require_programme_visible(user, session.activity.service_id)
    return session


def short_name(client: Client) -> str:
    """First name and last initial, for people the viewer cannot see (see the module docstring)."""
    first = client.preferred_name or client.first_name
    return f"{first} {client.last_name[:1]}." if client.last_name else first


@dataclass
class RegisterRow:
    booking: Booking
    client: Client
    mark: str
    visible: bool
    alerts: list[CaseloadFlag] = field(default_factory=list)

    @property
    def listed(self) -> bool:
        """Shown as a row at all: a restricted person the viewer cannot see is only counted."""
        return self.visible or not self.client.is_restricted

    @property
    def name(self) -> str:
        return self.client.display_name if self.visible else short_name(self.client)

    @property
    def mark_label(self) -> str:
        return choices.Mark(self.mark).label if self.mark else "Not marked yet"


def _alerts_for(client_ids: list[int]) -> dict[int, list[CaseloadFlag]]:
    if not client_ids or ALERT_SOURCE not in caseload_flag_sources:
        return {}
    flags = caseload_flag_sources.get(ALERT_SOURCE).flags_for(client_ids=client_ids)
    alerts = {client_id: [flag for flag in found if flag.key == ALERT_FLAG] for client_id, found in flags.items()}
    return {client_id: found for client_id, found in alerts.items() if found}


def register_rows(*, session: Session, user: User, booking_code=None) -> list[RegisterRow]:
    """Everyone booked on the session (walk-ins included), with their mark: three queries
    (bookings with marks, which of them the user can see, and their alerts), whatever the size."""
    bookings = (
        Booking.objects.filter(session=session, status=choices.BookingStatus.BOOKED)
        .select_related("client")
        .annotate(
            mark=Subquery(Attendance.objects.filter(session=session, client=OuterRef("client")).values("mark")[:1])
        )
        .order_by("client__first_name", "client__last_name", "id")
    )
    if booking_code is not None:
        bookings = bookings.filter(code=booking_code)
    bookings = list(bookings)
    client_ids = [booking.client_id for booking in bookings]
    visible = set(visible_clients(user).filter(id__in=client_ids).values_list("id", flat=True)) if client_ids else set()
    alerts = _alerts_for(sorted(visible))
    return [
        RegisterRow(
            booking=booking,
            client=booking.client,
            mark=booking.mark or "",
            visible=booking.client_id in visible,
            alerts=alerts.get(booking.client_id, []),
        )
        for booking in bookings
    ]


def listed_rows(rows: list[RegisterRow]) -> tuple[list[RegisterRow], int]:
    """(the rows the page shows, how many other people are booked but not named to this viewer)."""
    listed = [row for row in rows if row.listed]
    return listed, len(rows) - len(listed)


def is_withheld(*, client: Client, user: User) -> bool:
    """A restricted person the user may not see: never named, marked or changed by this user."""
    return client.is_restricted and not visible_clients(user).filter(pk=client.pk).exists()


def booking_for_session(*, session: Session, code, user: User) -> Booking:
    """A booking on the session, or 404 (also for a restricted person the user may not see)."""
    try:
        booking = Booking.objects.select_related("client", "client__team").get(session=session, code=code)
    except (Booking.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    if is_withheld(client=booking.client, user=user):
        raise Http404
    return booking


@dataclass
class RegisterSummary:
    booked: int
    marked: int
    took_part: int
    absent: int


def register_summary(rows: list[RegisterRow]) -> RegisterSummary:
    return RegisterSummary(
        booked=len(rows),
        marked=sum(1 for row in rows if row.mark),
        took_part=sum(1 for row in rows if row.mark in choices.TOOK_PART),
        absent=sum(1 for row in rows if row.mark == choices.Mark.ABSENT),
    )


def register_counts(*, session: Session) -> RegisterSummary:
    """The register's figures without its rows (one query), to refresh them after a tap."""
    mark = Subquery(Attendance.objects.filter(session=session, client=OuterRef("client")).values("mark")[:1])
    counts = (
        Booking.objects.filter(session=session, status=choices.BookingStatus.BOOKED)
        .annotate(mark=mark)
        .aggregate(
            booked=Count("id"),
            marked=Count("id", filter=Q(mark__isnull=False)),
            took_part=Count("id", filter=Q(mark__in=choices.TOOK_PART)),
            absent=Count("id", filter=Q(mark=choices.Mark.ABSENT)),
        )
    )
    return RegisterSummary(**counts)


def walk_in_candidates(*, session: Session, user: User, query: str) -> list[Client]:
    """People the user can see, in the session's service, matching the search (the clients
    search selector), minus those already booked."""
    from clients.selectors import client_search

    booked = set(
        Booking.objects.filter(session=session, status=choices.BookingStatus.BOOKED).values_list("client_id", flat=True)
    )
    return [
        client
        for client in client_search(user=user, query=query, limit=15)
        if client.team.service_id == session.activity.service_id and client.pk not in booked
    ]
