"""Scoring, reliable change and clinical cut-off crossings: pure functions, no database.

Every number the app shows about an outcome measure comes from here, so it is tested against
published examples and every edge (tests/outcomes/test_scoring.py). Scores are Decimals, never
floats, so that a change of exactly the reliable-change threshold is classed the same way every
time (2.87 metric points on SWEMWBS is "reliable", 2.86 is not).

Incomplete forms: a reading with an item unanswered is incomplete and gets no score, except

- **CORE-10**, which "can be prorated if only one item is omitted" (CORE System Trust, "CORE-10
  information"): with exactly one scored item missing, the clinical score is the mean of the nine
  answered items times ten, to one decimal place, and is marked as prorated;
- **Goal-Based Outcomes**, where the person chooses how many goals to set (one to three): the
  score is the mean of the goals rated (shown and charted), but change is classed goal by goal
  (``classify``);
- the PHQ-9 "how difficult" question, which is asked but never scored, so it may be left blank.

PHQ-9 item 9 above 0 asks for a risk review whatever the total, even on an incomplete form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from outcomes.measures import SWEMWBS_METRIC, Direction, Kind, Measure


class ChangeCategory(StrEnum):
    IMPROVEMENT = "reliable_improvement"
    NO_CHANGE = "no_reliable_change"
    DETERIORATION = "reliable_deterioration"
    NOT_DEFINED = "not_defined"  # the measure has no reliable-change threshold


CATEGORY_LABELS = {
    ChangeCategory.IMPROVEMENT: "Reliable improvement",
    ChangeCategory.NO_CHANGE: "No reliable change",
    ChangeCategory.DETERIORATION: "Reliable deterioration",
    ChangeCategory.NOT_DEFINED: "Change (no reliable-change rule)",
}


class Crossing(StrEnum):
    OUT_OF_CLINICAL = "out_of_clinical"
    INTO_CLINICAL = "into_clinical"
    NONE = ""


CROSSING_LABELS = {
    Crossing.OUT_OF_CLINICAL: "Moved out of the clinical range",
    Crossing.INTO_CLINICAL: "Moved into the clinical range",
    Crossing.NONE: "",
}

ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")


class AnswerError(ValueError):
    """An answer that is not one of the item's options (a tampered or stale form)."""

    def __init__(self, item_key: str, message: str):
        super().__init__(message)
        self.item_key = item_key


@dataclass(frozen=True)
class Score:
    complete: bool
    primary: Decimal | None  # the number charted and compared (SWEMWBS: metric score)
    values: dict[str, Decimal] = field(default_factory=dict)  # every score the measure gives
    band: str = ""
    prorated: bool = False
    missing: tuple[str, ...] = ()
    risk_item: int | None = None  # CORE-10 item 6 / PHQ-9 item 9, as answered
    needs_risk_review: bool = False  # PHQ-9 item 9 above 0

    def as_json(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "primary": None if self.primary is None else str(self.primary),
            "values": {key: str(value) for key, value in self.values.items()},
            "band": self.band,
            "prorated": self.prorated,
            "missing": list(self.missing),
            "risk_item": self.risk_item,
            "needs_risk_review": self.needs_risk_review,
        }


