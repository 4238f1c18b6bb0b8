"""What activities gives the core registries: timeline entries for sessions a person took
part in and for sessions they were booked on that were cancelled or moved, and the reminder
"session plan missing" for sessions in the next seven days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.urls import reverse
from django.utils import timezone

from activities import choices
from activities.models import ActivityFacilitator, Attendance, Booking, Session, SessionPlan
from clients.models import Client
from recovery.accounts.models import Team
from recovery.core.registries import DueItem, TimelineEntry

PLAN_DUE_WITHIN_DAYS = 7


_TEXT = CharField()
_WHEN = DateTimeField()


def _part(queryset, *, at, kind: str, detail, actor, suffix: str):
    """One SELECT of the timeline UNION: the same columns, in the same order, from each table."""
    return queryset.annotate(
        tl_at=ExpressionWrapper(at, output_field=_WHEN),
        tl_id=Concat(Cast("session__code", output_field=_TEXT), Value(suffix), output_field=_TEXT),
        tl_kind=Value(kind, output_field=_TEXT),
        tl_code=Cast("session__code", output_field=_TEXT),
        tl_title=F("session__activity__title"),
        tl_category=F("session__activity__category"),
        tl_place=Coalesce(NullIf(F("session__location"), Value("")), F("session__activity__location")),
        tl_starts=F("session__starts_at"),
        tl_detail=detail,
        tl_actor=actor,
    ).values_list(
        "tl_at",
        "tl_id",
        "tl_kind",
        "tl_code",
        "tl_title",
        "tl_category",
        "tl_place",
        "tl_starts",
        "tl_detail",
        "tl_actor",
    )


def activities_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Sessions the person took part in (attended, late, left early), and sessions they were
    booked on that were cancelled or moved, with the reason, so every worker who opens the
    record sees it (the lead worker also gets a notification). One query: a UNION ALL."""
    cancelled = Q(session__status=choices.SessionStatus.CANCELLED)
    parts = [
        _part(
            Attendance.objects.filter(client=client, mark__in=choices.TOOK_PART),
            at=F("session__starts_at"),
            kind="took_part",
            detail=F("mark"),
            actor=F("recorded_by__full_name"),
            suffix="-a",
        ),
        _part(
            Booking.objects.filter(client=client, status=choices.BookingStatus.BOOKED).filter(
                cancelled | Q(session__moved_at__isnull=False)
            ),
            at=Coalesce(F("session__cancelled_at"), F("session__moved_at")),
            kind="changed",
            detail=Case(
                When(cancelled, then=Concat(Value("cancelled:"), F("session__cancel_reason"))),
                default=Concat(Value("moved:"), F("session__move_reason")),
                output_field=_TEXT,
            ),
            actor=Case(
                When(cancelled, then=F("session__cancelled_by__full_name")),
                default=F("session__moved_by__full_name"),
                output_field=_TEXT,
            ),
            suffix="-c",
        ),
    ]
    if before is not None:
        parts = [part.filter(tl_at__lte=before) for part in parts]
    first, second = parts
    rows = first.union(second, all=True).order_by("-tl_at", "-tl_id")[:limit]
    return [_entry(*row) for row in rows]


def _entry(at, entry_id, kind, code, title, category, place, starts, detail, actor) -> TimelineEntry:
    common = {
        "occurred_at": at,
        "source": "activities",
        "entry_id": entry_id,
        "actor": actor or "",
        "url": reverse("activities:session_detail", args=[code]),
        "icon": "activity",
    }
    if kind == "took_part":
        heading = f"{choices.Category(category).label}: {title}"
        if detail != choices.Mark.ATTENDED:
            heading += f" ({choices.Mark(detail).label.lower()})"
        return TimelineEntry(title=heading, summary=f"Took part in a group session at {place}.", **common)
    local = timezone.localtime(starts)
    when = f"{local:%a} {local.day} {local:%b %Y} at {local:%H:%M}"
    change, _, reason = detail.partition(":")
    heading = f"{title} on {when} cancelled" if change == "cancelled" else f"{title} moved to {when}"
    return TimelineEntry(title=heading, summary=f"Reason: {reason}", **common)


def _london(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()), timezone.get_default_timezone())


def plan_missing_items(*, today: date, until: date) -> list[DueItem]:
    """Scheduled sessions in the next seven days (and no later than ``until``) with no plan yet.

    Due on the session's day; the responsible person is the first lead facilitator. An activity
    run by no one team is reminded to the first team of its service. One query.
    """
    last_day = min(until, today + timedelta(days=PLAN_DUE_WITHIN_DAYS))
    lead = ActivityFacilitator.objects.filter(activity=OuterRef("activity"), is_learning=False).order_by("id")
    first_team = Team.objects.filter(service=OuterRef("activity__service"), is_active=True).order_by("id")
    rows = (
        Session.objects.filter(
            status=choices.SessionStatus.SCHEDULED,
            starts_at__gte=_london(today),
            starts_at__lt=_london(last_day + timedelta(days=1)),
            activity__is_active=True,
        )
        .filter(~Exists(SessionPlan.objects.filter(session=OuterRef("pk"))))
        .annotate(
            lead_id=Subquery(lead.values("user_id")[:1]),
            owner_team_id=Coalesce(F("activity__team_id"), Subquery(first_team.values("id")[:1])),
        )
        .select_related("activity")
        .order_by("starts_at", "id")
    )
    items = []
    for session in rows:
        if session.owner_team_id is None:
            continue
        local = timezone.localtime(session.starts_at)
        items.append(
            DueItem(
                source="activity_plan_missing",
                item_key=str(session.code),
                title=f"Write the session plan for {session.activity.title} on {local.day} {local:%b %Y} at {local:%H:%M}",
                due_on=local.date(),
                team_id=session.owner_team_id,
                responsible_user_id=session.lead_id,
                url=reverse("activities:session_plan", args=[session.code]),
            )
        )
    return items
