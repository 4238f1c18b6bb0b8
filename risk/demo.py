"""Demo risk records for ``manage.py seed_demo``: assessments with versions, management plans,
alerts, safeguarding concerns, escalations and review prompts, for the clients the clients
seeder made.

One code path for both sizes, written with ``bulk_create``: "small" gives most open clients an
assessment (some reviewed, some overdue, a draft in progress, a few with none yet); "large"
does the same and tops the closed clients up to 20,000 assessments in all. Idempotent: a client
that already has any risk record is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from clients.models import Client, Contact, Episode
from recovery.accounts.models import User
from recovery.core.services import notification_send
from risk import demo_content
from risk.choices import ActionStatus, AreaStatus, PersonInvolvement, PromptSource, ReviewReason
from risk.models import (
    AREA_TEXT_FIELDS,
    Alert,
    Escalation,
    ManagementAction,
    ReviewPrompt,
    RiskArea,
    RiskAssessment,
    RiskSettings,
    SafeguardingConcern,
    SafeguardingUpdate,
)
from risk.services.settings import risk_settings_for

LARGE_TARGET = 20_000
BATCH_SIZE = 5000
DEMO_WORKER_EMAIL = "worker@demo.recovery.example"
REVIEW_REASONS = [ReviewReason.SCHEDULED, ReviewReason.SCHEDULED, ReviewReason.CHANGE, ReviewReason.INCIDENT]


@dataclass
class Subject:
    client: Client
    started_on: date
    ended_on: date | None
    staff: User  # who writes the records: the lead worker, else the team leader
    seeded: bool  # has risk records already (from an earlier run): left alone


def _at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _fill(text: str, name: str) -> str:
    return text.replace("{name}", name)


def _subjects(context) -> list[Subject]:
    """Every demo client who has had support, in a stable order (so a second run plans the same
    records for the same clients), marked if they have risk records already."""
    has_risk = (
        Exists(RiskAssessment.objects.filter(client=OuterRef("pk")))
        | Exists(Alert.objects.filter(client=OuterRef("pk")))
        | Exists(SafeguardingConcern.objects.filter(client=OuterRef("pk")))
        | Exists(Escalation.objects.filter(client=OuterRef("pk")))
        | Exists(ReviewPrompt.objects.filter(client=OuterRef("pk")))
    )
    clients = list(
        Client.objects.filter(team__in=context.teams)
        .annotate(risk_seeded=has_risk)
        .select_related("team__service", "lead_worker")
        .order_by("team_id", "id")
    )
    episodes = {
        episode.client_id: episode
        for episode in Episode.objects.filter(client__in=clients, started_on__isnull=False).order_by("accepted_on")
    }
    subjects = []
    for client in clients:
        episode = episodes.get(client.pk)
        if episode is None:
            continue  # waiting, pending or declined: no support yet, so no assessment
        leader = context.leaders_by_team.get(client.team_id)
        staff = client.lead_worker or leader
        if staff is None:
            continue
        subjects.append(Subject(client, episode.started_on, episode.ended_on, staff, client.risk_seeded))
    return subjects


def _versions_for(index: int, subject: Subject) -> tuple[int, bool]:
    """(agreed versions, draft in progress) for an open client, by its place in the team's list."""
    slot = index % 10
    if slot in (8, 9):
        return 0, False  # no assessment yet: "No in-date risk assessment" on the caseload
    if slot == 7:
        return 0, True  # first assessment being written
    if slot == 4:
        return 1, True  # a review in progress
    return {0: 1, 1: 1, 2: 2, 3: 1, 5: 2, 6: 3}[slot], False


@dataclass
class Written:
    assessments: list[RiskAssessment]
    areas: list[RiskArea]
    actions: list[ManagementAction]


