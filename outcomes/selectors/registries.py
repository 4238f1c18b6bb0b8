"""What outcomes feeds into the core registries: reminders, caseload flags, next due dates,
timeline entries and the commissioner report's section and data-quality check.

Flag and due-date sources take a list of client ids and run one query each (``schedule_rows``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Episode
from outcomes import measures
from outcomes.models import Reading, StarReadingElsewhere, Status
from outcomes.selectors import service as service_selectors
from outcomes.selectors.schedule import EXIT_REMINDER_DAYS, due_for, schedule_rows
from recovery.core.registries import (
    CaseloadFlag,
    ClientDueDate,
    DataQualityIssue,
    DataQualityResult,
    DueItem,
    TimelineEntry,
)


def _outcomes_url(code) -> str:
    return reverse("outcomes:client_outcomes", args=[code])


# --- caseload flags and due dates ----------------------------------------------------------------------


def baseline_flags(*, client_ids) -> dict[int, list[CaseloadFlag]]:
    """ "Outcome baseline missing" for open clients whose first scheduled reading is overdue (one query)."""
    today = timezone.localdate()
    flags: dict[int, list[CaseloadFlag]] = {}
    for _client, row in schedule_rows(Client.objects.filter(id__in=client_ids, is_open=True), today=today):
        missing = [due for due in due_for(row, today=today) if due.kind == "baseline" and due.due_on < today]
        if missing:
            names = ", ".join(measures.get(due.measure_key).short_name for due in missing)
            flags[row.client_id] = [
                CaseloadFlag(
                    "outcome_baseline",
                    "Outcome baseline missing",
                    severity="warning",
                    hint=f"Take a first {names} reading with the person.",
                )
            ]
    return flags


def next_outcome_due(*, client_ids) -> dict[int, ClientDueDate]:
    """The next outcome reading due for each client (one query)."""
    today = timezone.localdate()
    result = {}
    for _client, row in schedule_rows(Client.objects.filter(id__in=client_ids), today=today):
        due = sorted(due_for(row, today=today), key=lambda entry: entry.due_on)
        if due:
            result[row.client_id] = ClientDueDate(due[0].due_on, due[0].label)
    return result


# --- reminders ----------------------------------------------------------------------------------------


def reading_due_items(*, today: date, until: date) -> list[DueItem]:
    """Baseline, review and exit readings due on or before ``until``, for every client with support
    (one query). The title names the measure and the person, like other reminders."""
    items = []
    recently_ended = Episode.objects.filter(
        client=OuterRef("pk"), ended_on__gte=today - timedelta(days=EXIT_REMINDER_DAYS)
    )
    clients = Client.objects.filter(Q(is_open=True) | Exists(recently_ended))
    for client, row in schedule_rows(clients, today=today):
        for due in due_for(row, today=today):
            if due.due_on > until:
                continue
            items.append(
                DueItem(
                    source="outcome_reading",
                    item_key=f"{due.kind}-{due.measure_key}-{client.code}-{due.due_on.isoformat()}",
                    title=f"{due.label} for {client.display_name}",
                    due_on=due.due_on,
                    team_id=client.team_id,
                    client_code=client.code,
                    responsible_user_id=client.lead_worker_id,
                    url=_outcomes_url(client.code),
                )
            )
    items.sort(key=lambda item: (item.due_on, item.item_key))
    return items


# --- timeline -----------------------------------------------------------------------------------------


def _when(day: date, recorded_at: datetime) -> datetime:
    """Readings are dated by day; on the timeline they sit at the time they were recorded if that was
    the same day, else at noon of that day."""
    local = timezone.localtime(recorded_at)
    if local.date() == day:
        return recorded_at
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))


def reading_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Outcome readings, newest first (one query)."""
    readings = Reading.objects.filter(client=client, entered_in_error=False).select_related("recorded_by")
    if before is not None:
        readings = readings.filter(taken_on__lte=timezone.localdate(before))
    entries = []
    for reading in readings.order_by("-taken_on", "-id")[:limit]:
        measure = reading.measure
        if reading.status == Status.COMPLETE:
            summary = f"{measure.score_label}: {reading.scores['primary']}"
            if reading.scores.get("band"):
                summary += f" ({reading.scores['band']})"
        else:
            summary = "Incomplete: not scored"
        entries.append(
            TimelineEntry(
                occurred_at=_when(reading.taken_on, reading.recorded_at),
                source="outcomes",
                entry_id=f"reading-{reading.code}",
                title=f"{measure.short_name} reading",
                summary=summary,
                actor=reading.recorded_by.full_name,
                url=reverse("outcomes:reading_detail", args=[client.code, reading.code]),
                icon="outcomes",
            )
        )
    return _cut(entries, before, limit)


def star_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Recovery Star readings kept elsewhere, newest first (one query)."""
    stars = StarReadingElsewhere.objects.filter(client=client).select_related("worker")
    if before is not None:
        stars = stars.filter(taken_on__lte=timezone.localdate(before))
    entries = [
        TimelineEntry(
            occurred_at=_when(star.taken_on, star.recorded_at),
            source="outcomes_star",
            entry_id=f"star-{star.code}",
            title="Recovery Star reading (kept elsewhere)",
            summary=f"Kept at: {star.where_held}",
            actor=star.worker.full_name,
            url=_outcomes_url(client.code),
            icon="outcomes",
        )
        for star in stars.order_by("-taken_on", "-id")[:limit]
    ]
    return _cut(entries, before, limit)


def _cut(entries: list[TimelineEntry], before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Newest first. Rows are cut by day, so a few on the cursor's own day may be later than
    ``before``: the merge drops those and asks again, so they are kept here to count towards
    ``limit`` (dropping them would look like the end of the source)."""
    entries.sort(reverse=True)
    return entries[:limit]


# --- commissioner report ----------------------------------------------------------------------------


def report_compute(*, start: date, end: date, service_ids) -> dict:
    return service_selectors.paired_change(start=start, end=end, service_ids=list(service_ids))


def report_csv_rows(data: dict):
    return service_selectors.csv_rows(data)


def unpaired_readings(*, start: date, end: date, service_ids, limit: int = 20) -> DataQualityResult:
    """Open clients whose first scored reading of a measure was taken in the period and who have no
    later scored reading of it yet: they cannot count in the paired analysis. Two queries."""
    scored = Reading.objects.filter(status=Status.COMPLETE, entered_in_error=False)
    later = scored.filter(
        client=OuterRef("client"), measure_key=OuterRef("measure_key"), taken_on__gt=OuterRef("taken_on")
    )
    earlier = scored.filter(
        client=OuterRef("client"), measure_key=OuterRef("measure_key"), taken_on__lt=OuterRef("taken_on")
    )
    baselines = (
        scored.filter(
            client__team__service_id__in=list(service_ids),
            client__is_open=True,
            taken_on__gte=start,
            taken_on__lte=end,
        )
        .exclude(Exists(earlier))
        .exclude(Exists(later))
    )
    count = baselines.count()
    examples = [
        DataQualityIssue(
            label=(
                f"{reading.client.display_name}: {reading.measure.short_name} first reading on "
                f"{reading.taken_on.day} {reading.taken_on:%b %Y}, no later reading"
            ),
            url=reverse("outcomes:reading_new", args=[reading.client.code, reading.measure_key]),
        )
        for reading in baselines.select_related("client").order_by("taken_on", "id")[:limit]
    ]
    return DataQualityResult(count=count, examples=examples)
