"""Team leader pages (open safeguarding, overdue risk reviews, sign-off) and service settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from recovery.accounts.access import scope_for
from recovery.accounts.models import Service
from recovery.core.forms import apply_service_errors, keep_text_after_conflict
from risk import selectors, services
from risk.forms import AlertTypeFormSet, RiskSettingsForm
from risk.services import StaleEditError
from risk.views.common import CONFLICT, require_team_leader

PAGE_SIZE = 50


def _team_filter(request: HttpRequest):
    """The teams the user leads, and the one chosen in ?team= (None for all of them)."""
    teams = list(selectors.led_teams(user=request.user))
    chosen = next((team for team in teams if str(team.code) == request.GET.get("team")), None)
    return teams, chosen


def _team_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["can_manage_settings"] = scope_for(request.user).is_service_manager
    return render(request, template, context)


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@login_required
def safeguarding_open(request: HttpRequest) -> HttpResponse:
    require_team_leader(request.user)
    teams, team = _team_filter(request)
    page = _page(request, selectors.open_concerns_for_leader(user=request.user, team=team))
    return _team_page(
        request,
        "risk/team/safeguarding_open.html",
        {
            "teams": teams,
            "team": team,
            "page": page,
            "concerns": page.object_list,
            "now": timezone.now(),
            "section": "safeguarding",
        },
    )


@require_GET
@login_required
def reviews_overdue(request: HttpRequest) -> HttpResponse:
    require_team_leader(request.user)
    teams, team = _team_filter(request)
    today = timezone.localdate()
    page = _page(request, selectors.overdue_reviews_for_leader(user=request.user, team=team, today=today))
    return _team_page(
        request,
        "risk/team/reviews_overdue.html",
        {"teams": teams, "team": team, "page": page, "clients": page.object_list, "today": today, "section": "reviews"},
    )


@require_GET
@login_required
def sign_off_queue(request: HttpRequest) -> HttpResponse:
    require_team_leader(request.user)
    teams, team = _team_filter(request)
    page = _page(request, selectors.awaiting_sign_off_for_leader(user=request.user, team=team))
    return _team_page(
        request,
        "risk/team/sign_off_queue.html",
        {"teams": teams, "team": team, "page": page, "assessments": page.object_list, "section": "sign_off"},
    )


@require_GET
@login_required
def settings_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.is_service_manager:
        raise PermissionDenied("Only service managers can change a service's risk settings.")
    service_list = list(Service.objects.filter(id__in=scope.managed_service_ids).order_by("name"))
    if len(service_list) == 1:
        return redirect("risk:settings_edit", service_code=service_list[0].code)
    return render(request, "risk/settings_list.html", {"services": service_list, "section": "settings"})


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest, service_code) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        service = Service.objects.get(code=service_code, id__in=scope.visible_service_ids | scope.managed_service_ids)
    except Service.DoesNotExist:
        raise Http404 from None
    if service.pk not in scope.managed_service_ids:
        raise PermissionDenied("Only the service manager can change this service's risk settings.")
    settings = services.risk_settings_for(service=service)
    initial = {
        "areas": "\n".join(entry["label"] for entry in settings.areas),
        "sign_off_required": settings.sign_off_required,
        "safeguarding_follow_up_days": settings.safeguarding_follow_up_days,
        "version": settings.version,
    }
    form = RiskSettingsForm(request.POST or None, initial=initial)
    formset = AlertTypeFormSet(
        request.POST or None,
        prefix="types",
        initial=[{"label": entry["label"], "severity": entry["severity"]} for entry in settings.alert_types],
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and formset.is_valid():
            try:
                services.risk_settings_update(
                    settings=settings,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    area_labels=form.cleaned_data["areas"].splitlines(),
                    alert_types=[(row.get("label", ""), row.get("severity", "")) for row in formset.cleaned_data],
                    sign_off_required=form.cleaned_data["sign_off_required"],
                    safeguarding_follow_up_days=form.cleaned_data["safeguarding_follow_up_days"],
                )
            except StaleEditError as error:
                keep_text_after_conflict(form, error.current.version)
                status = CONFLICT
            except ValidationError as error:
                for errors in apply_service_errors(form, error).values():
                    form.add_error(None, errors)
            else:
                messages.success(request, f"Risk settings for {service} saved.")
                return redirect("risk:settings_edit", service_code=service.code)
    return render(
        request,
        "risk/settings_form.html",
        {"service": service, "form": form, "formset": formset, "section": "settings"},
        status=status,
    )
