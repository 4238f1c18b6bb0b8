"""Every write in the outcomes app: readings, Recovery Star records kept elsewhere, settings.

A reading's scores are computed here from the answers (``outcomes.scoring``), never taken from
the form; an edit rescores and bumps the version under the optimistic lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from clients.models import Client
from outcomes import measures, scoring
from outcomes.measures import Kind, Measure
from outcomes.models import CompletedBy, Occasion, OutcomeSettings, Reading, StarReadingElsewhere, Status
from recovery.accounts.models import Service, User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version

FUTURE = "Enter a date on or before today: a reading records something that has happened."
GOAL_TEXT_MAX = 300


# --- settings ---------------------------------------------------------------------------------------


def outcome_settings_for(*, service: Service) -> OutcomeSettings:
    """The service's settings, created with the defaults the first time they are asked for."""
    settings, _ = OutcomeSettings.objects.get_or_create(service=service)
    return settings


def offered_measures(settings: OutcomeSettings) -> list[Measure]:
    """The measures this service offers: not switched off, ReQoL-10 only once its licensed wording
    is entered, the life-areas profile only once the service has defined its areas."""
    offered = []
    for measure in measures.CURRENT.values():
        if measure.key in settings.disabled_measures:
            continue
        if measure.key == "reqol10" and len(settings.reqol_items) != measures.REQOL_ITEM_COUNT:
            continue
        if measure.kind == Kind.LIFE_AREAS and not settings.areas:
            continue
        offered.append(measure)
    return offered


def scoring_options(settings: OutcomeSettings | None, measure: Measure, labels: Mapping[str, Any]) -> dict:
    """The service's part of scoring: ReQoL-10's negatively worded items, the life areas."""
    if measure.key == "reqol10" and settings is not None:
        return {"negative_items": settings.reqol_negative_items}
    if measure.kind == Kind.LIFE_AREAS:
        return {
            "area_keys": [area["key"] for area in labels.get("areas", [])],
            "scale": tuple(labels.get("scale", (1, 10))),
        }
    return {}


def life_areas_snapshot(settings: OutcomeSettings) -> dict:
    """The profile as it is today, kept on the reading so later changes to the areas leave it intact."""
    return {"areas": settings.areas, "scale": [1, settings.area_scale_max], "stages": settings.stages}


def _parse_lines(text_lines: Sequence[str]) -> list[str]:
    return [line.strip() for line in text_lines if line.strip()]


