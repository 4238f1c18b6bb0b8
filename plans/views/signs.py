"""The relapse signature: early warning signs and triggers, what helps, who to tell, and the 12-week trend."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.views.common import open_client
from plans import selectors, services
from plans.forms import SignatureForm, SignForm
from plans.models import EarlyWarningSign
from plans.views.common import mark_stale, plans_context
from recovery.core.forms import apply_service_errors


def _signs_context(request, client, **extra) -> dict:
    context = plans_context(
        request,
        client,
        section="signs",
        signs=selectors.client_signs(client=client),
        signature=selectors.signature_for_client(client=client),
        trend=selectors.sign_trend(client=client),
        settings=selectors.plan_settings_for(service=client.team.service),
        **extra,
    )
    context["early_warning"] = next((flag for flag in context["header"].flags if flag.key == "early_warning"), None)
    return context


@require_GET
@login_required
def signs(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="early warning signs")
    return render(request, "plans/signs.html", _signs_context(request, client, sign_form=SignForm()))


@require_POST
@login_required
def sign_add(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="add early warning sign", for_change=True)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            sign = services.sign_add(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Added “{sign.description}”.")
            return redirect("plans:signs", code=client.code)
    return render(request, "plans/signs.html", _signs_context(request, client, sign_form=form), status=422)


@require_POST
@login_required
def sign_archive(request: HttpRequest, code, sign_code) -> HttpResponse:
    client = open_client(request, code, detail="archive early warning sign", for_change=True)
    try:
        sign = selectors.sign_for_client(client=client, code=sign_code)
    except EarlyWarningSign.DoesNotExist:
        raise Http404 from None
    services.sign_archive(sign=sign, by=request.user)
    messages.success(request, f"“{sign.description}” is off the list. What was noticed before stays in the trend.")
    return redirect("plans:signs", code=client.code)


@require_http_methods(["GET", "POST"])
@login_required
def signature_edit(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="change relapse signature", for_change=True)
    signature = selectors.signature_for_client(client=client)
    stale = {}
    initial = {"version": signature.version if signature else None}
    if request.method == "POST":
        form = SignatureForm(request.POST, instance=signature, initial=initial)
        if form.is_valid():
            try:
                services.signature_save(
                    client=client,
                    by=request.user,
                    expected_version=form.cleaned_data["version"] if signature else None,
                    **form.details(),
                )
            except services.StaleEditError as error:
                stale = mark_stale(form, error.current, ["what_helps", "who_to_tell"])
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Saved.")
                return redirect("plans:signs", code=client.code)
    else:
        form = SignatureForm(instance=signature, initial=initial)
    status = 409 if stale else (422 if request.method == "POST" else 200)
    context = plans_context(request, client, section="signs", form=form, stale=stale, signature=signature)
    return render(request, "plans/signature_form.html", context, status=status)
