"""Demo outcome readings for ``manage.py seed_demo``: believable trajectories, not noise.

Each client who has had support gets readings from a few weeks after support started, then every
few months until support ended (or today). Each person has a starting point and a direction of
travel: most improve steadily, some stay about the same, a few get worse for a while; answers
wobble a little around that path, item by item. Supported-housing services use SWEMWBS, DIALOG and
their own life-areas profile; community services SWEMWBS, PHQ-9, GAD-7 and CORE-10.

"large" tops the readings up to 50,000 by taking readings more often; everything is written with
``bulk_create``. Idempotent: a client who has any reading already is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from clients.models import Client, Episode
from outcomes import measures, scoring
from outcomes.measures import Kind, Measure
from outcomes.models import CompletedBy, Occasion, Reading, StarReadingElsewhere, Status
from outcomes.services import life_areas_snapshot, outcome_settings_for

LARGE_TARGET = 50_000
BATCH_SIZE = 5000
DEMO_AREAS = [
    "Feeling well in myself",
    "Looking after my body",
    "Everyday tasks at home",
    "People around me",
    "Things I do in the day",
    "Money and bills",
    "Somewhere I feel settled",
    "Feeling hopeful",
]
DEMO_STAGES = [
    {"from": 1, "label": "Not ready yet"},
    {"from": 3, "label": "Thinking about it"},
    {"from": 5, "label": "Making a start"},
    {"from": 7, "label": "Getting there"},
    {"from": 9, "label": "Doing it my way"},
]
HOUSING_MEASURES = ("swemwbs", "dialog", "life_areas")
COMMUNITY_MEASURES = ("swemwbs", "phq9", "gad7", "core10")
DEFAULT_INTERVAL_DAYS = 91


@dataclass
class Subject:
    client: Client
    started_on: date
    ended_on: date | None
    staff_id: int
    measure_keys: tuple[str, ...]


def _subjects(context) -> list[Subject]:
    clients = list(
        Client.objects.filter(team__in=context.teams)
        .exclude(Exists(Reading.objects.filter(client=OuterRef("pk"))))
        .select_related("team__service")
        .order_by("team_id", "id")
    )
    episodes = {
        episode.client_id: episode
        for episode in Episode.objects.filter(client__in=clients, started_on__isnull=False).order_by("accepted_on")
    }
    subjects = []
    for client in clients:
        episode = episodes.get(client.pk)
        staff_id = client.lead_worker_id or getattr(context.leaders_by_team.get(client.team_id), "pk", None)
        if episode is None or staff_id is None:
            continue
        kind = client.team.service.kind
        keys = HOUSING_MEASURES if kind in ("supported_housing", "crisis_house") else COMMUNITY_MEASURES
        subjects.append(Subject(client, episode.started_on, episode.ended_on, staff_id, keys))
    return subjects


def _dates(subject: Subject, interval: int, today: date) -> list[date]:
    day = subject.started_on + timedelta(days=14)
    last = min(subject.ended_on or today, today)
    days = []
    while day <= last:
        days.append(day)
        day += timedelta(days=interval)
    if subject.ended_on and days and (subject.ended_on - days[-1]).days > 21 and subject.ended_on <= today:
        days.append(subject.ended_on)  # an exit reading
    return days


def _interval_for(subjects: list[Subject], target: int | None, today: date) -> int:
    """Days between readings: every 3 months for "small"; for "large", one day shorter than the
    shortest interval whose readings fit in ``target`` (found by bisection), so there are a few too
    many and the last (closed) records are cut to make exactly ``target``."""
    if target is None:
        return DEFAULT_INTERVAL_DAYS

    def total(interval: int) -> int:
        return sum(len(_dates(subject, interval, today)) * len(subject.measure_keys) for subject in subjects)

    low, high = 7, 3650
    while low < high:
        middle = (low + high) // 2
        if total(middle) <= target:
            high = middle
        else:
            low = middle + 1
    return max(7, low - 1)


class Trajectory:
    """A person's wellbeing, 0 (lowest) to 1 (highest), along their time with the service: most
    improve steadily, some stay about the same, a few have a hard few months before things pick up."""

    def __init__(self, rng: random.Random, started_on: date):
        self.rng = rng
        self.started_on = started_on
        self.start = rng.uniform(0.18, 0.45)
        self.dip_years = 0.0
        path = rng.random()
        if path < 0.68:
            self.per_year = rng.uniform(0.18, 0.42)  # steady improvement
        elif path < 0.9:
            self.per_year = rng.uniform(-0.04, 0.08)  # about the same
        else:
            self.per_year = rng.uniform(0.12, 0.28)  # improvement after a hard time
            self.dip_years = rng.uniform(0.3, 0.8)
        self.ceiling = rng.uniform(0.6, 0.9)

    def at(self, day: date) -> float:
        years = (day - self.started_on).days / 365
        if years < self.dip_years:
            level = self.start - 0.25 * years
        else:
            level = self.start - 0.25 * self.dip_years + self.per_year * (years - self.dip_years)
        return max(0.05, min(self.ceiling, level + self.rng.gauss(0, 0.03)))


def _answers(rng: random.Random, measure: Measure, wellbeing: float, areas: list[dict], scale_max: int) -> dict:
    if measure.kind == Kind.LIFE_AREAS:
        return {
            area["key"]: max(1, min(scale_max, round(1 + wellbeing * (scale_max - 1) + rng.gauss(0, 0.8))))
            for area in areas
        }
    low, high = min(o.value for o in measure.options), max(o.value for o in measure.options)
    distress = measure.direction == measures.Direction.LOWER_IS_BETTER
    answers = {}
    for item in measure.scored_items:
        level = 1 - wellbeing if distress != item.reverse else wellbeing
        if item.group == "risk":
            level = max(0.0, level - 0.45)  # thoughts of ending one's life are rarer than low mood
        answers[item.key] = max(low, min(high, round(low + level * (high - low) + rng.gauss(0, 0.35))))
    return answers


def seed_outcomes(context) -> dict[str, int]:
    today = timezone.localdate()
    for service in context.services:
        settings = outcome_settings_for(service=service)
        if service.kind in ("supported_housing", "crisis_house") and not settings.areas:
            settings.areas = [
                {"key": f"area_{number}", "label": label} for number, label in enumerate(DEMO_AREAS, start=1)
            ]
            settings.stages = DEMO_STAGES
            settings.disabled_measures = [key for key in settings.disabled_measures if key != "life_areas"]
            settings.schedules = {
                "swemwbs": {"baseline_days": 28, "every_months": 3, "at_exit": True},
                "life_areas": {"baseline_days": 42, "every_months": 6, "at_exit": True},
            }
            settings.save()
        elif service.kind not in ("supported_housing", "crisis_house") and "phq9" not in settings.schedules:
            settings.schedules = {
                "swemwbs": {"baseline_days": 28, "every_months": 3, "at_exit": True},
                "phq9": {"baseline_days": 28, "every_months": 3, "at_exit": True},
            }
            settings.save()
    snapshots = {service.pk: life_areas_snapshot(outcome_settings_for(service=service)) for service in context.services}

    # Open clients first, so that if the total runs short it is the oldest closed records that go without.
    subjects = sorted(_subjects(context), key=lambda subject: (subject.ended_on is not None, subject.client.pk))
    target = LARGE_TARGET - Reading.objects.count() if context.size == "large" else None
    interval = _interval_for(subjects, target, today)
    rows: list[Reading] = []
    written = 0
    stars = []
    for index, subject in enumerate(subjects):
        if target is not None and written + len(rows) >= target:
            break
        rng = random.Random(subject.client.pk * 7919)
        trajectory = Trajectory(rng, subject.started_on)
        days = _dates(subject, interval, today)
        snapshot = snapshots[subject.client.team.service_id]
        for key in subject.measure_keys:
            measure = measures.get(key)
            if measure.kind == Kind.LIFE_AREAS and not snapshot["areas"]:
                continue
            for number, day in enumerate(days):
                answers = _answers(rng, measure, trajectory.at(day), snapshot["areas"], snapshot["scale"][1])
                if rng.random() < 0.02 and len(answers) > 1:
                    answers.pop(rng.choice(sorted(answers)))  # a question left unanswered
                labels = snapshot if measure.kind == Kind.LIFE_AREAS else {}
                result = scoring.score(
                    measure,
                    answers,
                    area_keys=[area["key"] for area in snapshot["areas"]],
                    scale=tuple(snapshot["scale"]),
                )
                occasion = Occasion.BASELINE if number == 0 else Occasion.REVIEW
                if subject.ended_on and day == subject.ended_on:
                    occasion = Occasion.EXIT
                rows.append(
                    Reading(
                        client_id=subject.client.pk,
                        measure_key=measure.key,
                        measure_version=measure.version,
                        taken_on=day,
                        occasion=occasion,
                        completed_by=rng.choice(list(CompletedBy.values)),
                        answers=answers,
                        labels=labels,
                        status=Status.COMPLETE if result.complete else Status.INCOMPLETE,
                        score=result.primary,
                        scores=result.as_json(),
                        needs_risk_review=result.needs_risk_review,
                        recorded_by_id=subject.staff_id,
                    )
                )
        if index % 9 == 0 and days:
            stars.append(
                StarReadingElsewhere(
                    client_id=subject.client.pk,
                    taken_on=days[0],
                    worker_id=subject.staff_id,
                    where_held="Recovery Star Online, the service's licensed account",
                    recorded_by_id=subject.staff_id,
                )
            )
        if len(rows) >= BATCH_SIZE:
            written += _flush(rows, target - written if target is not None else None)
            rows = []
    if rows:
        written += _flush(rows, target - written if target is not None else None)
    StarReadingElsewhere.objects.bulk_create(stars, batch_size=BATCH_SIZE)
    with connection.cursor() as cursor:
        # Fresh statistics after a bulk load, so the planner knows how many readings there are.
        cursor.execute(f"ANALYZE {Reading._meta.db_table}")
    return {
        "outcome readings": Reading.objects.count(),
        "star readings noted": StarReadingElsewhere.objects.count(),
    }


def _flush(rows: list[Reading], room: int | None) -> int:
    if room is not None:
        rows = rows[: max(room, 0)]
    Reading.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
