"""Pages ``manage.py bench`` measures for commissioner reports: the manager's report list, the
checklist before a build, a run's page and its preview. Budget (DESIGN.md): p95 ≤ 150 ms,
≤ 20 queries. The build itself is timed by ``manage.py time_report`` (budget ≤ 15 s)."""

from __future__ import annotations

from functools import cache

from django.urls import reverse

from recovery.core.bench import register_page


@cache
def _service_code(user_id: int) -> str:
    from recovery.accounts.access import scope_for
    from recovery.accounts.models import Service, User

    user = User.objects.get(pk=user_id)
    return str(Service.objects.filter(id__in=scope_for(user).managed_service_ids).order_by("name").first().code)


@cache
def _done_run_code(user_id: int) -> str:
    """The newest finished run of the user's service alone (a run across services they do not all
    manage is not theirs to open)."""
    from django.db.models import Count

    from recovery.reports.models import ReportRun, RunStatus

    run = (
        # Count before filtering on the service, so the count is of every service in the run.
        ReportRun.objects.annotate(service_count=Count("services"))
        .filter(status=RunStatus.DONE, service_count=1, services__code=_service_code(user_id))
        .order_by("-requested_at")
        .first()
    )
    if run is None:
        raise LookupError("No report has been built yet: run seed_demo (small) or manage.py time_report first.")
    return str(run.code)


def _checklist_path(user) -> str:
    """The new-report page with last quarter chosen: every data-quality check runs."""
    from django.utils import timezone

    from recovery.reports import periods

    code = _service_code(user.pk)
    period = periods.previous_quarter(timezone.localdate())
    return f"{reverse('reports:new', args=[code])}?period={period.key}&services={code}"


def register_pages() -> None:
    register_page("reports-home", lambda user: reverse("reports:home"), role="service_manager")
    register_page(
        "reports-new", lambda user: reverse("reports:new", args=[_service_code(user.pk)]), role="service_manager"
    )
    register_page("reports-checklist", _checklist_path, role="service_manager")
    register_page(
        "reports-run",
        lambda user: reverse("reports:run_detail", args=[_done_run_code(user.pk)]),
        role="service_manager",
    )
    register_page(
        "reports-preview",
        lambda user: reverse("reports:run_preview", args=[_done_run_code(user.pk)]),
        role="service_manager",
    )
