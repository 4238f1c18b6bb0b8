"""The client's WRAP: shown, changed and printed only for the people the client chose."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clients.views.common import client_pdf_response, open_client
from plans import selectors, services
from plans.forms import WRAP_SECTIONS, WrapForm
from plans.services import WRAP_TEXT_FIELDS
from plans.views.common import mark_stale, plans_context
from recovery.core.forms import apply_service_errors


def _private(request: HttpRequest, client) -> HttpResponse:
    """The client chose not to share their WRAP with this person: say so, show nothing of it."""
    context = plans_context(request, client, section="wrap", message=selectors.wrap_private_message(client=client))
    return render(request, "plans/wrap_private.html", context, status=403)


def _sections(wrap) -> list[dict]:
    return [
        {"legend": legend, "items": [(WrapForm.Meta.labels[name], getattr(wrap, name)) for name in names]}
        for legend, names in WRAP_SECTIONS
    ]


@require_GET
@login_required
def wrap_detail(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="WRAP")
    wrap = selectors.wrap_for_client(client=client)
    if not selectors.can_see_wrap(user=request.user, client=client, wrap=wrap):
        return _private(request, client)
    context = plans_context(
        request,
        client,
        section="wrap",
        wrap=wrap,
        sections=_sections(wrap) if wrap else [],
        shared_with=selectors.wrap_shared_with(wrap=wrap) if wrap else [],
    )
    return render(request, "plans/wrap.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def wrap_edit(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="change WRAP", for_change=True)
    wrap = selectors.wrap_for_client(client=client)
    if not selectors.can_see_wrap(user=request.user, client=client, wrap=wrap):
        return _private(request, client)
    network = selectors.network_choices(client=client)
    stale = {}
    initial = {"version": wrap.version if wrap else None}
    if wrap is not None:
        initial["shared_with"] = selectors.wrap_shared_with(wrap=wrap)
    if request.method == "POST":
        form = WrapForm(request.POST, instance=wrap, initial=initial, network=network)
        if form.is_valid():
            try:
                services.wrap_save(
                    client=client,
                    by=request.user,
                    expected_version=form.cleaned_data["version"] if wrap else None,
                    **form.details(),
                )
            except services.StaleEditError as error:
                stale = mark_stale(form, error.current, ["sharing", "written_by", *WRAP_TEXT_FIELDS])
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "WRAP saved.")
                return redirect("plans:wrap", code=client.code)
    else:
        form = WrapForm(instance=wrap, initial=initial, network=network)
    sections = [{"legend": legend, "fields": [form[name] for name in names]} for legend, names in WRAP_SECTIONS]
    status = 409 if stale else (422 if request.method == "POST" else 200)
    context = plans_context(
        request, client, section="wrap", wrap=wrap, form=form, sections=sections, stale=stale, network=network
    )
    return render(request, "plans/wrap_form.html", context, status=status)


@require_GET
@login_required
def wrap_pdf(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="WRAP printout")
    wrap = selectors.wrap_for_client(client=client)
    if wrap is None:
        messages.info(request, "There is no WRAP to print yet.")
        return redirect("plans:wrap", code=client.code)
    if not selectors.can_see_wrap(user=request.user, client=client, wrap=wrap):
        return _private(request, client)
    context = {"wrap": wrap, "sections": _sections(wrap), "shared_with": selectors.wrap_shared_with(wrap=wrap)}
    return client_pdf_response(
        request, client, template="plans/pdf/wrap.html", context=context, filename="wrap.pdf", detail="WRAP printout"
    )
