"""Home, System status, Notifications and the health check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from recovery.accounts.access import scope_for
from recovery.accounts.selectors import memberships_for
from recovery.core.models import Notification
from recovery.core.registries import home_panels_for
from recovery.core.selectors import notifications_for, system_status
from recovery.core.services import notification_mark_read, notifications_mark_all_read


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
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page, "notifications": page.object_list})


@require_GET
@login_required
def notification_open(request: HttpRequest, code) -> HttpResponse:
    """Mark the notification read and go to what it is about (the page there applies its own access rules)."""
    try:
        notification = Notification.objects.get(code=code, recipient=request.user)
    except Notification.DoesNotExist:
        raise Http404 from None
    notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications")


@require_POST
@login_required
def notifications_read(request: HttpRequest) -> HttpResponse:
    changed = notifications_mark_all_read(recipient=request.user)
    if changed:
        messages.success(request, f"{changed} notification{'s' if changed != 1 else ''} marked as read.")
    return redirect("notifications")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose healthchecks: is the database answering?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
