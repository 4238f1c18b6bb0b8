"""What activities gives the core registries: timeline entries for sessions a person took
part in and for sessions they were booked on that were cancelled or moved, and the reminder
"session plan missing" for sessions in the next seven days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from activities import choices
from activities.models import ActivityFacilitator, Attendance, Booking, Session, SessionPlan
from clients.models import Client
from recovery.accounts.models import Team
from recovery.core.registries import DueItem, TimelineEntry

PLAN_DUE_WITHIN_DAYS = 7


def attendance_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Sessions the person attended (on time, late or leaving early), newest first: one query."""
    queryset = Attendance.objects.filter(client=client, mark__in=choices.TOOK_PART).select_related(
        "session", "session__activity", "recorded_by"
    )
    if before is not None:
        queryset = queryset.filter(session__starts_at__lte=before)
    entries = []
    for attendance in queryset.order_by("-session__starts_at", "-session__code")[:limit]:
        session = attendance.session
        title = f"{session.activity.get_category_display()}: {session.activity.title}"
        if attendance.mark != choices.Mark.ATTENDED:
            title += f" ({attendance.get_mark_display().lower()})"
        entries.append(
            TimelineEntry(
                occurred_at=session.starts_at,
                source="activities",
                entry_id=str(session.code),
                title=title,
                summary=f"Took part in a group session at {session.place}.",
                actor=str(attendance.recorded_by),
                url=reverse("activities:session_detail", args=[session.code]),
                icon="activity",
            )
        )
    return entries


def session_change_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Sessions the person was booked on that were cancelled or moved, with the reason, so every
    worker who opens the record sees it (the lead worker also gets a notification). One query."""
    changed_at = Coalesce(F("session__cancelled_at"), F("session__moved_at"))
    queryset = (
        Booking.objects.filter(client=client, status=choices.BookingStatus.BOOKED)
        .filter(Q(session__status=choices.SessionStatus.CANCELLED) | Q(session__moved_at__isnull=False))
        .annotate(changed_at=changed_at)
        .select_related("session", "session__activity", "session__cancelled_by", "session__moved_by")
    )
    if before is not None:
        queryset = queryset.filter(changed_at__lte=before)
    entries = []
    for booking in queryset.order_by("-changed_at", "-session__code")[:limit]:
        session = booking.session
        local = timezone.localtime(session.starts_at)
        when = f"{local:%a} {local.day} {local:%b %Y} at {local:%H:%M}"
        if session.is_cancelled:
            title = f"{session.activity.title} on {when} cancelled"
            summary, actor = f"Reason: {session.cancel_reason}", session.cancelled_by
        else:
            title = f"{session.activity.title} moved to {when}"
            summary, actor = f"Reason: {session.move_reason}", session.moved_by
        entries.append(
            TimelineEntry(
                occurred_at=booking.changed_at,
                source="activities_changes",
                entry_id=str(session.code),
                title=title,
                summary=summary,
                actor=str(actor or ""),
                url=reverse("activities:session_detail", args=[session.code]),
                icon="activity",
            )
        )
    return entries


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
