"""Every read the reminders pages, panel, caseload flag and digest need, scoped to what the
person can still see: a reminder about a team they have left is never shown or e-mailed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from recovery.accounts.access import scope_for
from recovery.accounts.models import Service, Team, User
from recovery.core.registries import CaseloadFlag, clients_visible_to, reminder_sources
from recovery.reminders.models import (
    LATE_STATUSES,
    OPEN_STATUSES,
    DigestFrequency,
    DigestSend,
    Reminder,
    ReminderKind,
    ReminderPreference,
    ReminderRun,
    ReminderStatus,
)

UNNAMED_GROUP = "Other items (open each one to see who it is about)"


def source_label(key: str) -> str:
    return reminder_sources.get(key).label if key in reminder_sources else key.replace("_", " ").capitalize()


def reminders_for(*, user: User) -> QuerySet[Reminder]:
    """The person's own reminders in teams they can still see, most urgent first."""
    return (
        Reminder.objects.filter(recipient=user, team_id__in=scope_for(user).visible_team_ids)
        .select_related("team")
        .order_by("due_on", "client_label", "id")
    )


def open_reminders_for(*, user: User) -> QuerySet[Reminder]:
    return reminders_for(user=user).filter(status__in=OPEN_STATUSES)


def without_hidden_clients(reminders: QuerySet[Reminder], *, user: User) -> QuerySet[Reminder]:
    """Leave out reminders about clients the person may no longer see (a restricted record whose
    allocation ended since the sweep). Two queries: the clients named, then the access check."""
    named = set(reminders.exclude(client_id=None).order_by().values_list("client_id", flat=True).distinct())
    hidden = named - clients_visible_to(user=user, client_ids=named)
    return reminders.exclude(client_id__in=hidden) if hidden else reminders


def reminder_client_choices(reminders: QuerySet[Reminder]) -> list[tuple[str, str]]:
    """The clients these reminders name, for the filter (one query)."""
    rows = (
        reminders.exclude(client_code__isnull=True)
        .exclude(client_label="")
        .order_by("client_label")
        .values_list("client_code", "client_label")
        .distinct()
    )
    return [(str(code), label) for code, label in rows]


@dataclass(frozen=True)
class WeekPanel:
    """The home page's "Due this week": what is late, what falls due in the next seven days."""

    late: int
    this_week: int
    first: list[Reminder] = field(default_factory=list)


def due_this_week(*, user: User, today: date, show: int = 5) -> WeekPanel:
    """Two queries after the scope: the counts, then the first few items."""
    reminders = without_hidden_clients(
        open_reminders_for(user=user).filter(due_on__lte=today + timedelta(days=7)), user=user
    )
    counts = reminders.aggregate(
        late=Count("id", filter=Q(status__in=LATE_STATUSES)),
        this_week=Count("id", filter=~Q(status__in=LATE_STATUSES)),
    )
    return WeekPanel(late=counts["late"], this_week=counts["this_week"], first=list(reminders[:show]))


def team_late_reminders(*, user: User, team: Team | None = None) -> QuerySet[Reminder]:
    """Overdue and escalated items in the teams the person leads: one row per item (the row of
    whoever it is due to), with who that is."""
    led = scope_for(user).led_team_ids
    if team is not None:
        led = led & {team.pk}
    return (
        Reminder.objects.filter(team_id__in=led, kind=ReminderKind.DUE, status__in=LATE_STATUSES)
        .select_related("team", "recipient")
        .order_by("due_on", "client_label", "id")
    )


def led_teams(*, user: User) -> QuerySet[Team]:
    return Team.objects.filter(id__in=scope_for(user).led_team_ids).order_by("name")


def managed_services(*, user: User) -> QuerySet[Service]:
    return Service.objects.filter(id__in=scope_for(user).managed_service_ids, is_active=True).order_by("name")


def recent_runs(*, user: User, limit: int = 20) -> list[ReminderRun]:
    return list(
        ReminderRun.objects.filter(service_id__in=scope_for(user).managed_service_ids)
        .select_related("service", "requested_by")
        .order_by("-started_at", "-id")[:limit]
    )


def digest_counts(*, user: User, digest_on: date) -> dict[int, dict[str, int]]:
    """Per managed service, how many of the day's e-mails are sent, waiting or failed (one query)."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        DigestSend.objects.filter(run__service_id__in=scope_for(user).managed_service_ids, digest_on=digest_on)
        .values_list("run__service_id", "status")
        .annotate(count=Count("id"))
        .order_by()
    )
    for service_id, status, count in rows:
        counts.setdefault(service_id, {})[status] = count
    return counts


def escalated_flags(*, client_ids) -> dict[int, list[CaseloadFlag]]:
    """Caseload flag: something about this client is escalated to the team leader (one query)."""
    rows = (
        Reminder.objects.filter(client_id__in=list(client_ids), kind=ReminderKind.DUE, status=ReminderStatus.ESCALATED)
        .values("client_id")
        .annotate(count=Count("id"))
    )
    return {
        row["client_id"]: [
            CaseloadFlag(
                "reminder_escalated",
                f"{row['count']} overdue item{'s' if row['count'] != 1 else ''} escalated",
                severity="danger",
                hint="Open My reminders to see what is overdue",
            )
        ]
        for row in rows
    }


# --- the digest --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestGroup:
    label: str
    reminders: list[Reminder]


@dataclass(frozen=True)
class Digest:
    user: User
    digest_on: date
    groups: list[DigestGroup]
    late: int
    upcoming: int
    only_late: bool

    @property
    def count(self) -> int:
        return self.late + self.upcoming


def digest_for(*, user: User, digest_on: date) -> Digest:
    """What goes in the person's e-mail today, grouped by client.

    Six queries whatever the number of items: the scope (two), the clients named and the access
    check on them, the preference, the reminders.
    Overdue and escalated items always go; the rest only on the person's digest day.
    """
    reminders = open_reminders_for(user=user) if user.is_active else Reminder.objects.none()
    reminders = without_hidden_clients(reminders, user=user)
    preference = ReminderPreference.objects.filter(user=user).first()
    frequency = preference.frequency if preference else DigestFrequency.DAILY
    only_late = frequency == DigestFrequency.OFF or (
        frequency == DigestFrequency.WEEKLY and preference.weekday != digest_on.weekday()
    )
    if only_late:
        reminders = reminders.filter(status__in=LATE_STATUSES)
    rows = list(reminders)
    groups: dict[str, list[Reminder]] = {}
    for reminder in rows:
        groups.setdefault(reminder.client_label or UNNAMED_GROUP, []).append(reminder)
    ordered = sorted(groups.items(), key=lambda entry: (entry[0] == UNNAMED_GROUP, entry[0].casefold()))
    late = sum(1 for reminder in rows if reminder.status in LATE_STATUSES)
    return Digest(
        user=user,
        digest_on=digest_on,
        groups=[DigestGroup(label, items) for label, items in ordered],
        late=late,
        upcoming=len(rows) - late,
        only_late=only_late,
    )
