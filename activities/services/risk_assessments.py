"""Writes for activity risk assessments and the programme settings that score them.

An assessment is drafted (hazards, controls, scores, further actions), then approved by a team
leader or service manager of the activity's service; only an approved version is in force.
A review starts a new draft copying the current version's hazards and open actions, so the
approved version stays exactly as it was approved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityHazard,
    ActivityRiskAction,
    ActivityRiskAssessment,
    ProgrammeSettings,
)
from activities.risk_scoring import SCALE, validate_bands
from recovery.accounts.models import Service, User
from recovery.audit.history import acting
from recovery.core.concurrency import StaleEditError, bump_version, lock_current_version

DRAFT_ONLY = "This version has been approved, so it cannot change. Start a review to make a new version."
HAZARD_FIELDS = (
    "hazard",
    "who_might_be_harmed",
    "how_harmed",
    "existing_controls",
    "likelihood_before",
    "severity_before",
    "further_controls",
    "likelihood_after",
    "severity_after",
)

__all__ = ["StaleEditError"]


def programme_settings_for(*, service: Service) -> ProgrammeSettings:
    """The service's programme settings, created with the defaults the first time they are needed."""
    settings, _ = ProgrammeSettings.objects.get_or_create(service=service)
    return settings


@transaction.atomic
def programme_settings_update(
    *,
    settings: ProgrammeSettings,
    by: User,
    expected_version: int,
    risk_bands: Sequence[tuple[str, int]],
    risk_review_interval_days: int,
    risk_warning_days: int,
) -> ProgrammeSettings:
    """Change the bands and intervals. Scores already recorded are banded afresh with the new bands."""
    errors: dict[str, str] = {}
    try:
        bands = validate_bands(risk_bands)
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if not 30 <= risk_review_interval_days <= 730:
        errors["risk_review_interval_days"] = "Enter a number of days between 30 and 730."
    if not 1 <= risk_warning_days <= 28:
        errors["risk_warning_days"] = "Enter a number of days between 1 and 28."
    if errors:
        raise ValidationError(errors)
    current = lock_current_version(settings, expected_version=expected_version)
    current.risk_bands = bands
    current.risk_review_interval_days = risk_review_interval_days
    current.risk_warning_days = risk_warning_days
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


def _require_draft(assessment: ActivityRiskAssessment) -> None:
    if not assessment.is_draft:
        raise ValidationError(DRAFT_ONLY)


@transaction.atomic
def risk_assessment_start(
    *, activity: Activity, by: User, review_reason: str = ""
) -> tuple[ActivityRiskAssessment, bool]:
    """The activity's draft, started now if there is none: the first version, or a review copying
    the current version's hazards and open actions. Returns (draft, created)."""
    Activity.objects.select_for_update().get(pk=activity.pk)  # one draft at a time, even on a double click
    draft = ActivityRiskAssessment.objects.filter(activity=activity, approved_at__isnull=True).first()
    if draft is not None:
        return draft, False
    current = ActivityRiskAssessment.objects.filter(activity=activity, is_current=True).first()
    review_reason = review_reason.strip()
    if current is not None and not review_reason:
        raise ValidationError({"review_reason": "Say why it is being reviewed, for example 'new venue'."})
    number = (ActivityRiskAssessment.objects.filter(activity=activity).aggregate(top=Max("number"))["top"] or 0) + 1
    with acting(by):
        draft = ActivityRiskAssessment.objects.create(
            activity=activity,
            number=number,
            previous=current,
            assessor=by,
            assessed_on=timezone.localdate(),
            review_reason=review_reason,
            summary=current.summary if current else "",
            created_by=by,
        )
        if current is not None:
            for hazard in current.hazards.filter(is_removed=False).prefetch_related("actions"):
                copy = ActivityHazard.objects.create(
                    assessment=draft,
                    position=hazard.position,
                    **{field: getattr(hazard, field) for field in HAZARD_FIELDS},
                )
                for action in hazard.actions.all():
                    if action.is_open:
                        ActivityRiskAction.objects.create(
                            hazard=copy, action=action.action, owner=action.owner, due_on=action.due_on, created_by=by
                        )
    return draft, True


@transaction.atomic
def risk_assessment_update(
    *,
    assessment: ActivityRiskAssessment,
    by: User,
    expected_version: int,
    assessor: User,
    assessed_on: date,
    summary: str,
    review_reason: str = "",
) -> ActivityRiskAssessment:
    _require_draft(assessment)
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "Enter a date on or before today."})
    current = lock_current_version(assessment, expected_version=expected_version)
    current.assessor = assessor
    current.assessed_on = assessed_on
    current.summary = summary.strip()
    current.review_reason = review_reason.strip()
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


