"""Pages of the plans app measured by ``manage.py bench``: the plans tab, a plan, and its client copy PDF.

Each page is requested as the first worker (``user_with_role("worker")``) for a client of theirs that
has an agreed plan; the lookup is cached so only the warm-up requests pay for it.
"""

from __future__ import annotations

from functools import cache

from django.urls import reverse

from recovery.core.bench import register_page


@cache
def _client_and_plan(user_id: int) -> tuple[str, str]:
    from plans.choices import PlanStatus
    from plans.models import Plan

    plan = (
        Plan.objects.filter(client__lead_worker_id=user_id, client__is_open=True, status=PlanStatus.AGREED)
        .select_related("client")
        .order_by("-client__last_contact_at", "id")
        .first()
    )
    if plan is None:
        raise LookupError("No client of the first worker has an agreed plan: run `manage.py seed_demo` first.")
    return str(plan.client.code), str(plan.code)


def _plans_tab(user) -> str:
    client_code, _ = _client_and_plan(user.pk)
    return reverse("plans:client_plans", args=[client_code])


def _plan_page(user) -> str:
    client_code, plan_code = _client_and_plan(user.pk)
    return reverse("plans:plan_detail", args=[client_code, plan_code])


def _plan_pdf(user) -> str:
    client_code, plan_code = _client_and_plan(user.pk)
    return reverse("plans:plan_pdf", args=[client_code, plan_code])


def register_all() -> None:
    register_page("plans-tab", _plans_tab, role="worker")
    register_page("plan-page", _plan_page, role="worker")
    register_page("plan-pdf", _plan_pdf, role="worker")
