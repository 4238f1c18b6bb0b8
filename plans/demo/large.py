"""Demo plans for the performance dataset: up to 10,000 plan versions with ``bulk_create``, in seconds."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from plans.choices import Agreement, PlanStatus, PlanType, ReviewKind, ReviewOutcome
from plans.demo.small import step_owner_fields
from plans.demo.texts import ABOUT_ME, CONTINGENCY, GOALS, REVIEW_VIEWS, SIGNS, STRENGTHS
from plans.services.common import midday
from recovery.core.demo import DemoContext

LARGE_PLAN_TARGET = 10_000
MAX_VERSIONS = 4


def seed_large(context: DemoContext) -> dict[str, int]:
    from clients.models import Client, Episode
    from plans.models import EarlyWarningSign, Goal, Plan, PlanReview, SafetyPlan, Step, Wrap

    rng = random.Random(20261124)
    today = timezone.localdate()
    have = Plan.objects.count()
    if have >= LARGE_PLAN_TARGET:
        return {"plans": 0}
    episodes = {
        row["client_id"]: row
        for row in Episode.objects.filter(started_on__isnull=False, client__plans__isnull=True)
        .order_by("client_id", "-accepted_on")
        .distinct("client_id")
        .values("client_id", "id", "started_on", "ended_on")
    }
    clients = list(
        Client.objects.filter(id__in=episodes)
        .select_related("team__service")
        .only(
            "id",
            "code",
            "first_name",
            "last_name",
            "preferred_name",
            "is_open",
            "lead_worker_id",
            "created_by_id",
            "team__service__plan_review_interval_days",
        )
        .order_by("-is_open", "id")
    )
    plans, goal_rows, reviews = [], [], []
    for client in clients:
        if have + len(plans) >= LARGE_PLAN_TARGET:
            break
        episode = episodes[client.pk]
        by_id = client.lead_worker_id or client.created_by_id
        interval = client.team.service.plan_review_interval_days
        end = min(episode["ended_on"] or today, today)
        agreed_on = min(episode["started_on"] + timedelta(days=rng.randint(7, 21)), end)
        # A version per review interval the client has been supported for (up to four), to the target.
        versions = max(1, min(MAX_VERSIONS, 1 + (end - agreed_on).days // interval))
        versions = min(versions, LARGE_PLAN_TARGET - have - len(plans))
        for number in range(1, versions + 1):
            on = agreed_on + timedelta(days=interval * (number - 1))
            current = number == versions
            agreement = Agreement.VERBAL if rng.random() < 0.4 else Agreement.SIGNED
            plan = Plan(
                code=uuid.uuid4(),
                client_id=client.pk,
                episode_id=episode["id"],
                plan_type=PlanType.SUPPORT,
                number=number,
                status=PlanStatus.AGREED if current else PlanStatus.SUPERSEDED,
                about_me=rng.choice(ABOUT_ME),
                about_me_by="client",
                strengths=rng.choice(STRENGTHS),
                contingency=rng.choice(CONTINGENCY),
                agreement=agreement,
                client_typed_name=client.display_name if agreement == Agreement.SIGNED else "",
                agreed_on=on,
                agreed_at=midday(on),
                agreed_by_id=by_id,
                review_due_on=on + timedelta(days=interval),
                review_due_kind=ReviewKind.SCHEDULED,
                superseded_at=None if current else midday(on + timedelta(days=interval)),
                created_by_id=by_id,
                updated_by_id=by_id,
            )
            plans.append(plan)
            goal_rows.append((plan, rng.sample(GOALS, rng.randint(2, 4)), by_id))
            if not current:
                reviews.append((plan, on + timedelta(days=interval), by_id))
    # Each version in turn, so that every later version can point at the one before it.
    previous: dict[int, int] = {}
    for number in range(1, MAX_VERSIONS + 1):
        level = [plan for plan in plans if plan.number == number]
        for plan in level:
            plan.previous_id = previous.get(plan.client_id)
        Plan.objects.bulk_create(level, batch_size=2000)
        previous.update({plan.client_id: plan.pk for plan in level})
    goals, step_specs = [], []
    for plan, chosen, by_id in goal_rows:
        for position, (area, words, support, steps) in enumerate(chosen, start=1):
            goal = Goal(
                code=uuid.uuid4(),
                plan_id=plan.pk,
                position=position,
                life_area=area,
                in_my_words=words,
                support=support,
                created_by_id=by_id,
                updated_by_id=by_id,
            )
            goals.append(goal)
            step_specs.append((goal, steps, plan.review_due_on, by_id))
    Goal.objects.bulk_create(goals, batch_size=4000)
    steps = [
        Step(
            code=uuid.uuid4(),
            goal_id=goal.pk,
            position=position,
            description=description,
            due_on=due - timedelta(days=30),
            created_by_id=by_id,
            **step_owner_fields(owner),
        )
        for goal, specs, due, by_id in step_specs
        for position, (description, owner) in enumerate(specs, start=1)
    ]
    Step.objects.bulk_create(steps, batch_size=4000)
    PlanReview.objects.bulk_create(
        [
            PlanReview(
                code=uuid.uuid4(),
                plan_id=plan.pk,
                kind=ReviewKind.SCHEDULED,
                reviewed_on=on,
                reviewed_at=midday(on),
                client_view=rng.choice(REVIEW_VIEWS),
                outcome=ReviewOutcome.NEW_VERSION,
                next_review_on=on,
                reviewed_by_id=by_id,
            )
            for plan, on, by_id in reviews
        ],
        batch_size=2000,
    )
    open_clients = [client for client in clients if client.is_open]
    chosen = [client for client in open_clients if rng.random() < 0.4]
    by = {client.pk: client.lead_worker_id or client.created_by_id for client in clients}
    Wrap.objects.bulk_create(
        [
            Wrap(
                code=uuid.uuid4(),
                client_id=c.pk,
                wellness_toolbox="A walk, music, ringing my sister.",
                daily_maintenance="Up by 9, breakfast, tablets, outside once.",
                crisis_plan="Call Jo and my care coordinator.",
                created_by_id=by[c.pk],
                updated_by_id=by[c.pk],
            )
            for c in chosen
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    SafetyPlan.objects.bulk_create(
        [
            SafetyPlan(
                code=uuid.uuid4(),
                client_id=c.pk,
                warning_signs="I stop answering my phone.",
                coping_strategies="My playlist, a shower, a walk.",
                people_to_ask="My sister Jo, 07700 900123.",
                created_by_id=by[c.pk],
                updated_by_id=by[c.pk],
            )
            for c in chosen
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    signs = [
        EarlyWarningSign(code=uuid.uuid4(), client_id=c.pk, description=description, created_by_id=by[c.pk])
        for c in open_clients
        if rng.random() < 0.5
        for description in rng.sample(SIGNS, 3)
    ]
    EarlyWarningSign.objects.bulk_create(signs, batch_size=4000)
    return {
        "plans": len(plans),
        "goals": len(goals),
        "steps": len(steps),
        "reviews": len(reviews),
        "wraps": len(chosen),
        "signs": len(signs),
    }
