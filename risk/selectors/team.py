"""Reads for the team leader: open safeguarding concerns, overdue risk reviews, sign-off queue.

Scoped to the teams the user leads (service managers lead every team of their services).
"""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery

from clients.access import visible_clients
from clients.models import Client
from clients.selectors import led_teams
from recovery.accounts.access import scope_for
from recovery.accounts.models import Team, User
from risk.models import ReviewPrompt, RiskAssessment, SafeguardingConcern

__all__ = ["awaiting_sign_off_for_leader", "led_teams", "open_concerns_for_leader", "overdue_reviews_for_leader"]


def _team_ids(user: User, team: Team | None) -> list[int]:
    led = scope_for(user).led_team_ids
    if team is not None:
        return [team.pk] if team.pk in led else []
    return list(led)


def open_concerns_for_leader(*, user: User, team: Team | None = None) -> QuerySet[SafeguardingConcern]:
    """Open concerns for clients in the teams the user leads, oldest first (one query)."""
    return (
        SafeguardingConcern.objects.filter(closed_at__isnull=True, client__team_id__in=_team_ids(user, team))
        .select_related("client", "client__team", "client__lead_worker", "raised_by")
        .order_by("raised_at", "id")
    )


def overdue_reviews_for_leader(*, user: User, today: date, team: Team | None = None) -> QuerySet[Client]:
    """Open clients in the user's teams whose risk review is overdue, who have no agreed assessment,
    or for whom someone asked for a review. Each row is annotated with the review date, the
    review priority and when a review was first asked for (one query)."""
    current = RiskAssessment.objects.filter(client=OuterRef("pk"), is_current=True)
    prompts = ReviewPrompt.objects.filter(client=OuterRef("pk"), resolved_at__isnull=True)
    return (
        visible_clients(user)
        .filter(team_id__in=_team_ids(user, team), is_open=True)
        .annotate(
            risk_review_due_on=Subquery(current.values("review_due_on")[:1], output_field=DateField()),
            risk_review_priority=Subquery(current.values("review_priority")[:1]),
            risk_current_code=Subquery(current.values("code")[:1]),
            risk_review_asked_at=Subquery(
                prompts.order_by("raised_at").values("raised_at")[:1], output_field=DateTimeField()
            ),
            risk_has_draft=Exists(RiskAssessment.objects.filter(client=OuterRef("pk"), agreed_at__isnull=True)),
        )
        .filter(
            Q(risk_review_due_on__lt=today) | Q(risk_review_due_on__isnull=True) | Q(risk_review_asked_at__isnull=False)
        )
        .select_related("team", "lead_worker")
        # No agreed assessment at all comes first, then the longest overdue.
        .order_by(F("risk_review_due_on").asc(nulls_first=True), "last_name", "first_name")
    )


def awaiting_sign_off_for_leader(*, user: User, team: Team | None = None) -> QuerySet[RiskAssessment]:
    return (
        RiskAssessment.objects.filter(
            is_current=True,
            sign_off_required=True,
            signed_off_at__isnull=True,
            client__team_id__in=_team_ids(user, team),
        )
        .select_related("client", "client__team", "agreed_by")
        .order_by("agreed_at", "id")
    )
