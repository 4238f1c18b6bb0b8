"""When outcome readings fall due, from each service's schedule (a service setting per measure):

- **baseline**: within ``baseline_days`` of the day support started, if there is no scored
  reading of the measure since then;
- **review**: ``every_months`` after the latest scored reading;
- **exit**: on the day support ended, if ``at_exit`` is set and there is no scored reading within
  ``EXIT_WINDOW_DAYS`` either side of it (offered for clients whose support ended recently).

``schedule_rows`` reads what is needed for many clients in one query; ``due_for`` is pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, DateField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat

from clients.models import Client, Episode
from outcomes import measures
from outcomes.models import Reading, Status, default_disabled, default_schedules

EXIT_WINDOW_DAYS = 28
EXIT_REMINDER_DAYS = 28  # how long after support ended an exit reading is still asked for


@dataclass(frozen=True)
class Due:
    measure_key: str
    due_on: date
    kind: str  # "baseline", "review" or "exit"

    @property
    def label(self) -> str:
        name = measures.get(self.measure_key).short_name
        return {"baseline": f"{name} first reading", "review": f"{name} reading", "exit": f"{name} exit reading"}[
            self.kind
        ]


@dataclass(frozen=True)
class ScheduleRow:
    client_id: int
    started_on: date | None
    ended_on: date | None
    schedules: Mapping[str, Mapping]
    disabled: Iterable[str]
    scored: Mapping[str, list[date]]  # measure key -> days of scored readings since support started


def due_for(row: ScheduleRow, *, today: date) -> list[Due]:
    """Everything due for one client, one entry per scheduled measure at most."""
    if row.started_on is None:
        return []
    due = []
    for key, schedule in row.schedules.items():
        if key not in measures.CURRENT or key in row.disabled:
            continue
        days = sorted(row.scored.get(key, []))
        if row.ended_on is not None:
            if not schedule.get("at_exit") or today - row.ended_on > timedelta(days=EXIT_REMINDER_DAYS):
                continue
            window = timedelta(days=EXIT_WINDOW_DAYS)
            if not any(abs(day - row.ended_on) <= window for day in days):
                due.append(Due(key, row.ended_on, "exit"))
            continue
        if not days:
            if schedule.get("baseline_days") is not None:
                due.append(Due(key, row.started_on + timedelta(days=schedule["baseline_days"]), "baseline"))
            continue
        if schedule.get("every_months"):
            due.append(Due(key, days[-1] + relativedelta(months=schedule["every_months"]), "review"))
    return due


def schedule_rows(clients, *, today: date) -> list[tuple[Client, ScheduleRow]]:
    """For each client in the queryset: its support dates, its service's schedule and the days of its
    scored readings since support started. One query, whatever the number of clients."""
    episode = Episode.objects.filter(client=OuterRef("pk"), started_on__isnull=False).order_by(
        F("ended_on").desc(nulls_first=True), "-started_on"
    )
    scored = Reading.objects.filter(
        client=OuterRef("pk"),
        status=Status.COMPLETE,
        entered_in_error=False,
        taken_on__gte=OuterRef("outcomes_started_on"),
    ).values(tag=Concat("measure_key", Value(":"), Cast("taken_on", CharField()), output_field=CharField()))
    rows = (
        clients.annotate(
            outcomes_started_on=Subquery(episode.values("started_on")[:1], output_field=DateField()),
            outcomes_ended_on=Subquery(episode.values("ended_on")[:1], output_field=DateField()),
            outcomes_schedules=F("team__service__outcome_settings__schedules"),
            outcomes_disabled=F("team__service__outcome_settings__disabled_measures"),
            outcomes_scored=ArraySubquery(scored),
        )
        .filter(outcomes_started_on__isnull=False)
        .filter(
            Q(outcomes_ended_on__isnull=True)
            | Q(is_open=False, outcomes_ended_on__gte=today - timedelta(days=EXIT_REMINDER_DAYS))
        )
    )
    result = []
    for client in rows:
        days: dict[str, list[date]] = {}
        for tag in client.outcomes_scored or []:
            key, _, day = tag.partition(":")
            days.setdefault(key, []).append(date.fromisoformat(day))
        result.append(
            (
                client,
                ScheduleRow(
                    client_id=client.pk,
                    started_on=client.outcomes_started_on,
                    ended_on=client.outcomes_ended_on,
                    schedules=client.outcomes_schedules
                    if client.outcomes_schedules is not None
                    else default_schedules(),
                    disabled=client.outcomes_disabled if client.outcomes_disabled is not None else default_disabled(),
                    scored=days,
                ),
            )
        )
    return result
