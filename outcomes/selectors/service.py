"""Service-level change: paired baseline → latest readings, per measure and team.

Definition (printed with the figures): a client is *paired* for a measure when their latest
scored reading on or before the end of the period falls inside the period and was taken on a
later day than their first scored reading of that measure in the same episode of support (their
baseline): two readings on one day are not a pair. The episode is the one the latest reading belongs to: the latest accepted on
or before that day (a client re-referred after support ended starts again from a new baseline;
one with no episode recorded is paired from their first reading ever). Readings
marked as entered in error and incomplete readings are left out. Change is latest minus
baseline in the measure's own units; each pair is classed by the measure's reliable-change
threshold, and "moved out of the clinical range" counts pairs whose baseline was in the
clinical range and whose latest reading is not (as a share of those that started in it).

One query finds the pairs (each person's latest scored reading in the period, the episode it
belongs to, then their first reading of that measure since that episode began, by index
lookups), one reads the services' ReQoL-10 cut-offs and one the team names, whatever the number
of readings.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from clients.models import Client, Episode
from outcomes import measures, scoring
from outcomes.models import OutcomeSettings, Reading, Status
from recovery.accounts.models import Team

DEFINITION = (
    "Clients whose latest scored reading of a measure on or before the end of the period was taken in "
    "the period, paired with their first scored reading of that measure in the same episode of support "
    "(baseline) when that was taken on an earlier day: a client referred again after support ended starts "
    "from a new baseline. Change is latest "
    "minus baseline. Reliable improvement or deterioration is a change of at least the measure's "
    "reliable-change threshold. Moved out of the clinical range: of those whose baseline was in the "
    "clinical range, the share whose latest reading is not. Incomplete readings and readings entered in "
    "error are left out. So that no one can be identified, a percentage resting on 1 to 4 people is shown "
    "as \u201c<5\u201d, and a team with fewer than 5 paired clients is not broken down further (its mean "
    "change and percentages are left out)."
)
SUPPRESSION_THRESHOLD = 5
SUPPRESSED = "<{threshold}"


@dataclass(frozen=True)
class Pair:
    client_id: int
    team_id: int
    service_id: int
    measure_key: str
    baseline: Decimal
    latest: Decimal
    baseline_on: date
    latest_on: date
    baseline_values: dict  # goal ratings (Goal-Based Outcomes only), to class goals one by one
    latest_values: dict


_PAIRS_SQL = """
WITH latest AS (
    SELECT DISTINCT ON (r.client_id, r.measure_key) r.id, r.client_id, r.measure_key, r.score, r.taken_on,
        CASE WHEN r.measure_key = %(goals)s THEN r.scores -> 'values' END AS goal_values
    FROM {reading} r
    WHERE r.status = %(complete)s AND NOT r.entered_in_error
      AND r.taken_on BETWEEN %(start)s AND %(end)s {measure_filter}
    ORDER BY r.client_id, r.measure_key, r.taken_on DESC, r.id DESC
)
SELECT l.client_id, c.team_id, t.service_id, l.measure_key, b.score, l.score, b.taken_on, l.taken_on,
       b.goal_values, l.goal_values
