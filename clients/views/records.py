"""The client page, timeline, new client (with duplicate check) and editing details."""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from clients import selectors, services
from clients.access import client_for_user
from clients.forms import ClientForm, ClientLinkForm, ContactForm, NewClientForm
from clients.views.common import client_context, open_client, template_for
from recovery.accounts.access import scope_for
from recovery.accounts.models import Team
from recovery.core.forms import keep_text_after_conflict
from recovery.core.registries import TimelineCursor, contact_form_extras

TIMELINE_PAGE = 50
RECENT_ENTRIES = 10


@require_GET
@login_required
def client_detail(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="client page")
    context = client_context(
        request,
        client,
        allocations=[a for a in selectors.client_allocations(client=client) if a.ended_at is None],
        links=selectors.linked_records(client=client),
        contact_form=ContactForm(),
        contact_extras=contact_form_extras(client),
    )
    return render(request, "clients/client_detail.html", context)


@require_GET
@login_required
def client_recent_activity(request: HttpRequest, code) -> HttpResponse:
    """The ten newest timeline entries, which the client page loads (htmx) after it appears.

    Every app's timeline source costs a query; asking them here rather than in the client page keeps
    that page within its budget of 20 queries however many apps take part. A plain request (no htmx)
    goes to the full timeline.
    """
    if not getattr(request, "htmx", False):
        client_for_user(request.user, code)
        return redirect("clients:timeline", code=code)
    client = open_client(request, code, detail="recent activity")
    timeline = selectors.client_timeline(client=client, limit=RECENT_ENTRIES)
    return render(request, "clients/partials/recent_activity.html", {"client": client, "timeline": timeline})


def _cursor(request: HttpRequest) -> TimelineCursor | None:
    try:
        return TimelineCursor(
            occurred_at=datetime.fromisoformat(request.GET["before"]),
            source=request.GET["source"],
            entry_id=request.GET["entry"],
        )
    except (KeyError, ValueError):
        return None


@require_GET
@login_required
def client_timeline(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="timeline")
    entries = selectors.client_timeline(client=client, cursor=_cursor(request), limit=TIMELINE_PAGE + 1)
    context = client_context(request, client, entries=entries[:TIMELINE_PAGE], has_more=len(entries) > TIMELINE_PAGE)
    if context["has_more"]:
        last = entries[TIMELINE_PAGE - 1]
        # Full precision: a cursor rounded to the second could skip entries within that second.
        context["next_query"] = urlencode(
            {"before": last.occurred_at.isoformat(), "source": last.source, "entry": last.entry_id}
        )
    return render(
        request, template_for(request, "clients/timeline.html", "clients/partials/timeline_page.html"), context
    )


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@login_required
def client_create(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    teams = Team.objects.filter(id__in=scope.changeable_team_ids).select_related("service").order_by("name")
    if not scope.changeable_team_ids:
        raise PermissionDenied("Your role lets you read records but not add them.")
    # A helpline or café contact being turned into a referral arrives with what the person gave.
    prefill = {name: request.GET[name][:100] for name in ("first_name", "last_name", "phone") if request.GET.get(name)}
    form = NewClientForm(request.POST or None, teams=teams, initial=prefill)
    matches = []
    if request.method == "POST" and form.is_valid():
        details = form.details()
        matches = selectors.possible_duplicates(
            first_name=details["first_name"],
            last_name=details["last_name"],
            date_of_birth=details["date_of_birth"],
            nhs_number=details["nhs_number"],
        )
        if matches and not form.cleaned_data["not_a_duplicate"]:
            messages.warning(request, "We found records that may be the same person. Check them before you go on.")
        else:
            try:
                client = services.client_create(team=form.cleaned_data["team"], created_by=request.user, **details)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                brief_code = _uuid_or_none(request.GET.get("brief"))
                if brief_code:
                    messages.success(
                        request,
                        f"Record created for {client.display_name}. Now choose it to turn the contact into a referral.",
                    )
                    query = urlencode({"q": client.display_name})
                    return redirect(f"{reverse('clients:brief_convert', args=[brief_code])}?{query}")
                messages.success(request, f"Record created for {client.display_name}. Next, add their referral.")
                return redirect("clients:detail", code=client.code)
    return render(request, "clients/client_form.html", {"form": form, "matches": matches, "creating": True})


@require_http_methods(["GET", "POST"])
@login_required
def client_edit(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="edit details", for_change=True)
    stale = None
    if request.method == "POST":
        form = ClientForm(request.POST, instance=client)
        if form.is_valid():
            try:
                client = services.client_update(
                    client=client,
                    by=request.user,
                    expected_version=form.cleaned_data.get("version") or 0,
                    **form.details(),
                )
            except services.StaleEditError as error:
                stale = error.current
                keep_text_after_conflict(
                    form,
                    stale.version,
                    message="Someone else saved changes to this record after you opened it. Your changes are "
                    "still below: compare them with the saved details, then save again.",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Details saved.")
                return redirect("clients:detail", code=client.code)
    else:
        form = ClientForm(instance=client, initial={"version": client.version})
    return render(request, "clients/client_form.html", client_context(request, client, form=form, stale=stale))


@require_http_methods(["GET", "POST"])
@login_required
def client_link(request: HttpRequest, code) -> HttpResponse:
    """Mark two records as the same person: both stay, each points to the other."""
    client = open_client(request, code, detail="link records", for_change=True)
    form = ClientLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other_code = _uuid_or_none(form.cleaned_data["other"].strip())
        try:
            other = client_for_user(request.user, other_code) if other_code else None
        except Http404:
            other = None
        if other is None:
            form.add_error("other", "Enter the code of a record you can open (copy it from that record's address).")
        else:
            try:
                services.client_link(client=client, other=other, reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as error:
                form.add_error("other" if "other" in getattr(error, "message_dict", {}) else None, error.messages)
            else:
                messages.success(request, f"Linked with {other.display_name}'s record. Both records are kept.")
                return redirect("clients:detail", code=client.code)
    context = client_context(request, client, form=form, links=selectors.linked_records(client=client))
    return render(request, "clients/link_form.html", context, status=422 if form.errors else 200)
