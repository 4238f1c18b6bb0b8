"""Demo plans for the small dataset, written through the services exactly as the app would."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from django.utils import timezone

from plans.choices import Agreement, GoalStatus, PlanType, ReviewKind, ReviewOutcome, StepOwner
from plans.demo.texts import ABOUT_ME, CONTINGENCY, GOALS, REVIEW_VIEWS, SIGNS, STRENGTHS, TRIGGERS
from plans.services.common import midday
from recovery.core.demo import DemoContext, demo_email


def _agreement(rng: random.Random, client) -> dict:
    roll = rng.random()
    if roll < 0.6:
        return {"agreement": Agreement.SIGNED, "client_typed_name": client.display_name}
    if roll < 0.93:
        return {"agreement": Agreement.VERBAL}
    return {"agreement": Agreement.DECLINED, "declined_reason": "I'm happy with the plan but I don't sign things."}


def step_owner_fields(owner: str) -> dict:
    if owner.startswith("partner:"):
        return {"owner": StepOwner.PARTNER, "owner_name": owner.split(":", 1)[1]}
    return {"owner": StepOwner.WORKER if owner == "worker" else StepOwner.CLIENT}


def _backdate(plan, day: date) -> None:
    """Services stamp agreement with now; a demo plan agreed in the past is stamped that afternoon."""
    from plans.models import Plan

    Plan.objects.filter(pk=plan.pk).update(agreed_at=midday(day) + timedelta(hours=2))


def _open_clients_without_plans():
    from clients.models import Client

    return (
        Client.objects.filter(is_open=True, plans__isnull=True)
        .select_related("team__service", "lead_worker")
        .order_by("id")
    )


def _started_on(client) -> date | None:
    episode = client.episodes.filter(ended_on__isnull=True, started_on__isnull=False).first()
    return episode.started_on if episode else None


def _seed_client(client, by, rng: random.Random, today: date) -> dict[str, int]:
    from plans import services

    counts = {"plans": 0, "reviews": 0, "wraps": 0, "safety_plans": 0, "signs": 0}
    started = _started_on(client)
    if started is None:
        return counts
    plan = services.plan_create(
        client=client,
        plan_type=PlanType.SUPPORT,
        by=by,
        about_me=rng.choice(ABOUT_ME),
        about_me_by="client",
        strengths=rng.choice(STRENGTHS),
        strengths_by="joint",
        contingency=rng.choice(CONTINGENCY),
        contingency_by="joint",
        has_cpa=rng.random() < 0.3,
        cpa_care_coordinator="Sam Whitfield, Northgate CMHT",
        cpa_coordinator_contact="Northgate CMHT, 01632 960 418",
        cpa_review_on=today + timedelta(days=rng.randint(20, 120)),
    )
    counts["plans"] += 1
    for life_area, words, support, steps in rng.sample(GOALS, rng.randint(2, 4)):
        goal = services.goal_add(
            plan=plan, by=by, life_area=life_area, in_my_words=words, support=support, written_by="client"
        )
        for description, owner in steps:
            services.step_add(
                goal=goal,
                by=by,
                description=description,
                due_on=today + timedelta(days=rng.randint(5, 60)),
                **step_owner_fields(owner),
            )
    agree_on = started + timedelta(days=rng.randint(7, 21))
    if agree_on >= today or rng.random() < 0.1:
        return counts  # a newer client: the plan is still a draft
    plan.refresh_from_db()
    plan = services.plan_agree(
        plan=plan, by=by, expected_version=plan.version, agreed_on=agree_on, **_agreement(rng, client)
    )
    _backdate(plan, agree_on)
    # Reviews that have fallen due, the first of which may carry the plan into version 2.
    while plan.review_due_on <= today - timedelta(days=3) and counts["reviews"] < 2:
        review_on = plan.review_due_on
        goals = list(plan.goals.all())
        outcome = ReviewOutcome.NEW_VERSION if counts["reviews"] == 0 and rng.random() < 0.5 else ReviewOutcome.CONTINUE
        result = services.plan_review_record(
            plan=plan,
            by=by,
            expected_version=plan.version,
            reviewed_on=review_on,
            kind=plan.review_due_kind or ReviewKind.SCHEDULED,
            outcome=outcome,
            went_well="Went to most of the groups we planned. Kept in touch with the team.",
            what_changed="Moved on from the cookery group to cooking at home.",
            client_view=rng.choice(REVIEW_VIEWS),
            goal_updates={
                goal.pk: services.GoalUpdate(
                    note="Getting there: managed it most weeks.",
                    status=GoalStatus.ACHIEVED if index == 0 and rng.random() < 0.4 else GoalStatus.WORKING,
                )
                for index, goal in enumerate(goals)
            },
        )
        counts["reviews"] += 1
        plan = result.plan
        if result.next_version is not None:
            counts["plans"] += 1
            draft = result.next_version
            if not draft.goals.exists():
                services.goal_add(
                    plan=draft, by=by, life_area=GOALS[6][0], in_my_words=GOALS[6][1], support=GOALS[6][2]
                )
            draft.refresh_from_db()
            if rng.random() < 0.8:
                plan = services.plan_agree(
                    plan=draft, by=by, expected_version=draft.version, agreed_on=review_on, **_agreement(rng, client)
                )
                _backdate(plan, review_on)
            else:
                break
    if client.pk % 5 in (0, 2):  # about 40%, the same clients every run
        _seed_wellbeing(client, by, rng)
        counts["wraps"] += 1
        counts["safety_plans"] += 1
    if client.pk % 2 == 0 or client.pk % 5 in (0, 2):
        counts["signs"] += _seed_signs(client, by, rng)
    return counts


def _seed_wellbeing(client, by, rng: random.Random) -> None:
    from plans import services
    from plans.choices import WrapSharing

    services.wrap_save(
        client=client,
        by=by,
        expected_version=None,
        sharing=WrapSharing.LEAD_ONLY if client.lead_worker_id == by.pk and rng.random() < 0.2 else WrapSharing.TEAM,
        wellness_toolbox="A walk by the canal. Music with headphones on. Ringing my sister. A hot bath.",
        daily_maintenance="Get up by 9, have breakfast, take my tablets, go outside once, text Jo.",
        triggers="Letters from the council. Loud neighbours late at night.",
        triggers_actions="Open letters with my worker. Put my headphones on and go for a walk.",
        early_warning_signs="Not answering the phone. Sleeping in the day. Not eating.",
        early_warning_actions="Tell my worker. Go back to my daily plan. Ask Jo to come round.",
        breaking_down_signs="Not leaving the flat for days. Hearing voices more.",
        breaking_down_actions="Ring the crisis line. Let my worker contact my care coordinator.",
        crisis_plan="I want Jo and my care coordinator involved. Please don't call my dad. "
        "The crisis house has helped before. Music and quiet help; being rushed doesn't.",
        post_crisis_plan="Take it slowly. See my worker twice a week for a month. Go back to the food bank when ready.",
    )
    services.safety_plan_save(
        client=client,
        by=by,
        expected_version=None,
        warning_signs="I stop answering my phone. I feel like a burden. I can't sleep.",
        coping_strategies="Listen to my playlist. Have a shower. Walk round the park. Write it down.",
        distractions="The café on the high street. My cousin Lee. The library.",
        people_to_ask="My sister Jo, 07700 900123. My friend Mark, 07700 900456.",
        professionals="My care coordinator Sam, 01632 960418 (weekdays). My GP, 01632 960222.",
        safer_environment="Give my extra tablets to the pharmacy to keep. Jo keeps the car keys when I'm low.",
        reason_for_living="My son Dean and my cat Pickle.",
    )


def _seed_signs(client, by, rng: random.Random) -> int:
    from plans import services

    chosen = rng.sample(SIGNS, rng.randint(3, 5))
    for description in chosen:
        services.sign_add(client=client, by=by, kind="sign", description=description)
    services.sign_add(client=client, by=by, kind="trigger", description=rng.choice(TRIGGERS))
    services.signature_save(
        client=client,
        by=by,
        expected_version=None,
        what_helps="Someone popping round. Getting back to my routine. Being reminded it has passed before.",
        who_to_tell="My sister Jo, 07700 900123, and my care coordinator.",
    )
    return len(chosen) + 1


def _seed_observations(clients, rng: random.Random) -> int:
    """Tick signs on recent contacts, so a few clients show the early warning flag on the caseload."""
    from clients import services as client_services
    from plans import services
    from plans.models import EarlyWarningSign

    ticked = 0
    for client in clients:
        signs = list(EarlyWarningSign.objects.filter(client=client, kind="sign", is_active=True))
        if not signs or client.lead_worker is None:
            continue
        for days_ago in (2, 5, 9):
            contact, _ = client_services.contact_log(
                client=client,
                by=client.lead_worker,
                idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-ews-{client.code}-{days_ago}"),
                occurred_at=timezone.now() - timedelta(days=days_ago, hours=rng.randint(1, 6)),
                contact_type="face_to_face",
                outcome="attended",
                note="Seemed low today. Talked through the relapse signature together and what helps.",
            )
            ticked += len(
                services.signs_observed(
                    contact=contact, by=client.lead_worker, sign_codes=[s.code for s in rng.sample(signs, 2)]
                )
            )
    return ticked


def seed_small(context: DemoContext) -> dict[str, int]:
    rng = random.Random(20261123)
    today = timezone.localdate()
    totals = {"plans": 0, "reviews": 0, "wraps": 0, "safety_plans": 0, "signs": 0}
    demo_worker = demo_email("worker")
    flagged = []
    for client in _open_clients_without_plans():
        if client.pk % 7 == 6:
            continue  # about one in seven has no plan yet, so the caseload flag shows (same ones every run)
        by = client.lead_worker or client.created_by
        counts = _seed_client(client, by, random.Random(client.pk), today)
        for key, value in counts.items():
            totals[key] += value
        if counts["signs"]:
            flagged.append(client)
    # Early warning signs show on a few caseloads: the demo worker's first, so the demo login sees one.
    flagged.sort(key=lambda client: (getattr(client.lead_worker, "email", "") != demo_worker, client.pk))
    totals["signs_noticed"] = _seed_observations(flagged[:3], rng)
    return totals
