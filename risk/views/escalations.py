"""Logging an escalation from a contact (to on-call, the crisis team, 999, ...)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from clients.views.common import open_client
from recovery.core.forms import apply_service_errors
from risk import selectors, services
from risk.forms import EscalationForm
from risk.views.common import client_page, status_for


@require_http_methods(["GET", "POST"])
@login_required
def escalation_create(request: HttpRequest, code, contact_code) -> HttpResponse:
    client = open_client(request, code, detail="log escalation", for_change=True)
    contact = selectors.contact_for_client(client=client, code=contact_code)
    form = EscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            escalation = services.escalation_log(contact=contact, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Escalation to {escalation.get_escalated_to_display().lower()} recorded. "
                "A review of the risk assessment has been asked for.",
            )
            return redirect("clients:contact_detail", code=client.code, contact_code=contact.code)
    return client_page(
        request, client, "risk/escalation_form.html", form=form, contact=contact, status=status_for(request, form)
    )
