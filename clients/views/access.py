"""Break-glass access and the record-access log.

- "Search all teams": exact matches only (NHS number, or full name and date of birth)
  across every team of the user's services, showing name, date of birth and team.
- "Open with break-glass": a typed reason, logged, time-limited (clients.access).
- "Who viewed this record": the client's access log, for the team leader.
- "Break-glass access": openings of the leader's teams' clients by anyone.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clients import selectors, services
from clients.access import has_break_glass, require_lead, visible_clients
from clients.forms import BreakGlassForm
from clients.forms.brief import AllTeamsSearchForm
from clients.selectors.access import (
    break_glass_candidate,
    break_glass_log,
    client_access_log,
    clients_by_code,
    exact_match_search,
)
from clients.views.common import client_context, open_client, paginate
from recovery.accounts.access import scope_for
from recovery.core.forms import apply_service_errors


def _require_clinical_role(request: HttpRequest) -> None:
    if not scope_for(request.user).has_clinical_role:
        raise PermissionDenied("Client records are only for staff with a role in a team.")


@require_http_methods(["GET", "POST"])
@login_required
def search_all_teams(request: HttpRequest) -> HttpResponse:
    # The search is a POST so that NHS numbers, names and dates of birth stay out of
    # URLs (browser history, proxy and server logs).
    _require_clinical_role(request)
    form = AllTeamsSearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = exact_match_search(user=request.user, **form.cleaned_data)
    status = 422 if form.errors else 200
    return render(request, "clients/access/search_all.html", {"form": form, "results": results}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def break_glass(request: HttpRequest, code) -> HttpResponse:
    _require_clinical_role(request)
    client = break_glass_candidate(user=request.user, code=code)
    if visible_clients(request.user).filter(pk=client.pk).exists() or has_break_glass(request.user, client):
        return redirect("clients:detail", code=client.code)
    form = BreakGlassForm(request.POST or None)
    form.fields["reason"].error_messages.update(
        required="Explain in a sentence why you need this record.",
        min_length="Explain in a sentence why you need this record (at least 10 characters).",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_open(request=request, client=client, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.warning(request, f"You have opened {client.display_name}'s record with break-glass access.")
            return redirect("clients:detail", code=client.code)
    context = {"candidate": client, "form": form}
    return render(request, "clients/access/break_glass.html", context, status=422 if form.errors else 200)


@require_GET
@login_required
def access_log(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="who viewed this record")
    require_lead(request.user, client)
    page = paginate(request, client_access_log(client=client))
    return render(request, "clients/access/access_log.html", client_context(request, client, page=page))


@require_GET
@login_required
def break_glass_list(request: HttpRequest) -> HttpResponse:
    """Break-glass openings of clients in the teams the user leads, newest first."""
    teams = list(selectors.led_teams(user=request.user))
    if not teams:
        raise PermissionDenied("Only team leaders and service managers can see break-glass access.")
    team = None
    if wanted := request.GET.get("team"):
        team = next((candidate for candidate in teams if str(candidate.code) == wanted), None)
        if team is None:
            raise Http404
    page = paginate(request, break_glass_log(user=request.user, team=team))
    clients = clients_by_code(codes=[row.subject_code for row in page.object_list], user=request.user)
    rows = [(row, clients.get(row.subject_code)) for row in page.object_list]
    context = {"teams": teams, "team": team, "page": page, "rows": rows}
    return render(request, "clients/access/break_glass_log.html", context)
