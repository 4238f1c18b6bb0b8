"""Client pages measured by ``manage.py bench`` (DESIGN.md performance budgets).

``bench`` signs in as the first user with each role (on demo data: the demo worker, who
leads about 50 clients in the large dataset, and the Riverside House team leader) and calls
``path(user)`` inside the timed block. The client each page is about is therefore looked up
once and kept on that user object, so only the untimed warm-up request pays for the lookup.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.management import CommandError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from recovery.accounts.models import Role
from recovery.core.bench import register_page


@dataclass(frozen=True)
class BenchClient:
    code: uuid.UUID
    misspelt_surname: str


def misspell(surname: str) -> str:
    """A typo a colleague might make: the last vowel inside the name swapped for another one
    ("Thompson" becomes "Thompsen"), which trigram search should still find."""
    swaps = {"a": "e", "e": "a", "i": "e", "o": "e", "u": "o", "y": "i"}
    lowered = surname.lower()
    for index in range(len(lowered) - 1, 0, -1):
        if lowered[index] in swaps:
            return surname[:index] + swaps[lowered[index]] + surname[index + 1 :]
    return surname + surname[-1]


def _bench_client(user) -> BenchClient:
    """The user's open lead client with the most contacts: the heaviest client page they open."""
    cached = getattr(user, "_bench_client", None)
    if cached is None:
        client = (
            Client.objects.filter(lead_worker=user, is_open=True, is_restricted=False)
            .annotate(contact_count=Count("contacts"))
            .order_by("-contact_count", "id")
            .values("code", "last_name")
            .first()
        )
        if client is None:
            raise CommandError(f"{user} leads no open clients: run seed_demo first.")
        # Search for a surname long enough that one wrong letter still leaves most of its trigrams.
        surnames = (
            Client.objects.filter(lead_worker=user, is_open=True, is_restricted=False)
            .order_by("id")
            .values_list("last_name", flat=True)
        )
        surname = next(
            (name for name in surnames if len(re.sub(r"[^a-z]", "", name.lower())) >= 7), client["last_name"]
        )
        cached = BenchClient(code=client["code"], misspelt_surname=misspell(surname))
        user._bench_client = cached
    return cached


def caseload_path(user) -> str:
    return reverse("clients:caseload")


def team_caseload_path(user) -> str:
    return reverse("clients:team_caseload")


def client_page_path(user) -> str:
    return reverse("clients:detail", args=[_bench_client(user).code])


def timeline_path(user) -> str:
    return reverse("clients:timeline", args=[_bench_client(user).code])


def recent_activity_path(user) -> str:
    return reverse("clients:recent_activity", args=[_bench_client(user).code])


def search_path(user) -> str:
    return f"{reverse('clients:search')}?{urlencode({'q': _bench_client(user).misspelt_surname})}"


def contact_log_path(user) -> str:
    return reverse("clients:contact_create", args=[_bench_client(user).code])


def contact_log_data(user) -> dict[str, str]:
    # A fresh idempotency key each time, or every request after the first would be a harmless repeat.
    return {
        "idempotency_key": str(uuid.uuid4()),
        "contact_type": "phone",
        "outcome": "attended",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "20",
        "note": "Phoned to check how the first week in the new flat has gone; feeling settled and hopeful.",
    }


def register() -> None:
    register_page("caseload-mine", caseload_path, role=Role.WORKER)
    register_page("caseload-team", team_caseload_path, role=Role.TEAM_LEADER)
    register_page("client-page", client_page_path, role=Role.WORKER)
    register_page("client-timeline", timeline_path, role=Role.WORKER)
    # The ten newest entries, which the client page loads with htmx once it has appeared.
    register_page("client-recent-activity", recent_activity_path, role=Role.WORKER, htmx=True)
    register_page("client-search", search_path, role=Role.WORKER)
    register_page("contact-log", contact_log_path, role=Role.WORKER, method="POST", data=contact_log_data)
