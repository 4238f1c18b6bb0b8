"""Reads for the plans tab and a plan's page. The client has already been through the access gate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Prefetch, QuerySet
from django.db.models.functions import JSONObject

from clients.models import Client
from plans.choices import PlanStatus, PlanType
from plans.models import Goal, GoalProgress, Plan, PlanReview, Step
from recovery.accounts.models import Role, User


@dataclass
class PlanSeries:
    """All versions of one type of plan for a client: the agreed one, a draft, and earlier versions."""

    plan_type: str
    label: str
    agreed: Plan | None = None
    draft: Plan | None = None
    earlier: list[Plan] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.agreed is None and self.draft is None and not self.earlier


def client_plan_series(*, client: Client) -> list[PlanSeries]:
    """Every plan version of the client, grouped by type (one query, whatever the number of versions)."""
    series = {value: PlanSeries(value, label) for value, label in PlanType.choices}
    plans = (
        Plan.objects.filter(client=client)
        .select_related("agreed_by", "updated_by")
        .annotate(goal_count=Count("goals"))
        .order_by("plan_type", "-number")
    )
    for plan in plans:
        group = series[plan.plan_type]
        if plan.status == PlanStatus.AGREED:
            group.agreed = plan
        elif plan.status == PlanStatus.DRAFT:
            group.draft = plan
        else:
            group.earlier.append(plan)
    return list(series.values())


def plan_for_client(*, client: Client, code) -> Plan:
    """One plan of this client (Plan.DoesNotExist otherwise), with its people, for forms and actions."""
    return Plan.objects.select_related(
        "client", "client__team__service", "agreed_by", "signed_off_by", "updated_by", "previous"
    ).get(client=client, code=code)


@dataclass(frozen=True)
class PlanVersion:
    """One version of a plan, for the list of versions beside it."""

    code: str
    number: int
    status: str
    agreed_on: date | None

    @property
    def status_label(self) -> str:
        return PlanStatus(self.status).label


def plan_detail(*, client: Client, code) -> Plan:
    """A plan with its goals, steps, reviews and progress notes, and (as ``plan.version_list``) every
    version of its type: a fixed number of queries, however big the plan or its history."""
    steps = Step.objects.select_related("owner_worker").order_by("position", "id")
    progress = GoalProgress.objects.select_related("goal").order_by("goal__position", "id")
    reviews = PlanReview.objects.select_related("reviewed_by").prefetch_related(Prefetch("progress", queryset=progress))
    goals = Goal.objects.prefetch_related(Prefetch("steps", queryset=steps))
    versions = ArraySubquery(
        Plan.objects.filter(client_id=OuterRef("client_id"), plan_type=OuterRef("plan_type"))
        .order_by("-number")
        .values(json=JSONObject(code="code", number="number", status="status", agreed_on="agreed_on"))
    )
    plan = (
        Plan.objects.select_related("agreed_by", "signed_off_by", "updated_by", "previous")
        .prefetch_related(Prefetch("goals", queryset=goals), Prefetch("reviews", queryset=reviews))
        .annotate(versions_json=versions)
        .get(client=client, code=code)
    )
    plan.version_list = [
        PlanVersion(
            code=row["code"],
            number=row["number"],
            status=row["status"],
            agreed_on=date.fromisoformat(row["agreed_on"]) if row["agreed_on"] else None,
        )
        for row in plan.versions_json
    ]
    return plan


def goal_for_plan(*, plan: Plan, code) -> Goal:
    return Goal.objects.select_related("updated_by").get(plan=plan, code=code)


def step_for_plan(*, plan: Plan, code) -> Step:
    return Step.objects.select_related("goal", "owner_worker").get(goal__plan=plan, code=code)


def step_owner_choices(*, client: Client) -> QuerySet[User]:
    """Workers who can own a step: those who can change records in the client's team."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__team_id=client.team_id,
            memberships__role__in=[Role.WORKER, Role.TEAM_LEADER],
        )
        .distinct()
        .order_by("full_name")
    )
