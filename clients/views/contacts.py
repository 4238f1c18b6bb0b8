"""Logging contacts (from the caseload or the client page, with or without htmx), and amendments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clients import selectors, services
from clients.forms import AmendmentForm, ContactForm, DisputeForm
from clients.models import Contact
from clients.views.common import client_context, open_client
from recovery.core.forms import apply_service_errors
from recovery.core.registries import contact_detail_panels_for, contact_form_extensions_save, contact_form_extras


@require_http_methods(["GET", "POST"])
@login_required
def contact_create(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="log contact", for_change=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact, created = services.contact_log(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if created:
                contact_form_extensions_save(contact, request.POST)
            if request.htmx:
                # Back to a fresh form with a confirmation; the caseload row or timeline refreshes itself.
                response = render(
                    request,
                    "clients/partials/contact_form.html",
                    {
                        "client": client,
                        "contact_form": ContactForm(),
                        "contact_extras": contact_form_extras(client),
                        "logged": contact,
                        "created": created,
                    },
                )
                response["HX-Trigger"] = "contactLogged"
                return response
            messages.success(request, f"Contact with {client.display_name} logged.")
            return redirect("clients:detail", code=client.code)
    template = "clients/partials/contact_form.html" if request.htmx else "clients/contact_form.html"
    status = 422 if request.method == "POST" and request.htmx else 200
    context = client_context(request, client, contact_form=form, contact_extras=contact_form_extras(client))
    return render(request, template, context, status=status)


def _contact(client, contact_code) -> Contact:
    try:
        return selectors.contact_detail(client=client, code=contact_code)
    except Contact.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET"])
@login_required
def contact_detail(request: HttpRequest, code, contact_code) -> HttpResponse:
    client = open_client(request, code, detail="contact")
    contact = _contact(client, contact_code)
    context = client_context(request, client, contact=contact, amend_form=AmendmentForm(), dispute_form=DisputeForm())
    context["contact_panels"] = contact_detail_panels_for(request, contact)
    return render(request, "clients/contact_detail.html", context)


@require_http_methods(["POST"])
@login_required
def contact_amend(request: HttpRequest, code, contact_code) -> HttpResponse:
    client = open_client(request, code, detail="amend contact", for_change=True)
    contact = _contact(client, contact_code)
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            services.contact_amend(contact=contact, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Amendment added. The original note is still shown.")
            return redirect("clients:contact_detail", code=client.code, contact_code=contact.code)
    context = client_context(request, client, contact=contact, amend_form=form, dispute_form=DisputeForm())
    return render(request, "clients/contact_detail.html", context, status=422)


@require_http_methods(["POST"])
@login_required
def contact_dispute(request: HttpRequest, code, contact_code) -> HttpResponse:
    client = open_client(request, code, detail="dispute contact", for_change=True)
    contact = _contact(client, contact_code)
    form = DisputeForm(request.POST)
    if form.is_valid():
        services.contact_dispute_add(contact=contact, by=request.user, **form.cleaned_data)
        messages.success(request, "The person's view is now shown beside the note.")
        return redirect("clients:contact_detail", code=client.code, contact_code=contact.code)
    context = client_context(request, client, contact=contact, amend_form=AmendmentForm(), dispute_form=form)
    return render(request, "clients/contact_detail.html", context, status=422)
