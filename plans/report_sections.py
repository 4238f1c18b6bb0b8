"""Commissioner report sections and data-quality checks from support plans.

Only the main plan types count (support and recovery plans, Personal Support Plans); crisis
plans are not what commissioners ask about. See ``clients.report_sections`` for the shape.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from clients.models import Episode
from clients.report_sections import caseload_client_ids_at_end, episodes_in, open_at_end
from plans.choices import MAIN_PLAN_TYPES, PlanStatus
from plans.models import Plan, PlanReview
from recovery.core.registries import DataQualityIssue, DataQualityResult
from recovery.reports.helpers import percent
from recovery.reports.periods import LONDON, period_bounds

Row = tuple[str, str, Any]
AGREED_STATUSES = (PlanStatus.AGREED, PlanStatus.SUPERSEDED)


def plans_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    """Of the people on the caseload at the end, how many had an agreed plan in force that day.

    Only plans of the episode open that day count: ending an episode does not supersede its plans,
    so for someone referred again the last episode's agreed plan would otherwise still look current.
    """
    caseload = caseload_client_ids_at_end(end=end, service_ids=service_ids)
    _, until = period_bounds(end, end)
    with_plan = (
        Plan.objects.filter(
            episode__in=episodes_in(service_ids).filter(open_at_end(end)).values("id"),
            plan_type__in=MAIN_PLAN_TYPES,
            status__in=AGREED_STATUSES,
            agreed_on__lte=end,
        )
        .filter(Q(superseded_at__isnull=True) | Q(superseded_at__gte=until))
        .values("client_id")
        .distinct()
        .count()
    )
    return {
        "caseload_at_end": len(caseload),
        "with_agreed_plan": with_plan,
        "percent": percent(with_plan, len(caseload)),
    }


def plans_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("Caseload at the end of the period", "", data["caseload_at_end"])
    yield ("Clients with an agreed support plan", "", data["with_agreed_plan"])
    yield ("Clients with an agreed support plan (%)", "", data["percent"])


def _first_due(agreed_on: date, first_in_episode: bool, interval: int, first_after: int | None) -> date:
    """The review date set when a plan was agreed, as the service's rule gives it (used only once the
    plan has been reviewed and its stored review date has moved on)."""
    if first_in_episode and first_after:
        return agreed_on + timedelta(days=first_after)
    return agreed_on + timedelta(days=interval)


def review_events(*, service_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Every review date set for a main plan, with the day it was met (or None): see the definition."""
    plans = list(
        Plan.objects.filter(
            client__team__service_id__in=service_ids, plan_type__in=MAIN_PLAN_TYPES, status__in=AGREED_STATUSES
        )
        .order_by("client_id", "plan_type", "agreed_on", "id")
        .values(
            "id",
            "client_id",
            "plan_type",
            "episode_id",
            "agreed_on",
            "review_due_on",
            "superseded_at",
            "episode__ended_on",
            "client__team__service__plan_review_interval_days",
            "client__team__service__first_review_after_days",
        )
    )
    reviews: dict[int, list[date]] = defaultdict(list)
    next_dates: dict[int, list[date]] = defaultdict(list)
    for plan_id, reviewed_on, next_review_on in (
        PlanReview.objects.filter(plan_id__in=[plan["id"] for plan in plans])
        .order_by("plan_id", "reviewed_on", "id")
        .values_list("plan_id", "reviewed_on", "next_review_on")
    ):
        reviews[plan_id].append(reviewed_on)
        next_dates[plan_id].append(next_review_on)
    events = []
    seen_episode_types: set[tuple[int, str]] = set()
    for plan in plans:
        first_in_episode = (plan["episode_id"], plan["plan_type"]) not in seen_episode_types
        seen_episode_types.add((plan["episode_id"], plan["plan_type"]))
        replaced_on = plan["superseded_at"].astimezone(LONDON).date() if plan["superseded_at"] else None
        done = reviews[plan["id"]]
        if done:
            due_dates = [
                _first_due(
                    plan["agreed_on"],
                    first_in_episode,
                    plan["client__team__service__plan_review_interval_days"],
                    plan["client__team__service__first_review_after_days"],
                ),
                *next_dates[plan["id"]],
            ]
        else:
            due_dates = [plan["review_due_on"]]
        for index, due in enumerate(due_dates):
            # Review n meets the date set before it; the last date set is met only by a new version.
            met_on = done[index] if index < len(done) else replaced_on
            events.append({"due_on": due, "met_on": met_on, "episode_ended_on": plan["episode__ended_on"]})
    return events


def plan_reviews_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    due = [
        event
        for event in review_events(service_ids=service_ids)
        if start <= event["due_on"] <= end
        and (event["episode_ended_on"] is None or event["episode_ended_on"] >= event["due_on"])
    ]
    on_time = sum(1 for event in due if event["met_on"] is not None and event["met_on"] <= event["due_on"])
    return {"due": len(due), "on_time": on_time, "percent": percent(on_time, len(due))}


def plan_reviews_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("Plan reviews due", "", data["due"])
    yield ("Plan reviews done on time", "", data["on_time"])
    yield ("Plan reviews done late or not yet done", "", data["due"] - data["on_time"])
    yield ("Plan reviews done on time (%)", "", data["percent"])


def plans_without_review_date_find(
    *, start: date, end: date, service_ids: Sequence[int], limit: int
) -> DataQualityResult:
    """People on the caseload at the end with no agreed plan in their current episode, so no review
    date, although it started longer ago than the service's deadline for a plan
    (``plan_due_within_days``). A plan from an earlier episode does not count.

    An agreed plan always has a review date (a database constraint), so a missing review date means
    a missing plan.
    """
    episodes = (
        Episode.objects.filter(client__team__service_id__in=service_ids)
        .filter(open_at_end(end))
        .filter(started_on__lt=end - timedelta(days=1) * F("client__team__service__plan_due_within_days"))
        .exclude(
            Exists(
                Plan.objects.filter(
                    episode_id=OuterRef("pk"),
                    plan_type__in=MAIN_PLAN_TYPES,
                    status__in=AGREED_STATUSES,
                    agreed_on__lte=end,
                )
            )
        )
    )
    rows = episodes.order_by("client__last_name", "client__first_name", "id").values_list(
        "client__code", "client__first_name", "client__last_name", "client__preferred_name", "started_on"
    )[:limit]
    examples = [
        DataQualityIssue(
            f"{preferred or first} {last}: started {started_on:%-d %b %Y}, no agreed plan or review date",
            reverse("plans:client_plans", args=[code]),
        )
        for code, first, last, preferred, started_on in rows
    ]
    return DataQualityResult(count=episodes.count(), examples=examples)


PLANS_DEFINITION = (
    "People on the caseload at the end of the period (see Starts and caseload) with a support and recovery "
    "plan or Personal Support Plan agreed on or before the last day and not replaced by the end of it, in "
    "the support open on that day (a plan from an earlier time the person was supported does not count)."
)
PLAN_REVIEWS_DEFINITION = (
    "Every review date set for an agreed plan that falls in the period, while the person's support was still "
    "open: the date set when the plan was agreed, and the next date set at each review. It is on time when "
    "the next review was recorded, or a new version of the plan agreed, on or before that date. For a plan "
    "reviewed since it was agreed, the first date is the one the service's review interval gives."
)
