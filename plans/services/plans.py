"""Plan versions: start a draft, change it, agree it with the client, sign it off, carry it into the next version."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from clients.models import Client, Episode
from plans.choices import MAIN_PLAN_TYPES, Agreement, PlanStatus, PlanType, ReviewKind, StepStatus, WrittenBy
from plans.models import Goal, Plan, Step
from plans.selectors.settings import plan_settings_for
from plans.services.common import clean_text, require_draft
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.concurrency import StaleEditError, bump_version, lock_current_version
from recovery.core.forms import reject_future_date

__all__ = [
    "SECTION_FIELDS",
    "StaleEditError",
    "plan_agree",
    "plan_create",
    "plan_discard",
    "plan_new_version",
    "plan_sign_off",
    "plan_update",
    "review_due",
]

SECTION_FIELDS = (
    "about_me",
    "about_me_by",
    "strengths",
    "strengths_by",
    "contingency",
    "contingency_by",
    "has_cpa",
    "cpa_care_coordinator",
    "cpa_coordinator_contact",
    "cpa_review_on",
)
_TEXT_FIELDS = {"about_me", "strengths", "contingency", "cpa_care_coordinator", "cpa_coordinator_contact"}
_WRITTEN_BY_FIELDS = {"about_me_by", "strengths_by", "contingency_by"}


def _clean_sections(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(SECTION_FIELDS)
    if unknown:
        raise TypeError(f"unexpected plan fields: {', '.join(sorted(unknown))}")
    cleaned = {name: clean_text(value) if name in _TEXT_FIELDS else value for name, value in fields.items()}
    for name in _WRITTEN_BY_FIELDS & set(cleaned):
        if cleaned[name] not in WrittenBy.values:
            raise ValidationError({name: "Choose who wrote this section."})
    if not cleaned.get("has_cpa", False):
        # No CPA care plan: nothing to refer to.
        for name in ("cpa_care_coordinator", "cpa_coordinator_contact"):
            if name in cleaned:
                cleaned[name] = ""
        if "cpa_review_on" in cleaned:
            cleaned["cpa_review_on"] = None
    elif "cpa_care_coordinator" in cleaned and not cleaned["cpa_care_coordinator"]:
        raise ValidationError({"cpa_care_coordinator": "Enter the name of the CPA care coordinator."})
    return cleaned


def _current_episode(client: Client) -> Episode:
    episode = client.episodes.filter(ended_on__isnull=True).order_by("-accepted_on").first()
    if episode is None:
        raise ValidationError(
            f"{client.display_name} has no current referral. Accept a referral before writing a plan."
        )
    return episode


def _next_number(client: Client, plan_type: str) -> int:
    highest = Plan.objects.filter(client=client, plan_type=plan_type).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def _refuse_second_draft(client: Client, plan_type: str) -> None:
    if Plan.objects.filter(client=client, plan_type=plan_type, status=PlanStatus.DRAFT).exists():
        raise ValidationError(
            f"There is already a draft {PlanType(plan_type).label.lower()} for {client.display_name}: carry on with it."
        )


@transaction.atomic
def plan_create(*, client: Client, plan_type: str, by: User, **sections: Any) -> Plan:
    """Start a new draft plan (version 1 of this type in this episode, or after an earlier series)."""
    if plan_type not in PlanType.values:
        raise ValidationError({"plan_type": "Choose the kind of plan."})
    Client.objects.select_for_update().filter(pk=client.pk).first()  # one new draft at a time per client
    episode = _current_episode(client)
    _refuse_second_draft(client, plan_type)
    current = Plan.objects.filter(client=client, plan_type=plan_type, status=PlanStatus.AGREED).first()
    if current is not None and current.episode_id == episode.pk:
        raise ValidationError(
            f"{client.display_name} already has an agreed {current.get_plan_type_display().lower()}: "
            "start a new version of it instead, so the goals carry forward."
        )
    with acting(by):
        return Plan.objects.create(
            client=client,
            episode=episode,
            plan_type=plan_type,
            number=_next_number(client, plan_type),
            created_by=by,
            updated_by=by,
            **_clean_sections(sections),
        )


@transaction.atomic
def plan_update(*, plan: Plan, by: User, expected_version: int, **sections: Any) -> Plan:
    """Change a draft's sections; refused with StaleEditError if someone else saved it since."""
    current = lock_current_version(plan, expected_version=expected_version)
    require_draft(current)
    for name, value in _clean_sections(sections).items():
        setattr(current, name, value)
    current.updated_by = by
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


def review_due(*, plan: Plan, agreed_on: date) -> tuple[date, str]:
    """When the plan should next be reviewed: a light-touch first review after a new plan where the
    service sets one, otherwise the service's review interval."""
    service = plan.client.team.service
    earlier = (
        Plan.objects.filter(
            client_id=plan.client_id,
            plan_type=plan.plan_type,
            episode_id=plan.episode_id,
            status__in=[PlanStatus.AGREED, PlanStatus.SUPERSEDED],
        )
        .exclude(pk=plan.pk)
        .exists()
    )
    if not earlier and service.first_review_after_days:
        return agreed_on + timedelta(days=service.first_review_after_days), ReviewKind.FIRST
    return agreed_on + timedelta(days=service.plan_review_interval_days), ReviewKind.SCHEDULED


def _check_agreement(*, agreement: str, client_typed_name: str, declined_reason: str) -> None:
    if agreement not in Agreement.values:
        raise ValidationError({"agreement": "Choose how the client agreed the plan."})
    if agreement == Agreement.SIGNED and not client_typed_name:
        raise ValidationError({"client_typed_name": "Ask the client to type their name to sign the plan."})
    if agreement == Agreement.DECLINED and not declined_reason:
        raise ValidationError({"declined_reason": "Enter why the client did not want to sign, in their words."})


