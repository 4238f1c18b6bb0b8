"""Pages ``manage.py bench`` measures for outcomes: the Outcomes tab of the client with the most
readings, recording a SWEMWBS reading (POST), and the service-level page for a team leader.
Budget (DESIGN.md): p95 ≤ 150 ms and ≤ 20 queries for pages, ≤ 100 ms for the POST."""

from __future__ import annotations

import uuid
from functools import cache

from django.urls import reverse
from django.utils import timezone

from recovery.accounts.models import Role
from recovery.core.bench import register_page


@cache
def _busiest_client(user_id: int) -> str:
    """The open client the user can see with the most readings: the heaviest Outcomes tab."""
    from django.db.models import Count

    from clients.access import visible_clients
    from recovery.accounts.models import User

    user = User.objects.get(pk=user_id)
    client = (
        visible_clients(user)
        .filter(is_open=True)
        .annotate(readings=Count("outcome_readings"))
        .order_by("-readings", "id")
        .first()
    )
    if client is None:
        raise LookupError("No open client for the bench user: run seed_demo first.")
    return str(client.code)


def tab_path(user) -> str:
    return reverse("outcomes:client_outcomes", args=[_busiest_client(user.pk)])


def reading_post_path(user) -> str:
    return reverse("outcomes:reading_new", args=[_busiest_client(user.pk), "swemwbs"])


def reading_post_data(user) -> dict[str, str]:
    # A fresh idempotency key each time, or every request after the first would be a harmless repeat.
    return {
        "idempotency_key": str(uuid.uuid4()),
        "taken_on": timezone.localdate().isoformat(),
        "occasion": "review",
        "completed_by": "together",
        **{f"q{number}": str(3 + number % 2) for number in range(1, 8)},
    }


def register_pages() -> None:
    register_page("outcomes-tab", tab_path, role=Role.WORKER)
    register_page("outcomes-reading-post", reading_post_path, role=Role.WORKER, method="POST", data=reading_post_data)
    register_page("outcomes-service", lambda user: reverse("outcomes:service_outcomes"), role=Role.TEAM_LEADER)
