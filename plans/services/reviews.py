"""Reviewing an agreed plan: what went well, what changed, the client's view and progress on each goal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from plans.choices import GoalStatus, ReviewKind, ReviewOutcome
from plans.models import GoalProgress, Plan, PlanReview
from plans.services.common import clean_text, moment_of
from plans.services.plans import plan_new_version
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version
from recovery.core.forms import reject_future_date


@dataclass(frozen=True)
class GoalUpdate:
    """Progress on one goal at a review: a note and where the goal stands now."""

    note: str
    status: str


@dataclass(frozen=True)
class ReviewResult:
    review: PlanReview
    plan: Plan
    next_version: Plan | None  # the new draft, when the review carried the plan forward


@transaction.atomic
def plan_review_record(
    *,
    plan: Plan,
    by: User,
    expected_version: int,
    reviewed_on: date,
    kind: str,
    outcome: str,
    went_well: str = "",
    what_changed: str = "",
    client_view: str = "",
    goal_updates: Mapping[int, GoalUpdate] | None = None,
) -> ReviewResult:
    """Record a review of the current agreed plan, note progress on each goal and set the next review date.

    With ``outcome="new_version"`` the plan is carried into a new draft in the same step (goals still
    being worked on, with the progress just noted, and their open steps).
    """
    current = lock_current_version(plan, expected_version=expected_version)
    if not current.is_agreed:
        raise ValidationError("Only the current agreed plan can be reviewed.")
    went_well, what_changed, client_view = clean_text(went_well), clean_text(what_changed), clean_text(client_view)
    errors = {}
    if kind not in ReviewKind.values:
        errors["kind"] = "Choose what kind of review this is."
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = "Choose what happens to the plan after this review."
    if not (went_well or what_changed or client_view):
        errors["client_view"] = "Write what went well, what has changed or the client's view of their plan."
    if reviewed_on < current.agreed_on:
        errors["reviewed_on"] = "Enter a date on or after the day the plan was agreed."
    if (
        outcome == ReviewOutcome.NEW_VERSION
        and Plan.objects.filter(client_id=current.client_id, plan_type=current.plan_type, status="draft").exists()
    ):
        errors["outcome"] = (
            "There is already a draft of the next version. Keep this plan for now and add this review's "
            "progress to the draft."
        )
    if errors:
        raise ValidationError(errors)
    reject_future_date(reviewed_on, "reviewed_on")

    goals = {goal.pk: goal for goal in current.goals.all()}
    updates = dict(goal_updates or {})
    unknown = set(updates) - set(goals)
    if unknown:
        raise ValidationError("Progress was given for a goal that is not in this plan.")
    for update in updates.values():
        if update.status not in GoalStatus.values:
            raise ValidationError("Choose where each goal stands now.")

    service = current.client.team.service
    next_review_on = reviewed_on + timedelta(days=service.plan_review_interval_days)
    with acting(by):
        review = PlanReview.objects.create(
            plan=current,
            kind=kind,
            reviewed_on=reviewed_on,
            reviewed_at=moment_of(reviewed_on),
            went_well=went_well,
            what_changed=what_changed,
            client_view=client_view,
            outcome=outcome,
            next_review_on=next_review_on,
            reviewed_by=by,
        )
        GoalProgress.objects.bulk_create(
            [
                GoalProgress(review=review, goal_id=goal_id, note=clean_text(update.note), status=update.status)
                for goal_id, update in updates.items()
            ]
        )
        for goal_id, update in updates.items():
            goal = goals[goal_id]
            note = clean_text(update.note)
            if note or goal.status != update.status:
                goal.progress = note or goal.progress
                goal.status = update.status
                goal.updated_by = by
                bump_version(goal)
                goal.save(update_fields=["progress", "status", "updated_by", "version", "updated_at"])
        current.last_reviewed_on = max(reviewed_on, current.last_reviewed_on or reviewed_on)
        current.review_due_on = next_review_on
        current.review_due_kind = ReviewKind.SCHEDULED
        current.updated_by = by
        bump_version(current)
        current.save()
    current.refresh_from_db()
    next_version = plan_new_version(plan=current, by=by) if outcome == ReviewOutcome.NEW_VERSION else None
    return ReviewResult(review=review, plan=current, next_version=next_version)
