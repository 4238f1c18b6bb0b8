"""A service's report settings (sections, targets, suppression, automatic build) and its case studies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recovery.core.concurrency import StaleEditError
from recovery.core.forms import apply_service_errors, keep_text_after_conflict
from recovery.reports import selectors, services
from recovery.reports.forms import CaseStudyForm, DefinitionForm


@require_http_methods(["GET", "POST"])
@login_required
def definition_edit(request: HttpRequest, code) -> HttpResponse:
    service = selectors.service_for_manager(request.user, code)
    definition = services.definition_for_service(service=service)
    form = DefinitionForm(request.POST or None, definition=definition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.definition_update(
                definition=definition,
                by=request.user,
                expected_version=data["version"],
                title=data["title"],
                commissioner_name=data["commissioner_name"],
                contract_reference=data["contract_reference"],
                section_keys=data["section_keys"],
                targets=form.targets(),
                suppression_threshold=data["suppression_threshold"],
                auto_build=data["auto_build"],
                auto_build_day=data["auto_build_day"],
            )
        except StaleEditError as stale:
            keep_text_after_conflict(form, stale.current.version)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Report settings saved. They apply to reports built from now on.")
            return redirect("reports:home")
    status = 422 if request.method == "POST" else 200
    return render(request, "reports/definition_form.html", {"service": service, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def case_studies(request: HttpRequest, code) -> HttpResponse:
    service = selectors.service_for_manager(request.user, code)
    form = CaseStudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_study_add(
                service=service,
                by=request.user,
                title=data["title"],
                anonymised_text=data["anonymised_text"],
                consent_recorded_on=data["consent_recorded_on"],
                include_in_reports=data["include_in_reports"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Case study added. It will be in reports built from now on.")
            return redirect("reports:case_studies", code=service.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "reports/case_studies.html",
        {"service": service, "form": form, "studies": list(selectors.case_studies_for_service(service=service))},
        status=status,
    )


@require_POST
@login_required
def case_study_withdraw(request: HttpRequest, code, study_code) -> HttpResponse:
    service = selectors.service_for_manager(request.user, code)
    study = selectors.case_study_for_service(service=service, code=study_code)
    services.case_study_withdraw(case_study=study, by=request.user)
    messages.success(request, f"“{study.title}” will not be in any report from now on.")
    return redirect("reports:case_studies", code=service.code)


@require_POST
@login_required
def case_study_include(request: HttpRequest, code, study_code) -> HttpResponse:
    """Pick a case study for reports (``include=1``) or leave it out (``include=0``)."""
    service = selectors.service_for_manager(request.user, code)
    study = selectors.case_study_for_service(service=service, code=study_code)
    include = request.POST.get("include") == "1"
    try:
        services.case_study_set_included(case_study=study, by=request.user, include=include)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{study.title}” will {'be' if include else 'not be'} in reports built from now on.")
    return redirect("reports:case_studies", code=service.code)
