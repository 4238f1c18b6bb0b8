"""What risk feeds into the core registries: caseload flags, next due dates, reminders, timeline.

Flag and due-date sources take a list of client ids and run one query each, whatever the
number of clients; the timeline source runs one query (a UNION) per call.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    CharField,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, JSONObject
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Episode
from recovery.core.registries import CaseloadFlag, ClientDueDate, DueItem, TimelineEntry
from risk.choices import (
    OPEN_ACTION_STATUSES,
    CareActCategory,
    ClosureReason,
    EscalatedTo,
    LocalAuthorityReferral,
    ReviewPriority,
    ReviewReason,
)
from risk.models import Alert, Escalation, ManagementAction, ReviewPrompt, RiskAssessment, SafeguardingConcern

SEVERITY_ORDER = {"danger": 0, "warning": 1, "info": 2}
DEFAULT_FOLLOW_UP_DAYS = 7


def _risk_url(client_code) -> str:
    return reverse("risk:client_risk", args=[client_code])


# --- caseload flags ---------------------------------------------------------------------------


def alert_flags(*, client_ids) -> dict[int, list[CaseloadFlag]]:
    """Current alerts only, most important first (for activity registers): the same one query."""
    alerts = {
        client_id: [flag for flag in client_flags if flag.key == "alert"]
        for client_id, client_flags in risk_flags(client_ids=client_ids).items()
    }
    return {client_id: client_flags for client_id, client_flags in alerts.items() if client_flags}


def _alert_flag_list(alerts) -> list[CaseloadFlag]:
    """Current alerts as flags: the alert's own words are the flag, most important first."""
    flags = [
        CaseloadFlag("alert", alert["text"], severity=alert["severity"], hint="Alert: see Risk and safety")
        for alert in alerts or []
    ]
    return sorted(flags, key=lambda flag: SEVERITY_ORDER.get(flag.severity, 3))


