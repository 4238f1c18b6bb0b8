"""Risk assessments: start (first or review), edit a draft, the management plan, agree, sign off,
and "review now" prompts.

A review never changes an agreed version: it starts a new draft version from the newest agreed
one. Agreed content is read-only; only the status of the current plan's actions moves on
between reviews (each change kept in the audit history).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from clients.models import Client, Contact
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version
from risk.choices import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AreaStatus,
    PersonInvolvement,
    PromptSource,
    ReviewPriority,
    ReviewReason,
)
from risk.models import AREA_TEXT_FIELDS, ManagementAction, ReviewPrompt, RiskArea, RiskAssessment
from risk.services.common import clean_text, raise_if
from risk.services.settings import risk_settings_for

DRAFT_ONLY = (
    "This version has been agreed, so its content can no longer be changed. Start a review to record what has changed."
)
REASONS_NEEDING_DETAIL = (ReviewReason.CHANGE, ReviewReason.INCIDENT, ReviewReason.OTHER)


def _require_draft(assessment: RiskAssessment) -> None:
    if not assessment.is_draft:
        raise ValidationError(DRAFT_ONLY)


def _has_content(area: RiskArea) -> bool:
    return area.status != AreaStatus.NOT_ASSESSED or any(getattr(area, name) for name in AREA_TEXT_FIELDS)


@transaction.atomic
def assessment_start(
    *, client: Client, by: User, review_reason: str = "", review_reason_detail: str = ""
) -> tuple[RiskAssessment, bool]:
    """Start the first assessment, or a review: a new draft version holding a copy of the newest
    agreed version's areas and open actions. Returns (draft, created); an existing draft is returned
    as it is, so two people starting a review at once share one draft."""
    Client.objects.select_for_update().filter(pk=client.pk).exists()  # one numbering at a time per client
    draft = RiskAssessment.objects.filter(client=client, agreed_at__isnull=True).first()
    if draft is not None:
        return draft, False
    current = RiskAssessment.objects.filter(client=client, is_current=True).prefetch_related("areas", "actions").first()
    review_reason_detail = clean_text(review_reason_detail)
    errors = {}
    if current is None:
        review_reason = ReviewReason.FIRST
    else:
        if review_reason not in ReviewReason.values or review_reason == ReviewReason.FIRST:
            errors["review_reason"] = "Choose why the assessment is being reviewed."
        elif review_reason in REASONS_NEEDING_DETAIL and not review_reason_detail:
            errors["review_reason_detail"] = "Say briefly what has changed."
    raise_if(errors)

    settings = risk_settings_for(service=client.team.service)
    number = (RiskAssessment.objects.filter(client=client).aggregate(top=Max("number"))["top"] or 0) + 1
    with acting(by):
        assessment = RiskAssessment.objects.create(
            client=client,
            number=number,
            previous=current,
            review_reason=review_reason,
            review_reason_detail=review_reason_detail,
            review_priority=current.review_priority if current else "",
            summary=current.summary if current else "",
            created_by=by,
        )
        previous_areas = {area.key: area for area in current.areas.all()} if current else {}
        key_of_previous_area = {area.pk: area.key for area in previous_areas.values()}
        areas = []
        for position, entry in enumerate(settings.areas):
            old = previous_areas.pop(entry["key"], None)
            content = {name: getattr(old, name) for name in AREA_TEXT_FIELDS} if old else {}
            areas.append(
                RiskArea(
                    assessment=assessment,
                    key=entry["key"],
                    label=entry["label"],
                    position=position,
                    status=old.status if old else AreaStatus.NOT_ASSESSED,
                    **content,
                )
            )
        # An area the service no longer lists keeps its content in the review: nothing is lost.
        for offset, old in enumerate(area for area in previous_areas.values() if _has_content(area)):
            areas.append(
                RiskArea(
                    assessment=assessment,
                    key=old.key,
                    label=old.label,
                    position=len(settings.areas) + offset,
                    status=old.status,
                    **{name: getattr(old, name) for name in AREA_TEXT_FIELDS},
                )
            )
        RiskArea.objects.bulk_create(areas)
        if current is not None:
            area_by_key = {area.key: area for area in areas}
            ManagementAction.objects.bulk_create(
                [
                    ManagementAction(
                        assessment=assessment,
                        area=area_by_key.get(key_of_previous_area.get(action.area_id)),
                        action=action.action,
                        owner_id=action.owner_id,
                        owner_other=action.owner_other,
                        due_on=action.due_on,
                        status=action.status,
                        created_by=by,
                    )
                    for action in current.actions.all()
                    if action.is_open
                ]
            )
    return assessment, True


@transaction.atomic
def assessment_update(
    *,
    assessment: RiskAssessment,
    by: User,
    expected_version: int,
    review_priority: str,
    summary: str,
    review_reason_detail: str = "",
) -> RiskAssessment:
    """Change a draft's review priority, summary and what has changed."""
    current = lock_current_version(assessment, expected_version=expected_version)
    _require_draft(current)
    if review_priority and review_priority not in ReviewPriority.values:
        raise ValidationError({"review_priority": "Choose routine, soon or urgent."})
    current.review_priority = review_priority
    current.summary = clean_text(summary)
    current.review_reason_detail = clean_text(review_reason_detail)
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def area_update(
    *,
    area: RiskArea,
    by: User,
    expected_version: int,
    status: str,
    history: str = "",
    current_concerns: str = "",
    triggers: str = "",
    early_signs: str = "",
    protective_factors: str = "",
    persons_view: str = "",
) -> RiskArea:
    """Change one area of a draft. Refused with StaleEditError if someone saved it since it was opened."""
    current = lock_current_version(area, expected_version=expected_version)
    _require_draft(current.assessment)
    if status not in AreaStatus.values:
        raise ValidationError({"status": "Choose whether there is a concern in this area."})
    if status == AreaStatus.CONCERN and not clean_text(current_concerns):
        raise ValidationError({"current_concerns": f"Describe the current concern about {current.label.lower()}."})
    values = {
        "history": history,
        "current_concerns": current_concerns,
        "triggers": triggers,
        "early_signs": early_signs,
        "protective_factors": protective_factors,
        "persons_view": persons_view,
    }
    current.status = status
    for name, value in values.items():
        setattr(current, name, clean_text(value))
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


