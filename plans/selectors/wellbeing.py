"""Reads for WRAP, the safety plan and the relapse signature (early warning signs and their trend)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Q, QuerySet
from django.db.models.functions import JSONObject, TruncWeek
from django.utils import timezone

from clients.models import Client, NetworkMember
from plans.choices import SignKind, WrapSharing
from plans.models import EarlyWarningSign, RelapseSignature, SafetyPlan, SignObservation, Wrap
from recovery.accounts.models import User

TREND_WEEKS = 12


@dataclass(frozen=True)
class TrendWeek:
    starts_on: date
    count: int


@dataclass(frozen=True)
class WellbeingRecords:
    wrap: Wrap | None
    safety_plan: SafetyPlan | None
    signature: RelapseSignature | None
    trend: list[TrendWeek]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _trend_start(today: date, weeks: int) -> date:
    return _monday(today) - timedelta(weeks=weeks - 1)


def _trend(counts: dict[date, int], *, today: date, weeks: int) -> list[TrendWeek]:
    first_monday = _trend_start(today, weeks)
    return [
        TrendWeek(starts_on=monday, count=counts.get(monday, 0))
        for monday in (first_monday + timedelta(weeks=index) for index in range(weeks))
    ]


def _weekly_counts(*, client, since: datetime):
    """Signs noticed per week (Monday, Europe/London) since ``since``: rows of {week, count}."""
    return (
        SignObservation.objects.filter(client=client, observed_at__gte=since)
        .annotate(week=TruncWeek("observed_at"))
        .values("week")
        .annotate(count=Count("id"))
        .order_by()
    )


def wellbeing_records(*, client: Client, today: date | None = None) -> WellbeingRecords:
    """The client's WRAP, safety plan, relapse signature and 12-week trend of signs noticed, in one query."""
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(_trend_start(today, TREND_WEEKS), datetime.min.time()))
    weeks = _weekly_counts(client=OuterRef("pk"), since=since).values(json=JSONObject(week="week", count="count"))
    row = (
        Client.objects.select_related(
            "wrap", "wrap__updated_by", "safety_plan", "safety_plan__updated_by", "relapse_signature"
        )
        .annotate(trend_json=ArraySubquery(weeks))
        .get(pk=client.pk)
    )
    # TruncWeek gives the local Monday as a naive timestamp: "2026-03-09T00:00:00".
    counts = {date.fromisoformat(item["week"][:10]): item["count"] for item in row.trend_json}
    return WellbeingRecords(
        wrap=getattr(row, "wrap", None),
        safety_plan=getattr(row, "safety_plan", None),
        signature=getattr(row, "relapse_signature", None),
        trend=_trend(counts, today=today, weeks=TREND_WEEKS),
    )


# --- WRAP --------------------------------------------------------------------------------------


def can_see_wrap(*, user: User, client: Client, wrap: Wrap | None) -> bool:
    """The client decides who sees their WRAP. "Only me and my lead worker" shuts out everyone else,
    team leaders and managers included; the other choices follow the client record's own access."""
    if wrap is None or wrap.sharing != WrapSharing.LEAD_ONLY:
        return True
    return client.lead_worker_id is not None and client.lead_worker_id == user.pk


def wrap_private_message(*, client: Client) -> str:
    return (
        f"{client.display_name} has chosen to share their WRAP only with their lead worker, "
        "so it is not shown to you. If you need to know what is in it, talk to their lead worker."
    )


def wrap_for_client(*, client: Client) -> Wrap | None:
    return Wrap.objects.select_related("updated_by", "created_by").filter(client=client).first()


def wrap_shared_with(*, wrap: Wrap) -> list[NetworkMember]:
    return list(wrap.shared_with.order_by("name")) if wrap.pk else []


def network_choices(*, client: Client) -> QuerySet[NetworkMember]:
    return NetworkMember.objects.filter(client=client, is_active=True).order_by("name")


# --- safety plan ---------------------------------------------------------------------------------


def safety_plan_for_client(*, client: Client) -> SafetyPlan | None:
    return SafetyPlan.objects.select_related("updated_by").filter(client=client).first()


# --- relapse signature and early warning signs -----------------------------------------------------


def signature_for_client(*, client: Client) -> RelapseSignature | None:
    return RelapseSignature.objects.select_related("updated_by").filter(client=client).first()


def client_signs(*, client: Client, since: datetime | None = None) -> list[EarlyWarningSign]:
    """Active signs and triggers, each with ``times_noticed`` since ``since`` (one query)."""
    since = since or timezone.now() - timedelta(weeks=TREND_WEEKS)
    return list(
        EarlyWarningSign.objects.filter(client=client, is_active=True)
        .annotate(times_noticed=Count("observations", filter=Q(observations__observed_at__gte=since)))
        .order_by("kind", "created_at", "id")
    )


def active_signs(*, client: Client) -> list[EarlyWarningSign]:
    """The signs a worker can tick on the contact form."""
    return list(
        EarlyWarningSign.objects.filter(client=client, is_active=True, kind=SignKind.SIGN).order_by("created_at", "id")
    )


def sign_trend(*, client: Client, today: date | None = None, weeks: int = TREND_WEEKS) -> list[TrendWeek]:
    """Early warning signs noticed per week (Monday to Sunday) for the last ``weeks`` weeks, oldest first."""
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(_trend_start(today, weeks), datetime.min.time()))
    counts = {
        timezone.localtime(row["week"]).date() if isinstance(row["week"], datetime) else row["week"]: row["count"]
        for row in _weekly_counts(client=client, since=since)
    }
    return _trend(counts, today=today, weeks=weeks)


def sign_for_client(*, client: Client, code) -> EarlyWarningSign:
    return EarlyWarningSign.objects.get(client=client, code=code)
