"""Demo data for the programme half: activity risk assessments, session feedback with a
"you said, we did" log, and people's progress through the pre-tenancy course.

Runs after the activities seeder (which makes the activities, sessions and registers) and
builds on what is in the database. Idempotent: a service that already has risk assessments is
left alone. Most activities get an approved assessment; one is left without and one overdue,
so the timetable's markers and the reminders have something to show.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from activities.choices import TOOK_PART, Category
from activities.models import (
    Activity,
    ActivityRiskAssessment,
    Attendance,
    PreTenancyCompletion,
    PreTenancyModuleActivity,
    PreTenancySignOff,
    Session,
    SessionFeedback,
    YouSaidWeDid,
)
from activities.services import feedback as feedback_services
from activities.services import pretenancy as pretenancy_services
from activities.services import risk_assessments as ra_services
from recovery.accounts.models import Role, User
from recovery.core.demo import DemoContext

HAZARDS = {
    Category.LIFE_SKILLS: [
        ("Hot ovens, hobs and trays", "People taking part and staff", "Burns and scalds", 3, 3, 2, 3),
        ("Knives", "People taking part", "Cuts while chopping", 3, 2, 2, 2),
        ("Food allergies", "People taking part", "Allergic reaction to an ingredient", 2, 4, 1, 4),
    ],
    Category.PHYSICAL: [
        ("Uneven paths and weather", "People taking part", "Slips, trips and falls", 3, 3, 2, 3),
        ("Over-exertion", "People with health conditions", "Breathlessness, chest pain", 2, 4, 2, 3),
    ],
    Category.OUTING: [
        ("Traffic and crossings", "People taking part", "Hit by a vehicle", 2, 5, 1, 5),
        ("Someone becoming separated from the group", "People taking part", "Lost, distressed or at risk", 3, 3, 2, 2),
        ("Public transport delays", "People taking part and staff", "Anxiety, missed medication times", 3, 2, 2, 2),
    ],
}
DEFAULT_HAZARDS = [
    ("Distressing topics coming up", "People taking part", "Upset or crisis during or after the session", 3, 3, 2, 2),
    ("Trip hazards in the room", "People taking part and staff", "Falls over bags and cables", 2, 3, 1, 3),
    ("Fire", "Everyone in the building", "Smoke inhalation, burns", 1, 5, 1, 4),
]
COMMENTS = {
    5: ["Loved it, thank you.", "Best group of the week.", "I felt really welcome.", "Learnt loads today."],
    4: ["Good session, a bit rushed at the end.", "Really enjoyed it.", "Nice people."],
    3: ["It was OK.", "Room was too cold.", "Would like it to start later."],
    2: ["Too noisy for me.", "Hard to follow.", ""],
    1: ["Didn't enjoy it today.", ""],
}
CHANGES = [
    ("The room was too cold and noisy.", "We moved the group to the quiet lounge and fixed the heating."),
    ("Could it start later? Mornings are hard.", "From next term the group starts at 11:00 instead of 10:00."),
    ("We'd like to cook food from our own cultures.", "Each month one person chooses and leads the recipe."),
]


def _staff(service) -> tuple[list[User], list[User]]:
    workers = list(
        User.objects.filter(memberships__team__service=service, memberships__role=Role.WORKER).distinct().order_by("id")
    )
    leaders = list(
        User.objects.filter(
            Q(memberships__team__service=service, memberships__role=Role.TEAM_LEADER) | Q(memberships__service=service)
        )
        .distinct()
        .order_by("id")
    )
    return workers, leaders


def _assess(activity: Activity, assessor: User, approver: User, *, overdue: bool) -> None:
    draft, _ = ra_services.risk_assessment_start(activity=activity, by=assessor)
    for hazard, who, how, lb, sb, la, sa in HAZARDS.get(activity.category, DEFAULT_HAZARDS):
        added = ra_services.hazard_add(
            assessment=draft,
            by=assessor,
            hazard=hazard,
            who_might_be_harmed=who,
            how_harmed=how,
            existing_controls="Briefing at the start; first-aider present; facilitator trained.",
            likelihood_before=lb,
            severity_before=sb,
            further_controls="Extra check before each session." if la * sa < lb * sb else "",
            likelihood_after=la,
            severity_after=sa,
        )
        if la * sa < lb * sb:
            ra_services.risk_action_add(
                hazard=added,
                by=assessor,
                action=f"Brief volunteers on: {hazard.lower()}",
                owner=assessor,
                due_on=timezone.localdate() + timedelta(days=21),
            )
    draft.refresh_from_db()
    approved = ra_services.risk_assessment_approve(
        assessment=draft, by=approver, expected_version=draft.version, approval_note="Checked with the team."
    )
    if overdue:
        # An assessment from last year whose review was missed (dates set directly: the service
        # refuses to approve with a past review date, as it should).
        ActivityRiskAssessment.objects.filter(pk=approved.pk).update(
            assessed_on=timezone.localdate() - timedelta(days=400),
            review_due_on=timezone.localdate() - timedelta(days=35),
        )


def _feedback(service, rng: random.Random, size: str) -> int:
    """Feedback on past sessions: about one person in four answers, a third of them anonymously."""
    now = timezone.now()
    marks = list(
        Attendance.objects.filter(
            session__activity__service=service,
            session__status="scheduled",
            session__starts_at__lt=now,
            mark__in=TOOK_PART,
        )
        .values_list("session_id", "client_id", "recorded_by_id", "session__starts_at")
        .order_by("session_id", "client_id")
    )
    rows = []
    for session_id, client_id, recorded_by_id, starts_at in marks:
        if rng.random() > 0.25:
            continue
        rating = rng.choices([5, 4, 3, 2, 1], weights=[40, 32, 16, 8, 4])[0]
        comment = rng.choice(COMMENTS[rating]) if rng.random() < 0.6 else ""
        anonymous = rng.random() < 0.35
        rows.append(
            SessionFeedback(
                session_id=session_id,
                rating=rating,
                comment=comment,
                client_id=None if anonymous else client_id,
                recorded_by_id=None if anonymous else recorded_by_id,
                recorded_at=None if anonymous else starts_at + timedelta(minutes=95),
                idempotency_key=uuid.uuid4(),
            )
        )
    SessionFeedback.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _you_said_we_did(service, by: User, rng: random.Random) -> None:
    """Three changes, each answering lower-rated comments about one activity (the cooking one for
    the change about recipes)."""
    activities = list(service.activities.filter(is_active=True).order_by("id"))
    if not activities:
        return
    cooking = next((item for item in activities if item.category == Category.LIFE_SKILLS), None)
    for number, (you_said, we_did) in enumerate(CHANGES):
        activity = cooking if number == 2 and cooking else activities[(number * 3) % len(activities)]
        linked = list(
            SessionFeedback.objects.filter(session__activity=activity, rating__lte=3)
            .exclude(comment="")
            .order_by("session__starts_at", "rating")[:3]
        )
        feedback_services.you_said_we_did_record(
            service=service,
            by=by,
            you_said=you_said,
            we_did=we_did,
            changed_on=timezone.localdate() - timedelta(days=7 * (len(CHANGES) - number)),
            idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-yswd-{service.pk}-{number}"),
            activity=activity,
            feedback=linked,
        )


def _pretenancy(service, workers: list[User], rng: random.Random) -> tuple[int, int]:
    modules = pretenancy_services.pretenancy_modules_for(service=service)
    course = list(service.activities.filter(category=Category.PRE_TENANCY, is_active=True).order_by("id"))
    life_skills = list(service.activities.filter(category=Category.LIFE_SKILLS, is_active=True).order_by("id"))
    teaching = course + life_skills
    if not teaching:
        return 0, 0
    links = []
    for number, module in enumerate(modules):
        links.append(PreTenancyModuleActivity(module=module, activity=teaching[number % len(teaching)]))
    PreTenancyModuleActivity.objects.bulk_create(links, ignore_conflicts=True)
    attendees = list(
        Attendance.objects.filter(session__activity__in=teaching, mark__in=TOOK_PART)
        .values_list("client_id", flat=True)
        .distinct()
        .order_by("client_id")
    )
    from clients.models import Client

    people = list(
        Client.objects.filter(pk__in=attendees, team__service=service)
        .order_by("id")
        .select_related("team__service")[:40]
    )
    sign_offs = 0
    today = timezone.localdate()
    for index, person in enumerate(people):
        # A few finish the course; most are part-way through.
        count = len(modules) if index % 4 == 0 else rng.randint(1, len(modules) - 1)
        worker = workers[index % len(workers)] if workers else None
        if worker is None:
            break
        for offset, module in enumerate(modules[:count]):
            pretenancy_services.pretenancy_sign_off(
                client=person,
                module=module,
                by=worker,
                signed_off_on=today - timedelta(days=7 * (count - offset)),
                note="Came to the group sessions and practised at home.",
            )
            sign_offs += 1
    return sign_offs, PreTenancyCompletion.objects.filter(service=service).count()


def seed_programme(context: DemoContext) -> dict[str, int]:
    rng = random.Random(20261201)
    for service in context.services:
        if ActivityRiskAssessment.objects.filter(activity__service=service).exists():
            continue
        workers, leaders = _staff(service)
        if not (workers and leaders):
            continue
        activities = list(service.activities.filter(is_active=True).order_by("id"))
        for number, activity in enumerate(activities):
            if number == 1:
                continue  # one activity has no assessment yet: the timetable marks its sessions
            facilitator = activity.facilitator_links.order_by("id").first()
            assessor = facilitator.user if facilitator else workers[number % len(workers)]
            _assess(activity, assessor, leaders[0], overdue=number == 2)
        _feedback(service, rng, context.size)
        _you_said_we_did(service, leaders[0], rng)
        _pretenancy(service, workers, rng)
    return {
        "activity risk assessments": ActivityRiskAssessment.objects.count(),
        "session feedback": SessionFeedback.objects.count(),
        "you said, we did": YouSaidWeDid.objects.count(),
        "pre-tenancy sign-offs": PreTenancySignOff.objects.count(),
        "pre-tenancy completions": PreTenancyCompletion.objects.count(),
        "sessions": Session.objects.count(),
    }
