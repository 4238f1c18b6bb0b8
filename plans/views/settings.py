"""Plan settings for a service: early warning threshold, sign-off, life areas, crisis numbers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from plans import selectors, services
from plans.forms import CrisisContactFormSet, PlanSettingsForm
from recovery.accounts.access import scope_for
from recovery.accounts.models import Service
from recovery.core.forms import apply_service_errors


def _managed_services(request: HttpRequest) -> list[Service]:
    scope = scope_for(request.user)
    if not scope.is_service_manager:
        raise PermissionDenied("Only service managers can change plan settings.")
    return list(Service.objects.filter(id__in=scope.managed_service_ids).order_by("name"))


@require_GET
@login_required
def settings_list(request: HttpRequest) -> HttpResponse:
    services_managed = _managed_services(request)
    if len(services_managed) == 1:
        return redirect("plans:settings_edit", service_code=services_managed[0].code)
    return render(request, "plans/settings_list.html", {"services": services_managed})


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest, service_code) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        service = Service.objects.select_related("plan_settings").get(code=service_code)
    except Service.DoesNotExist:
        raise Http404 from None
    if service.pk not in scope.managed_service_ids:
        if service.pk in scope.visible_service_ids:
            raise PermissionDenied("Only the service manager can change plan settings.")
        raise Http404
    settings = selectors.plan_settings_for(service=service)
    if request.method == "POST":
        form = PlanSettingsForm(request.POST)
        contacts = CrisisContactFormSet(request.POST, prefix="contacts")
        if form.is_valid() and contacts.is_valid():
            try:
                services.plan_settings_update(
                    service=service,
                    by=request.user,
                    crisis_contacts=[row for row in contacts.cleaned_data if row],
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"Plan settings saved for {service.name}.")
                return redirect("plans:settings_edit", service_code=service.code)
    else:
        form = PlanSettingsForm(
            initial={
                "early_warning_threshold": settings.early_warning_threshold,
                "early_warning_window_days": settings.early_warning_window_days,
                "sign_off_required": settings.sign_off_required,
                "life_areas": "\n".join(settings.life_areas),
            }
        )
        contacts = CrisisContactFormSet(initial=settings.crisis_contacts, prefix="contacts")
    status = 422 if request.method == "POST" else 200
    context = {"service": service, "form": form, "contacts": contacts}
    return render(request, "plans/settings_form.html", context, status=status)