def risk_flags(*, client_ids) -> dict[int, list[CaseloadFlag]]:
    """Current alerts (first), open safeguarding concern, no in-date assessment, review overdue or
    asked for, urgent review priority: one query over the clients, with the rest as subqueries.

    Alerts and the rest share the query because every source costs each client page a query, and
    those pages have a budget of 20 in all.
    """
    today = timezone.localdate()
    current = RiskAssessment.objects.filter(client=OuterRef("pk"), is_current=True)
    alerts = (
        Alert.objects.filter(client=OuterRef("pk"), ended_at__isnull=True, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("starts_on", "id")
        .values(json=JSONObject(text="text", severity="severity"))
    )
    rows = (
        Client.objects.filter(id__in=client_ids)
        .annotate(
            risk_open_concern=Exists(SafeguardingConcern.objects.filter(client=OuterRef("pk"), closed_at__isnull=True)),
            risk_has_current=Exists(current),
            risk_due_on=Subquery(current.values("review_due_on")[:1], output_field=DateField()),
            risk_priority=Subquery(current.values("review_priority")[:1]),
            risk_asked=Exists(ReviewPrompt.objects.filter(client=OuterRef("pk"), resolved_at__isnull=True)),
            current_alert_rows=ArraySubquery(alerts),
        )
        .values_list(
            "id",
            "is_open",
            "risk_open_concern",
            "risk_has_current",
            "risk_due_on",
            "risk_priority",
            "risk_asked",
            "current_alert_rows",
        )
    )
    flags: dict[int, list[CaseloadFlag]] = {}
    for client_id, is_open, open_concern, has_current, due_on, priority, asked, current_alerts in rows:
        client_flags = _alert_flag_list(current_alerts)
        if open_concern:
            client_flags.append(
                CaseloadFlag(
                    "safeguarding",
                    "Open safeguarding concern",
                    severity="danger",
                    hint="The allocated workers and team leader can see the details.",
                )
            )
        if is_open:
            if not has_current:
                client_flags.append(
                    CaseloadFlag(
                        "risk_none",
                        "No in-date risk assessment",
                        severity="warning",
                        hint="Complete a risk assessment with the person.",
                    )
                )
            elif due_on is not None and due_on < today:
                client_flags.append(
                    CaseloadFlag(
                        "risk_overdue",
                        "Risk review overdue",
                        severity="warning",
                        hint=f"The review was due on {due_on.day} {due_on:%b %Y}.",
                    )
                )
            if asked and has_current:
                client_flags.append(
                    CaseloadFlag(
                        "risk_asked",
                        "Risk review asked for",
                        severity="warning",
                        hint="Something changed: review the risk assessment.",
                    )
                )
            if has_current and priority == ReviewPriority.URGENT:
                client_flags.append(
                    CaseloadFlag(
                        "risk_urgent",
                        "Review priority: urgent",
                        severity="danger",
                        hint="Review priority is about timing, not a prediction.",
                    )
                )
        if client_flags:
            flags[client_id] = client_flags
    return flags


# --- next due date per client -----------------------------------------------------------------


def next_risk_review(*, client_ids) -> dict[int, ClientDueDate]:
    """The current assessment's review date, or sooner if someone asked for a review (one query)."""
    current = RiskAssessment.objects.filter(client=OuterRef("pk"), is_current=True)
    prompts = ReviewPrompt.objects.filter(client=OuterRef("pk"), resolved_at__isnull=True).order_by("raised_at")
    rows = (
        Client.objects.filter(id__in=client_ids, is_open=True)
        .annotate(
            risk_due_on=Subquery(current.values("review_due_on")[:1], output_field=DateField()),
            risk_asked_at=Subquery(prompts.values("raised_at")[:1], output_field=DateTimeField()),
        )
        .filter(Q(risk_due_on__isnull=False) | Q(risk_asked_at__isnull=False))
        .values_list("id", "risk_due_on", "risk_asked_at")
    )
    result = {}
    for client_id, due_on, asked_at in rows:
        asked_on = timezone.localdate(asked_at) if asked_at else None
        if asked_on is not None and (due_on is None or asked_on < due_on):
            result[client_id] = ClientDueDate(asked_on, "Risk review (asked for)")
        else:
            result[client_id] = ClientDueDate(due_on, "Risk review")
    return result


# --- reminders --------------------------------------------------------------------------------


def review_due_items(*, today: date, until: date) -> list[DueItem]:
    """Risk reviews due (current assessment's date), reviews asked for, and open clients who have
    never had a risk assessment (due from the day support started)."""
    items = []
    for assessment in (
        RiskAssessment.objects.filter(is_current=True, client__is_open=True, review_due_on__lte=until)
        .select_related("client")
        .order_by("review_due_on", "id")
    ):
        client = assessment.client
        items.append(
            DueItem(
                source="risk_review",
                item_key=str(assessment.code),
                title=f"Risk review for {client.display_name}",
                due_on=assessment.review_due_on,
                team_id=client.team_id,
                client_code=client.code,
                client_id=client.pk,
                client_label=client.display_name,
                responsible_user_id=client.lead_worker_id,
                url=_risk_url(client.code),
            )
        )
    for prompt in (
        ReviewPrompt.objects.filter(resolved_at__isnull=True, client__is_open=True)
        .select_related("client")
        .order_by("raised_at", "id")
    ):
        client = prompt.client
        asked_on = timezone.localdate(prompt.raised_at)
        if asked_on <= until:
            items.append(
                DueItem(
                    source="risk_review",
                    item_key=f"asked-{prompt.code}",
                    title=f"Risk review asked for: {client.display_name}",
                    due_on=asked_on,
                    team_id=client.team_id,
                    client_code=client.code,
                    client_id=client.pk,
                    client_label=client.display_name,
                    responsible_user_id=client.lead_worker_id,
                    url=_risk_url(client.code),
                )
            )
    started = Episode.objects.filter(client=OuterRef("pk"), ended_on__isnull=True, started_on__isnull=False)
    never_assessed = (
        Client.objects.filter(is_open=True)
        .exclude(Exists(RiskAssessment.objects.filter(client=OuterRef("pk"), is_current=True)))
        .annotate(support_started_on=Subquery(started.values("started_on")[:1], output_field=DateField()))
        .filter(support_started_on__lte=until)
        .order_by("support_started_on", "id")
    )
    for client in never_assessed:
        items.append(
            DueItem(
                source="risk_review",
                item_key=f"first-{client.code}",
                title=f"First risk assessment for {client.display_name}",
                due_on=client.support_started_on,
                team_id=client.team_id,
                client_code=client.code,
                client_id=client.pk,
                client_label=client.display_name,
                responsible_user_id=client.lead_worker_id,
                url=_risk_url(client.code),
            )
        )
    return items


def action_due_items(*, today: date, until: date) -> list[DueItem]:
    """Open actions of current management plans, due on or before ``until``."""
    actions = (
        ManagementAction.objects.filter(
            status__in=OPEN_ACTION_STATUSES,
            due_on__lte=until,
            assessment__is_current=True,
            assessment__client__is_open=True,
        )
        .select_related("assessment__client")
        .order_by("due_on", "id")
    )
    return [
        DueItem(
            source="risk_action",
            item_key=str(action.code),
            title=f"Risk plan action for {action.assessment.client.display_name}: {action.action[:80]}",
            due_on=action.due_on,
            team_id=action.assessment.client.team_id,
            client_code=action.assessment.client.code,
            client_id=action.assessment.client.pk,
            client_label=action.assessment.client.display_name,
            responsible_user_id=action.owner_id or action.assessment.client.lead_worker_id,
            url=reverse("risk:assessment_detail", args=[action.assessment.client.code, action.assessment.code]),
        )
        for action in actions
    ]


def safeguarding_follow_up_items(*, today: date, until: date) -> list[DueItem]:
    """Open concerns still without a local authority referral decision, or referred and waiting
    for the local authority's decision, N days after they were raised (N is a service setting).
    The title names no one: reminders may travel by e-mail."""
    concerns = (
        SafeguardingConcern.objects.filter(closed_at__isnull=True)
        .filter(
            Q(la_referral=LocalAuthorityReferral.UNDECIDED)
            | Q(la_referral=LocalAuthorityReferral.REFERRED, la_decision="")
        )
        .annotate(
            follow_up_days=Coalesce(
                F("client__team__service__risk_settings__safeguarding_follow_up_days"),
                Value(DEFAULT_FOLLOW_UP_DAYS),
                output_field=IntegerField(),
            )
        )
        .select_related("client")
        .order_by("raised_at", "id")
    )
    items = []
    for concern in concerns:
        due_on = timezone.localdate(concern.raised_at) + timedelta(days=concern.follow_up_days)
        if due_on > until:
            continue
        waiting_for = (
            "record whether it was referred to the local authority"
            if concern.la_referral == LocalAuthorityReferral.UNDECIDED
            else "record the local authority's decision"
        )
        items.append(
            DueItem(
                source="safeguarding_follow_up",
                item_key=str(concern.code),
                title=f"Safeguarding follow-up: {waiting_for}",
                due_on=due_on,
                team_id=concern.client.team_id,
                client_code=concern.client.code,
                client_id=concern.client.pk,
                responsible_user_id=concern.client.lead_worker_id or concern.raised_by_id,
                url=reverse("risk:concern_detail", args=[concern.client.code, concern.code]),
            )
        )
    return items


def alert_review_items(*, today: date, until: date) -> list[DueItem]:
    """Alerts whose review date has come: does "Visit in pairs" still apply?"""
    alerts = (
        Alert.objects.filter(ended_at__isnull=True, review_on__lte=until, client__is_open=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("client")
        .order_by("review_on", "id")
    )
    return [
        DueItem(
            source="risk_alert_review",
            item_key=str(alert.code),
            title=f"Review the alert for {alert.client.display_name}: {alert.text}",
            due_on=alert.review_on,
            team_id=alert.client.team_id,
            client_code=alert.client.code,
            client_id=alert.client.pk,
            client_label=alert.client.display_name,
            responsible_user_id=alert.client.lead_worker_id,
            url=_risk_url(alert.client.code),
        )
        for alert in alerts
    ]


# --- timeline ---------------------------------------------------------------------------------

_TEXT = CharField()
REVIEW_REASONS = dict(ReviewReason.choices)
CLOSURE_REASONS = dict(ClosureReason.choices)
ESCALATED_TO = dict(EscalatedTo.choices)
CATEGORIES = dict(CareActCategory.choices)


def _part(queryset, *, at: str, kind: str, ref, actor: str, a=None, b=None, c=None):
    """One SELECT of the timeline UNION: the same seven columns, in the same order, from every table."""
    return queryset.annotate(
        tl_at=F(at),
        tl_kind=Value(kind, output_field=_TEXT),
        tl_ref=Cast(ref, output_field=_TEXT),
        tl_actor=F(actor),
        tl_a=a if a is not None else Value("", output_field=_TEXT),
        tl_b=b if b is not None else Value("", output_field=_TEXT),
        tl_c=c if c is not None else Value("", output_field=_TEXT),
    ).values_list("tl_at", "tl_kind", "tl_ref", "tl_actor", "tl_a", "tl_b", "tl_c")


def risk_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Assessments agreed, safeguarding concerns raised and closed, alerts set and ended, escalations.
    One query: a UNION ALL of the tables, newest first, cut at ``before`` and ``limit``."""
    parts = [
        _part(
            RiskAssessment.objects.filter(client=client, agreed_at__isnull=False),
            at="agreed_at",
            kind="assessment",
            ref="code",
            actor="agreed_by__full_name",
            a=Cast("number", output_field=_TEXT),
            b=F("review_reason"),
            c=F("review_priority"),
        ),
        _part(
            SafeguardingConcern.objects.filter(client=client),
            at="raised_at",
            kind="concern_raised",
            ref="code",
            actor="raised_by__full_name",
        ),
        _part(
            SafeguardingConcern.objects.filter(client=client, closed_at__isnull=False),
            at="closed_at",
            kind="concern_closed",
            ref="code",
            actor="closed_by__full_name",
            a=F("closure_reason"),
        ),
        _part(
            Alert.objects.filter(client=client),
            at="set_at",
            kind="alert_set",
            ref="code",
            actor="set_by__full_name",
            a=F("text"),
        ),
        _part(
            Alert.objects.filter(client=client, ended_at__isnull=False),
            at="ended_at",
            kind="alert_ended",
            ref="code",
            actor="ended_by__full_name",
            a=F("text"),
            b=F("end_reason"),
        ),
        _part(
            Escalation.objects.filter(client=client),
            at="escalated_at",
            kind="escalation",
            ref="code",
            actor="recorded_by__full_name",
            a=F("escalated_to"),
            b=F("reason"),
            c=Cast("contact__code", output_field=_TEXT),
        ),
    ]
    if before is not None:
        parts = [part.filter(tl_at__lte=before) for part in parts]
    first, *rest = parts
    rows = first.union(*rest, all=True).order_by("-tl_at")[:limit]
    return [_entry(client, *row) for row in rows]


def _entry(client: Client, at, kind: str, ref: str, actor: str | None, a: str, b: str, c: str) -> TimelineEntry:
    risk_url = _risk_url(client.code)
    common = {"occurred_at": at, "source": "risk", "entry_id": f"{kind}-{ref}", "actor": actor or "", "icon": "risk"}
    if kind == "assessment":
        title = "Risk assessment agreed" if b == ReviewReason.FIRST else "Risk assessment reviewed"
        summary = f"Version {a}" + (f" · {REVIEW_REASONS.get(b, '')}" if b != ReviewReason.FIRST else "")
        if c:
            summary += f" · Review priority: {dict(ReviewPriority.choices).get(c, c).lower()}"
        url = reverse("risk:assessment_detail", args=[client.code, ref])
        return TimelineEntry(title=title, summary=summary, url=url, **common)
    if kind == "concern_raised":
        return TimelineEntry(
            title="Safeguarding concern raised",
            summary="The allocated workers, team leader and service manager can see the details.",
            url=reverse("risk:concern_detail", args=[client.code, ref]),
            **common,
        )
    if kind == "concern_closed":
        return TimelineEntry(
            title="Safeguarding concern closed",
            summary=CLOSURE_REASONS.get(a, ""),
            url=reverse("risk:concern_detail", args=[client.code, ref]),
            **common,
        )
    if kind == "alert_set":
        return TimelineEntry(title=f"Alert set: {a}", url=risk_url, **common)
    if kind == "alert_ended":
        return TimelineEntry(title=f"Alert ended: {a}", summary=b, url=risk_url, **common)
    return TimelineEntry(
        title=f"Escalated to {ESCALATED_TO.get(a, a).lower()}",
        summary=b[:300],
        url=reverse("clients:contact_detail", args=[client.code, c]) if c else risk_url,
        **common,
    )