FROM latest l
JOIN {client} c ON c.id = l.client_id
JOIN {team} t ON t.id = c.team_id
LEFT JOIN LATERAL (
    SELECT e.accepted_on
    FROM {episode} e
    WHERE e.client_id = l.client_id AND e.accepted_on <= l.taken_on
    ORDER BY e.accepted_on DESC, e.id DESC
    LIMIT 1
) ep ON TRUE
CROSS JOIN LATERAL (
    SELECT first.id, first.score, first.taken_on,
        CASE WHEN first.measure_key = %(goals)s THEN first.scores -> 'values' END AS goal_values
    FROM {reading} first
    WHERE first.client_id = l.client_id AND first.measure_key = l.measure_key
      AND first.status = %(complete)s AND NOT first.entered_in_error
      AND (ep.accepted_on IS NULL OR first.taken_on >= ep.accepted_on)
    ORDER BY first.taken_on, first.id
    LIMIT 1
) b
WHERE t.service_id = ANY(%(service_ids)s) {team_filter} AND b.taken_on < l.taken_on
ORDER BY l.measure_key, c.team_id, l.client_id
"""


def pairs(
    *, start: date, end: date, service_ids: Sequence[int], measure: str | None = None, team_ids=None
) -> list[Pair]:
    """The paired readings (one query): baseline and latest from the same episode of support."""
    params = {
        "complete": Status.COMPLETE,
        "service_ids": list(service_ids),
        "start": start,
        "end": end,
        "measure": measure,
        "team_ids": list(team_ids or []),
        "goals": measures.GBO.key,  # goals are classed one by one, so their ratings are read too
    }
    sql = _PAIRS_SQL.format(
        reading=Reading._meta.db_table,
        client=Client._meta.db_table,
        episode=Episode._meta.db_table,
        team=Team._meta.db_table,
        measure_filter="AND r.measure_key = %(measure)s" if measure else "",
        team_filter="AND c.team_id = ANY(%(team_ids)s)" if team_ids else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Django reads jsonb as text (its JSONField decodes it); the score values are decoded here.
    return [Pair(*row[:-2], *(_values(value) for value in row[-2:])) for row in rows]


def _values(value) -> dict:
    if value is None:
        return {}
    return json.loads(value) if isinstance(value, str) else dict(value)


def _percent(part: int, whole: int, *, threshold: int) -> float | str | None:
    """``part`` as a percentage of ``whole``; "<threshold" when 1 to threshold - 1 people are behind it.

    The whole (the number paired, or who started in the clinical range) is printed beside the
    percentage, so an exact 30% of 10 would give away a count of 3 that is shown as "<5".
    """
    if not whole:
        return None
    if 1 <= part < threshold:
        return SUPPRESSED.format(threshold=threshold)
    return round(100 * part / whole, 1)


@dataclass(frozen=True)
class _Classified:
    """One pair, classed once and counted both for its measure and for its team."""

    team_id: int
    baseline: Decimal
    latest: Decimal
    delta: Decimal
    category: scoring.ChangeCategory
    started_clinical: bool
    moved_out: bool


def _classify(measure: measures.Measure, pair: Pair, cutoffs: dict[int, Decimal]) -> _Classified:
    cutoff = cutoffs.get(pair.service_id) if measure.key == "reqol10" else None
    result = scoring.change(
        measure,
        pair.baseline,
        pair.latest,
        cutoff=cutoff,
        before_goals=pair.baseline_values,
        after_goals=pair.latest_values,
    )
    return _Classified(
        team_id=pair.team_id,
        baseline=pair.baseline,
        latest=pair.latest,
        delta=result.delta,
        category=result.category,
        started_clinical=bool(measure.in_clinical_range(pair.baseline, cutoff=cutoff)),
        moved_out=result.crossing == scoring.Crossing.OUT_OF_CLINICAL,
    )


def _summarise(measure: measures.Measure, rows: Sequence[_Classified], *, threshold: int) -> dict:
    counts = Counter(row.category for row in rows)
    n = len(rows)
    has_cutoff = measure.clinical_cutoff is not None
    has_rule = measure.reliable_change is not None
    started_clinical = sum(1 for row in rows if row.started_clinical)
    moved_out = sum(1 for row in rows if row.moved_out)

    def mean(values) -> float | None:
        return round(float(sum(values) / n), 2) if n else None

    return {
        "n_paired": n,
        "mean_baseline": mean(row.baseline for row in rows),
        "mean_latest": mean(row.latest for row in rows),
        "mean_change": mean(row.delta for row in rows),
        "improved": counts[scoring.ChangeCategory.IMPROVEMENT],
        "no_change": counts[scoring.ChangeCategory.NO_CHANGE],
        "deteriorated": counts[scoring.ChangeCategory.DETERIORATION],
        "not_defined": counts[scoring.ChangeCategory.NOT_DEFINED],
        # A measure without a reliable-change rule (the service's life areas) gives no percentages.
        "pct_improved": _percent(counts[scoring.ChangeCategory.IMPROVEMENT], n, threshold=threshold)
        if has_rule
        else None,
        "pct_no_change": _percent(counts[scoring.ChangeCategory.NO_CHANGE], n, threshold=threshold)
        if has_rule
        else None,
        "pct_deteriorated": _percent(counts[scoring.ChangeCategory.DETERIORATION], n, threshold=threshold)
        if has_rule
        else None,
        "has_cutoff": has_cutoff,
        "started_clinical": started_clinical if has_cutoff else None,
        "moved_out": moved_out if has_cutoff else None,
        "pct_moved_out": _percent(moved_out, started_clinical, threshold=threshold) if has_cutoff else None,
    }


def paired_change(
    *,
    start: date,
    end: date,
    service_ids: Sequence[int],
    measure: str | None = None,
    team_ids: Sequence[int] | None = None,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict:
    """Paired baseline → latest change per measure (and per team within it), JSON-serialisable.

    Small numbers (``threshold``): a percentage whose count is from 1 to threshold - 1 is the text
    "<threshold" instead of a number; a team with fewer paired clients than ``threshold`` gives only
    its ``n_paired`` (with ``too_few``), since its mean change would be one or two people's own.

    ``{"start", "end", "definition", "measures": [{key, short_name, name, score_label, direction,
    reliable_change, n_paired, mean_baseline, mean_latest, mean_change, improved, no_change,
    deteriorated, pct_*, started_clinical, moved_out, pct_moved_out, teams: [{team_id, team, ...}]}]}``
    """
    found = pairs(start=start, end=end, service_ids=service_ids, measure=measure, team_ids=team_ids)
    cutoffs = {
        service_id: Decimal(cutoff)
        for service_id, cutoff in OutcomeSettings.objects.filter(service_id__in=service_ids).values_list(
            "service_id", "reqol_cutoff"
        )
    }
    team_names = dict(Team.objects.filter(id__in={pair.team_id for pair in found}).values_list("id", "name"))
    by_measure: dict[str, list[Pair]] = defaultdict(list)
    for pair in found:
        by_measure[pair.measure_key].append(pair)
    result = []
    for key, measure_pairs in by_measure.items():
        definition = measures.get(key)
        classified = [_classify(definition, pair, cutoffs) for pair in measure_pairs]
        by_team: dict[int, list[_Classified]] = defaultdict(list)
        for row in classified:
            by_team[row.team_id].append(row)
        teams = [
            {
                "team_id": team_id,
                "team": team_names.get(team_id, ""),
                **(
                    {"n_paired": len(rows), "too_few": True}
                    if len(rows) < threshold
                    else {**_summarise(definition, rows, threshold=threshold), "too_few": False}
                ),
            }
            for team_id, rows in sorted(by_team.items(), key=lambda entry: team_names.get(entry[0], ""))
        ]
        result.append(
            {
                "key": key,
                "short_name": definition.short_name,
                "name": definition.name,
                "score_label": definition.score_label,
                "direction": str(definition.direction),
                "reliable_change": None if definition.reliable_change is None else float(definition.reliable_change),
                **_summarise(definition, classified, threshold=threshold),
                "teams": teams,
            }
        )
    order = list(measures.CURRENT)
    result.sort(key=lambda entry: order.index(entry["key"]))
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "definition": DEFINITION,
        "threshold": threshold,
        "suppressed_text": SUPPRESSED.format(threshold=threshold),
        "measures": result,
    }


# --- rows for the CSV export and the commissioner report ---------------------------------------------

_COUNTS = (
    ("improved", "Reliable improvement"),
    ("no_change", "No reliable change"),
    ("deteriorated", "Reliable deterioration"),
)


def csv_rows(data: dict) -> Iterator[tuple[str, str, object]]:
    """``(figure, breakdown, value)``: headline figures exact with an empty breakdown; the counts
    behind each percentage, and the per-team figures, as breakdowns the report suppresses.

    A percentage resting on too few people is already the text "<5" in ``data`` (see
    ``paired_change``); a team with too few paired clients gives only its count, no mean change."""
    for entry in data["measures"]:
        name = entry["short_name"]
        yield (f"{name}: clients with paired readings", "", entry["n_paired"])
        yield (f"{name}: mean change ({entry['score_label'].lower()})", "", entry["mean_change"])
        for field, label in _COUNTS:
            yield (f"{name}: {label.lower()} (%)", "", entry[f"pct_{field}"])
        if entry["has_cutoff"]:
            yield (f"{name}: moved out of the clinical range (%)", "", entry["pct_moved_out"])
        for field, label in _COUNTS:
            yield (f"{name}: clients", label, entry[field])
        if entry["has_cutoff"]:
            yield (f"{name}: clients", "Started in the clinical range", entry["started_clinical"])
            yield (f"{name}: clients", "Moved out of the clinical range", entry["moved_out"])
        for team in entry["teams"]:
            yield (f"{name}: clients with paired readings", f"Team: {team['team']}", team["n_paired"])
            if not team["too_few"]:
                yield (f"{name}: mean change", f"Team: {team['team']}", team["mean_change"])


def suppressed(value: object, breakdown: str, *, threshold: int = SUPPRESSION_THRESHOLD) -> object:
    """A breakdown count from 1 to threshold - 1 becomes "<threshold"; totals and means stay exact
    (percentages on too few people are suppressed by ``paired_change`` already)."""
    if breakdown and isinstance(value, int) and not isinstance(value, bool) and 1 <= value < threshold:
        return SUPPRESSED.format(threshold=threshold)
    return value