@transaction.atomic
def outcome_settings_update(
    *,
    settings: OutcomeSettings,
    by: User,
    expected_version: int,
    offered: Sequence[str],
    schedules: Mapping[str, Mapping[str, Any]],
    reqol_cutoff: int,
    reqol_items: Sequence[str],
    reqol_negative_items: Sequence[int],
    reqol_copyright: str,
    area_labels: Sequence[str],
    area_scale_max: int,
    stages: Sequence[tuple[int, str]],
) -> OutcomeSettings:
    """Change which measures are offered, their schedule, ReQoL-10 and the life-areas profile.

    Area keys are kept for labels that stay, so earlier readings line up with later ones."""
    errors: dict[str, str] = {}
    known = set(measures.CURRENT)
    unknown = set(offered) - known
    if unknown:
        errors["offered"] = "Choose measures from the list."
    items = _parse_lines(reqol_items)
    if "reqol10" in offered:
        if len(items) != measures.REQOL_ITEM_COUNT:
            errors["reqol_items"] = "Enter the 10 items of your licensed ReQoL-10, one per line, in order."
        if not reqol_copyright.strip():
            errors["reqol_copyright"] = "Enter the copyright line from your ReQoL licence: it is shown on the form."
    if not 1 <= reqol_cutoff <= 40:
        errors["reqol_cutoff"] = "Enter a cut-off between 1 and 40."
    if any(not 1 <= number <= measures.REQOL_ITEM_COUNT for number in reqol_negative_items):
        errors["reqol_negative_items"] = "Choose item numbers from 1 to 10."
    labels = _parse_lines(area_labels)
    if len({label.casefold() for label in labels}) != len(labels):
        errors["areas"] = "Each life area can appear only once: remove the repeated line."
    if "life_areas" in offered and not labels:
        errors["areas"] = "List the life areas, one per line, or stop offering the life-areas profile."
    if not 3 <= area_scale_max <= 10:
        errors["area_scale_max"] = "Enter a top of the scale between 3 and 10."
    if any(not 1 <= start <= area_scale_max for start, _ in stages):
        errors["stages"] = f"Start each stage at a point from 1 to {area_scale_max}."
    cleaned_schedules = {}
    for key, schedule in schedules.items():
        if key not in known:
            continue
        baseline_days = schedule.get("baseline_days")
        every_months = schedule.get("every_months")
        if baseline_days is not None and not 0 <= baseline_days <= 365:
            errors[f"{key}_baseline_days"] = "Enter a number of days between 0 and 365."
        if every_months is not None and not 1 <= every_months <= 24:
            errors[f"{key}_every_months"] = "Enter a number of months between 1 and 24."
        if baseline_days is not None or every_months is not None or schedule.get("at_exit"):
            cleaned_schedules[key] = {
                "baseline_days": baseline_days,
                "every_months": every_months,
                "at_exit": bool(schedule.get("at_exit")),
            }
    if errors:
        raise ValidationError(errors)

    current = lock_current_version(settings, expected_version=expected_version)
    existing = {area["label"].casefold(): area["key"] for area in current.areas}
    taken: set[str] = set()
    areas = []
    for label in labels:
        key = existing.get(label.casefold()) or slugify(label).replace("-", "_")[:30] or "area"
        base, number = key, 2
        while key in taken:
            key, number = f"{base}_{number}", number + 1
        taken.add(key)
        areas.append({"key": key, "label": label})
    current.disabled_measures = sorted(known - set(offered))
    current.schedules = cleaned_schedules
    current.reqol_cutoff = reqol_cutoff
    current.reqol_items = items
    current.reqol_negative_items = sorted(set(reqol_negative_items))
    current.reqol_copyright = reqol_copyright.strip()
    current.areas = areas
    current.area_scale_max = area_scale_max
    current.stages = [{"from": start, "label": label.strip()} for start, label in sorted(stages) if label.strip()]
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


# --- readings ---------------------------------------------------------------------------------------


def _validate(
    *, measure: Measure, settings: OutcomeSettings, answers: Mapping[str, Any], labels: Mapping[str, Any], taken_on
) -> tuple[scoring.Score, dict]:
    """Score the answers, or raise ValidationError naming the field to fix."""
    errors: dict[str, str] = {}
    if taken_on is None:
        errors["taken_on"] = "Enter the date of the reading."
    elif taken_on > timezone.localdate():
        errors["taken_on"] = FUTURE
    clean_labels = dict(labels)
    if measure.kind == Kind.GOALS:
        for item in measure.items:
            text = str(labels.get(item.key, "")).strip()
            rated = answers.get(item.key) not in (None, "")
            if rated and not text:
                errors[f"{item.key}_text"] = "Write the goal in the person's words, or clear its rating."
            if text and not rated:
                errors[item.key] = "Rate this goal from 0 to 10, or clear its wording."
            if len(text) > GOAL_TEXT_MAX:
                errors[f"{item.key}_text"] = f"Keep the goal to {GOAL_TEXT_MAX} characters."
            clean_labels[item.key] = text
    try:
        result = scoring.score(measure, answers, **scoring_options(settings, measure, clean_labels))
    except scoring.AnswerError as error:
        errors[error.item_key] = str(error)
        result = None
    if errors:
        raise ValidationError(errors)
    stored = {key: int(value) for key, value in answers.items() if value not in (None, "")}
    return result, {"answers": stored, "labels": clean_labels}


def _apply(reading: Reading, result: scoring.Score) -> None:
    reading.status = Status.COMPLETE if result.complete else Status.INCOMPLETE
    reading.score = result.primary
    reading.scores = result.as_json()
    reading.needs_risk_review = result.needs_risk_review