def _write_versions(
    subject: Subject,
    *,
    agreed: int,
    draft: bool,
    areas_config: list[dict],
    interval: int,
    rng: random.Random,
    out: Written,
) -> None:
    """Build (not save) a client's versions: each agreed one a review of the one before."""
    client = subject.client
    name = client.preferred_name or client.first_name
    profile = rng.choice(demo_content.PROFILES)
    today = timezone.localdate()
    last_day = min(subject.ended_on or today, today - timedelta(days=1))
    first_day = subject.started_on + timedelta(days=3)
    total = agreed + (1 if draft else 0)
    span = max((last_day - first_day).days, total)
    step = max(1, min(interval, span // max(total, 1)))
    previous = None
    for number in range(1, total + 1):
        is_draft = draft and number == total
        day = min(first_day + timedelta(days=step * (number - 1)), last_day)
        is_current = not is_draft and number == agreed
        later = number > 1
        assessment = RiskAssessment(
            client=client,
            number=number,
            review_reason=ReviewReason.FIRST if number == 1 else REVIEW_REASONS[(number + client.pk) % 4],
            review_reason_detail=_fill(profile.review_note, name) if later else "",
            review_priority=profile.priority if not (later and profile.priority == "urgent") else "soon",
            summary=_fill(profile.summary, name),
            person_involvement=""
            if is_draft
            else rng.choice([PersonInvolvement.TOGETHER] * 3 + [PersonInvolvement.CONTRIBUTED]),
            created_by=subject.staff,
            agreed_by=None if is_draft else subject.staff,
            agreed_at=None if is_draft else _at(day, 11 + number % 5),
            review_due_on=None if is_draft else day + timedelta(days=interval),
            is_current=is_current,
        )
        assessment._demo_previous = previous
        out.assessments.append(assessment)
        for position, entry in enumerate(areas_config):
            content = dict(profile.areas.get(entry["key"], {}))
            if later:
                content.update(profile.review_changes.get(entry["key"], {}))
            status = content.pop("status", AreaStatus.NO_CURRENT_CONCERN)
            if is_draft and number == 1 and position > 2:
                status, content = AreaStatus.NOT_ASSESSED, {}
            out.areas.append(
                RiskArea(
                    assessment=assessment,
                    key=entry["key"],
                    label=entry["label"],
                    position=position,
                    status=status,
                    **{field: _fill(content.get(field, ""), name) for field in AREA_TEXT_FIELDS},
                )
            )
        live = (is_current or is_draft) and subject.ended_on is None
        for offset, (area_key, text, owner) in enumerate(profile.actions):
            due = day + timedelta(days=14 + 14 * offset)
            status = ActionStatus.DONE
            if live:
                # The plan in force looks ahead; now and then the first step has slipped a few days.
                status = ActionStatus.IN_PROGRESS if offset == 0 else ActionStatus.TO_DO
                if due < today:
                    due = (
                        today - timedelta(days=3)
                        if offset == 0 and client.pk % 4 == 0
                        else today + timedelta(days=7 + 14 * offset)
                    )
            out.actions.append(
                ManagementAction(
                    assessment=assessment,
                    area=None,
                    action=_fill(text, name),
                    owner=subject.staff if owner == "lead" else None,
                    owner_other="" if owner == "lead" else (name if owner == "person" else owner),
                    due_on=due,
                    status=status,
                    created_by=subject.staff,
                )
            )
            out.actions[-1]._demo_area_key = area_key
        previous = assessment


def _save(written: Written) -> None:
    RiskAssessment.objects.bulk_create(written.assessments, batch_size=BATCH_SIZE)
    for assessment in written.assessments:
        if assessment._demo_previous is not None:
            assessment.previous_id = assessment._demo_previous.pk
    RiskAssessment.objects.bulk_update(
        [a for a in written.assessments if a.previous_id], ["previous"], batch_size=BATCH_SIZE
    )
    RiskArea.objects.bulk_create(written.areas, batch_size=BATCH_SIZE)
    area_ids = {(area.assessment.pk, area.key): area.pk for area in written.areas}
    for action in written.actions:
        key = getattr(action, "_demo_area_key", None)
        action.area_id = area_ids.get((action.assessment.pk, key)) if key else None
    ManagementAction.objects.bulk_create(written.actions, batch_size=BATCH_SIZE)
    # created_at is auto_now_add: set it to when each version was started (a day before agreement).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE risk_riskassessment SET created_at = agreed_at - interval '1 day' "
            "WHERE id = ANY(%s) AND agreed_at IS NOT NULL",
            [[a.pk for a in written.assessments]],
        )


def _alerts_concerns_and_escalations(subjects: list[Subject], context, rng: random.Random, *, size: str) -> None:
    today = timezone.localdate()
    open_subjects = [s for s in subjects if s.ended_on is None]
    alerts = []
    for index, subject in enumerate(open_subjects):
        if index % 5 != 0 or subject.seeded:
            continue
        kind, text, detail = demo_content.ALERTS[(index // 5) % len(demo_content.ALERTS)]
        settings = risk_settings_for(service=subject.client.team.service)
        severity = (settings.alert_type(kind) or {"severity": "warning"})["severity"]
        alerts.append(
            Alert(
                client=subject.client,
                alert_type=kind,
                text=text,
                detail=detail,
                severity=severity,
                starts_on=max(subject.started_on, today - timedelta(days=120)),
                review_on=today + timedelta(days=rng.randint(-10, 80)),
                set_by=subject.staff,
            )
        )
    Alert.objects.bulk_create(alerts, batch_size=BATCH_SIZE)

    # Safeguarding: one for a client the demo worker leads (they see the details), one in the same
    # team led by someone else (the demo worker sees only that a concern is open), then a few more.
    wanted = 3 if size == "small" else max(3, len(open_subjects) // 40)
    demo_led = [s for s in open_subjects if s.client.lead_worker and s.client.lead_worker.email == DEMO_WORKER_EMAIL]
    demo_team = demo_led[0].client.team_id if demo_led else None
    others = [s for s in open_subjects if s.client.team_id == demo_team and s not in demo_led]
    chosen = (demo_led[:1] + others[:1] + [s for s in open_subjects[5::7] if s not in demo_led[:1] + others[:1]])[
        :wanted
    ]
    concerns, updates = [], []
    for index, subject in enumerate(chosen):
        if subject.seeded:
            continue
        template = demo_content.CONCERNS[index % len(demo_content.CONCERNS)]
        name = subject.client.preferred_name or subject.client.first_name
        raised = timezone.now() - timedelta(days=2 + index * 3, hours=3)
        concern = SafeguardingConcern(
            client=subject.client,
            categories=template["categories"],
            what_happened=_fill(template["what_happened"], name),
            occurred_on=timezone.localdate(raised) - timedelta(days=1),
            who_is_at_risk=_fill(template["who_is_at_risk"], name),
            source=_fill(template["source"], name),
            children_in_household=template["children_in_household"],
            other_adults_in_household=template["other_adults_in_household"],
            household_details=template.get("household_details", ""),
            persons_views=template["persons_views"],
            referral_consent=template["referral_consent"],
            immediate_actions=_fill(template["immediate_actions"], name),
            raised_by=subject.staff,
            raised_at=raised,
            la_referral="referred" if index % 2 == 0 else "undecided",
            la_referred_on=timezone.localdate(raised) if index % 2 == 0 else None,
            la_reference=f"ASC-{rng.randint(100000, 999999)}" if index % 2 == 0 else "",
            lead_informed_on=timezone.localdate(raised),
            lead_name="Grace Okafor (team safeguarding lead)",
        )
        concerns.append(concern)
    SafeguardingConcern.objects.bulk_create(concerns, batch_size=BATCH_SIZE)
    for concern in concerns:
        updates.append(
            SafeguardingUpdate(
                concern=concern,
                note="Discussed with the team leader. Agreed to visit in pairs for now and to talk to the person again on Friday.",
                recorded_by=concern.raised_by,
            )
        )
    SafeguardingUpdate.objects.bulk_create(updates)
    for concern in concerns:
        leader = context.leaders_by_team.get(concern.client.team_id)
        if leader is not None:
            notification_send(
                recipient=leader,
                title=f"Safeguarding concern raised for {concern.client.display_name} ({concern.client.team})",
                body=f"Raised by {concern.raised_by}. Open it to see the details and record the next steps.",
                url=f"/clients/{concern.client.code}/risk/safeguarding/{concern.code}/",
                dedupe_key=f"safeguarding:{concern.code}:{leader.pk}",
            )

    # Escalations from each chosen client's latest contact, and a review asked for after each.
    escalations, prompts = [], []
    for index, subject in enumerate(open_subjects[2::9][: 3 if size == "small" else 60]):
        contact = Contact.objects.filter(client=subject.client).order_by("-occurred_at").first()
        if contact is None or subject.seeded:
            continue
        to, detail, reason, outcome = demo_content.ESCALATIONS[index % len(demo_content.ESCALATIONS)]
        name = subject.client.preferred_name or subject.client.first_name
        escalations.append(
            Escalation(
                client=subject.client,
                contact=contact,
                escalated_to=to,
                escalated_to_detail=detail,
                escalated_at=contact.occurred_at + timedelta(minutes=20),
                reason=_fill(reason, name),
                outcome=_fill(outcome, name),
                recorded_by=subject.staff,
            )
        )
        prompts.append(
            ReviewPrompt(
                client=subject.client,
                source=PromptSource.ESCALATION,
                reason=f"Escalated after a contact: {_fill(reason, name)}",
                contact=contact,
                raised_by=subject.staff,
            )
        )
    Escalation.objects.bulk_create(escalations)
    ReviewPrompt.objects.bulk_create(prompts)


def seed_risk(context) -> dict[str, int]:
    rng = random.Random(f"recovery-demo-risk:{context.size}")
    if context.services:
        # The first demo service asks team leaders to sign off assessments, so that page has something.
        settings = risk_settings_for(service=context.services[0])
        if not settings.sign_off_required:
            RiskSettings.objects.filter(pk=settings.pk).update(sign_off_required=True)
    subjects = _subjects(context)
    if any(not subject.seeded for subject in subjects):
        written = Written([], [], [])
        open_index: dict[int, int] = {}
        interval_by_service = {}
        areas_by_service = {}
        for subject in subjects:
            service = subject.client.team.service
            if service.pk not in areas_by_service:
                areas_by_service[service.pk] = risk_settings_for(service=service).areas
                interval_by_service[service.pk] = service.risk_review_interval_days
            if subject.ended_on is None:
                position = open_index.setdefault(subject.client.team_id, 0)
                open_index[subject.client.team_id] = position + 1
                agreed, draft = _versions_for(position, subject)
            else:
                agreed, draft = (1 + subject.client.pk % 2), False
            if (agreed or draft) and not subject.seeded:
                _write_versions(
                    subject,
                    agreed=agreed,
                    draft=draft,
                    areas_config=areas_by_service[service.pk],
                    interval=interval_by_service[service.pk],
                    rng=rng,
                    out=written,
                )
        if context.size == "large":
            _top_up_closed(subjects, written, areas_by_service, interval_by_service, rng)
        _save(written)
        sign_off = RiskAssessment.objects.filter(
            pk__in=[a.pk for a in written.assessments if a.is_current],
            client__team__service__risk_settings__sign_off_required=True,
        )
        sign_off.update(sign_off_required=True)
        for assessment in sign_off.select_related("client")[2:]:
            RiskAssessment.objects.filter(pk=assessment.pk).update(
                signed_off_by=context.leaders_by_team.get(assessment.client.team_id),
                signed_off_at=min(assessment.agreed_at + timedelta(days=2), timezone.now()),
            )
        _alerts_concerns_and_escalations(subjects, context, rng, size=context.size)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE risk_riskassessment, risk_riskarea, risk_managementaction, risk_alert")
    demo_clients = Client.objects.filter(team__in=context.teams)
    return {
        "assessments": RiskAssessment.objects.filter(client__in=demo_clients).count(),
        "areas": RiskArea.objects.filter(assessment__client__in=demo_clients).count(),
        "actions": ManagementAction.objects.filter(assessment__client__in=demo_clients).count(),
        "alerts": Alert.objects.filter(client__in=demo_clients).count(),
        "open concerns": SafeguardingConcern.objects.filter(client__in=demo_clients, closed_at__isnull=True).count(),
        "escalations": Escalation.objects.filter(client__in=demo_clients).count(),
    }


def _top_up_closed(subjects, written: Written, areas_by_service, interval_by_service, rng) -> None:
    """Large: give closed clients more versions until there are 20,000 assessments in all."""
    existing = RiskAssessment.objects.count()
    missing = LARGE_TARGET - existing - len(written.assessments)
    closed = [s for s in subjects if s.ended_on is not None and not s.seeded]
    if missing <= 0 or not closed:
        return
    # Drop what was planned for closed clients and plan them again with enough versions each.
    closed_ids = {s.client.pk for s in closed}
    kept = [a for a in written.assessments if a.client_id not in closed_ids]
    removed = len(written.assessments) - len(kept)
    written.assessments[:] = kept
    written.areas[:] = [area for area in written.areas if area.assessment.client_id not in closed_ids]
    written.actions[:] = [action for action in written.actions if action.assessment.client_id not in closed_ids]
    missing += removed
    base, extra = divmod(missing, len(closed))
    for index, subject in enumerate(closed):
        versions = base + (index < extra)
        if versions:
            service = subject.client.team.service
            _write_versions(
                subject,
                agreed=versions,
                draft=False,
                areas_config=areas_by_service[service.pk],
                interval=interval_by_service[service.pk],
                rng=rng,
                out=written,
            )
