"""Reads for one client's risk pages: the Risk and safety tab, an assessment, the comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from clients.models import Client, Contact
from risk.access import allocated_exists, can_see_concern, can_see_safeguarding, remember_allocation
from risk.choices import AreaStatus
from risk.models import (
    AREA_TEXT_FIELDS,
    Alert,
    Escalation,
    ManagementAction,
    ReviewPrompt,
    RiskArea,
    RiskAssessment,
    SafeguardingConcern,
)

RECENT_ESCALATIONS = 10


@dataclass
class ConcernRow:
    concern: SafeguardingConcern
    visible: bool  # may this user see the details?


@dataclass
class RiskOverview:
    versions: list[RiskAssessment]
    shown: RiskAssessment | None  # the current version, or the first draft when nothing is agreed yet
    draft: RiskAssessment | None
    current_alerts: list[Alert]
    past_alerts: list[Alert]
    concerns: list[ConcernRow]
    escalations: list[Escalation]
    open_prompts: list[ReviewPrompt]
    today: date = field(default_factory=timezone.localdate)

    @property
    def current(self) -> RiskAssessment | None:
        return self.shown if self.shown is not None and self.shown.is_current else None

    @property
    def open_actions(self) -> list[ManagementAction]:
        return [action for action in self.shown.actions.all() if action.is_open] if self.shown else []

    @property
    def open_concerns(self) -> list[ConcernRow]:
        return [row for row in self.concerns if row.concern.is_open]

    @property
    def review_overdue(self) -> bool:
        return self.current is not None and self.current.review_is_overdue(self.today)

    @property
    def any_hidden_concern(self) -> bool:
        return any(not row.visible for row in self.concerns)


def _actions() -> QuerySet[ManagementAction]:
    return ManagementAction.objects.select_related("owner", "area").order_by("due_on", "id")


def assessment_with_content(queryset: QuerySet[RiskAssessment]) -> QuerySet[RiskAssessment]:
    """Areas and actions in two more queries, whatever the number of areas."""
    return queryset.select_related("created_by", "agreed_by", "signed_off_by").prefetch_related(
        Prefetch("areas", queryset=RiskArea.objects.order_by("position", "id")),
        Prefetch("actions", queryset=_actions()),
    )


def risk_overview(*, client: Client, user) -> RiskOverview:
    """Everything on the Risk and safety tab, in a fixed number of queries."""
    versions = list(
        RiskAssessment.objects.filter(client=client)
        .select_related("created_by", "agreed_by", "signed_off_by")
        .order_by("-number")
    )
    draft = next((version for version in versions if version.is_draft), None)
    current = next((version for version in versions if version.is_current), None)
    shown = current or draft
    if shown is not None:
        prefetch_related_objects(
            [shown],
            Prefetch("areas", queryset=RiskArea.objects.order_by("position", "id")),
            Prefetch("actions", queryset=_actions()),
        )
    today = timezone.localdate()
    alerts = list(client.risk_alerts.select_related("set_by", "ended_by").order_by("-starts_on", "-id"))
    # Whether the viewer is allocated comes with the concerns, so the access check below needs no query.
    concerns = list(
        client.safeguarding_concerns.select_related("raised_by", "closed_by")
        .annotate(viewer_allocated=allocated_exists(user))
        .order_by("-raised_at")
    )
    if concerns:
        remember_allocation(user, client, allocated=concerns[0].viewer_allocated)
    see_all = can_see_safeguarding(user, client) if concerns else False
    return RiskOverview(
        versions=versions,
        shown=shown,
        draft=draft,
        current_alerts=[alert for alert in alerts if alert.is_current_on(today)],
        past_alerts=[alert for alert in alerts if not alert.is_current_on(today)],
        concerns=[ConcernRow(concern, see_all or concern.raised_by_id == user.pk) for concern in concerns],
        escalations=list(
            client.risk_escalations.select_related("recorded_by", "contact").order_by("-escalated_at")[
                :RECENT_ESCALATIONS
            ]
        ),
        open_prompts=list(
            client.risk_review_prompts.filter(resolved_at__isnull=True)
            .select_related("raised_by")
            .order_by("raised_at")
        ),
        today=today,
    )


def assessment_for_client(*, client: Client, code) -> RiskAssessment:
    try:
        return assessment_with_content(RiskAssessment.objects.filter(client=client)).get(code=code)
    except (RiskAssessment.DoesNotExist, ValueError):
        raise Http404 from None


def assessment_versions(*, client: Client) -> list[RiskAssessment]:
    return list(RiskAssessment.objects.filter(client=client).order_by("-number").select_related("agreed_by"))


def area_for_assessment(*, assessment: RiskAssessment, key: str) -> RiskArea:
    try:
        return RiskArea.objects.select_related("assessment").get(assessment=assessment, key=key)
    except RiskArea.DoesNotExist:
        raise Http404 from None


def action_for_assessment(*, assessment: RiskAssessment, code) -> ManagementAction:
    try:
        return ManagementAction.objects.select_related("assessment", "area", "owner").get(
            assessment=assessment, code=code
        )
    except (ManagementAction.DoesNotExist, ValueError):
        raise Http404 from None


def alert_for_client(*, client: Client, code) -> Alert:
    try:
        return Alert.objects.select_related("set_by", "ended_by").get(client=client, code=code)
    except (Alert.DoesNotExist, ValueError):
        raise Http404 from None


def concern_for_client(*, client: Client, code) -> SafeguardingConcern:
    try:
        return (
            SafeguardingConcern.objects.select_related("raised_by", "closed_by", "contact")
            .prefetch_related("updates__recorded_by")
            .get(client=client, code=code)
        )
    except (SafeguardingConcern.DoesNotExist, ValueError):
        raise Http404 from None


def contact_for_client(*, client: Client, code) -> Contact:
    try:
        return Contact.objects.get(client=client, code=code)
    except (Contact.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_concerns(*, client: Client, user) -> list[SafeguardingConcern]:
    """Concerns whose details this user may see (for the PDF)."""
    concerns = list(client.safeguarding_concerns.select_related("raised_by").order_by("-raised_at"))
    return [concern for concern in concerns if can_see_concern(user, client, concern)]


# --- comparing two versions ---------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDiff:
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before.strip() != self.after.strip()


@dataclass(frozen=True)
class AreaDiff:
    key: str
    label: str
    fields: list[FieldDiff]

    @property
    def changed(self) -> bool:
        return any(diff.changed for diff in self.fields)


AREA_FIELD_LABELS = {name: RiskArea._meta.get_field(name).verbose_name for name in AREA_TEXT_FIELDS}
STATUS_LABELS = dict(AreaStatus.choices)


def _area_values(area: RiskArea | None) -> dict[str, str]:
    if area is None:
        return {"status": "Not in this version", **dict.fromkeys(AREA_TEXT_FIELDS, "")}
    return {"status": STATUS_LABELS.get(area.status, area.status), **{n: getattr(area, n) for n in AREA_TEXT_FIELDS}}


def compare_versions(older: RiskAssessment, newer: RiskAssessment) -> dict:
    """Side-by-side differences, area by area (areas matched by key), plus the plan and summary."""
    older_areas = {area.key: area for area in older.areas.all()}
    newer_areas = {area.key: area for area in newer.areas.all()}
    keys = [area.key for area in newer.areas.all()] + [key for key in older_areas if key not in newer_areas]
    areas = []
    for key in keys:
        before, after = _area_values(older_areas.get(key)), _area_values(newer_areas.get(key))
        label = (newer_areas.get(key) or older_areas[key]).label
        fields = [FieldDiff("Status", before["status"], after["status"])] + [
            FieldDiff(str(AREA_FIELD_LABELS[name]).capitalize(), before[name], after[name]) for name in AREA_TEXT_FIELDS
        ]
        areas.append(AreaDiff(key, label, fields))
    overall = [
        FieldDiff("Review priority", older.get_review_priority_display(), newer.get_review_priority_display()),
        FieldDiff("Summary", older.summary, newer.summary),
    ]
    return {"older": older, "newer": newer, "overall": overall, "areas": areas}
