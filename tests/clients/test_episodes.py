"""Referrals and episodes: the services' rules, the "Referrals and support" tab, the team
leader's decisions, starting and ending support, and the waiting list."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients import services
from clients.models import Allocation, Episode, Referral
from clients.selectors import waiting_list
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role
from recovery.audit.models import RecordAccess

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 11, 0, tzinfo=LONDON)
TODAY = date(2026, 3, 10)
WAITING = reverse("clients:waiting")


@pytest.fixture(autouse=True)
def _fixed_today():
    # Dates "not in the future" and days waiting depend on today: pin it.
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def new_client(make_client, team, worker):
    return make_client(team, by=worker, first_name="Amara", last_name="Okafor")


def _refer(client, by, *, received_on=date(2026, 3, 2), reason="Low mood since losing work.") -> Referral:
    return services.referral_create(client=client, source="gp", received_on=received_on, reason=reason, by=by)


def _accept(referral, by, *, decided_on=date(2026, 3, 3)) -> Episode:
    services.referral_decide(referral=referral, decision="accepted", decided_on=decided_on, by=by)
    return Episode.objects.get(referral=referral)


def _tab(client):
    return reverse("clients:episodes", args=[client.code])


def _decide_url(referral):
    return reverse("clients:referral_decide", args=[referral.client.code, referral.code])


def _start_url(episode):
    return reverse("clients:episode_start", args=[episode.client.code, episode.code])


def _end_url(episode):
    return reverse("clients:episode_end", args=[episode.client.code, episode.code])


# --- the services ------------------------------------------------------------------------------


def test_it_needs_a_reason_to_decline_a_referral(new_client, worker, team_leader):
    referral = _refer(new_client, worker)

    with pytest.raises(ValidationError) as error:
        services.referral_decide(referral=referral, decision="declined", decided_on=TODAY, by=team_leader)

    assert "decision_reason" in error.value.message_dict


def test_it_needs_somewhere_to_signpost_to(new_client, worker, team_leader):
    referral = _refer(new_client, worker)

    with pytest.raises(ValidationError) as error:
        services.referral_decide(referral=referral, decision="signposted", decided_on=TODAY, by=team_leader)

    assert "signposted_to" in error.value.message_dict


def test_it_puts_an_accepted_referral_on_the_waiting_list(new_client, worker, team_leader):
    episode = _accept(_refer(new_client, worker), team_leader)
    new_client.refresh_from_db()

    assert (episode.status, episode.accepted_on, new_client.is_open) == ("waiting", date(2026, 3, 3), False)


def test_it_lists_an_accepted_referral_on_the_waiting_list(new_client, worker, team_leader):
    episode = _accept(_refer(new_client, worker), team_leader)

    assert list(waiting_list(user=team_leader)) == [episode]


def test_it_opens_the_client_when_support_starts(new_client, worker, team_leader):
    episode = _accept(_refer(new_client, worker), team_leader)

    services.episode_start(episode=episode, started_on=TODAY, by=team_leader)
    new_client.refresh_from_db()

    assert new_client.is_open is True


def test_it_needs_a_destination_for_a_planned_move_on(open_client_for, worker, team, team_leader):
    client = open_client_for(worker, team)

    with pytest.raises(ValidationError) as error:
        services.episode_end(
            episode=client.episodes.get(), ended_on=TODAY, end_reason="planned_move_on", by=team_leader
        )

    assert "move_on_destination" in error.value.message_dict


def test_it_ends_allocations_and_closes_the_client_when_support_ends(
    open_client_for, worker, colleague, team, team_leader
):
    client = open_client_for(worker, team)
    services.allocation_add_coworker(client=client, worker=colleague, by=team_leader)

    services.episode_end(
        episode=client.episodes.get(),
        ended_on=TODAY,
        end_reason="planned_move_on",
        move_on_destination="independent_tenancy",
        by=team_leader,
    )
    client.refresh_from_db()

    assert (client.is_open, client.lead_worker) == (False, None)
    assert not Allocation.objects.filter(client=client, ended_at__isnull=True).exists()


def test_it_refuses_a_referral_received_in_the_future(new_client, worker):
    with pytest.raises(ValidationError) as error:
        _refer(new_client, worker, received_on=TODAY + timedelta(days=1))

    assert "received_on" in error.value.message_dict


# --- the "Referrals and support" tab -------------------------------------------------------------


def test_it_shows_the_history_of_referrals_and_support(client_for, worker, team_leader, new_client):
    _accept(_refer(new_client, worker, reason="Wants help with a tenancy."), team_leader)

    response = client_for(worker).get(_tab(new_client))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Wants help with a tenancy." in content
    assert "On the waiting list since 3 Mar 2026" in content


def test_it_logs_a_view_of_the_tab(client_for, worker, new_client):
    client_for(worker).get(_tab(new_client))

    assert RecordAccess.objects.filter(
        user=worker, subject_code=new_client.code, detail="referrals and support"
    ).exists()


def test_it_says_what_to_do_when_there_is_no_referral(client_for, worker, new_client):
    response = client_for(worker).get(_tab(new_client))

    assert "Add a referral to put Amara Okafor forward for support." in response.content.decode()


def test_it_shows_the_tab_in_the_client_header(client_for, worker, new_client):
    response = client_for(worker).get(reverse("clients:detail", args=[new_client.code]))

    assert _tab(new_client) in response.content.decode()


def test_it_refuses_a_post_to_the_tab(client_for, worker, new_client):
    assert client_for(worker).post(_tab(new_client)).status_code == 405


def test_it_hides_another_teams_referrals(client_for, other_worker, new_client):
    assert client_for(other_worker).get(_tab(new_client)).status_code == 404


def test_it_shows_the_tab_to_a_read_only_member(client_for, read_only, new_client):
    assert client_for(read_only).get(_tab(new_client)).status_code == 200


def test_it_offers_no_decision_to_a_worker(client_for, worker, new_client):
    referral = _refer(new_client, worker)

    content = client_for(worker).get(_tab(new_client)).content.decode()

    assert _decide_url(referral) not in content
    assert "Waiting for a team leader to record a decision." in content


# --- adding a referral ---------------------------------------------------------------------------


def _referral_data(**overrides) -> dict:
    return {
        "source": "gp",
        "source_detail": "Dr Patel, Riverside Surgery",
        "received_on": "2026-03-09",
        "reason": "Isolated since moving to the area.",
        **overrides,
    }


def test_it_adds_a_referral(client_for, worker, new_client):
    response = client_for(worker).post(reverse("clients:referral_create", args=[new_client.code]), _referral_data())

    assert response.status_code == 302
    referral = new_client.referrals.get()
    assert (referral.source_detail, referral.received_on, referral.created_by) == (
        "Dr Patel, Riverside Surgery",
        date(2026, 3, 9),
        worker,
    )


def test_it_keeps_the_typed_reason_when_the_date_is_in_the_future(client_for, worker, new_client):
    response = client_for(worker).post(
        reverse("clients:referral_create", args=[new_client.code]), _referral_data(received_on="2026-03-11")
    )

    assert response.status_code == 422
    assert response.context["form"].errors["received_on"] == ["Enter a date on or before today."]
    assert "Isolated since moving to the area." in response.content.decode()
    assert not new_client.referrals.exists()


def test_it_asks_for_the_reason_for_a_referral(client_for, worker, new_client):
    response = client_for(worker).post(
        reverse("clients:referral_create", args=[new_client.code]), _referral_data(reason="")
    )

    assert response.context["form"].errors["reason"] == ["Enter the reason for the referral."]


def test_it_refuses_a_referral_from_a_read_only_member(client_for, read_only, new_client):
    response = client_for(read_only).post(reverse("clients:referral_create", args=[new_client.code]), _referral_data())

    assert response.status_code == 403


def test_it_hides_the_referral_form_of_another_teams_client(client_for, other_worker, new_client):
    assert client_for(other_worker).get(reverse("clients:referral_create", args=[new_client.code])).status_code == 404


def test_it_refuses_a_put_to_the_referral_form(client_for, worker, new_client):
    assert client_for(worker).put(reverse("clients:referral_create", args=[new_client.code])).status_code == 405


# --- deciding ------------------------------------------------------------------------------------


def test_it_lets_the_team_leader_accept_a_referral(client_for, worker, team_leader, new_client):
    referral = _refer(new_client, worker)

    response = client_for(team_leader).post(_decide_url(referral), {"decision": "accepted", "decided_on": "2026-03-09"})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.decision, referral.decided_by, referral.episode.status) == ("accepted", team_leader, "waiting")


def test_it_shows_why_a_decline_needs_a_reason_next_to_the_field(client_for, worker, team_leader, new_client):
    referral = _refer(new_client, worker)

    response = client_for(team_leader).post(
        _decide_url(referral), {"decision": "declined", "decided_on": "2026-03-09", "signposted_to": "Mind drop-in"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors["decision_reason"] == ["Enter why the referral was declined."]
    assert 'value="Mind drop-in"' in response.content.decode()
    referral.refresh_from_db()
    assert referral.decision == "pending"


def test_it_records_where_the_person_was_signposted(client_for, worker, team_leader, new_client):
    referral = _refer(new_client, worker)

    client_for(team_leader).post(
        _decide_url(referral),
        {"decision": "signposted", "decided_on": "2026-03-09", "signposted_to": "Talking Therapies"},
    )

    referral.refresh_from_db()
    assert (referral.decision, referral.signposted_to) == ("signposted", "Talking Therapies")


def test_it_refuses_a_decision_from_a_worker(client_for, worker, new_client):
    referral = _refer(new_client, worker)

    response = client_for(worker).post(_decide_url(referral), {"decision": "accepted", "decided_on": "2026-03-09"})

    assert response.status_code == 403


def test_it_refuses_a_decision_from_a_read_only_member(client_for, read_only, worker, new_client):
    referral = _refer(new_client, worker)

    assert client_for(read_only).get(_decide_url(referral)).status_code == 403


def test_it_hides_the_decision_form_from_another_teams_leader(client_for, worker, other_team_same_service, new_client):
    other_leader = staff_with_role(Role.TEAM_LEADER, team=other_team_same_service)
    referral = _refer(new_client, worker)

    assert client_for(other_leader).get(_decide_url(referral)).status_code == 404


def test_it_refuses_a_put_to_the_decision_form(client_for, worker, team_leader, new_client):
    referral = _refer(new_client, worker)

    assert client_for(team_leader).put(_decide_url(referral)).status_code == 405


# --- starting and ending support ---------------------------------------------------------------


def test_it_lets_the_team_leader_start_support(client_for, worker, team_leader, new_client):
    episode = _accept(_refer(new_client, worker), team_leader)

    response = client_for(team_leader).post(_start_url(episode), {"started_on": "2026-03-10"})

    assert response.status_code == 302
    episode.refresh_from_db()
    new_client.refresh_from_db()
    assert (episode.started_on, new_client.is_open) == (TODAY, True)


def test_it_refuses_a_start_date_in_the_future(client_for, worker, team_leader, new_client):
    episode = _accept(_refer(new_client, worker), team_leader)

    response = client_for(team_leader).post(_start_url(episode), {"started_on": "2026-03-12"})

    assert response.context["form"].errors["started_on"] == ["Enter a date on or before today."]


def test_it_refuses_a_start_before_the_acceptance(client_for, worker, team_leader, new_client):
    episode = _accept(_refer(new_client, worker), team_leader)

    response = client_for(team_leader).post(_start_url(episode), {"started_on": "2026-03-02"})

    assert response.context["form"].errors["started_on"] == ["Enter a date on or after the referral was accepted."]


def test_it_refuses_to_let_a_worker_start_support(client_for, worker, team_leader, new_client):
    episode = _accept(_refer(new_client, worker), team_leader)

    assert client_for(worker).post(_start_url(episode), {"started_on": "2026-03-10"}).status_code == 403


def test_it_hides_the_start_form_of_another_teams_client(client_for, other_worker, worker, team_leader, new_client):
    episode = _accept(_refer(new_client, worker), team_leader)

    assert client_for(other_worker).get(_start_url(episode)).status_code == 404


def test_it_refuses_a_put_to_the_start_form(client_for, worker, team_leader, new_client):
    episode = _accept(_refer(new_client, worker), team_leader)

    assert client_for(team_leader).put(_start_url(episode)).status_code == 405


def test_it_lets_the_team_leader_end_support_with_a_planned_move_on(
    client_for, worker, team, team_leader, open_client_for
):
    client = open_client_for(worker, team)
    episode = client.episodes.get()

    response = client_for(team_leader).post(
        _end_url(episode),
        {"ended_on": "2026-03-10", "end_reason": "planned_move_on", "move_on_destination": "independent_tenancy"},
    )

    assert response.status_code == 302
    episode.refresh_from_db()
    client.refresh_from_db()
    assert (episode.ended_on, episode.move_on_destination, episode.ended_by, client.is_open) == (
        TODAY,
        "independent_tenancy",
        team_leader,
        False,
    )


def test_it_asks_where_the_person_moved_on_to_next_to_the_field(client_for, worker, team, team_leader, open_client_for):
    episode = open_client_for(worker, team).episodes.get()

    response = client_for(team_leader).post(
        _end_url(episode),
        {"ended_on": "2026-03-10", "end_reason": "planned_move_on", "end_reason_detail": "Council flat in Northgate"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["move_on_destination"] == ["Choose where the person moved on to."]
    assert 'value="Council flat in Northgate"' in response.content.decode()


def test_it_refuses_an_end_date_in_the_future(client_for, worker, team, team_leader, open_client_for):
    episode = open_client_for(worker, team).episodes.get()

    response = client_for(team_leader).post(_end_url(episode), {"ended_on": "2026-04-01", "end_reason": "moved_away"})

    assert response.context["form"].errors["ended_on"] == ["Enter a date on or before today."]


def test_it_takes_someone_off_the_waiting_list(client_for, worker, team_leader, new_client):
    episode = _accept(_refer(new_client, worker), team_leader)

    client_for(team_leader).post(_end_url(episode), {"ended_on": "2026-03-10", "end_reason": "disengaged"})

    episode.refresh_from_db()
    assert (episode.status, list(waiting_list(user=team_leader))) == ("ended", [])


def test_it_refuses_to_let_a_worker_end_support(client_for, worker, team, open_client_for):
    episode = open_client_for(worker, team).episodes.get()

    response = client_for(worker).post(_end_url(episode), {"ended_on": "2026-03-10", "end_reason": "moved_away"})

    assert response.status_code == 403


def test_it_refuses_to_let_a_read_only_member_end_support(client_for, read_only, worker, team, open_client_for):
    episode = open_client_for(worker, team).episodes.get()

    assert client_for(read_only).get(_end_url(episode)).status_code == 403


def test_it_hides_the_end_form_of_another_teams_client(client_for, other_worker, worker, team, open_client_for):
    episode = open_client_for(worker, team).episodes.get()

    assert client_for(other_worker).get(_end_url(episode)).status_code == 404


def test_it_refuses_a_put_to_the_end_form(client_for, worker, team, team_leader, open_client_for):
    episode = open_client_for(worker, team).episodes.get()

    assert client_for(team_leader).put(_end_url(episode)).status_code == 405


# --- the waiting list ----------------------------------------------------------------------------


def test_it_lists_referrals_to_decide_and_people_waiting_oldest_first(
    client_for, worker, team, team_leader, make_client
):
    newer = make_client(team, by=worker, first_name="Ben", last_name="Hughes")
    older = make_client(team, by=worker, first_name="Carys", last_name="Evans")
    _refer(newer, worker, received_on=date(2026, 3, 8))
    _refer(older, worker, received_on=date(2026, 2, 20))
    waiting = make_client(team, by=worker, first_name="Dev", last_name="Patel")
    _accept(_refer(waiting, worker, received_on=date(2026, 2, 1)), team_leader, decided_on=date(2026, 2, 10))

    response = client_for(team_leader).get(WAITING)

    assert response.status_code == 200
    referrals = [(row.client.display_name, row.days_waiting) for row in response.context["referrals"]]
    episodes = [(row.client.display_name, row.days_waiting) for row in response.context["episodes"]]
    assert referrals == [("Carys Evans", 18), ("Ben Hughes", 2)]
    assert episodes == [("Dev Patel", 28)]


def test_it_leaves_other_teams_off_the_waiting_list(
    client_for, team_leader, other_team_same_service, other_worker, make_client
):
    elsewhere = make_client(other_team_same_service, by=other_worker)
    _refer(elsewhere, other_worker)

    response = client_for(team_leader).get(WAITING)

    assert (response.context["referrals"], response.context["episodes"]) == ([], [])


def test_it_says_what_happens_when_nobody_is_waiting(client_for, team_leader):
    content = client_for(team_leader).get(WAITING).content.decode()

    assert "No referrals are waiting for a decision." in content
    assert "Nobody is waiting for support to start." in content


def test_it_answers_a_team_the_leader_does_not_lead_with_404(client_for, team_leader, other_team_same_service):
    assert client_for(team_leader).get(WAITING, {"team": other_team_same_service.code}).status_code == 404


def test_it_refuses_the_waiting_list_to_a_worker(client_for, worker):
    assert client_for(worker).get(WAITING).status_code == 403


def test_it_refuses_the_waiting_list_to_a_read_only_member(client_for, read_only):
    assert client_for(read_only).get(WAITING).status_code == 403


def test_it_refuses_a_post_to_the_waiting_list(client_for, team_leader):
    assert client_for(team_leader).post(WAITING).status_code == 405


def test_it_shows_the_waiting_list_in_the_team_leaders_navigation(client_for, team_leader, worker):
    assert WAITING in client_for(team_leader).get(reverse("home")).content.decode()
    assert WAITING not in client_for(worker).get(reverse("home")).content.decode()


def test_it_reads_the_waiting_list_in_the_same_queries_for_1_or_10_rows(
    client_for, worker, team, team_leader, make_client, queries_for
):
    # Queries, whatever the number of rows: session, user, allauth's session row (read, user,
    # "last seen"), the scope, the led teams, the pending referrals (+ client and team), the
    # waiting episodes (+ client, team and referral), the session save.
    def add_one(accept: bool) -> None:
        referral = _refer(make_client(team, by=worker), worker)
        if accept:
            _accept(referral, team_leader)

    browser = client_for(team_leader)
    add_one(accept=False)
    add_one(accept=True)
    _, one = queries_for(browser, WAITING)
    for n in range(18):
        add_one(accept=n % 2 == 0)

    response, ten = queries_for(browser, WAITING)

    assert (len(response.context["referrals"]), len(response.context["episodes"])) == (10, 10)
    assert len(ten) == len(one), "\n".join(ten)
