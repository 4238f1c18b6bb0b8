"""Service-level change: paired baseline → latest readings, per measure and team.

Definition (printed with the figures): a client is *paired* for a measure when their latest
scored reading on or before the end of the period falls inside the period and is a different,
later reading than their first scored reading of that measure (their baseline). Readings
marked as entered in error and incomplete readings are left out. Change is latest minus
baseline in the measure's own units; each pair is classed by the measure's reliable-change
threshold, and "moved out of the clinical range" counts pairs whose baseline was in the
clinical range and whose latest reading is not (as a share of those that started in it).

One query finds the pairs (window functions over the readings of the chosen services), one reads
the services' ReQoL-10 cut-offs and one the team names, whatever the number of readings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from clients.models import Client
from outcomes import measures, scoring
from outcomes.models import OutcomeSettings, Reading, Status
from recovery.accounts.models import Team

DEFINITION = (
    "Clients whose latest scored reading of a measure on or before the end of the period was taken in "
    "the period, paired with their first scored reading of that measure (baseline). Change is latest "
    "minus baseline. Reliable improvement or deterioration is a change of at least the measure's "
    "reliable-change threshold. Moved out of the clinical range: of those whose baseline was in the "
    "clinical range, the share whose latest reading is not. Incomplete readings and readings entered in "
    "error are left out."
)
SUPPRESSION_THRESHOLD = 5


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


_PAIRS_SQL = """
WITH in_period AS (
    SELECT DISTINCT r.client_id, r.measure_key
    FROM {reading} r
    WHERE r.status = %(complete)s AND NOT r.entered_in_error
      AND r.taken_on BETWEEN %(start)s AND %(end)s {measure_filter}
), ranked AS (
    SELECT r.id, r.client_id, c.team_id, t.service_id, r.measure_key, r.score, r.taken_on,
        first_value(r.id) OVER oldest AS baseline_id,
        first_value(r.score) OVER oldest AS baseline,
        first_value(r.taken_on) OVER oldest AS baseline_on,
        row_number() OVER oldest AS position,
        count(*) OVER (PARTITION BY r.client_id, r.measure_key) AS readings
    FROM in_period p
    JOIN {reading} r ON r.client_id = p.client_id AND r.measure_key = p.measure_key
    JOIN {client} c ON c.id = r.client_id
    JOIN {team} t ON t.id = c.team_id
    WHERE r.status = %(complete)s AND NOT r.entered_in_error AND r.taken_on <= %(end)s
      AND t.service_id = ANY(%(service_ids)s) {team_filter}
    WINDOW oldest AS (PARTITION BY r.client_id, r.measure_key ORDER BY r.taken_on, r.id)
)
SELECT client_id, team_id, service_id, measure_key, baseline, score, baseline_on, taken_on
FROM ranked
WHERE position = readings AND readings > 1
ORDER BY measure_key, team_id, client_id
"""


def pairs(
    *, start: date, end: date, service_ids: Sequence[int], measure: str | None = None, team_ids=None
) -> list[Pair]:
    """The paired readings (one query)."""
    params = {
        "complete": Status.COMPLETE,
        "service_ids": list(service_ids),
        "start": start,
        "end": end,
        "measure": measure,
        "team_ids": list(team_ids or []),
    }
    sql = _PAIRS_SQL.format(
        reading=Reading._meta.db_table,
        client=Client._meta.db_table,
        team=Team._meta.db_table,
        measure_filter="AND r.measure_key = %(measure)s" if measure else "",
        team_filter="AND c.team_id = ANY(%(team_ids)s)" if team_ids else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Pair(*row) for row in cursor.fetchall()]


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _summarise(measure: measures.Measure, rows: Iterable[Pair], cutoffs: dict[int, Decimal]) -> dict:
    counts = dict.fromkeys(scoring.ChangeCategory, 0)
    changes: list[Decimal] = []
    baselines: list[Decimal] = []
    latests: list[Decimal] = []
    started_clinical = moved_out = 0
    for pair in rows:
        cutoff = cutoffs.get(pair.service_id) if measure.key == "reqol10" else None
        result = scoring.change(measure, pair.baseline, pair.latest, cutoff=cutoff)
        counts[result.category] += 1
        changes.append(result.delta)
        baselines.append(pair.baseline)
        latests.append(pair.latest)
        if measure.in_clinical_range(pair.baseline, cutoff=cutoff):
            started_clinical += 1
            if result.crossing == scoring.Crossing.OUT_OF_CLINICAL:
                moved_out += 1
    n = len(changes)
    has_cutoff = measure.clinical_cutoff is not None
    return {
        "n_paired": n,
        "mean_baseline": round(float(sum(baselines) / n), 2) if n else None,
        "mean_latest": round(float(sum(latests) / n), 2) if n else None,
        "mean_change": round(float(sum(changes) / n), 2) if n else None,
        "improved": counts[scoring.ChangeCategory.IMPROVEMENT],
        "no_change": counts[scoring.ChangeCategory.NO_CHANGE],
        "deteriorated": counts[scoring.ChangeCategory.DETERIORATION],
        "not_defined": counts[scoring.ChangeCategory.NOT_DEFINED],
        "pct_improved": _percent(counts[scoring.ChangeCategory.IMPROVEMENT], n),
        "pct_no_change": _percent(counts[scoring.ChangeCategory.NO_CHANGE], n),
        "pct_deteriorated": _percent(counts[scoring.ChangeCategory.DETERIORATION], n),
        "has_cutoff": has_cutoff,
        "started_clinical": started_clinical if has_cutoff else None,
        "moved_out": moved_out if has_cutoff else None,
        "pct_moved_out": _percent(moved_out, started_clinical) if has_cutoff else None,
    }


def paired_change(
    *,
    start: date,
    end: date,
    service_ids: Sequence[int],
    measure: str | None = None,
    team_ids: Sequence[int] | None = None,
) -> dict:
    """Paired baseline → latest change per measure (and per team within it), JSON-serialisable.

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
        by_team: dict[int, list[Pair]] = defaultdict(list)
        for pair in measure_pairs:
            by_team[pair.team_id].append(pair)
        teams = [
            {"team_id": team_id, "team": team_names.get(team_id, ""), **_summarise(definition, rows, cutoffs)}
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
                **_summarise(definition, measure_pairs, cutoffs),
                "teams": teams,
            }
        )
    order = list(measures.CURRENT)
    result.sort(key=lambda entry: order.index(entry["key"]))
    return {"start": start.isoformat(), "end": end.isoformat(), "definition": DEFINITION, "measures": result}


# --- rows for the CSV export and the commissioner report ---------------------------------------------

_COUNTS = (
    ("improved", "Reliable improvement"),
    ("no_change", "No reliable change"),
    ("deteriorated", "Reliable deterioration"),
)


def csv_rows(data: dict) -> Iterator[tuple[str, str, object]]:
    """``(figure, breakdown, value)``: headline figures exact with an empty breakdown; the counts
    behind each percentage, and the per-team figures, as breakdowns the report suppresses."""
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
            yield (f"{name}: mean change", f"Team: {team['team']}", team["mean_change"])


def suppressed(value: object, breakdown: str, *, threshold: int = SUPPRESSION_THRESHOLD) -> object:
    """A breakdown count from 1 to threshold - 1 becomes "<threshold"; totals, means and
    percentages stay exact."""
    if breakdown and isinstance(value, int) and not isinstance(value, bool) and 1 <= value < threshold:
        return f"<{threshold}"
    return value
