"""The sweep: ask every registered source what is due, upsert one ``Reminder`` per recipient,
close what the sources stopped reporting, and queue the day's digests.

Why it is safe to run twice, or twice at once:

- every write is an upsert on the unique (recipient, source, item, due date, kind) key, so a
  re-run after a killed worker gives the same rows;
- the work runs inside one transaction holding a PostgreSQL advisory lock for the service, so a
  second sweep of the same service at the same moment is recorded as skipped and writes nothing;
- digests are ``DigestSend`` rows unique on (recipient, day), sent by their own idempotent task.

The cost is a fixed number of queries per source and recipient, plus one upsert statement per
5,000 reminders: linear in due items, never a query per item.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from recovery.accounts.access import scope_for
from recovery.accounts.models import Membership, Role, Service, Team, User
from recovery.core.registries import DueItem, clients_visible_to, due_items
from recovery.reminders.models import (
    LATE_STATUSES,
    OPEN_STATUSES,
    DigestFrequency,
    DigestSend,
    DigestStatus,
    Reminder,
    ReminderKind,
    ReminderPreference,
    ReminderRun,
    ReminderSettings,
    ReminderStatus,
    RunStatus,
)
from recovery.reminders.services.settings import reminder_settings_for

logger = logging.getLogger(__name__)

# pg_try_advisory_xact_lock(namespace, service id): the namespace keeps our locks apart from others'.
SWEEP_LOCK_NAMESPACE = 7207
UPSERT_BATCH = 5000
# One row per reminder, in this column order, for the upsert below.
ROW_COLUMNS = (
    ("recipient_id", "bigint"),
    ("source", "text"),
    ("item_key", "text"),
    ("due_on", "date"),
    ("kind", "text"),
    ("status", "text"),
    ("title", "text"),
    ("url", "text"),
    ("team_id", "bigint"),
    ("client_id", "bigint"),
    ("client_code", "uuid"),
    ("client_label", "text"),
    ("responsible_id", "bigint"),
)
UNIQUE_COLUMNS = ("recipient_id", "source", "item_key", "due_on", "kind")
REFRESHED_COLUMNS = (
    "status",
    "title",
    "url",
    "team_id",
    "client_id",
    "client_code",
    "client_label",
    "responsible_id",
)
# INSERT ... SELECT FROM unnest(arrays) ON CONFLICT: one statement per 5,000 rows, with 13 array
# parameters whatever the batch size (bulk_create spends longer building its SQL than PostgreSQL
# spends running it). A row seen again keeps its code, first run and first-seen time.
_UPSERT_TEMPLATE = """
    INSERT INTO {table} (code, {columns}, first_run_id, last_run_id, first_seen_at, last_seen_at, closed_at)
    SELECT gen_random_uuid(), {columns}, %(run)s, %(run)s, %(now)s, %(now)s, NULL
    FROM unnest({arrays}) AS incoming({columns})
    ON CONFLICT ({unique}) DO UPDATE SET {refreshed},
        last_run_id = EXCLUDED.last_run_id, last_seen_at = EXCLUDED.last_seen_at, closed_at = NULL
