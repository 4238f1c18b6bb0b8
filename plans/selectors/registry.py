"""What plans feed into the core registries: reminders, caseload flags, next due dates and timeline.

Each function answers for many clients (or one client's timeline) in one query.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from clients.models import Client, Episode
from plans.choices import MAIN_PLAN_TYPES, OPEN_STEP_STATUSES, PlanStatus, PlanType
from plans.models import Plan, PlanReview, PlanSettings, SignObservation, Step
from recovery.core.registries import CaseloadFlag, ClientDueDate, DueItem, TimelineEntry

DEFAULT_THRESHOLD = PlanSettings._meta.get_field("early_warning_threshold").default
DEFAULT_WINDOW_DAYS = PlanSettings._meta.get_field("early_warning_window_days").default


def plan_url(client_code, plan_code) -> str:
    return reverse("plans:plan_detail", args=[client_code, plan_code])


def _current_episode():
    return Episode.objects.filter(client=OuterRef("pk"), ended_on__isnull=True).order_by("-accepted_on")


def _with_plan_state(queryset):
    """Annotate clients with their current episode's start, whether it has an agreed main plan,
    and their earliest agreed plan review (and its type)."""
    episodes = _current_episode()
    agreed = Plan.objects.filter(client=OuterRef("pk"), status=PlanStatus.AGREED)
    earliest_review = agreed.order_by("review_due_on", "plan_type")
    return queryset.annotate(
        started_on=Subquery(episodes.values("started_on")[:1]),
        # A plan belongs to one episode, so "agreed in the current episode" is "its episode has not ended".
        has_agreed_plan=Exists(agreed.filter(plan_type__in=MAIN_PLAN_TYPES, episode__ended_on__isnull=True)),
        review_due_on=Subquery(earliest_review.values("review_due_on")[:1]),
        review_plan_type=Subquery(earliest_review.values("plan_type")[:1]),
        awaiting_sign_off=Exists(agreed.filter(sign_off_required=True, signed_off_at__isnull=True)),
        plan_due_within_days=F("team__service__plan_due_within_days"),
    )


def _review_label(plan_type: str | None) -> str:
    if plan_type == PlanType.CRISIS:
        return "Crisis plan review"
    return "Support plan review"


# --- caseload flags --------------------------------------------------------------------------------


def plan_flags(*, client_ids) -> dict[int, list[CaseloadFlag]]:
    """No agreed plan within the service's N days of starting; review overdue; awaiting sign-off."""
    today = timezone.localdate()
    rows = _with_plan_state(Client.objects.filter(id__in=client_ids, is_open=True)).values_list(
        "id", "started_on", "has_agreed_plan", "review_due_on", "review_plan_type", "awaiting_sign_off",
        "plan_due_within_days",
    )  # fmt: skip
    flags: dict[int, list[CaseloadFlag]] = {}
    for client_id, started_on, has_agreed, review_due_on, review_type, awaiting, due_within in rows:
        found = []
        if started_on and not has_agreed and today > started_on + timedelta(days=due_within):
            found.append(
                CaseloadFlag(
                    "no_agreed_plan",
                    "No agreed plan",
                    severity="warning",
                    hint=f"Agree a support plan with the client: due within {due_within} days of starting.",
                )
            )
        if review_due_on and review_due_on < today:
            found.append(
                CaseloadFlag(
                    "plan_review_overdue",
                    f"{_review_label(review_type).replace(' review', '')} review overdue",
                    severity="warning",
                    hint=f"The review was due on {date_format(review_due_on, 'j M Y')}. Arrange it with the client.",
                )
            )
        if awaiting:
            found.append(
                CaseloadFlag(
                    "plan_sign_off",
                    "Plan awaiting sign-off",
                    severity="info",
                    hint="A team leader signs off the agreed plan.",
                )
            )
        if found:
            flags[client_id] = found
    return flags


def early_warning_flags(*, client_ids) -> dict[int, list[CaseloadFlag]]:
    """Clients with at least the service's N early warning signs ticked within its window (one query)."""
    settings_path = "client__team__service__plan_settings__"
    threshold = Coalesce(F(f"{settings_path}early_warning_threshold"), Value(DEFAULT_THRESHOLD))
    window = Coalesce(F(f"{settings_path}early_warning_window_days"), Value(DEFAULT_WINDOW_DAYS))
    # Python's now, not the database's: so a frozen clock in tests (and the caller's idea of now) holds.
    since = ExpressionWrapper(
        Value(timezone.now(), output_field=DateTimeField()) - window * Value(timedelta(days=1)),
        output_field=DateTimeField(),
    )
    rows = (
        SignObservation.objects.filter(client_id__in=client_ids, client__is_open=True)
        .alias(since=since)
        .filter(observed_at__gte=F("since"))
        .values("client_id")
        .annotate(signs=Count("id"), threshold=Max(threshold), window=Max(window))
        .filter(signs__gte=F("threshold"))
        .order_by()
    )
    return {
        row["client_id"]: [
            CaseloadFlag(
                "early_warning",
                f"Early warning signs: {row['signs']} in {row['window']} days",
                severity="danger",
                hint="Consider a plan or risk review.",
            )
        ]
        for row in rows
    }


