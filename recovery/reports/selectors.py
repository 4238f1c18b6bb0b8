"""Reads behind the report pages, each scoped to the services the user manages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from recovery.accounts.access import scope_for
from recovery.accounts.models import Service
from recovery.reports.access import require_manages_services
from recovery.reports.models import CaseStudy, ReportRun

RECENT_RUNS = 20


def managed_services(user) -> QuerySet[Service]:
    return Service.objects.filter(id__in=scope_for(user).managed_service_ids, is_active=True).order_by("name")


def service_for_manager(user, code) -> Service:
    """The service with this code if the user manages it (404 out of sight, 403 seen but not managed)."""
    try:
        service = Service.objects.get(code=code)
    except (Service.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    require_manages_services(user, [service.pk])
    return service


def _with_services(queryset: QuerySet[ReportRun]) -> QuerySet[ReportRun]:
    return queryset.select_related("definition", "definition__service", "requested_by").prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("name"))
    )


def recent_runs(*, service: Service, limit: int = RECENT_RUNS) -> list[ReportRun]:
    """The newest runs that include this service (three queries: runs, their services, nothing per row)."""
    return list(
        _with_services(ReportRun.objects.filter(services=service).defer("figures")).order_by("-requested_at", "-id")[
            :limit
        ]
    )


def run_for_user(user, code, *, with_figures: bool = False) -> ReportRun:
    """A run the user may open: they must manage every service in it."""
    queryset = _with_services(ReportRun.objects.all())
    if not with_figures:
        queryset = queryset.defer("figures")
    try:
        run = queryset.get(code=code)
    except (ReportRun.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    require_manages_services(user, [service.pk for service in run.services.all()])
    return run


def case_studies_for_service(*, service: Service) -> QuerySet[CaseStudy]:
    return CaseStudy.objects.filter(service=service).select_related("consent_recorded_by", "written_by")


def case_study_for_service(*, service: Service, code) -> CaseStudy:
    try:
        return CaseStudy.objects.get(service=service, code=code)
    except (CaseStudy.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
