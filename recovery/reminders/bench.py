"""Pages ``manage.py bench`` measures for reminders: my reminders, the team's overdue items, the
sweep status page and the preference form. Budget (DESIGN.md): p95 ≤ 150 ms, ≤ 20 queries."""

from __future__ import annotations

from django.urls import reverse

from recovery.core.bench import register_page


def register_pages() -> None:
    register_page("reminders-mine", lambda user: reverse("reminders:mine"), role="worker")
    register_page("reminders-team", lambda user: reverse("reminders:team"), role="team_leader")
    register_page("reminders-status", lambda user: reverse("reminders:status"), role="service_manager")
    register_page("reminders-preferences", lambda user: reverse("reminders:preferences"), role="worker")