# --- next due date per client -------------------------------------------------------------------


def plan_next_due(*, client_ids) -> dict[int, ClientDueDate]:
    """The next plan review, or (with no agreed plan yet) the date a plan should be agreed by."""
    rows = _with_plan_state(Client.objects.filter(id__in=client_ids, is_open=True)).values_list(
        "id", "started_on", "has_agreed_plan", "review_due_on", "review_plan_type", "plan_due_within_days"
    )
    due: dict[int, ClientDueDate] = {}
    for client_id, started_on, has_agreed, review_due_on, review_type, due_within in rows:
        if review_due_on:
            due[client_id] = ClientDueDate(review_due_on, _review_label(review_type))
        if started_on and not has_agreed:
            agree_by = ClientDueDate(started_on + timedelta(days=due_within), "Support plan to agree")
            if client_id not in due or agree_by.due_on < due[client_id].due_on:
                due[client_id] = agree_by
    return due


# --- timeline ----------------------------------------------------------------------------------------


def plan_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Plans agreed and plans reviewed, newest first, at or before ``before`` (one UNION query)."""
    agreed = Plan.objects.filter(client=client, agreed_at__isnull=False)
    reviews = PlanReview.objects.filter(plan__client=client)
    if before is not None:
        agreed = agreed.filter(agreed_at__lte=before)
        reviews = reviews.filter(reviewed_at__lte=before)
    columns = ("event", "at", "entry_code", "plan_code", "plan_type", "number", "actor", "detail")
    agreed_rows = agreed.annotate(
        event=Value("agreed", output_field=CharField()),
        at=F("agreed_at"),
        entry_code=F("code"),
        plan_code=F("code"),
        actor=F("agreed_by__full_name"),
        detail=F("agreement"),
    ).values_list(*columns)
    review_rows = reviews.annotate(
        event=Value("reviewed", output_field=CharField()),
        at=F("reviewed_at"),
        entry_code=F("code"),
        plan_code=F("plan__code"),
        plan_type=F("plan__plan_type"),
        number=F("plan__number"),
        actor=F("reviewed_by__full_name"),
        detail=F("client_view"),
    ).values_list(*columns)
    entries = []
    for event, at, entry_code, plan_code, plan_type, number, actor, detail in agreed_rows.union(
        review_rows, all=True
    ).order_by("-at", "-entry_code")[:limit]:
        label = PlanType(plan_type).label
        if event == "agreed":
            title = f"{label} agreed (version {number})"
            summary = {
                "signed": "Signed by the client on screen.",
                "verbal": "The client agreed verbally.",
                "declined": "The client agreed the plan but did not want to sign it.",
            }.get(detail, "")
        else:
            title = f"{label} reviewed (version {number})"
            summary = f"The client's view: {detail}" if detail else ""
        entries.append(
            TimelineEntry(
                occurred_at=at,
                source="plan",
                entry_id=f"{entry_code}-{event[0]}",
                title=title,
                summary=summary[:300],
                actor=actor or "",
                url=plan_url(client.code, plan_code),
                icon="plan",
            )
        )
    return entries


# --- reminders ------------------------------------------------------------------------------------------


def plan_review_due_items(*, today: date, until: date) -> list[DueItem]:
    """Agreed plans of open clients whose review falls due on or before ``until`` (overdue included)."""
    plans = (
        Plan.objects.filter(status=PlanStatus.AGREED, review_due_on__lte=until, client__is_open=True)
        .select_related("client")
        .order_by("review_due_on", "id")
    )
    return [
        DueItem(
            source="plan_review",
            item_key=str(plan.code),
            title=f"{_review_label(plan.plan_type)} for {plan.client.display_name}",
            due_on=plan.review_due_on,
            team_id=plan.client.team_id,
            client_code=plan.client.code,
            client_id=plan.client.pk,
            client_label=plan.client.display_name,
            responsible_user_id=plan.client.lead_worker_id,
            url=plan_url(plan.client.code, plan.code),
        )
        for plan in plans
    ]


def step_due_items(*, today: date, until: date) -> list[DueItem]:
    """Open steps of agreed plans of open clients, due on or before ``until`` (overdue included)."""
    steps = (
        Step.objects.filter(
            status__in=OPEN_STEP_STATUSES,
            due_on__lte=until,
            goal__plan__status=PlanStatus.AGREED,
            goal__plan__client__is_open=True,
        )
        .select_related("goal__plan__client")
        .order_by("due_on", "id")
    )
    items = []
    for step in steps:
        plan = step.goal.plan
        client = plan.client
        description = step.description if len(step.description) <= 80 else f"{step.description[:79]}…"
        items.append(
            DueItem(
                source="plan_step",
                item_key=str(step.code),
                title=f"Plan step for {client.display_name}: {description}",
                due_on=step.due_on,
                team_id=client.team_id,
                client_code=client.code,
                client_id=client.pk,
                client_label=client.display_name,
                responsible_user_id=client.lead_worker_id,
                url=plan_url(client.code, plan.code),
            )
        )
    return items