"""
# Built from the constant column names above only; every value is a query parameter.
UPSERT_SQL = _UPSERT_TEMPLATE.format(
    table=Reminder._meta.db_table,
    columns=", ".join(name for name, _ in ROW_COLUMNS),
    arrays=", ".join(f"%({name})s::{kind}[]" for name, kind in ROW_COLUMNS),
    unique=", ".join(UNIQUE_COLUMNS),
    refreshed=", ".join(f"{name} = EXCLUDED.{name}" for name in REFRESHED_COLUMNS),
)


def _try_sweep_lock(service_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [SWEEP_LOCK_NAMESPACE, service_id])
        return bool(cursor.fetchone()[0])


def due_status(*, due_on: date, today: date, escalate_after_days: int) -> str:
    """Where an item stands today: due soon, due today, overdue, or overdue long enough to escalate."""
    if due_on > today:
        return ReminderStatus.DUE_SOON
    if due_on == today:
        return ReminderStatus.DUE_TODAY
    if (today - due_on).days >= escalate_after_days:
        return ReminderStatus.ESCALATED
    return ReminderStatus.OVERDUE


def _leaders_by_team(team_ids: Iterable[int], service_id: int) -> dict[int, list[int]]:
    """Active team leaders of each team; a team without one falls back to the service managers."""
    rows = Membership.objects.filter(
        Q(role=Role.TEAM_LEADER, team_id__in=team_ids) | Q(role=Role.SERVICE_MANAGER, service_id=service_id),
        user__is_active=True,
    ).values_list("role", "team_id", "user_id")
    leaders: dict[int, list[int]] = defaultdict(list)
    managers: list[int] = []
    for role, team_id, user_id in rows.order_by("user_id"):
        if role == Role.TEAM_LEADER:
            leaders[team_id].append(user_id)
        else:
            managers.append(user_id)
    return {team_id: leaders.get(team_id) or managers for team_id in team_ids}


def _visible_by_user(user_ids: Iterable[int], items: list[DueItem]) -> dict[int, tuple[frozenset[int], set[int]]]:
    """For each possible recipient: the teams they can see (the one access module, two queries)
    and which of those teams' clients named by the items they may see (restricted records: one
    query through the registered client access checks)."""
    visible = {}
    for user in User.objects.filter(pk__in=set(user_ids), is_active=True):
        team_ids = scope_for(user).visible_team_ids
        client_ids = {item.client_id for item in items if item.client_id is not None and item.team_id in team_ids}
        visible[user.pk] = (team_ids, clients_visible_to(user=user, client_ids=client_ids))
    return visible


def _can_see(visible: dict[int, tuple[frozenset[int], set[int]]], user_id: int | None, item: DueItem) -> bool:
    if user_id not in visible:
        return False
    team_ids, client_ids = visible[user_id]
    return item.team_id in team_ids and (item.client_id is None or item.client_id in client_ids)


def _collect(service: Service, today: date, until: date) -> tuple[list[DueItem], dict[str, str], set[int]]:
    team_ids = set(Team.objects.filter(service=service).values_list("id", flat=True))
    items: list[DueItem] = []
    errors: dict[str, str] = {}
    for source_key, item in due_items(today=today, until=until):
        if isinstance(item, Exception):
            logger.error("Reminder source %s failed", source_key, exc_info=item)
            errors[source_key] = f"{type(item).__name__}: {item}"[:500]
        elif item.team_id in team_ids:
            items.append(item)
    return items, errors, team_ids


def _rows(items: list[DueItem], *, service_id: int, team_ids: set[int], escalate_after_days: int, today: date):
    """One tuple (in ``ROW_COLUMNS`` order) per reminder, keyed by its unique key so that an item
    reported twice gives one row."""
    leaders = _leaders_by_team(team_ids, service_id)
    candidates = {item.responsible_user_id for item in items if item.responsible_user_id}
    candidates.update(user_id for team_leaders in leaders.values() for user_id in team_leaders)
    visible = _visible_by_user(candidates, items)
    rows: dict[tuple, tuple] = {}
    for item in items:
        status = due_status(due_on=item.due_on, today=today, escalate_after_days=escalate_after_days)
        team_leaders = [user_id for user_id in leaders.get(item.team_id, []) if _can_see(visible, user_id, item)]
        responsible = item.responsible_user_id
        # Nobody responsible, or they may no longer see the client: the team leaders pick it up.
        due_to = [responsible] if _can_see(visible, responsible, item) else team_leaders
        recipients = [(user_id, ReminderKind.DUE) for user_id in due_to]
        if status == ReminderStatus.ESCALATED:
            recipients += [(user_id, ReminderKind.ESCALATION) for user_id in team_leaders if user_id not in due_to]
        item_key = item.item_key[:200]
        for user_id, kind in recipients:
            rows[(user_id, item.source, item_key, item.due_on, kind)] = (
                user_id,
                item.source,
                item_key,
                item.due_on,
                str(kind),
                str(status),
                item.title[:400],
                item.url[:500],
                item.team_id,
                item.client_id,
                str(item.client_code) if item.client_code else None,
                item.client_label[:200],
                responsible,
            )
    return list(rows.values())


def _upsert(rows: list[tuple], *, run: ReminderRun) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            params = {name: [row[index] for row in batch] for index, (name, _) in enumerate(ROW_COLUMNS)}
            cursor.execute(UPSERT_SQL, {**params, "run": run.pk, "now": run.started_at})


def _digest_due(preference: ReminderPreference | None, *, today: date, open_count: int, late_count: int) -> bool:
    """Overdue and escalated items always go out; the rest follow the person's preference."""
    if late_count:
        return True
    if not open_count:
        return False
    frequency = preference.frequency if preference else DigestFrequency.DAILY
    if frequency == DigestFrequency.DAILY:
        return True
    return frequency == DigestFrequency.WEEKLY and preference.weekday == today.weekday()


