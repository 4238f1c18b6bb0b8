"""Safeguarding concerns: raise (from a contact or the Risk and safety tab), read, record
referrals and decisions, close. Details only for the people ``risk.access`` allows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.access import can_lead_client
from clients.views.common import open_client
from recovery.core.forms import apply_service_errors, keep_text_after_conflict
from risk import selectors, services
from risk.access import require_concern_visible
from risk.forms import ConcernCloseForm, ConcernForm, ConcernReferralsForm, ConcernUpdateForm
from risk.services import StaleEditError
from risk.views.common import CONFLICT, client_page, status_for


def _concern(request: HttpRequest, client, concern_code):
    concern = selectors.concern_for_client(client=client, code=concern_code)
    require_concern_visible(request.user, client, concern)
    return concern


def _to_concern(concern) -> HttpResponse:
    return redirect("risk:concern_detail", code=concern.client.code, concern_code=concern.code)


@require_http_methods(["GET", "POST"])
@login_required
def concern_create(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="raise safeguarding concern", for_change=True)
    contact_code = request.POST.get("contact") or request.GET.get("contact")
    contact = selectors.contact_for_client(client=client, code=contact_code) if contact_code else None
    form = ConcernForm(request.POST or None, initial={"contact": contact.code if contact else None})
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "contact"}
        try:
            concern = services.concern_raise(client=client, by=request.user, contact=contact, **values)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                "Safeguarding concern recorded. The team leader is being told now, in Recovery and by e-mail. "
                "Next, record the referral decision below.",
            )
            return _to_concern(concern)
    return client_page(
        request, client, "risk/concern_form.html", form=form, contact=contact, status=status_for(request, form)
    )


@require_GET
@login_required
def concern_detail(request: HttpRequest, code, concern_code) -> HttpResponse:
    client = open_client(request, code, detail="safeguarding concern")
    concern = _concern(request, client, concern_code)
    return client_page(
        request,
        client,
        "risk/concern_detail.html",
        concern=concern,
        update_form=ConcernUpdateForm(),
        can_close=can_lead_client(request.user, client),
    )


@require_http_methods(["GET", "POST"])
@login_required
def concern_referrals(request: HttpRequest, code, concern_code) -> HttpResponse:
    """The referral to the local authority, the police and the internal safeguarding lead."""
    client = open_client(request, code, detail="safeguarding referrals", for_change=True)
    concern = _concern(request, client, concern_code)
    if not concern.is_open:
        messages.error(request, "This concern is closed. Add an update if something new has happened.")
        return _to_concern(concern)
    fields = [name for name in ConcernReferralsForm.base_fields if name != "version"]
    form = ConcernReferralsForm(
        request.POST or None,
        initial={**{name: getattr(concern, name) for name in fields}, "version": concern.version},
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in fields}
        try:
            services.concern_update_referrals(
                concern=concern, by=request.user, expected_version=form.cleaned_data["version"], **values
            )
        except StaleEditError as error:
            stale = error.current
            keep_text_after_conflict(form, stale.version)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Referrals saved.")
            return _to_concern(concern)
    status = CONFLICT if stale else status_for(request, form)
    return client_page(
        request, client, "risk/concern_referrals.html", form=form, concern=concern, stale=stale, status=status
    )


@require_POST
@login_required
def concern_update_add(request: HttpRequest, code, concern_code) -> HttpResponse:
    client = open_client(request, code, detail="safeguarding update", for_change=True)
    concern = _concern(request, client, concern_code)
    form = ConcernUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.concern_add_update(concern=concern, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Update added.")
            return _to_concern(concern)
    return client_page(
        request,
        client,
        "risk/concern_detail.html",
        concern=concern,
        update_form=form,
        can_close=can_lead_client(request.user, client),
        status=422,
    )


@require_http_methods(["GET", "POST"])
@login_required
def concern_close(request: HttpRequest, code, concern_code) -> HttpResponse:
    """Closing is the team leader's decision, and needs an outcome."""
    client = open_client(request, code, detail="close safeguarding concern", for_change=True)
    concern = _concern(request, client, concern_code)
    if not can_lead_client(request.user, client):
        raise PermissionDenied("Only the team leader or service manager can close a safeguarding concern.")
    if not concern.is_open:
        messages.info(request, "This concern is already closed.")
        return _to_concern(concern)
    form = ConcernCloseForm(request.POST or None, initial={"version": concern.version})
    blocking: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_close(
                concern=concern,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                closure_reason=form.cleaned_data["closure_reason"],
                outcome=form.cleaned_data["outcome"],
            )
        except StaleEditError as error:
            keep_text_after_conflict(form, error.current.version)
        except ValidationError as error:
            blocking = apply_service_errors(form, error, elsewhere=True)
            for messages_list in blocking.values():
                form.add_error(None, messages_list)
        else:
            messages.success(request, "Safeguarding concern closed. It stays on the record with its outcome.")
            return _to_concern(concern)
    return client_page(
        request, client, "risk/concern_close.html", form=form, concern=concern, status=status_for(request, form)
    )
