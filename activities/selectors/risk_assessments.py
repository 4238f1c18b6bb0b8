"""Reads for activity risk assessments: an activity's versions, a version with its hazards, the
service's overview, the status shown on the timetable and register, and the reminder sources.

Status of an activity on a day:

- ``missing``: no approved assessment (a draft may be in progress);
- ``overdue``: the current assessment's review date is before that day;
- ``ok``: in date.

The timetable asks about each session's own day, so a session after the review date is
marked even while today is still in date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityFacilitator,
    ActivityHazard,
    ActivityRiskAction,
    ActivityRiskAssessment,
    Session,
)
from activities.risk_scoring import Band, band_for, bands_from_setting
from activities.services.risk_assessments import programme_settings_for
from recovery.accounts.models import Service, Team
from recovery.core.registries import DueItem


@dataclass(frozen=True)
class RiskStatus:
    """What the timetable, the register and the overview say about an activity's assessment."""

    kind: str  # "ok", "missing" or "overdue"
    review_due_on: date | None = None
    current_code: str = ""
    draft_code: str = ""

    @property
    def needs_attention(self) -> bool:
        return self.kind != "ok"

    @property
    def label(self) -> str:
        if self.kind == "missing":
            return "No risk assessment in force" + (" (draft awaiting approval)" if self.draft_code else "")
        if self.kind == "overdue":
            return f"Risk assessment review overdue (due {self.review_due_on.day} {self.review_due_on:%b %Y})"
        return f"Risk assessment in date (review by {self.review_due_on.day} {self.review_due_on:%b %Y})"


@dataclass(frozen=True)
class ActivityRiskFacts:
    current_code: str
    review_due_on: date | None
    draft_code: str

    def status_on(self, day: date) -> RiskStatus:
        if not self.current_code:
            return RiskStatus("missing", draft_code=self.draft_code)
        kind = "overdue" if self.review_due_on < day else "ok"
        return RiskStatus(kind, self.review_due_on, self.current_code, self.draft_code)


NO_ASSESSMENT = ActivityRiskFacts("", None, "")


def risk_facts(*, activity_ids: Iterable[int]) -> dict[int, ActivityRiskFacts]:
    """Current and draft versions of many activities in one query."""
    ids = list(activity_ids)
    facts: dict[int, dict] = {pk: {"current_code": "", "review_due_on": None, "draft_code": ""} for pk in ids}
    rows = ActivityRiskAssessment.objects.filter(activity_id__in=ids).filter(
        Q(is_current=True) | Q(approved_at__isnull=True)
    )
    for activity_id, code, is_current, due in rows.values_list("activity_id", "code", "is_current", "review_due_on"):
        if is_current:
            facts[activity_id].update(current_code=str(code), review_due_on=due)
        else:
            facts[activity_id]["draft_code"] = str(code)
    return {pk: ActivityRiskFacts(**values) for pk, values in facts.items()}


def risk_status_for_session(*, session: Session) -> RiskStatus:
    facts = risk_facts(activity_ids=[session.activity_id])[session.activity_id]
    return facts.status_on(timezone.localtime(session.starts_at).date())


def service_bands(*, service: Service) -> list[Band]:
    return bands_from_setting(programme_settings_for(service=service).risk_bands)


def activity_versions(*, activity: Activity) -> list[ActivityRiskAssessment]:
    """Every version, newest first, with who wrote and approved it (one query)."""
    return list(activity.risk_assessments.select_related("assessor", "approved_by").order_by("-number"))


@dataclass
class HazardRow:
    hazard: ActivityHazard
    band_before: Band
    band_after: Band


def assessment_hazards(*, assessment: ActivityRiskAssessment, bands: Sequence[Band]) -> list[HazardRow]:
    """The version's hazards in order with their actions and bands (two queries)."""
    hazards = assessment.hazards.filter(is_removed=False).prefetch_related(
        Prefetch("actions", queryset=ActivityRiskAction.objects.select_related("owner", "done_by"))
    )
    return [
        HazardRow(hazard, band_for(hazard.score_before, bands), band_for(hazard.score_after, bands))
        for hazard in hazards
    ]


@dataclass
class OverviewRow:
    activity: Activity
    status: RiskStatus


