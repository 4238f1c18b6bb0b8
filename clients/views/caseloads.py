"""My caseload, team caseload with bulk reallocation, and client search."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from clients import selectors, services
from clients.filters import CaseloadFilter
from clients.forms import ContactForm, ReallocateForm
from clients.views.common import paginate, template_for
from recovery.accounts.access import scope_for


@require_GET
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).can_change_anything:
        raise PermissionDenied("Only staff who hold a caseload have one to show.")
    filterset = CaseloadFilter(request.GET, queryset=selectors.caseload_for_worker(user=request.user))
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page": page,
        "rows": selectors.caseload_rows(list(page.object_list)),
        "recent": selectors.recently_allocated(user=request.user)[:5],
        "contact_form": ContactForm(),
    }
    return render(
        request, template_for(request, "clients/caseload.html", "clients/partials/caseload_table.html"), context
    )


def _led_team(request: HttpRequest):
    teams = list(selectors.led_teams(user=request.user))
    if not teams:
        raise PermissionDenied("Only team leaders and service managers can see team caseloads.")
    wanted = request.GET.get("team") or request.POST.get("team")
    if not wanted:
        return teams[0], teams
    for team in teams:
        if str(team.code) == wanted:
            return team, teams
    raise Http404


@require_GET
@login_required
def team_caseload(request: HttpRequest) -> HttpResponse:
    team, teams = _led_team(request)
    filterset = CaseloadFilter(request.GET, queryset=selectors.team_clients(user=request.user, team=team))
    page = paginate(request, filterset.qs)
    summary = selectors.team_summary(team=team)
    form = ReallocateForm(
        workers=selectors.team_workers(team=team),
        client_choices=[(client.code, client.display_name) for client in page.object_list],
    )
    # The summary already read the team's workers: list them without asking the database again.
    form.fields["to_worker"].choices = [
        ("", "Choose a worker"),
        *((load.worker.pk, str(load.worker)) for load in summary.workers),
    ]
    context = {
        "team": team,
        "teams": teams,
        "summary": summary,
        "filter": filterset,
        "page": page,
        "rows": selectors.caseload_rows(list(page.object_list)),
        "reallocate_form": form,
    }
    return render(
        request,
        template_for(request, "clients/team_caseload.html", "clients/partials/team_caseload_table.html"),
        context,
    )


@require_http_methods(["POST"])
@login_required
def team_reallocate(request: HttpRequest) -> HttpResponse:
    team, _ = _led_team(request)
    candidates = selectors.team_clients(user=request.user, team=team)
    # Any code may be posted; only this team's open clients are moved (filtered below).
    form = ReallocateForm(
        request.POST,
        workers=selectors.team_workers(team=team),
        client_choices=[(code, code) for code in request.POST.getlist("clients")],
    )
    back = f"{reverse('clients:team_caseload')}?team={team.code}"
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form[field].label if field in form.fields else "Reallocation"
            messages.error(request, f"{label}: {' '.join(errors)}")
        return redirect(back)
    chosen = list(candidates.filter(code__in=form.cleaned_data["clients"]))
    try:
        changed = services.caseload_reallocate(
            clients=chosen,
            to_worker=form.cleaned_data["to_worker"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request, f"{changed} client{'s' if changed != 1 else ''} now allocated to {form.cleaned_data['to_worker']}."
    )
    return redirect(back)


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_clinical_role:
        raise PermissionDenied("Client records are only for staff with a role in a team.")
    query = request.GET.get("q", "").strip()
    results = selectors.client_search(user=request.user, query=query) if query else []
    context = {"query": query, "results": results, "total_visible": None}
    return render(
        request, template_for(request, "clients/search.html", "clients/partials/search_results.html"), context
    )
