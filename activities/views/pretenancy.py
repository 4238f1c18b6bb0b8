"""The pre-tenancy course: the service's roster, linking activities to a module, a person's
progress and sign-offs, and the completion certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from activities.access import require_programme_manager
from activities.forms.pretenancy import ModuleActivitiesForm, SignOffForm
from activities.models import PreTenancyModule
from activities.selectors import pretenancy as selectors
from activities.selectors.programme_access import service_for_user
from activities.services import pretenancy as services
from activities.views.common import programme_context
from clients.access import client_for_user
from clients.views.common import client_context, client_pdf_response, open_client
from recovery.audit.services import record_access_log_many
from recovery.core.forms import apply_service_errors


@require_GET
@login_required
def course_roster(request: HttpRequest, service_code) -> HttpResponse:
    """Everyone on the course the user can see, by name: each of them gets a record-access row."""
    service = service_for_user(request.user, service_code)
    modules, rows = selectors.course_roster(service=service, user=request.user)
    record_access_log_many(
        request=request, subject_codes=[row.client.code for row in rows], detail="pre-tenancy course roster"
    )
    return render(
        request,
        "activities/programme/pretenancy_roster.html",
        programme_context(request, service, section="pretenancy", modules=modules, rows=rows),
    )


@require_http_methods(["GET", "POST"])
@login_required
def module_activities(request: HttpRequest, service_code, module_code) -> HttpResponse:
    service = service_for_user(request.user, service_code)
    require_programme_manager(request.user, service.pk)
    module = get_object_or_404(PreTenancyModule, service=service, code=module_code, is_active=True)
    form = ModuleActivitiesForm(
        request.POST or None,
        service=service,
        initial={"activities": list(module.activity_links.values_list("activity_id", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pretenancy_module_set_activities(
                module=module, by=request.user, activities=list(form.cleaned_data["activities"])
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Activities for “{module.title}” saved.")
            return redirect("activities:pretenancy_roster", service_code=service.code)
    return render(
        request,
        "activities/programme/module_activities.html",
        {"service": service, "module": module, "form": form},
        status=422 if form.errors else 200,
    )


@require_GET
@login_required
def client_pretenancy(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="pre-tenancy course")
    progress = selectors.client_progress(client=client)
    return render(
        request,
        "activities/programme/client_pretenancy.html",
        client_context(request, client, progress=progress),
    )


@require_http_methods(["GET", "POST"])
@login_required
def client_sign_off(request: HttpRequest, code, module_code) -> HttpResponse:
    client = open_client(request, code, detail="pre-tenancy sign-off", for_change=True)
    module = get_object_or_404(PreTenancyModule, service=client.team.service, code=module_code, is_active=True)
    form = SignOffForm(request.POST or None, initial={"signed_off_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            _, completion = services.pretenancy_sign_off(
                client=client, module=module, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if completion:
                messages.success(request, f"{client.display_name} has completed the pre-tenancy course.")
            else:
                messages.success(request, f"“{module.title}” signed off.")
            return redirect("activities:client_pretenancy", code=client.code)
    return render(
        request,
        "activities/programme/sign_off_form.html",
        client_context(request, client, module=module, form=form),
        status=422 if form.errors else 200,
    )


@require_GET
@login_required
def certificate_pdf(request: HttpRequest, code) -> HttpResponse:
    """The completion certificate (logged as an export of the person's record)."""
    client = client_for_user(request.user, code)
    progress = selectors.client_progress(client=client)
    if progress.completion is None:
        messages.error(request, "The certificate is ready once every module is signed off.")
        return redirect("activities:client_pretenancy", code=client.code)
    return client_pdf_response(
        request,
        client,
        template="activities/programme/pdf/certificate.html",
        context={"completion": progress.completion, "service": client.team.service},
        filename=f"pre-tenancy-certificate-{client.code}.pdf",
        detail="pre-tenancy certificate",
    )
