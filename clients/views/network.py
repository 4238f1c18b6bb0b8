"""The "Network and consent" tab: the person's network, consent decisions and advance statements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clients.forms.network import AdvanceStatementForm, ConsentRecordForm, NetworkMemberForm, ReasonForm
from clients.models import AdvanceStatement, NetworkMember
from clients.selectors import documents as document_selectors
from clients.selectors import network as selectors
from clients.services import network as services
from clients.views.common import client_context, open_client
from recovery.core.forms import apply_service_errors


def _member(client, member_code) -> NetworkMember:
    try:
        return selectors.network_member_for_client(client=client, code=member_code)
    except NetworkMember.DoesNotExist:
        raise Http404 from None


def _statement(client, statement_code) -> AdvanceStatement:
    try:
        return selectors.advance_statement_for_client(client=client, code=statement_code)
    except AdvanceStatement.DoesNotExist:
        raise Http404 from None


def _invalid(request: HttpRequest) -> int:
    return 422 if request.method == "POST" else 200


@require_GET
@login_required
def network(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="network and consent")
    statements = list(selectors.advance_statements(client=client))
    context = client_context(
        request,
        client,
        members=list(selectors.active_network(client=client)),
        former_members=list(selectors.inactive_network(client=client)),
        consents=selectors.consent_summary(client=client),
        current_statements=[statement for statement in statements if statement.is_current],
        earlier_statements=[statement for statement in statements if not statement.is_current],
        today=timezone.localdate(),
    )
    return render(request, "clients/network/network.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def network_member_create(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="add network member", for_change=True)
    form = NetworkMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.network_member_add(client=client, by=request.user, **form.details())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{member.name} added to {client.display_name}'s network.")
            return redirect("clients:network", code=client.code)
    context = client_context(request, client, form=form, member=None)
    return render(request, "clients/network/member_form.html", context, status=_invalid(request))


@require_http_methods(["GET", "POST"])
@login_required
def network_member_edit(request: HttpRequest, code, member_code) -> HttpResponse:
    client = open_client(request, code, detail="change network member", for_change=True)
    member = _member(client, member_code)
    form = NetworkMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.network_member_update(member=member, by=request.user, **form.details())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Details for {member.name} saved.")
            return redirect("clients:network", code=client.code)
    context = client_context(request, client, form=form, member=member)
    return render(request, "clients/network/member_form.html", context, status=_invalid(request))


def _inactive_form(data=None) -> ReasonForm:
    return ReasonForm(
        data,
        label="Why is this person no longer part of the network?",
        help_text="For example: the person asked us to stop contacting them, or a new care coordinator took over.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def network_member_inactive(request: HttpRequest, code, member_code) -> HttpResponse:
    client = open_client(request, code, detail="network member no longer involved", for_change=True)
    member = _member(client, member_code)
    form = _inactive_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_member_make_inactive(member=member, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{member.name} is no longer shown in the network. Their details are kept.")
            return redirect("clients:network", code=client.code)
    context = client_context(request, client, form=form, member=member)
    return render(request, "clients/network/member_inactive.html", context, status=_invalid(request))


@require_http_methods(["GET", "POST"])
@login_required
def consent_create(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="record consent decision", for_change=True)
    initial = {"decided_on": timezone.localdate()}
    if request.GET.get("kind"):
        initial["kind"] = request.GET["kind"]
    form = ConsentRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.consent_record_add(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Consent decision recorded: {record.get_kind_display().lower()}, {record.get_decision_display().lower()}.",
            )
            return redirect("clients:network", code=client.code)
    context = client_context(request, client, form=form)
    return render(request, "clients/network/consent_form.html", context, status=_invalid(request))


@require_http_methods(["GET", "POST"])
@login_required
def advance_statement_create(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="add advance statement", for_change=True)
    documents = document_selectors.current_documents(client=client)
    form = AdvanceStatementForm(request.POST or None, documents=documents)
    if request.method == "POST" and form.is_valid():
        try:
            statement = services.advance_statement_add(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{statement.get_kind_display()} recorded. It is now shown at the top of every page of the record.",
            )
            return redirect("clients:network", code=client.code)
    context = client_context(request, client, form=form)
    return render(request, "clients/network/statement_form.html", context, status=_invalid(request))


@require_http_methods(["GET", "POST"])
@login_required
def advance_statement_not_current(request: HttpRequest, code, statement_code) -> HttpResponse:
    client = open_client(request, code, detail="advance statement no longer current", for_change=True)
    statement = _statement(client, statement_code)
    if request.method == "POST":
        services.advance_statement_mark_not_current(statement=statement, by=request.user)
        messages.success(
            request, f"The {statement.get_kind_display().lower()} is no longer shown as current. It is kept."
        )
        return redirect("clients:network", code=client.code)
    return render(
        request, "clients/network/statement_not_current.html", client_context(request, client, statement=statement)
    )
