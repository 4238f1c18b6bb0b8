"""Helpline and café: brief contacts with people who are not (yet) clients, and turning one
into a referral for an existing or a new client record."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from clients import selectors, services
from clients.access import client_for_user
from clients.forms.brief import BriefContactForm, BriefConvertForm
from clients.selectors.access import brief_contact_for_user, brief_contact_teams, brief_contacts
from clients.views.common import paginate
from recovery.accounts.access import scope_for
from recovery.core.forms import apply_service_errors


def _team(request: HttpRequest):
    if not scope_for(request.user).can_change_anything:
        raise PermissionDenied("Only staff who can record contacts can use the helpline and café log.")
    teams = list(brief_contact_teams(user=request.user))
    wanted = request.POST.get("team") or request.GET.get("team")
    if not wanted:
        return teams[0], teams
    for team in teams:
        if str(team.code) == wanted:
            return team, teams
    raise Http404


@require_http_methods(["GET", "POST"])
@login_required
def brief_list(request: HttpRequest) -> HttpResponse:
    """Recent brief contacts for one of the user's teams, and the quick log form."""
    team, teams = _team(request)
    form = BriefContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            brief, created = services.brief_contact_log(team=team, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if created:
                messages.success(request, f"{brief.get_channel_display()} logged for {team.name}.")
            else:
                messages.info(request, "That contact was already logged, so it was not saved twice.")
            return redirect(f"{reverse('clients:brief_list')}?team={team.code}")
    context = {
        "team": team,
        "teams": teams,
        "form": form,
        "page": paginate(request, brief_contacts(user=request.user, team=team)),
    }
    return render(request, "clients/brief/brief_list.html", context, status=422 if form.errors else 200)


def _new_client_url(brief) -> str:
    """The "Add a client" page with what the person told us, and where to come back to."""
    first, _, last = brief.name_given.strip().partition(" ")
    params = {"first_name": first, "last_name": last, "phone": brief.phone, "brief": str(brief.code)}
    return f"{reverse('clients:create')}?{urlencode({key: value for key, value in params.items() if value})}"


@require_http_methods(["GET", "POST"])
@login_required
def brief_convert(request: HttpRequest, brief_code) -> HttpResponse:
    """Find the person's record (or add one), then turn the brief contact into a referral."""
    if not scope_for(request.user).can_change_anything:
        raise PermissionDenied("Only staff who can record contacts can make referrals.")
    brief = brief_contact_for_user(user=request.user, code=brief_code)
    if brief.referral_id:
        messages.info(request, "This contact has already been turned into a referral.")
        return redirect(f"{reverse('clients:brief_list')}?team={brief.team.code}")
    query = (request.GET.get("q") or request.POST.get("q") or brief.name_given).strip()
    form = BriefConvertForm(request.POST or None, initial={"reason": brief.note})
    if request.method == "POST" and form.is_valid():
        try:
            client = client_for_user(request.user, form.cleaned_data["client"], for_change=True)
        except (Http404, PermissionDenied):
            form.add_error("client", "Choose the person's record from the search results.")
        else:
            try:
                services.brief_contact_convert(
                    brief=brief, client=client, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, f"Referral added for {client.display_name}. A team leader can now record a decision."
                )
                return redirect("clients:episodes", code=client.code)
    results = selectors.client_search(user=request.user, query=query) if query else []
    context = {
        "brief": brief,
        "form": form,
        "query": query,
        "results": results,
        "chosen": str(form["client"].value() or ""),
        "new_client_url": _new_client_url(brief),
    }
    return render(request, "clients/brief/convert.html", context, status=422 if form.errors else 200)
