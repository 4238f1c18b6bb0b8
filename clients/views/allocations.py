"""The client's "Workers" tab: lead worker and co-workers with their history. Everyone who
can see the client can read it; only the team leader (or manager) changes it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clients import selectors, services
from clients.access import can_lead_client, require_lead
from clients.forms.episodes import AllocationEndForm, AllocationForm
from clients.selectors.access import allocation_history, client_allocation
from clients.views.common import client_context, open_client
from recovery.core.forms import apply_service_errors


def _lead_form(client, data=None) -> AllocationForm:
    return AllocationForm(
        data, prefix="lead", workers=selectors.team_workers(team=client.team), worker_label="New lead worker"
    )


def _coworker_form(client, data=None) -> AllocationForm:
    return AllocationForm(data, prefix="co", workers=selectors.team_workers(team=client.team), worker_label="Co-worker")


def _render_tab(request: HttpRequest, client, *, lead_form=None, coworker_form=None, status: int = 200):
    current, ended = allocation_history(client=client)
    context = client_context(request, client, current=current, ended=ended)
    if can_lead_client(request.user, client):
        context["lead_form"] = lead_form or _lead_form(client)
        context["coworker_form"] = coworker_form or _coworker_form(client)
    return render(request, "clients/allocations/allocation.html", context, status=status)


@require_GET
@login_required
def allocation(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="workers")
    return _render_tab(request, client)


def _lead_client(request: HttpRequest, code):
    client = open_client(request, code, detail="change allocation", for_change=True)
    require_lead(request.user, client)
    return client


@require_http_methods(["POST"])
@login_required
def allocation_set_lead(request: HttpRequest, code) -> HttpResponse:
    client = _lead_client(request, code)
    form = _lead_form(client, request.POST)
    if form.is_valid():
        try:
            services.allocation_set_lead(
                client=client, worker=form.cleaned_data["worker"], by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"{form.cleaned_data['worker']} is now the lead worker for {client.display_name}."
            )
            return redirect("clients:allocation", code=client.code)
    return _render_tab(request, client, lead_form=form, status=422)


@require_http_methods(["POST"])
@login_required
def allocation_add_coworker(request: HttpRequest, code) -> HttpResponse:
    client = _lead_client(request, code)
    form = _coworker_form(client, request.POST)
    if form.is_valid():
        worker = form.cleaned_data["worker"]
        try:
            allocation = services.allocation_add_coworker(
                client=client, worker=worker, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if allocation.role == "lead":
                messages.info(request, f"{worker} is already the lead worker for {client.display_name}.")
            else:
                messages.success(request, f"{worker} is now a co-worker for {client.display_name}.")
            return redirect("clients:allocation", code=client.code)
    return _render_tab(request, client, coworker_form=form, status=422)


@require_http_methods(["GET", "POST"])
@login_required
def allocation_end(request: HttpRequest, code, allocation_code) -> HttpResponse:
    client = _lead_client(request, code)
    allocation = client_allocation(client=client, code=allocation_code)
    if allocation.ended_at is not None:
        messages.info(request, "This allocation has already ended.")
        return redirect("clients:allocation", code=client.code)
    form = AllocationEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.allocation_end(allocation=allocation, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{allocation.worker} no longer works with {client.display_name}.")
        return redirect("clients:allocation", code=client.code)
    context = client_context(request, client, form=form, allocation=allocation)
    return render(request, "clients/allocations/end_form.html", context, status=422 if form.errors else 200)
