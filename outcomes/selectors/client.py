"""Reads behind a client's Outcomes tab, a reading's page and the outcomes PDF.

Four queries whatever the number of readings: the service's settings, the readings, the Recovery
Star notes, and the schedule row. Change is worked out here from the scored readings in date
order: from the first (baseline) and from the one before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from clients.models import Client
from outcomes import charts, measures, scoring
from outcomes.measures import Kind, Measure
from outcomes.models import OutcomeSettings, Reading, StarReadingElsewhere
from outcomes.selectors.schedule import Due, due_for, schedule_rows
from outcomes.services import offered_measures, outcome_settings_for


@dataclass
class ReadingRow:
    reading: Reading
    from_baseline: scoring.Change | None = None
    from_previous: scoring.Change | None = None
    is_baseline: bool = False


@dataclass
class MeasureHistory:
    measure: Measure
    rows: list[ReadingRow] = field(default_factory=list)  # newest first
    chart: charts.Chart | None = None
    radar: charts.Chart | None = None
    due: Due | None = None
    cutoff: Decimal | None = None
    copyright: str = ""

    @property
    def latest(self) -> ReadingRow | None:
        return next((row for row in self.rows if row.reading.is_scored), None)

    @property
    def clinical_label(self) -> str:
        if self.cutoff is None or self.measure.clinical_side is None:
            return ""
        return charts.clinical_label(self.measure, self.cutoff)

    @property
    def scored_count(self) -> int:
        return sum(1 for row in self.rows if row.reading.is_scored)


@dataclass
class Overview:
    settings: OutcomeSettings
    offered: list[Measure]
    histories: list[MeasureHistory]
    stars: list[StarReadingElsewhere]
    due: list[Due]

    @property
    def has_readings(self) -> bool:
        return any(history.rows for history in self.histories)


def cutoff_for(settings: OutcomeSettings, measure: Measure) -> Decimal | None:
    if measure.key == "reqol10":
        return Decimal(settings.reqol_cutoff)
    return measure.clinical_cutoff


def _change(measure: Measure, before: Reading, after: Reading, cutoff: Decimal | None) -> scoring.Change:
    """Change between two scored readings (goals are classed goal by goal, from their ratings)."""
    return scoring.change(
        measure,
        before.primary_score,
        after.primary_score,
        cutoff=cutoff,
        before_goals=before.scores.get("values", {}),
        after_goals=after.scores.get("values", {}),
    )


def _with_change(measure: Measure, readings: list[Reading], cutoff: Decimal | None) -> list[ReadingRow]:
    """Rows oldest first, each scored one compared with the baseline and the previous scored one."""
    rows = []
    baseline = previous = None
    for reading in readings:
        row = ReadingRow(reading)
        if reading.is_scored:
            if baseline is None:
                baseline = reading
                row.is_baseline = True
            else:
                row.from_baseline = _change(measure, baseline, reading, cutoff)
                row.from_previous = _change(measure, previous, reading, cutoff)
            previous = reading
        rows.append(row)
    return rows


def _life_areas_radar(rows: list[ReadingRow]) -> charts.Chart | None:
    scored = [row.reading for row in rows if row.reading.is_scored]
    if not scored:
        return None
    first, latest = scored[0], scored[-1]
    # Areas as they were in the first reading; an area added later has no first value to compare.
    areas = [area for area in first.labels.get("areas", []) if area["key"] in latest.answers]
    scale_max = int(first.labels.get("scale", [1, 10])[1])
    return charts.radar_chart(
        areas=[area["label"] for area in areas],
        first=[first.answers[area["key"]] for area in areas],
        latest=[latest.answers[area["key"]] for area in areas] if latest is not first else None,
        scale_max=scale_max,
        first_label=f"First, {first.taken_on.day} {first.taken_on:%b %Y}",
        latest_label=f"Latest, {latest.taken_on.day} {latest.taken_on:%b %Y}",
    )


def client_outcomes(*, client: Client, with_charts: bool = True) -> Overview:
    settings = outcome_settings_for(service=client.team.service)
    offered = offered_measures(settings)
    readings = list(
        Reading.objects.filter(client=client).select_related("recorded_by").order_by("taken_on", "recorded_at", "id")
    )
    today = timezone.localdate()
    schedule = schedule_rows(Client.objects.filter(pk=client.pk), today=today)
    due = sorted(due_for(schedule[0][1], today=today), key=lambda entry: entry.due_on) if schedule else []
    due_by_key = {entry.measure_key: entry for entry in due}
    by_key: dict[str, list[Reading]] = {}
    for reading in readings:
        if not reading.entered_in_error:
            by_key.setdefault(reading.measure_key, []).append(reading)
    keys = [key for key in measures.CURRENT if key in by_key]
    histories = []
    for key in keys:
        measure = measures.get(key)
        cutoff = cutoff_for(settings, measure)
        rows = _with_change(measure, by_key[key], cutoff)
        history = MeasureHistory(
            measure=measure,
            rows=list(reversed(rows)),
            due=due_by_key.get(key),
            cutoff=cutoff,
            copyright=settings.reqol_copyright if key == "reqol10" and settings.reqol_copyright else measure.copyright,
        )
        if with_charts:
            points = [(row.reading.taken_on, row.reading.primary_score) for row in rows if row.reading.is_scored]
            if points:
                history.chart = charts.line_chart(measure=measure, points=points, cutoff=cutoff)
            if measure.kind == Kind.LIFE_AREAS:
                history.radar = _life_areas_radar(rows)
        histories.append(history)
    stars = list(
        StarReadingElsewhere.objects.filter(client=client).select_related("worker").order_by("-taken_on", "-id")
    )
    return Overview(settings=settings, offered=offered, histories=histories, stars=stars, due=due)


def client_reading(*, client: Client, code) -> Reading:
    try:
        return Reading.objects.select_related("recorded_by").get(client=client, code=code)
    except (Reading.DoesNotExist, ValueError):
        raise Http404 from None


def reading_change(*, reading: Reading) -> ReadingRow:
    """One reading with its change from baseline and previous (one query for the earlier readings)."""
    settings = outcome_settings_for(service=reading.client.team.service)
    measure = reading.measure
    earlier = list(
        Reading.objects.filter(
            client_id=reading.client_id, measure_key=reading.measure_key, entered_in_error=False, status="complete"
        )
        .filter(taken_on__lte=reading.taken_on)
        .exclude(pk=reading.pk)
        .order_by("taken_on", "recorded_at", "id")
    )
    earlier = [row for row in earlier if (row.taken_on, row.recorded_at, row.id) < _position(reading)]
    rows = _with_change(measure, [*earlier, reading], cutoff_for(settings, measure))
    return rows[-1]


def _position(reading: Reading):
    return (reading.taken_on, reading.recorded_at, reading.id)
