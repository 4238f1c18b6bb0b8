"""Home, System status and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from recovery.accounts.access import scope_for
from recovery.accounts.selectors import memberships_for
from recovery.core.registries import home_panels_for
from recovery.core.selectors import system_status


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships_for(user=request.user),
            "scope": scope_for(request.user),
            "home_panels": home_panels_for(request),
        },
    )


@require_GET
@login_required
def status(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied("Only administrators can see the system status.")
    return render(request, "core/status.html", {"status": system_status()})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose healthchecks: is the database answering?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