@transaction.atomic
def plan_agree(
    *,
    plan: Plan,
    by: User,
    expected_version: int,
    agreement: str,
    client_typed_name: str = "",
    declined_reason: str = "",
    agreed_on: date | None = None,
    review_due_on: date | None = None,
) -> Plan:
    """Record the client's agreement: the draft becomes the current plan and the one before it is superseded.

    ``expected_version`` is the version the client read: if anyone changed the plan since, it is refused.
    """
    current = lock_current_version(plan, expected_version=expected_version)
    require_draft(current)
    client_typed_name = clean_text(client_typed_name)
    declined_reason = clean_text(declined_reason)
    _check_agreement(agreement=agreement, client_typed_name=client_typed_name, declined_reason=declined_reason)
    agreed_on = agreed_on or timezone.localdate()
    reject_future_date(agreed_on, "agreed_on")
    if current.plan_type in MAIN_PLAN_TYPES and not current.goals.exists():
        raise ValidationError("Add at least one goal, in the client's words, before the plan is agreed.")
    due, kind = review_due(plan=current, agreed_on=agreed_on)
    if review_due_on is not None:
        if review_due_on <= agreed_on:
            raise ValidationError({"review_due_on": "Enter a review date after the date the plan was agreed."})
        if review_due_on > due:
            raise ValidationError(
                {
                    "review_due_on": f"Enter a date on or before {date_format(due, 'j M Y')}: the service reviews plans by then."
                }
            )
        due = review_due_on
    settings = plan_settings_for(service=current.client.team.service)
    now = timezone.now()
    with acting(by):
        for older in Plan.objects.select_for_update().filter(
            client_id=current.client_id, plan_type=current.plan_type, status=PlanStatus.AGREED
        ):
            older.status = PlanStatus.SUPERSEDED
            older.superseded_at = now
            older.save(update_fields=["status", "superseded_at", "updated_at"])
        current.status = PlanStatus.AGREED
        current.agreement = agreement
        current.client_typed_name = client_typed_name if agreement == Agreement.SIGNED else ""
        current.declined_reason = declined_reason if agreement == Agreement.DECLINED else ""
        current.agreed_on = agreed_on
        current.agreed_at = now
        current.agreed_by = by
        current.review_due_on = due
        current.review_due_kind = kind
        current.sign_off_required = settings.sign_off_required
        current.updated_by = by
        bump_version(current)
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def plan_sign_off(*, plan: Plan, by: User) -> Plan:
    """A team leader signs off an agreed plan (where the service asks for it). The caller checks the role."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if not current.is_agreed:
        raise ValidationError("Only the current agreed plan can be signed off.")
    if current.signed_off_at is not None:
        return current
    with acting(by):
        current.signed_off_at = timezone.now()
        current.signed_off_by = by
        current.updated_by = by
        bump_version(current)
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def plan_discard(*, plan: Plan, by: User, reason: str) -> Plan:
    """Set a draft aside (it is kept, never deleted)."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    require_draft(current)
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": "Say why this draft is being set aside."})
    with acting(by):
        current.status = PlanStatus.ARCHIVED
        current.archived_reason = reason[:200]
        current.updated_by = by
        bump_version(current)
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def plan_new_version(*, plan: Plan, by: User) -> Plan:
    """Carry an agreed plan into a new draft version: sections, goals still being worked on (with their
    progress) and their open steps move across; achieved or dropped goals stay in the old version."""
    source = Plan.objects.select_for_update(of=("self",)).select_related("client").get(pk=plan.pk)
    if source.status != PlanStatus.AGREED:
        raise ValidationError("Only the current agreed plan can be carried into a new version.")
    existing = Plan.objects.filter(client_id=source.client_id, plan_type=source.plan_type, status=PlanStatus.DRAFT)
    if existing.exists():
        raise ValidationError("There is already a draft of the next version: carry on with it.")
    with acting(by):
        draft = Plan.objects.create(
            client_id=source.client_id,
            episode_id=source.episode_id,
            plan_type=source.plan_type,
            number=_next_number(source.client, source.plan_type),
            previous=source,
            created_by=by,
            updated_by=by,
            **{name: getattr(source, name) for name in SECTION_FIELDS},
        )
        goals = list(source.goals.filter(status__in=["working", "paused"]).prefetch_related("steps"))
        new_goals = Goal.objects.bulk_create(
            [
                Goal(
                    plan=draft,
                    position=index,
                    life_area=goal.life_area,
                    in_my_words=goal.in_my_words,
                    support=goal.support,
                    written_by=goal.written_by,
                    status=goal.status,
                    progress=goal.progress,
                    carried_from=goal,
                    created_by=by,
                    updated_by=by,
                )
                for index, goal in enumerate(goals)
            ]
        )
        Step.objects.bulk_create(
            [
                Step(
                    goal=new_goal,
                    position=step.position,
                    description=step.description,
                    owner=step.owner,
                    owner_worker_id=step.owner_worker_id,
                    owner_name=step.owner_name,
                    due_on=step.due_on,
                    status=step.status,
                    carried_from=step,
                    created_by=by,
                )
                for goal, new_goal in zip(goals, new_goals, strict=True)
                for step in goal.steps.all()
                if step.status in (StepStatus.TO_DO, StepStatus.STARTED)
            ]
        )
    return draft