def reading_record(
    *,
    client: Client,
    by: User,
    measure_key: str,
    taken_on: date,
    answers: Mapping[str, Any],
    idempotency_key: uuid.UUID,
    labels: Mapping[str, Any] | None = None,
    occasion: str = Occasion.REVIEW,
    completed_by: str = CompletedBy.TOGETHER,
    note: str = "",
) -> tuple[Reading, bool]:
    """Record a reading: scored if complete (or proratable), saved as incomplete otherwise.
    Returns (reading, created); the same idempotency key returns the first reading."""
    existing = Reading.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    settings = outcome_settings_for(service=client.team.service)
    measure = measures.CURRENT.get(measure_key)
    if measure is None or measure not in offered_measures(settings):
        raise ValidationError({"measure_key": "Choose one of the measures this service uses."})
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": "Choose when in the person's support this reading was taken."})
    if completed_by not in CompletedBy.values:
        raise ValidationError({"completed_by": "Choose who filled in the answers."})
    given_labels = dict(labels or {})
    if measure.kind == Kind.LIFE_AREAS:
        given_labels = life_areas_snapshot(settings)
    result, cleaned = _validate(
        measure=measure, settings=settings, answers=answers, labels=given_labels, taken_on=taken_on
    )
    reading = Reading(
        client=client,
        measure_key=measure.key,
        measure_version=measure.version,
        taken_on=taken_on,
        occasion=occasion,
        completed_by=completed_by,
        note=note.strip(),
        recorded_by=by,
        idempotency_key=idempotency_key,
        **cleaned,
    )
    _apply(reading, result)
    try:
        with transaction.atomic(), acting(by):
            reading.save()
    except IntegrityError:
        return Reading.objects.get(idempotency_key=idempotency_key), False
    return reading, True


@transaction.atomic
def reading_update(
    *,
    reading: Reading,
    by: User,
    expected_version: int,
    taken_on: date,
    answers: Mapping[str, Any],
    labels: Mapping[str, Any] | None = None,
    occasion: str,
    completed_by: str,
    note: str = "",
) -> Reading:
    """Correct a reading: the answers are rescored; the earlier version stays in the history.
    The measure version and a life-areas snapshot stay as they were when it was taken."""
    if reading.entered_in_error:
        raise ValidationError("This reading was marked as entered in error, so it can no longer be changed.")
    settings = outcome_settings_for(service=reading.client.team.service)
    measure = reading.measure
    given_labels = reading.labels if measure.kind == Kind.LIFE_AREAS else dict(labels or {})
    result, cleaned = _validate(
        measure=measure, settings=settings, answers=answers, labels=given_labels, taken_on=taken_on
    )
    current = lock_current_version(reading, expected_version=expected_version)
    current.taken_on = taken_on
    current.occasion = occasion
    current.completed_by = completed_by
    current.note = note.strip()
    current.answers = cleaned["answers"]
    current.labels = cleaned["labels"]
    _apply(current, result)
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def reading_mark_error(*, reading: Reading, by: User, expected_version: int, reason: str) -> Reading:
    """Take a reading out of charts and analysis, keeping it on record with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why this reading was entered in error."})
    current = lock_current_version(reading, expected_version=expected_version)
    current.entered_in_error = True
    current.error_reason = reason.strip()
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


def star_reading_record(
    *, client: Client, by: User, taken_on: date, worker: User, where_held: str, idempotency_key: uuid.UUID
) -> tuple[StarReadingElsewhere, bool]:
    """Note that a Recovery Star reading was done elsewhere: date, worker, where it is kept."""
    existing = StarReadingElsewhere.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    errors = {}
    if taken_on is None:
        errors["taken_on"] = "Enter the date of the reading."
    elif taken_on > timezone.localdate():
        errors["taken_on"] = FUTURE
    if not where_held.strip():
        errors["where_held"] = "Say where the Star reading is kept, for example “Paper file at Riverside House”."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting(by):
            record = StarReadingElsewhere.objects.create(
                client=client,
                taken_on=taken_on,
                worker=worker,
                where_held=where_held.strip(),
                recorded_by=by,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        return StarReadingElsewhere.objects.get(idempotency_key=idempotency_key), False
    return record, True
