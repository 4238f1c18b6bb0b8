"""Alerts: set, change (review or end date, wording) and end."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from clients.views.common import open_client
from recovery.core.forms import apply_service_errors, keep_text_after_conflict
from risk import selectors, services
from risk.forms import AlertEditForm, AlertEndForm, AlertForm
from risk.services import StaleEditError
from risk.views.common import CONFLICT, client_page, status_for


def _to_tab(client) -> HttpResponse:
    response = redirect("risk:client_risk", code=client.code)
    response["Location"] += "#alerts"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def alert_create(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="set alert", for_change=True)
    settings = services.risk_settings_for(service=client.team.service)
    form = AlertForm(request.POST or None, alert_types=settings.alert_types)
    if request.method == "POST" and form.is_valid():
        try:
            alert = services.alert_set(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Alert “{alert.text}” set. It shows on caseloads and at the top of the record.")
            return _to_tab(client)
    return client_page(request, client, "risk/alert_form.html", form=form, alert=None, status=status_for(request, form))


@require_http_methods(["GET", "POST"])
@login_required
def alert_edit(request: HttpRequest, code, alert_code) -> HttpResponse:
    client = open_client(request, code, detail="change alert", for_change=True)
    alert = selectors.alert_for_client(client=client, code=alert_code)
    if alert.ended_at is not None:
        messages.error(request, "This alert has ended. Set a new alert if it applies again.")
        return _to_tab(client)
    initial = {
        "text": alert.text,
        "detail": alert.detail,
        "review_on": alert.review_on,
        "ends_on": alert.ends_on,
        "version": alert.version,
    }
    form = AlertEditForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ("text", "detail", "review_on", "ends_on")}
        try:
            services.alert_update(alert=alert, by=request.user, expected_version=form.cleaned_data["version"], **values)
        except StaleEditError as error:
            stale = error.current
            keep_text_after_conflict(form, stale.version)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Alert saved.")
            return _to_tab(client)
    status = CONFLICT if stale else status_for(request, form)
    return client_page(request, client, "risk/alert_form.html", form=form, alert=alert, stale=stale, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def alert_end(request: HttpRequest, code, alert_code) -> HttpResponse:
    client = open_client(request, code, detail="end alert", for_change=True)
    alert = selectors.alert_for_client(client=client, code=alert_code)
    if alert.ended_at is not None:
        messages.info(request, "This alert has already ended.")
        return _to_tab(client)
    form = AlertEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_end(alert=alert, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Alert “{alert.text}” ended. It stays on the record as ended.")
            return _to_tab(client)
    return client_page(request, client, "risk/alert_end.html", form=form, alert=alert, status=status_for(request, form))