def _quantize(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _checked(measure: Measure, answers: Mapping[str, Any], *, allowed: Sequence[int] | None = None) -> dict[str, int]:
    """The answers to the measure's items as ints, unanswered ones left out; AnswerError if any
    answer is not one of the item's options."""
    result = {}
    for item in measure.items:
        raw = answers.get(item.key)
        if raw is None or raw == "":
            continue
        options = item.options or measure.options
        values = allowed if allowed is not None else [option.value for option in options]
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise AnswerError(item.key, f"Choose one of the answers for “{item.text}”.") from None
        if value not in values:
            raise AnswerError(item.key, f"Choose one of the answers for “{item.text}”.")
        result[item.key] = value
    return result


def _missing(measure: Measure, given: Mapping[str, int]) -> tuple[str, ...]:
    return tuple(item.key for item in measure.scored_items if item.key not in given)


def score(
    measure: Measure,
    answers: Mapping[str, Any],
    *,
    negative_items: Sequence[int] = (),
    area_keys: Sequence[str] = (),
    scale: tuple[int, int] = (1, 10),
) -> Score:
    """Score one reading of ``measure``.

    ``negative_items`` (ReQoL-10): item numbers worded negatively, so scored 4 - answer.
    ``area_keys`` and ``scale`` (life-areas profile): the service's areas and rating scale.
    """
    if measure.kind == Kind.LIFE_AREAS:
        return _life_areas(answers, area_keys=area_keys, scale=scale)
    if measure.kind == Kind.GOALS:
        return _goals(measure, answers)
    given = _checked(measure, answers)
    missing = _missing(measure, given)
    scorer = _SCORERS[measure.key]
    return scorer(measure, given, missing, negative_items)


def _swemwbs(measure: Measure, given: dict[str, int], missing: tuple[str, ...], _negative) -> Score:
    if missing:
        return Score(False, None, missing=missing)
    raw = sum(given.values())
    metric = SWEMWBS_METRIC[raw]
    return Score(True, metric, {"raw": Decimal(raw), "metric": metric})


def _sum(measure: Measure, given: dict[str, int], missing: tuple[str, ...], _negative) -> Score:
    """WEMWBS, GAD-7: the plain sum of the items, complete forms only."""
    if missing:
        return Score(False, None, missing=missing)
    total = Decimal(sum(given[item.key] for item in measure.scored_items))
    return Score(True, total, {"total": total}, band=measure.band_for(total))


def _phq9(measure: Measure, given: dict[str, int], missing: tuple[str, ...], _negative) -> Score:
    item9 = given.get("q9")
    needs_review = bool(item9)
    if missing:
        return Score(False, None, missing=missing, risk_item=item9, needs_risk_review=needs_review)
    total = Decimal(sum(given[item.key] for item in measure.scored_items))
    return Score(
        True,
        total,
        {"total": total},
        band=measure.band_for(total),
        risk_item=item9,
        needs_risk_review=needs_review,
    )


def _core10(measure: Measure, given: dict[str, int], missing: tuple[str, ...], _negative) -> Score:
    top = measure.max_option
    scored = [top - given[item.key] if item.reverse else given[item.key] for item in measure.items if item.key in given]
    risk_item = given.get("q6")
    if len(missing) > 1:
        return Score(False, None, missing=missing, risk_item=risk_item)
    if missing:
        total = _quantize(Decimal(sum(scored)) * 10 / Decimal(len(scored)), ONE_DECIMAL)
    else:
        total = Decimal(sum(scored))
    return Score(
        True,
        total,
        {"clinical": total},
        band=measure.band_for(total),
        prorated=bool(missing),
        missing=missing,
        risk_item=risk_item,
    )


def _dialog(measure: Measure, given: dict[str, int], missing: tuple[str, ...], _negative) -> Score:
    if missing:
        return Score(False, None, missing=missing)
    life = [given[item.key] for item in measure.items if item.group == "life"]
    treatment = [given[item.key] for item in measure.items if item.group == "treatment"]
    quality_of_life = _quantize(Decimal(sum(life)) / len(life), TWO_DECIMALS)
    satisfaction = _quantize(Decimal(sum(treatment)) / len(treatment), TWO_DECIMALS)
    return Score(
        True,
        quality_of_life,
        {"quality_of_life": quality_of_life, "treatment_satisfaction": satisfaction},
        band=measure.band_for(quality_of_life),
    )


def _reqol(measure: Measure, given: dict[str, int], missing: tuple[str, ...], negative: Sequence[int]) -> Score:
    """Positively worded items score as answered (0-4); negatively worded ones 4 - answer, so a
    higher total is always a better quality of life (0-40)."""
    if missing:
        return Score(False, None, missing=missing)
    top = measure.max_option
    total = Decimal(
        sum(
            top - given[item.key] if number in set(negative) else given[item.key]
            for number, item in enumerate(measure.items, start=1)
        )
    )
    return Score(True, total, {"total": total})


def _goals(measure: Measure, answers: Mapping[str, Any]) -> Score:
    given = _checked(measure, answers)
    if not given:
        return Score(False, None, missing=tuple(item.key for item in measure.items))
    values = {key: Decimal(value) for key, value in given.items()}
    mean = _quantize(Decimal(sum(given.values())) / len(given), TWO_DECIMALS)
    return Score(True, mean, {**values, "mean": mean})


def _life_areas(answers: Mapping[str, Any], *, area_keys: Sequence[str], scale: tuple[int, int]) -> Score:
    low, high = scale
    given: dict[str, int] = {}
    for key in area_keys:
        raw = answers.get(key)
        if raw is None or raw == "":
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise AnswerError(key, "Choose a point on the scale for this area.") from None
        if not low <= value <= high:
            raise AnswerError(key, f"Choose a point from {low} to {high} for this area.")
        given[key] = value
    missing = tuple(key for key in area_keys if key not in given)
    if missing or not area_keys:
        return Score(False, None, missing=missing)
    mean = _quantize(Decimal(sum(given.values())) / len(given), TWO_DECIMALS)
    return Score(True, mean, {"mean": mean})


_SCORERS = {
    "swemwbs": _swemwbs,
    "wemwbs": _sum,
    "core10": _core10,
    "phq9": _phq9,
    "gad7": _sum,
    "dialog": _dialog,
    "reqol10": _reqol,
}


# --- change ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    delta: Decimal  # after - before, in the measure's own units
    category: ChangeCategory
    crossing: Crossing = Crossing.NONE

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @property
    def crossing_label(self) -> str:
        return CROSSING_LABELS[self.crossing]


def improvement(measure: Measure, before: Decimal, after: Decimal) -> Decimal:
    """How much better ``after`` is than ``before`` (negative when worse), whichever way the scale runs."""
    return after - before if measure.direction == Direction.HIGHER_IS_BETTER else before - after


def classify(
    measure: Measure,
    before: Decimal,
    after: Decimal,
    *,
    before_goals: Mapping[str, Any] | None = None,
    after_goals: Mapping[str, Any] | None = None,
) -> ChangeCategory:
    """Reliable improvement / no reliable change / reliable deterioration: a change of at least the
    measure's threshold, in the better or the worse direction, is reliable.

    Goal-Based Outcomes are classed per goal, not on the mean (DOMAIN.md §2: "per goal", meaningful
    change 3): goals are paired by their key (goal1, goal2, goal3) between the two readings, and a
    goal set in only one of them is left out. The reading is a **reliable improvement** when at
    least one paired goal improved by 3 or more and none deteriorated by 3 or more, a **reliable
    deterioration** when at least one deteriorated by 3 or more and none improved by 3 or more, and
    **no reliable change** otherwise (including when goals moved both ways, or none is paired).
    ``before_goals`` and ``after_goals`` are the readings' score values (``Score.values``, or
    ``Reading.scores["values"]``); they are required for goals, since the mean alone would class a
    new goal rated 8 as improvement on a goal that never moved.
    """
    if measure.reliable_change is None:
        return ChangeCategory.NOT_DEFINED
    if measure.kind == Kind.GOALS:
        if before_goals is None or after_goals is None:
            raise ValueError("Goal-Based Outcomes change is classed per goal: give both readings' goal ratings.")
        return _classify_goals(measure, goal_ratings(measure, before_goals), goal_ratings(measure, after_goals))
    better = improvement(measure, before, after)
    if better >= measure.reliable_change:
        return ChangeCategory.IMPROVEMENT
    if -better >= measure.reliable_change:
        return ChangeCategory.DETERIORATION
    return ChangeCategory.NO_CHANGE


def goal_ratings(measure: Measure, values: Mapping[str, Any]) -> dict[str, Decimal]:
    """The goals rated in a reading, by goal key, from its score values (the mean left out)."""
    return {item.key: Decimal(str(values[item.key])) for item in measure.items if values.get(item.key) is not None}


def _classify_goals(measure: Measure, before: Mapping[str, Decimal], after: Mapping[str, Decimal]) -> ChangeCategory:
    threshold = measure.reliable_change
    moves = [improvement(measure, before[key], after[key]) for key in before if key in after]
    improved = any(move >= threshold for move in moves)
    deteriorated = any(-move >= threshold for move in moves)
    if improved and not deteriorated:
        return ChangeCategory.IMPROVEMENT
    if deteriorated and not improved:
        return ChangeCategory.DETERIORATION
    return ChangeCategory.NO_CHANGE


def crossing(measure: Measure, before: Decimal, after: Decimal, *, cutoff: Decimal | None = None) -> Crossing:
    was = measure.in_clinical_range(before, cutoff=cutoff)
    now = measure.in_clinical_range(after, cutoff=cutoff)
    if was is None or now is None or was == now:
        return Crossing.NONE
    return Crossing.OUT_OF_CLINICAL if was else Crossing.INTO_CLINICAL


def change(
    measure: Measure,
    before: Decimal,
    after: Decimal,
    *,
    cutoff: Decimal | None = None,
    before_goals: Mapping[str, Any] | None = None,
    after_goals: Mapping[str, Any] | None = None,
) -> Change:
    """The change from ``before`` to ``after`` (primary scores); for goals, also each reading's
    goal ratings, since goals are classed one by one (see ``classify``)."""
    category = classify(measure, before, after, before_goals=before_goals, after_goals=after_goals)
    return Change(after - before, category, crossing(measure, before, after, cutoff=cutoff))