def _validate_action(
    *,
    assessment: RiskAssessment,
    action: str,
    due_on: date | None,
    area: RiskArea | None,
    owner,
    owner_other: str,
    past_date_allowed: bool = False,
) -> None:
    errors = {}
    if not clean_text(action):
        errors["action"] = "Say what will be done."
    if owner is None and not clean_text(owner_other):
        errors["owner"] = "Say who will do it: choose a member of staff or name someone else."
    if due_on is None:
        errors["due_on"] = "Enter the date it will be done by."
    elif due_on < timezone.localdate() and not past_date_allowed:
        errors["due_on"] = "Enter a date today or later."
    if area is not None and area.assessment_id != assessment.pk:
        errors["area"] = "Choose an area of this assessment."
    raise_if(errors)


@transaction.atomic
def action_add(
    *,
    assessment: RiskAssessment,
    by: User,
    action: str,
    due_on: date | None,
    area: RiskArea | None = None,
    owner: User | None = None,
    owner_other: str = "",
) -> ManagementAction:
    """Add a named action to a draft's management plan."""
    _require_draft(assessment)
    _validate_action(
        assessment=assessment, action=action, due_on=due_on, area=area, owner=owner, owner_other=owner_other
    )
    with acting(by):
        return ManagementAction.objects.create(
            assessment=assessment,
            area=area,
            action=clean_text(action),
            owner=owner,
            owner_other=clean_text(owner_other) if owner is None else "",
            due_on=due_on,
            created_by=by,
        )


@transaction.atomic
def action_update(
    *,
    action: ManagementAction,
    by: User,
    expected_version: int,
    text: str,
    due_on: date | None,
    status: str,
    area: RiskArea | None = None,
    owner: User | None = None,
    owner_other: str = "",
) -> ManagementAction:
    """Change an action of a draft (all of it)."""
    current = lock_current_version(action, expected_version=expected_version)
    assessment = current.assessment
    _require_draft(assessment)
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose a status."})
    _validate_action(
        assessment=assessment,
        action=text,
        due_on=due_on,
        area=area,
        owner=owner,
        owner_other=owner_other,
        # An action carried over from the last version may be overdue: keeping its date is fine.
        past_date_allowed=due_on == current.due_on,
    )
    current.action = clean_text(text)
    current.due_on = due_on
    current.area = area
    current.owner = owner
    current.owner_other = clean_text(owner_other) if owner is None else ""
    if status != current.status:
        current.status, current.status_changed_at, current.status_changed_by = status, timezone.now(), by
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def action_set_status(*, action: ManagementAction, by: User, expected_version: int, status: str) -> ManagementAction:
    """Move an action of the current plan on (to do, in progress, done, no longer needed)."""
    current = lock_current_version(action, expected_version=expected_version)
    assessment = current.assessment
    if not (assessment.is_draft or assessment.is_current):
        raise ValidationError(
            "This action belongs to an earlier version of the assessment: update it on the current version."
        )
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose a status."})
    if status != current.status:
        current.status, current.status_changed_at, current.status_changed_by = status, timezone.now(), by
        bump_version(current)
        with acting(by):
            current.save()
        current.refresh_from_db()
    return current