def _hazard_errors(values: dict) -> dict[str, str]:
    errors = {}
    for field, message in (
        ("hazard", "Name the hazard, for example 'hot oven'."),
        ("who_might_be_harmed", "Say who might be harmed, for example 'people taking part'."),
        ("how_harmed", "Say how they might be harmed."),
        ("existing_controls", "Say what is already done to control it, or write 'none yet'."),
    ):
        if not str(values.get(field) or "").strip():
            errors[field] = message
    for field in ("likelihood_before", "severity_before", "likelihood_after", "severity_after"):
        if values.get(field) not in SCALE:
            errors[field] = "Choose a number from 1 to 5."
    if not errors:
        after = values["likelihood_after"] * values["severity_after"]
        before = values["likelihood_before"] * values["severity_before"]
        if after > before:
            errors["likelihood_after"] = (
                "Further controls should not make the risk higher: check the scores with and without them."
            )
        elif after < before and not str(values.get("further_controls") or "").strip():
            errors["further_controls"] = "Say which further controls bring the risk down."
    return errors


@transaction.atomic
def hazard_add(*, assessment: ActivityRiskAssessment, by: User, **values) -> ActivityHazard:
    """Add a hazard to a draft. The same hazard twice in one version is a double submit: the
    first one is returned."""
    _require_draft(assessment)
    errors = _hazard_errors(values)
    if errors:
        raise ValidationError(errors)
    ActivityRiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    existing = assessment.hazards.filter(is_removed=False, hazard__iexact=values["hazard"].strip()).first()
    if existing is not None:
        return existing
    position = (assessment.hazards.aggregate(top=Max("position"))["top"] or 0) + 1
    with acting(by):
        return ActivityHazard.objects.create(
            assessment=assessment,
            position=position,
            **{
                field: (values[field].strip() if isinstance(values[field], str) else values[field])
                for field in HAZARD_FIELDS
            },
        )


@transaction.atomic
def hazard_update(*, existing: ActivityHazard, by: User, expected_version: int, **values) -> ActivityHazard:
    """Change a draft's hazard (``existing``: ``hazard`` is the hazard's own text field)."""
    _require_draft(existing.assessment)
    errors = _hazard_errors(values)
    if errors:
        raise ValidationError(errors)
    current = lock_current_version(existing, expected_version=expected_version)
    for field in HAZARD_FIELDS:
        setattr(current, field, values[field].strip() if isinstance(values[field], str) else values[field])
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def hazard_remove(*, hazard: ActivityHazard, by: User) -> ActivityHazard:
    """Take a hazard out of a draft (kept, marked removed, with its history)."""
    _require_draft(hazard.assessment)
    hazard.is_removed = True
    with acting(by):
        hazard.save(update_fields=["is_removed"])
    return hazard


@transaction.atomic
def risk_action_add(*, hazard: ActivityHazard, by: User, action: str, owner: User, due_on: date) -> ActivityRiskAction:
    _require_draft(hazard.assessment)
    errors = {}
    if not action.strip():
        errors["action"] = "Say what will be done."
    if due_on < timezone.localdate():
        errors["due_on"] = "Enter a date from today onwards."
    if errors:
        raise ValidationError(errors)
    ActivityHazard.objects.select_for_update().get(pk=hazard.pk)
    existing = hazard.actions.filter(action__iexact=action.strip(), done_on__isnull=True).first()
    if existing is not None:
        return existing  # a double submit
    with acting(by):
        return ActivityRiskAction.objects.create(
            hazard=hazard, action=action.strip(), owner=owner, due_on=due_on, created_by=by
        )


@transaction.atomic
def risk_action_done(*, action: ActivityRiskAction, by: User, done_on: date | None = None) -> ActivityRiskAction:
    """Mark a further action as done (on any version: actions are carried out after approval)."""
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "Enter a date on or before today."})
    current = ActivityRiskAction.objects.select_for_update().get(pk=action.pk)
    if current.done_on is not None:
        return current
    current.done_on, current.done_by = done_on, by
    with acting(by):
        current.save(update_fields=["done_on", "done_by"])
    return current


@transaction.atomic
def risk_assessment_approve(
    *,
    assessment: ActivityRiskAssessment,
    by: User,
    expected_version: int,
    review_due_on: date | None = None,
    approval_note: str = "",
) -> ActivityRiskAssessment:
    """Put a draft in force: it becomes the activity's current assessment, the previous one is kept.

    The caller checks that ``by`` leads a team of the service (``activities.selectors``)."""
    _require_draft(assessment)
    current = lock_current_version(assessment, expected_version=expected_version)
    today = timezone.localdate()
    settings = programme_settings_for(service=current.activity.service)
    review_due_on = review_due_on or today + timedelta(days=settings.risk_review_interval_days)
    errors = {}
    if not current.hazards.filter(is_removed=False).exists():
        errors["__all__"] = "Add at least one hazard before approving the assessment."
    if review_due_on <= today:
        errors["review_due_on"] = "Enter a review date after today."
    elif review_due_on > today + timedelta(days=730):
        errors["review_due_on"] = "Enter a review date within two years."
    if errors:
        raise ValidationError(errors)
    with acting(by):
        ActivityRiskAssessment.objects.filter(activity_id=current.activity_id, is_current=True).update(is_current=False)
        current.approved_by = by
        current.approved_at = timezone.now()
        current.approval_note = approval_note.strip()
        current.review_due_on = review_due_on
        current.is_current = True
        bump_version(current)
        current.save()
    current.refresh_from_db()
    return current