def service_risk_overview(*, service: Service, today: date | None = None) -> list[OverviewRow]:
    """Every active activity of the service with its assessment's status, those needing
    attention first. Two queries whatever the number of activities."""
    today = today or timezone.localdate()
    activities = list(service.activities.filter(is_active=True).order_by("title", "id"))
    facts = risk_facts(activity_ids=[activity.pk for activity in activities])
    rows = [OverviewRow(activity, facts[activity.pk].status_on(today)) for activity in activities]
    order = {"missing": 0, "overdue": 1, "ok": 2}
    return sorted(rows, key=lambda row: (order[row.status.kind], row.activity.title.casefold()))


# --- reminder sources ------------------------------------------------------------------------------


def _fallback_team_ids(service_ids: Iterable[int]) -> dict[int, int]:
    """The first active team of each service, for activities not run by one team."""
    teams: dict[int, int] = {}
    for service_id, team_id in (
        Team.objects.filter(service_id__in=set(service_ids), is_active=True)
        .order_by("id")
        .values_list("service_id", "id")
    ):
        teams.setdefault(service_id, team_id)
    return teams


def review_due_items(*, today: date, until: date) -> list[DueItem]:
    """Current activity risk assessments whose review falls due by ``until`` (overdue included),
    for the assessor. Two queries."""
    assessments = list(
        ActivityRiskAssessment.objects.filter(is_current=True, review_due_on__lte=until, activity__is_active=True)
        .select_related("activity")
        .order_by("review_due_on", "id")
    )
    fallback = _fallback_team_ids(assessment.activity.service_id for assessment in assessments)
    items = []
    for assessment in assessments:
        team_id = assessment.activity.team_id or fallback.get(assessment.activity.service_id)
        if team_id is None:
            continue
        items.append(
            DueItem(
                source="activity_risk_review",
                item_key=str(assessment.code),
                title=f"Activity risk assessment review: {assessment.activity.title}",
                due_on=assessment.review_due_on,
                team_id=team_id,
                responsible_user_id=assessment.assessor_id,
                url=reverse("activities:risk_assessment_detail", args=[assessment.code]),
            )
        )
    return items


def session_warning_items(*, today: date, until: date) -> list[DueItem]:
    """Warn each facilitator before a session whose activity has no assessment in force on the
    session's day. The warning falls due ``risk_warning_days`` (a service setting, at most 28)
    before the session, so it is listed from then until the session starts. Four queries."""
    horizon = until + timedelta(days=28)
    sessions = list(
        Session.objects.filter(
            status="scheduled",
            starts_at__date__gte=today,
            starts_at__date__lte=horizon,
            activity__is_active=True,
        )
        .select_related("activity", "activity__service__programme_settings")
        .order_by("starts_at", "id")
    )
    facts = risk_facts(activity_ids={session.activity_id for session in sessions})
    facilitators: dict[int, list[int]] = {}
    for activity_id, user_id in ActivityFacilitator.objects.filter(
        activity_id__in=facts.keys(), is_learning=False
    ).values_list("activity_id", "user_id"):
        facilitators.setdefault(activity_id, []).append(user_id)
    fallback = _fallback_team_ids(session.activity.service_id for session in sessions)
    items = []
    for session in sessions:
        day = timezone.localtime(session.starts_at).date()
        settings = getattr(session.activity.service, "programme_settings", None)
        warning_days = settings.risk_warning_days if settings else 7
        warn_on = day - timedelta(days=warning_days)
        if warn_on > until:
            continue
        status = facts.get(session.activity_id, NO_ASSESSMENT).status_on(day)
        team_id = session.activity.team_id or fallback.get(session.activity.service_id)
        if not status.needs_attention or team_id is None:
            continue
        what = (
            "has no risk assessment in force"
            if status.kind == "missing"
            else "has a risk assessment overdue for review"
        )
        for user_id in facilitators.get(session.activity_id, [None]):
            items.append(
                DueItem(
                    source="activity_risk_session",
                    item_key=f"{session.code}:{user_id or 0}",
                    title=f"{session.activity.title} on {day.day} {day:%b %Y} {what}",
                    due_on=warn_on,
                    team_id=team_id,
                    responsible_user_id=user_id,
                    url=reverse("activities:activity_risk", args=[session.activity.code]),
                )
            )
    return items
