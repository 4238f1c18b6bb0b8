"""The client's safety plan, and its one-page printout for the client to keep."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clients.views.common import client_pdf_response, open_client
from plans import selectors, services
from plans.forms import SAFETY_SECTIONS, SafetyPlanForm
from plans.services import SAFETY_TEXT_FIELDS
from plans.views.common import mark_stale, plans_context
from recovery.core.forms import apply_service_errors


def _steps(safety_plan) -> list[dict]:
    return [
        {"legend": legend, "name": names[0], "text": getattr(safety_plan, names[0])}
        for legend, names in SAFETY_SECTIONS
    ]


@require_GET
@login_required
def safety_plan_detail(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="safety plan")
    safety_plan = selectors.safety_plan_for_client(client=client)
    context = plans_context(
        request,
        client,
        section="safety",
        safety_plan=safety_plan,
        steps=_steps(safety_plan) if safety_plan else [],
        crisis_contacts=selectors.plan_settings_for(service=client.team.service).crisis_contacts,
    )
    return render(request, "plans/safety_plan.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def safety_plan_edit(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="change safety plan", for_change=True)
    safety_plan = selectors.safety_plan_for_client(client=client)
    stale = {}
    initial = {"version": safety_plan.version if safety_plan else None}
    if request.method == "POST":
        form = SafetyPlanForm(request.POST, instance=safety_plan, initial=initial)
        if form.is_valid():
            try:
                services.safety_plan_save(
                    client=client,
                    by=request.user,
                    expected_version=form.cleaned_data["version"] if safety_plan else None,
                    **form.details(),
                )
            except services.StaleEditError as error:
                stale = mark_stale(form, error.current, ["written_by", *SAFETY_TEXT_FIELDS])
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Safety plan saved. Print a copy for the client to keep.")
                return redirect("plans:safety_plan", code=client.code)
    else:
        form = SafetyPlanForm(instance=safety_plan, initial=initial)
    sections = [{"legend": legend, "fields": [form[name] for name in names]} for legend, names in SAFETY_SECTIONS]
    status = 409 if stale else (422 if request.method == "POST" else 200)
    context = plans_context(
        request,
        client,
        section="safety",
        safety_plan=safety_plan,
        form=form,
        sections=sections,
        stale=stale,
        crisis_contacts=selectors.plan_settings_for(service=client.team.service).crisis_contacts,
    )
    return render(request, "plans/safety_plan_form.html", context, status=status)


@require_GET
@login_required
def safety_plan_pdf(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="safety plan printout")
    safety_plan = selectors.safety_plan_for_client(client=client)
    if safety_plan is None:
        messages.info(request, "There is no safety plan to print yet.")
        return redirect("plans:safety_plan", code=client.code)
    context = {
        "safety_plan": safety_plan,
        "steps": _steps(safety_plan),
        "crisis_contacts": selectors.plan_settings_for(service=client.team.service).crisis_contacts,
    }
    return client_pdf_response(
        request,
        client,
        template="plans/pdf/safety_plan.html",
        context=context,
        filename="safety-plan.pdf",
        detail="safety plan printout",
    )