def _queue_digests(*, run: ReminderRun, team_ids: set[int], today: date) -> list[int]:
    counts = (
        Reminder.objects.filter(team_id__in=team_ids, status__in=OPEN_STATUSES, recipient__is_active=True)
        .values("recipient_id")
        .annotate(open=Count("id"), late=Count("id", filter=Q(status__in=LATE_STATUSES)))
    )
    counts = {row["recipient_id"]: row for row in counts}
    preferences = ReminderPreference.objects.in_bulk(list(counts), field_name="user_id")
    wanted = [
        user_id
        for user_id, row in counts.items()
        if _digest_due(preferences.get(user_id), today=today, open_count=row["open"], late_count=row["late"])
    ]
    DigestSend.objects.bulk_create(
        [DigestSend(recipient_id=user_id, digest_on=today, run=run) for user_id in wanted], ignore_conflicts=True
    )
    # Rows left pending or failed by an earlier, interrupted sweep are queued again: sending is idempotent.
    return list(
        DigestSend.objects.filter(
            recipient_id__in=wanted, digest_on=today, status__in=[DigestStatus.PENDING, DigestStatus.FAILED]
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def reminder_sweep(
    *, service_id: int, today: date | None = None, requested_by: User | None = None, queue_digests: bool = True
) -> tuple[ReminderRun, list[int]]:
    """Sweep one service; returns the run row and the ids of the digests to send now (none with
    ``queue_digests=False``, as when demo data is loaded: nobody is e-mailed about invented clients).

    The run row is written first, outside the sweep's transaction, so the status page shows a
    sweep that is running or was interrupted; the sweep's own writes commit together or not at all.
    """
    service = Service.objects.get(pk=service_id)
    settings = reminder_settings_for(service=service)
    today = today or timezone.localdate()
    run = ReminderRun.objects.create(
        service=service, run_on=today, started_at=timezone.now(), requested_by=requested_by
    )
    with transaction.atomic():
        if not _try_sweep_lock(service.pk):
            run.status = RunStatus.SKIPPED
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "finished_at"])
            return run, []
        ReminderRun.objects.filter(service=service, status=RunStatus.RUNNING, started_at__lte=run.started_at).exclude(
            pk=run.pk
        ).update(status=RunStatus.INTERRUPTED)

        until = date.fromordinal(today.toordinal() + settings.look_ahead_days)
        items, errors, team_ids = _collect(service, today, until)
        rows = _rows(
            items,
            service_id=service.pk,
            team_ids=team_ids,
            escalate_after_days=settings.escalate_after_days,
            today=today,
        )
        _upsert(rows, run=run)
        # Whatever a working source no longer reports has been done (the review was recorded, the
        # step completed) or is no longer this person's: close it. A failed source's rows stay as they were.
        closed = (
            Reminder.objects.filter(team_id__in=team_ids, status__in=OPEN_STATUSES)
            .exclude(last_run=run)
            .exclude(source__in=list(errors))
            .update(status=ReminderStatus.DONE, closed_at=timezone.now())
        )
        digest_ids = _queue_digests(run=run, team_ids=team_ids, today=today) if queue_digests else []

        run.items_seen = len(items)
        run.created = Reminder.objects.filter(first_run=run).count()
        run.closed = closed
        run.errors = errors
        run.status = RunStatus.FINISHED_WITH_ERRORS if errors else RunStatus.FINISHED
        run.finished_at = timezone.now()
        run.save()
    return run, digest_ids


# A sweep that started this recently and is still running is left to finish, not started again.
RUNNING_GRACE_MINUTES = 30


def services_due_for_sweep(*, now=None) -> list[int]:
    """Active services whose sweep time has passed today (UK time) and that have no finished
    sweep today. Settings are created with the defaults for services that have none yet."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    service_ids = list(Service.objects.filter(is_active=True).values_list("id", flat=True))
    ReminderSettings.objects.bulk_create(
        [ReminderSettings(service_id=service_id) for service_id in service_ids], ignore_conflicts=True
    )
    finished = set(
        ReminderRun.objects.filter(
            run_on=local.date(), status__in=[RunStatus.FINISHED, RunStatus.FINISHED_WITH_ERRORS]
        ).values_list("service_id", flat=True)
    )
    running = set(
        ReminderRun.objects.filter(
            status=RunStatus.RUNNING, started_at__gte=now - timedelta(minutes=RUNNING_GRACE_MINUTES)
        ).values_list("service_id", flat=True)
    )
    return [
        service_id
        for service_id, sweep_time in ReminderSettings.objects.filter(service_id__in=service_ids)
        .order_by("service_id")
        .values_list("service_id", "sweep_time")
        if local.time() >= sweep_time and service_id not in finished | running
    ]
