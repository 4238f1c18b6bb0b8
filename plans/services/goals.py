"""Goals in the client's words and the steps towards them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from plans.choices import GoalStatus, StepOwner, StepStatus, WrittenBy
from plans.models import Goal, Plan, Step
from plans.selectors.settings import plan_settings_for
from plans.services.common import clean_text, require_draft, touch_plan
from recovery.accounts.access import can_change_team
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version


def _check_goal(*, plan: Plan, life_area: str, in_my_words: str, written_by: str, status: str) -> None:
    errors = {}
    areas = plan_settings_for(service=plan.client.team.service).life_areas
    if life_area not in areas:
        errors["life_area"] = "Choose the life area this goal is about."
    if not in_my_words:
        errors["in_my_words"] = "Write the goal as the client says it, for example “I want to…”."
    if written_by not in WrittenBy.values:
        errors["written_by"] = "Choose who wrote this goal."
    if status not in GoalStatus.values:
        errors["status"] = "Choose how the goal is going."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_add(
    *,
    plan: Plan,
    by: User,
    life_area: str,
    in_my_words: str,
    support: str = "",
    written_by: str = WrittenBy.CLIENT,
    status: str = GoalStatus.WORKING,
    progress: str = "",
) -> Goal:
    plan = Plan.objects.select_for_update(of=("self",)).select_related("client__team__service").get(pk=plan.pk)
    require_draft(plan)
    in_my_words = clean_text(in_my_words)
    _check_goal(plan=plan, life_area=life_area, in_my_words=in_my_words, written_by=written_by, status=status)
    position = (plan.goals.aggregate(last=Max("position"))["last"] or 0) + 1
    with acting(by):
        goal = Goal.objects.create(
            plan=plan,
            position=position,
            life_area=life_area,
            in_my_words=in_my_words,
            support=clean_text(support),
            written_by=written_by,
            status=status,
            progress=clean_text(progress),
            created_by=by,
            updated_by=by,
        )
        touch_plan(plan, by=by)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    by: User,
    expected_version: int,
    life_area: str,
    in_my_words: str,
    support: str = "",
    written_by: str = WrittenBy.CLIENT,
    status: str = GoalStatus.WORKING,
    progress: str = "",
) -> Goal:
    """Change a goal of a draft plan; refused with StaleEditError if someone else saved it since."""
    current = lock_current_version(goal, expected_version=expected_version)
    plan = Plan.objects.select_related("client__team__service").get(pk=current.plan_id)
    require_draft(plan)
    in_my_words = clean_text(in_my_words)
    _check_goal(plan=plan, life_area=life_area, in_my_words=in_my_words, written_by=written_by, status=status)
    current.life_area = life_area
    current.in_my_words = in_my_words
    current.support = clean_text(support)
    current.written_by = written_by
    current.status = status
    current.progress = clean_text(progress)
    current.updated_by = by
    bump_version(current)
    with acting(by):
        current.save()
        touch_plan(plan, by=by)
    current.refresh_from_db()
    return current


def _check_step(
    *,
    plan: Plan,
    description: str,
    owner: str,
    owner_worker: User | None,
    owner_name: str,
    due_on: date | None,
    previous_due_on: date | None = None,
) -> None:
    errors = {}
    if not description:
        errors["description"] = "Write what will happen, for example “Phone the college about the course”."
    if owner not in StepOwner.values:
        errors["owner"] = "Choose who will do this."
    if owner == StepOwner.PARTNER and not owner_name:
        errors["owner_name"] = "Enter the partner agency or person who will do this."
    if (
        owner == StepOwner.WORKER
        and owner_worker is not None
        and (not owner_worker.is_active or not can_change_team(owner_worker, plan.client.team_id))
    ):
        errors["owner_worker"] = "Choose a worker in the client's team."
    if due_on is not None and due_on != previous_due_on and due_on < timezone.localdate():
        errors["due_on"] = "Enter a date today or later."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def step_add(
    *,
    goal: Goal,
    by: User,
    description: str,
    owner: str = StepOwner.CLIENT,
    owner_worker: User | None = None,
    owner_name: str = "",
    due_on: date | None = None,
) -> Step:
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("client__team", "client__lead_worker")
        .get(pk=goal.plan_id)
    )
    require_draft(plan)
    description = clean_text(description)
    owner_name = clean_text(owner_name)
    if owner == StepOwner.WORKER and owner_worker is None:
        owner_worker = plan.client.lead_worker
    _check_step(
        plan=plan, description=description, owner=owner, owner_worker=owner_worker, owner_name=owner_name, due_on=due_on
    )
    position = (goal.steps.aggregate(last=Max("position"))["last"] or 0) + 1
    with acting(by):
        step = Step.objects.create(
            goal=goal,
            position=position,
            description=description,
            owner=owner,
            owner_worker=owner_worker if owner == StepOwner.WORKER else None,
            owner_name=owner_name if owner == StepOwner.PARTNER else "",
            due_on=due_on,
            created_by=by,
        )
        touch_plan(plan, by=by)
    return step


@transaction.atomic
def step_update(
    *,
    step: Step,
    by: User,
    description: str,
    owner: str,
    owner_worker: User | None = None,
    owner_name: str = "",
    due_on: date | None = None,
) -> Step:
    current = Step.objects.select_for_update().get(pk=step.pk)
    plan = Plan.objects.select_related("client__team", "client__lead_worker").get(pk=current.goal.plan_id)
    require_draft(plan)
    description = clean_text(description)
    owner_name = clean_text(owner_name)
    if owner == StepOwner.WORKER and owner_worker is None:
        owner_worker = plan.client.lead_worker
    _check_step(
        plan=plan,
        description=description,
        owner=owner,
        owner_worker=owner_worker,
        owner_name=owner_name,
        due_on=due_on,
        previous_due_on=current.due_on,
    )
    current.description = description
    current.owner = owner
    current.owner_worker = owner_worker if owner == StepOwner.WORKER else None
    current.owner_name = owner_name if owner == StepOwner.PARTNER else ""
    current.due_on = due_on
    with acting(by):
        current.save()
        touch_plan(plan, by=by)
    return current


@transaction.atomic
def step_set_status(*, step: Step, by: User, status: str) -> Step:
    """Mark progress on a step: allowed on a draft and on the current agreed plan (between reviews)."""
    if status not in StepStatus.values:
        raise ValidationError({"status": "Choose how the step is going."})
    current = Step.objects.select_for_update(of=("self",)).select_related("goal__plan").get(pk=step.pk)
    plan = current.goal.plan
    if not (plan.is_draft or plan.is_agreed):
        raise ValidationError("This version of the plan has been replaced: update the step in the current plan.")
    if current.status == status:
        return current
    with acting(by):
        current.status = status
        current.completed_on = timezone.localdate() if status == StepStatus.DONE else None
        current.save(update_fields=["status", "completed_on", "updated_at"])
        touch_plan(plan, by=by)
    return current
