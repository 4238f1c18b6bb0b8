"""What outcomes feeds into the core registries: reminders, caseload flags, next due dates,
timeline entries and the commissioner report's section and data-quality check.

Flag and due-date sources take a list of client ids and run one query each (``schedule_rows``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import DateField, Exists, F, JSONField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
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
                    client_id=client.pk,
                    client_label=client.display_name,
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


def outcome_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Outcome readings and Recovery Star readings kept elsewhere, newest first.

    One query (a UNION ALL of the two tables): every timeline source costs each client page a
    query, and the page's budget is 20 in all.
    """
    readings = Reading.objects.filter(client=client, entered_in_error=False).annotate(
        kind=Value("reading"), actor=F("recorded_by__full_name"), kept_at=Value("")
    )
    stars = StarReadingElsewhere.objects.filter(client=client).annotate(
        kind=Value("star"),
        actor=F("worker__full_name"),
        kept_at=F("where_held"),
        measure=Value(""),
        measure_v=Value(0),
        state=Value(""),
        figures=Value(None, output_field=JSONField()),
    )
    if before is not None:
        readings = readings.filter(taken_on__lte=timezone.localdate(before))
        stars = stars.filter(taken_on__lte=timezone.localdate(before))
    columns = ("kind", "code", "taken_on", "recorded_at", "actor", "kept_at")
    rows = (
        readings.values_list(*columns, "measure_key", "measure_version", "status", "scores")
        .union(stars.values_list(*columns, "measure", "measure_v", "state", "figures"), all=True)
        .order_by("-taken_on", "-recorded_at")[:limit]
    )
    entries = []
    for kind, code, taken_on, recorded_at, actor, kept_at, measure_key, version, status, scores in rows:
        if kind == "star":
            entries.append(
                TimelineEntry(
                    occurred_at=_when(taken_on, recorded_at),
                    source="outcomes",
                    entry_id=f"star-{code}",
                    title="Recovery Star reading (kept elsewhere)",
                    summary=f"Kept at: {kept_at}",
                    actor=actor,
                    url=_outcomes_url(client.code),
                    icon="outcomes",
                )
            )
            continue
        measure = measures.get(measure_key, version)
        if status == Status.COMPLETE:
            summary = f"{measure.score_label}: {scores['primary']}"
            if scores.get("band"):
                summary += f" ({scores['band']})"
        else:
            summary = "Incomplete: not scored"
        entries.append(
            TimelineEntry(
                occurred_at=_when(taken_on, recorded_at),
                source="outcomes",
                entry_id=f"reading-{code}",
                title=f"{measure.short_name} reading",
                summary=summary,
                actor=actor,
                url=reverse("outcomes:reading_detail", args=[client.code, code]),
                icon="outcomes",
            )
        )
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
    """Open clients whose first scored reading of a measure in their episode of support was taken in
    the period and who have no scored reading of it on a later day yet: they cannot count in the
    paired analysis, whose rules these follow (``service_selectors.pairs``): the baseline is the
    first reading since the latest episode accepted on or before it, and a second reading on the
    same day is not a pair. Each client and measure is counted once. Two queries."""
    scored = Reading.objects.filter(status=Status.COMPLETE, entered_in_error=False)
    episode_began = (
        Episode.objects.filter(client=OuterRef("client"), accepted_on__lte=OuterRef("taken_on"))
        .order_by("-accepted_on", "-id")
        .values("accepted_on")[:1]
    )
    later = scored.filter(
        client=OuterRef("client"), measure_key=OuterRef("measure_key"), taken_on__gt=OuterRef("taken_on")
    )
    earlier = scored.filter(client=OuterRef("client"), measure_key=OuterRef("measure_key")).filter(
        Q(taken_on__lt=OuterRef("taken_on")) | Q(taken_on=OuterRef("taken_on"), id__lt=OuterRef("id")),
        taken_on__gte=OuterRef("episode_began"),
    )
    baselines = (
        scored.filter(
            client__team__service_id__in=list(service_ids),
            client__is_open=True,
            taken_on__gte=start,
            taken_on__lte=end,
        )
        .annotate(episode_began=Coalesce(Subquery(episode_began, output_field=DateField()), Value(date.min)))
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
