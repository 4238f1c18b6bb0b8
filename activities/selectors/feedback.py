"""Reads for session feedback and the "you said, we did" log.

Named feedback shows the person's name only to staff who may see that client
(``clients.access.visible_clients``); to others it reads "a client of another team".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch
from django.utils import timezone

from activities.models import Attendance, Booking, Session, SessionFeedback, YouSaidWeDid
from clients.access import visible_clients
from clients.models import Client
from recovery.accounts.models import Service


@dataclass
class FeedbackSummary:
    count: int
    average: float | None
    by_rating: dict[int, int]


def summarise(rows) -> FeedbackSummary:
    ratings = [row.rating for row in rows]
    return FeedbackSummary(
        count=len(ratings),
        average=round(sum(ratings) / len(ratings), 1) if ratings else None,
        by_rating={rating: ratings.count(rating) for rating in range(1, 6)},
    )


def session_feedback(*, session: Session, user) -> list[SessionFeedback]:
    """The session's feedback, named first; each row's ``shown_name`` is what this user may see
    (``shown_visible`` when that is the person's name, so the view can log the access).
    Two queries: the feedback with clients, and which of those clients the user can see."""
    rows = list(session.feedback.select_related("client").order_by("client__first_name", "rating"))
    client_ids = {row.client_id for row in rows if row.client_id}
    visible = set(visible_clients(user).filter(pk__in=client_ids).values_list("pk", flat=True)) if client_ids else set()
    for row in rows:
        row.shown_visible = row.client_id is not None and row.client_id in visible
        if row.client_id is None:
            row.shown_name = "Anonymous"
        elif row.shown_visible:
            row.shown_name = row.client.display_name
        else:
            row.shown_name = "A client of another team"
    return sorted(rows, key=lambda row: (row.client_id is None, row.shown_name))


def tablet_people(*, session: Session, user) -> list[Client]:
    """The people on the session (register or bookings) whom the user can see, each with
    ``has_feedback``, to choose who the tablet is handed to. One query."""
    on_session = Exists(Attendance.objects.filter(session=session, client=OuterRef("pk"))) | Exists(
        Booking.objects.filter(session=session, client=OuterRef("pk"), status="booked")
    )
    given = Exists(SessionFeedback.objects.filter(session=session, client=OuterRef("pk")))
    return list(
        visible_clients(user).filter(on_session).annotate(has_feedback=given).order_by("first_name", "last_name", "id")
    )


def tablet_person(*, session: Session, user, code) -> Client | None:
    """One person on the session the user can see, or None."""
    return next((client for client in tablet_people(session=session, user=user) if str(client.code) == str(code)), None)


def you_said_we_did_log(*, service: Service) -> list[YouSaidWeDid]:
    """The service's log, newest first, with each entry's feedback (three queries)."""
    return list(
        YouSaidWeDid.objects.filter(service=service)
        .select_related("activity", "recorded_by")
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=SessionFeedback.objects.select_related("session", "session__activity").order_by(
                    "session__starts_at"
                ),
            )
        )
        .order_by("-changed_on", "-id")
    )


def feedback_to_answer(*, service: Service, days: int = 120) -> list[SessionFeedback]:
    """Recent feedback with a comment, to link to a change (one query)."""
    since = timezone.now() - timedelta(days=days)
    return list(
        SessionFeedback.objects.filter(session__activity__service=service, session__starts_at__gte=since)
        .exclude(comment="")
        .select_related("session", "session__activity")
        .order_by("-session__starts_at", "rating")[:200]
    )


def service_feedback_summary(*, service: Service, start, end) -> dict:
    """Count and average of feedback on sessions between two datetimes (one query)."""
    return SessionFeedback.objects.filter(
        session__activity__service=service, session__starts_at__gte=start, session__starts_at__lt=end
    ).aggregate(count=Count("pk"), average=Avg("rating"))