def latest_review_date(*, client: Client, today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today + timedelta(days=client.team.service.risk_review_interval_days)


@transaction.atomic
def assessment_agree(
    *,
    assessment: RiskAssessment,
    by: User,
    expected_version: int,
    person_involvement: str,
    person_involvement_note: str = "",
    review_due_on: date | None = None,
) -> RiskAssessment:
    """Agree a draft: it becomes the current assessment and earlier versions become read-only history.

    Refused (with a message per area) when an area is marked "Concern" and has no open action
    in the management plan, when no review priority is chosen, or when nothing was assessed.
    """
    current = lock_current_version(assessment, expected_version=expected_version)
    _require_draft(current)
    client = current.client
    areas = list(current.areas.all())
    areas_with_actions = set(
        ManagementAction.objects.filter(assessment=current, status__in=OPEN_ACTION_STATUSES, area__isnull=False)
        .values_list("area_id", flat=True)
        .distinct()
    )
    today = timezone.localdate()
    latest = latest_review_date(client=client, today=today)
    note = clean_text(person_involvement_note)
    errors = {}
    if not current.review_priority:
        errors["review_priority"] = "Choose a review priority: how soon the assessment should be looked at again."
    if person_involvement not in PersonInvolvement.values:
        errors["person_involvement"] = "Say how the person was involved in this assessment."
    elif person_involvement in (PersonInvolvement.DECLINED, PersonInvolvement.UNABLE) and not note:
        errors["person_involvement_note"] = "Say why, and when you will go through it with them again."
    if all(area.status == AreaStatus.NOT_ASSESSED for area in areas):
        errors["areas"] = "Assess at least one area before agreeing the assessment."
    for area in areas:
        if area.is_concern and area.pk not in areas_with_actions:
            errors[f"area_{area.key}"] = (
                f"{area.label} is marked as a concern: add a management-plan action for it before agreeing."
            )
    if review_due_on is None:
        review_due_on = latest
    elif review_due_on < today:
        errors["review_due_on"] = "Enter a review date today or later."
    elif review_due_on > latest:
        errors["review_due_on"] = (
            f"Enter a date on or before {latest.day} {latest:%b %Y}: the service reviews risk assessments "
            f"at least every {client.team.service.risk_review_interval_days} days."
        )
    raise_if(errors)

    settings = risk_settings_for(service=client.team.service)
    now = timezone.now()
    with acting(by):
        RiskAssessment.objects.filter(client=client, is_current=True).update(is_current=False)
        current.agreed_by, current.agreed_at, current.is_current = by, now, True
        current.person_involvement, current.person_involvement_note = person_involvement, note
        current.review_due_on = review_due_on
        current.sign_off_required = settings.sign_off_required
        bump_version(current)
        current.save()
        ReviewPrompt.objects.filter(client=client, resolved_at__isnull=True).update(
            resolved_by=current, resolved_at=now
        )
    current.refresh_from_db()
    return current


@transaction.atomic
def assessment_sign_off(
    *, assessment: RiskAssessment, by: User, expected_version: int, note: str = ""
) -> RiskAssessment:
    """The team leader's check of an agreed assessment, when the service asks for one."""
    current = lock_current_version(assessment, expected_version=expected_version)
    if not current.awaiting_sign_off:
        raise ValidationError("This assessment is not waiting for sign-off.")
    current.signed_off_by, current.signed_off_at, current.sign_off_note = by, timezone.now(), clean_text(note)
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def review_prompt_raise(
    *, client: Client, by: User, reason: str, source: str = PromptSource.OTHER, contact: Contact | None = None
) -> ReviewPrompt:
    """ "Review now": ask for the assessment to be looked at again because something changed.

    Called from a contact, an escalation or a safeguarding concern here, and meant for other apps
    too (for example an outcome reading whose answers need a risk follow-up).
    """
    errors = {}
    if not clean_text(reason):
        errors["reason"] = "Say what has changed."
    if source not in PromptSource.values:
        errors["source"] = "Choose what prompted the review."
    if contact is not None and contact.client_id != client.pk:
        errors["contact"] = "That contact belongs to someone else."
    raise_if(errors)
    with acting(by):
        return ReviewPrompt.objects.create(
            client=client, source=source, reason=clean_text(reason), contact=contact, raised_by=by
        )
