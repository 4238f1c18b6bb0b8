"""Demo plans: most open clients get an agreed plan with goals in their own words, some reviews and
drafts; about 40% a WRAP and a safety plan; half a relapse signature. Everything is invented.

``small`` goes through the services, exactly as the app would. ``large`` builds up to 10,000 plan
versions with ``bulk_create`` so that the performance dataset seeds in seconds, not hours.
Idempotent: clients that already have a plan are left alone.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from django.utils import timezone

from plans.choices import Agreement, GoalStatus, PlanStatus, PlanType, ReviewKind, ReviewOutcome, StepOwner
from plans.services.common import midday
from recovery.core.demo import DemoContext, DemoSeeder, demo_email, demo_seeders

LARGE_PLAN_TARGET = 10_000

# (life area, goal in the client's words, what support looks like, steps: (what, who))
GOALS = [
    (
        "Everyday living skills",
        "I want to cook a proper meal twice a week instead of living on toast.",
        "Come shopping with me on Mondays and help me try the cookery group.",
        [("Go to the Thursday cookery group", "client"), ("Make a shopping list together", "worker")],
    ),
    (
        "Money and benefits",
        "I want to stop dreading the post and get my rent arrears sorted.",
        "Open my letters with me each week and come to Citizens Advice.",
        [
            ("Book an appointment about the arrears", "partner:Citizens Advice"),
            ("Open post together on Fridays", "worker"),
        ],
    ),
    (
        "Home and tenancy",
        "I want my flat to feel like home, somewhere I'm happy to have my sister round.",
        "Help me make a cleaning rota I can actually stick to.",
        [("Put the rota on the fridge", "client"), ("Ask the landlord to fix the damp", "worker")],
    ),
    (
        "Physical health",
        "I want to feel less tired and walk to the shops without getting out of breath.",
        "Remind me about appointments and find a walking group near me.",
        [("Book a check-up with the GP", "client"), ("Try the Tuesday walking group", "client")],
    ),
    (
        "Friends, family and community",
        "I want to see my son every fortnight and feel like a proper dad again.",
        "Help me plan the visits and talk through how they went.",
        [("Ring Dean to arrange Saturday", "client"), ("Talk to the family support worker", "partner:Family Action")],
    ),
    (
        "Work, learning and volunteering",
        "I'd like to volunteer at the food bank one morning a week.",
        "Introduce me to the volunteer coordinator and come to my first morning.",
        [("Fill in the volunteer form", "client"), ("Meet the coordinator together", "worker")],
    ),
    (
        "Mental health and wellbeing",
        "I want to notice when my mood is dipping before it gets really bad.",
        "Check in with me each week about my early warning signs.",
        [("Keep a mood diary on my phone", "client"), ("Go through the diary at our meetings", "worker")],
    ),
    (
        "Alcohol, drugs and gambling",
        "I want to cut my drinking down to the weekends.",
        "Talk with me about what sets it off and link me in with the alcohol service.",
        [("Go to the first appointment at the alcohol service", "partner:Northgate Drug and Alcohol Service")],
    ),
    (
        "Staying safe",
        "I want to know who to call when I'm struggling at night.",
        "Go through my safety plan with me and put the numbers in my phone.",
        [("Save Samaritans and the crisis line in my phone", "client")],
    ),
    (
        "Interests and things I enjoy",
        "I want to get back into drawing, like I used to before I got ill.",
        "Find an art class with me and help with the bus fares.",
        [("Look at the community art class timetable", "client"), ("Ask about a bus pass", "worker")],
    ),
]

ABOUT_ME = [
    "I grew up round here and I know a lot of people. I've had a hard couple of years since my mum died "
    "and I want to get back to being myself. What matters to me is my son, my cat and feeling useful.",
    "I moved here after a stay in hospital. I like music, football and being outdoors. I want support that "
    "doesn't rush me and people who are straight with me.",
    "I'm a quiet person and it takes me a while to trust people. I like cooking and my allotment. "
    "I want to live on my own again one day.",
]
STRENGTHS = [
    "I'm good with people once I know them. My sister is always there for me. Walking helps clear my head.",
    "I'm determined and I've got through worse. Music and my dog keep me going.",
    "I'm organised when I'm well. I know my early warning signs and I'm good at asking for help now.",
]
CONTINGENCY = [
    "If I stop answering the phone for two days, please knock on my door. Ring my sister Jo if you can't reach me.",
    "If I'm not coping I want to go to the crisis café first, not A&E. Please tell my care coordinator.",
]
SIGNS = [
    "I stop answering my phone",
    "I sleep most of the day",
    "I stop eating properly",
    "I feel people are talking about me",
    "I spend money I don't have",
    "I stay up all night",
    "I get snappy with people I love",
]
TRIGGERS = ["Letters from the council", "The anniversary of my mum's death", "Arguments with my ex"]
REVIEW_VIEWS = [
    "I'm proud I went to the cookery group. The money stuff still stresses me but it's better.",
    "Things are better than they were. I want to keep going with the volunteering.",
    "It's been a rough month but I'm still here and I want to keep the same goals.",
]


def _agreement(rng: random.Random, client) -> dict:
    roll = rng.random()
    if roll < 0.6:
        return {"agreement": Agreement.SIGNED, "client_typed_name": client.display_name}
    if roll < 0.93:
        return {"agreement": Agreement.VERBAL}
    return {"agreement": Agreement.DECLINED, "declined_reason": "I'm happy with the plan but I don't sign things."}


def _step_owner(owner: str) -> dict:
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


# --- small: through the services ------------------------------------------------------------------


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
                **_step_owner(owner),
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


def _seed_small(context: DemoContext) -> dict[str, int]:
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


# --- large: bulk ------------------------------------------------------------------------------------


def _seed_large(context: DemoContext) -> dict[str, int]:
    from clients.models import Client, Episode
    from plans.models import EarlyWarningSign, Goal, Plan, PlanReview, SafetyPlan, Step, Wrap

    rng = random.Random(20261124)
    today = timezone.localdate()
    now = timezone.now()
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
        versions = 2 if (end - agreed_on).days > interval else 1
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
                superseded_at=None if current else now,
                created_by_id=by_id,
                updated_by_id=by_id,
            )
            plans.append(plan)
            goal_rows.append((plan, rng.sample(GOALS, rng.randint(2, 4)), by_id))
            if not current:
                reviews.append((plan, on + timedelta(days=interval), by_id))
    # First versions, then the versions that follow them (which point back at them).
    Plan.objects.bulk_create([plan for plan in plans if plan.number == 1], batch_size=2000)
    first_versions = {plan.client_id: plan.pk for plan in plans if plan.number == 1}
    later = [plan for plan in plans if plan.number > 1]
    for plan in later:
        plan.previous_id = first_versions[plan.client_id]
    Plan.objects.bulk_create(later, batch_size=2000)
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
            **_step_owner(owner),
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


def seed_plans(context: DemoContext) -> dict[str, int]:
    if context.size == "large":
        return _seed_large(context)
    return _seed_small(context)


def register_demo() -> None:
    demo_seeders.register(DemoSeeder("plans", seed_plans, order=20))
