"""Referrals and episodes of support: the client's "Referrals and support" tab, adding a
referral, the team leader's decisions (accept, decline, signpost; start and end support),
and the team's waiting list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clients import selectors, services
from clients.access import require_lead
from clients.forms.episodes import EpisodeEndForm, EpisodeStartForm, ReferralDecisionForm, ReferralForm
from clients.selectors.access import (
    client_episode,
    client_episodes_without_referral,
    client_referral,
    client_referrals,
    team_waiting,
)
from clients.views.common import client_context, open_client
from recovery.core.forms import apply_service_errors


@require_GET
@login_required
def episodes(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="referrals and support")
    context = client_context(
        request,
        client,
        referrals=client_referrals(client=client),
        other_episodes=client_episodes_without_referral(client=client),
    )
    return render(request, "clients/episodes/episodes.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def referral_create(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="add a referral", for_change=True)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Referral added. A team leader can now record a decision.")
            return redirect("clients:episodes", code=client.code)
    status = 422 if form.errors else 200
    return render(
        request, "clients/episodes/referral_form.html", client_context(request, client, form=form), status=status
    )


def _lead_client(request: HttpRequest, code, *, detail: str):
    client = open_client(request, code, detail=detail, for_change=True)
    require_lead(request.user, client)
    return client


@require_http_methods(["GET", "POST"])
@login_required
def referral_decide(request: HttpRequest, code, referral_code) -> HttpResponse:
    client = _lead_client(request, code, detail="decide on a referral")
    referral = client_referral(client=client, code=referral_code)
    if referral.decision != "pending":
        messages.info(request, "This referral already has a decision.")
        return redirect("clients:episodes", code=client.code)
    form = ReferralDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decide(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            done = {
                "accepted": "Referral accepted. The person is on the waiting list until support starts.",
                "declined": "Referral declined. The reason is on the record.",
                "signposted": "Decision saved: the person was signposted elsewhere.",
            }
            messages.success(request, done[form.cleaned_data["decision"]])
            return redirect("clients:episodes", code=client.code)
    context = client_context(request, client, form=form, referral=referral)
    return render(request, "clients/episodes/decision_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def episode_start(request: HttpRequest, code, episode_code) -> HttpResponse:
    client = _lead_client(request, code, detail="start support")
    episode = client_episode(client=client, code=episode_code)
    if episode.status != "waiting":
        messages.info(request, "Support has already started for this episode.")
        return redirect("clients:episodes", code=client.code)
    form = EpisodeStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_start(episode=episode, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Support started for {client.display_name}.")
            return redirect("clients:episodes", code=client.code)
    context = client_context(request, client, form=form, episode=episode)
    return render(request, "clients/episodes/start_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def episode_end(request: HttpRequest, code, episode_code) -> HttpResponse:
    client = _lead_client(request, code, detail="end support")
    episode = client_episode(client=client, code=episode_code)
    if episode.status == "ended":
        messages.info(request, "This episode of support has already ended.")
        return redirect("clients:episodes", code=client.code)
    form = EpisodeEndForm(request.POST or None)
    if episode.status == "waiting":
        form.fields["ended_on"].label = "Date taken off the waiting list"
        form.fields["end_reason"].label = "Why the person is no longer waiting"
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_end(episode=episode, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if episode.status == "waiting":
                messages.success(request, f"{client.display_name} has been taken off the waiting list.")
            else:
                messages.success(request, f"Support ended for {client.display_name}. Their allocations have ended too.")
            return redirect("clients:episodes", code=client.code)
    context = client_context(request, client, form=form, episode=episode)
    return render(request, "clients/episodes/end_form.html", context, status=422 if form.errors else 200)


@require_GET
@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """Referrals to decide and people waiting for support to start, in the teams the user leads."""
    teams = list(selectors.led_teams(user=request.user))
    if not teams:
        raise PermissionDenied("Only team leaders and service managers can see the waiting list.")
    team = None
    if wanted := request.GET.get("team"):
        team = next((candidate for candidate in teams if str(candidate.code) == wanted), None)
        if team is None:
            raise Http404
    # Both lists are work queues that must be seen whole: they are short for any one team,
    # so they are not paginated (two queries whatever their length).
    context = {"teams": teams, "team": team, **team_waiting(user=request.user, team=team)}
    return render(request, "clients/episodes/waiting.html", context)
