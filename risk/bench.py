"""Pages ``manage.py bench`` measures for risk: the Risk and safety tab, an assessment, and the
team leader's open safeguarding list. Budget (DESIGN.md): p95 ≤ 150 ms, ≤ 20 queries, constant."""

from __future__ import annotations

from functools import cache

from django.urls import reverse

from recovery.core.bench import register_page


@cache
def _assessed_client(user_id: int) -> tuple[str, str]:
    """(client code, current assessment code) of an open client the user can see, with the most
    versions, so the page is as heavy as the data gets."""
    from django.db.models import Count

    from clients.access import visible_clients
    from recovery.accounts.models import User
    from risk.models import RiskAssessment

    user = User.objects.get(pk=user_id)
    client = (
        visible_clients(user)
        .filter(is_open=True, risk_assessments__is_current=True)
        .annotate(versions=Count("risk_assessments"))
        .order_by("-versions", "id")
        .first()
    )
    if client is None:
        raise LookupError("No client with an agreed risk assessment for the bench user: run seed_demo first.")
    current = RiskAssessment.objects.get(client=client, is_current=True)
    return str(client.code), str(current.code)


def register_pages() -> None:
    register_page(
        "risk-tab", lambda user: reverse("risk:client_risk", args=[_assessed_client(user.pk)[0]]), role="worker"
    )
    register_page(
        "risk-assessment",
        lambda user: reverse("risk:assessment_detail", args=list(_assessed_client(user.pk))),
        role="worker",
    )
    register_page("safeguarding-open", lambda user: reverse("risk:safeguarding_open"), role="team_leader")
