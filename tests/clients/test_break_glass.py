"""Break-glass: an exact-match search across the user's services, opening a record outside
one's scope with a typed reason (logged, time-limited), and the team leader's list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clients import services
from clients.models import BreakGlassGrant
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role
from recovery.audit.models import AccessAction, RecordAccess

SEARCH_ALL = reverse("clients:search_all")
BREAK_GLASS_LOG = reverse("clients:break_glass_log")
NHS_NUMBER = "9434765919"  # a valid check digit, issued to nobody (NHS test range)


@pytest.fixture
def elsewhere(open_client_for, other_worker, other_team_same_service):
    """A client of another team in the same service."""
    return open_client_for(
        other_worker,
        other_team_same_service,
        first_name="Femi",
        last_name="Nowak",
        date_of_birth=date(1988, 5, 17),
        nhs_number=NHS_NUMBER,
        address_line_1="12 Canal Street",
    )


def _break_glass_url(client):
    return reverse("clients:break_glass", args=[client.code])


def _detail(client):
    return reverse("clients:detail", args=[client.code])


REASON = "Femi is in hospital and staff need his advance statement."


# --- search all teams ----------------------------------------------------------------------------


def test_it_finds_another_teams_client_by_nhs_number(client_for, worker, elsewhere):
    response = client_for(worker).post(SEARCH_ALL, {"nhs_number": "943 476 5919"})

    assert response.status_code == 200
    assert response.context["results"] == [elsewhere]


def test_it_shows_only_the_name_date_of_birth_and_team(client_for, worker, elsewhere):
    content = client_for(worker).post(SEARCH_ALL, {"nhs_number": NHS_NUMBER}).content.decode()

    assert "Femi Nowak" in content
    assert "17 May 1988" in content
    assert elsewhere.team.name in content
    assert "12 Canal Street" not in content
    assert str(elsewhere.lead_worker) not in content


def test_it_finds_another_teams_client_by_full_name_and_date_of_birth(client_for, worker, elsewhere):
    response = client_for(worker).post(
        SEARCH_ALL, {"first_name": "femi", "last_name": "NOWAK", "date_of_birth": "1988-05-17"}
    )

    assert response.context["results"] == [elsewhere]


def test_it_does_not_match_part_of_a_name(client_for, worker, elsewhere):
    response = client_for(worker).post(
        SEARCH_ALL, {"first_name": "Fem", "last_name": "Nowak", "date_of_birth": "1988-05-17"}
    )

    assert response.context["results"] == []


def test_it_does_not_search_other_services(client_for, worker, open_client_for, other_service_team):
    far_away_worker = staff_with_role(Role.WORKER, team=other_service_team)
    open_client_for(far_away_worker, other_service_team, nhs_number=NHS_NUMBER)

    response = client_for(worker).post(SEARCH_ALL, {"nhs_number": NHS_NUMBER})

    assert response.context["results"] == []


def test_it_asks_for_the_date_of_birth_with_a_name(client_for, worker):
    response = client_for(worker).post(SEARCH_ALL, {"first_name": "Femi", "last_name": "Nowak"})

    assert response.status_code == 422
    assert response.context["form"].errors["date_of_birth"] == ["Enter the person's date of birth as well."]
    assert 'value="Nowak"' in response.content.decode()


def test_it_offers_break_glass_only_outside_the_users_scope(client_for, worker, team, open_client_for, elsewhere):
    mine = open_client_for(worker, team, date_of_birth=date(1988, 5, 17), first_name="Femi", last_name="Nowak")

    response = client_for(worker).post(
        SEARCH_ALL, {"first_name": "Femi", "last_name": "Nowak", "date_of_birth": "1988-05-17"}
    )

    content = response.content.decode()
    assert _break_glass_url(elsewhere) in content
    assert _break_glass_url(mine) not in content
    assert _detail(mine) in content


def test_it_links_to_search_all_teams_from_find_a_client(client_for, worker):
    assert SEARCH_ALL in client_for(worker).get(reverse("clients:search")).content.decode()


def test_it_refuses_search_all_teams_to_an_administrator(client_for, mfa_administrator):
    assert client_for(mfa_administrator).get(SEARCH_ALL).status_code == 403


def test_it_refuses_a_put_to_search_all_teams(client_for, worker):
    assert client_for(worker).put(SEARCH_ALL).status_code == 405


# --- opening with break-glass ---------------------------------------------------------------------


def test_it_hides_another_teams_client_without_break_glass(client_for, worker, elsewhere):
    assert client_for(worker).get(_detail(elsewhere)).status_code == 404


def test_it_shows_the_break_glass_form(client_for, worker, elsewhere):
    response = client_for(worker).get(_break_glass_url(elsewhere))

    assert response.status_code == 200
    assert "Why do you need this record?" in response.content.decode()


def test_it_needs_a_reason_to_break_the_glass(client_for, worker, elsewhere):
    response = client_for(worker).post(_break_glass_url(elsewhere), {"reason": ""})

    assert response.status_code == 422
    assert response.context["form"].errors["reason"] == ["Explain in a sentence why you need this record."]
    assert not BreakGlassGrant.objects.exists()


def test_it_needs_more_than_a_word_and_keeps_it(client_for, worker, elsewhere):
    response = client_for(worker).post(_break_glass_url(elsewhere), {"reason": "urgent"})

    assert response.context["form"].errors["reason"] == [
        "Explain in a sentence why you need this record (at least 10 characters)."
    ]
    assert "urgent" in response.content.decode()


def test_it_opens_the_record_with_a_reason(client_for, worker, elsewhere):
    response = client_for(worker).post(_break_glass_url(elsewhere), {"reason": REASON})

    assert response.status_code == 302
    assert response.url == _detail(elsewhere)
    grant = BreakGlassGrant.objects.get()
    assert (grant.user, grant.client, grant.reason) == (worker, elsewhere, REASON)


def test_it_logs_the_break_glass_opening_with_the_reason(client_for, worker, elsewhere):
    client_for(worker).post(_break_glass_url(elsewhere), {"reason": REASON})

    access = RecordAccess.objects.get(action=AccessAction.BREAK_GLASS)
    assert (access.user, access.subject_code, access.reason) == (worker, elsewhere.code, REASON)


def test_it_shows_the_record_with_a_break_glass_banner(client_for, worker, elsewhere):
    browser = client_for(worker)
    browser.post(_break_glass_url(elsewhere), {"reason": REASON})

    response = browser.get(_detail(elsewhere))

    assert response.status_code == 200
    assert "You opened this record with break-glass access." in response.content.decode()


def test_it_keeps_the_record_open_for_nearly_four_hours(client_for, worker, elsewhere):
    client_for(worker).post(_break_glass_url(elsewhere), {"reason": REASON})

    with time_machine.travel(timezone.now() + timedelta(hours=3, minutes=59)):
        response = client_for(worker).get(_detail(elsewhere))

    assert response.status_code == 200


def test_it_closes_the_record_again_after_four_hours(client_for, worker, elsewhere):
    client_for(worker).post(_break_glass_url(elsewhere), {"reason": REASON})

    with time_machine.travel(timezone.now() + timedelta(hours=4, minutes=1)):
        # A new sign-in: the idle session of the break-glass request has timed out by then.
        response = client_for(worker).get(_detail(elsewhere))

    assert response.status_code == 404


def test_it_sends_someone_who_can_already_see_the_record_straight_to_it(client_for, worker, team, open_client_for):
    mine = open_client_for(worker, team)

    response = client_for(worker).get(_break_glass_url(mine))

    assert response.url == _detail(mine)
    assert not BreakGlassGrant.objects.exists()


def test_it_lets_a_read_only_member_read_but_not_change_a_break_glass_record(client_for, read_only, elsewhere):
    browser = client_for(read_only)
    browser.post(_break_glass_url(elsewhere), {"reason": REASON})

    assert browser.get(_detail(elsewhere)).status_code == 200
    assert browser.get(reverse("clients:referral_create", args=[elsewhere.code])).status_code == 403


def test_it_refuses_break_glass_to_an_administrator(client_for, mfa_administrator, elsewhere):
    response = client_for(mfa_administrator).post(_break_glass_url(elsewhere), {"reason": REASON})

    assert response.status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_it_answers_break_glass_into_another_service_with_404(client_for, worker, open_client_for, other_service_team):
    far_away = open_client_for(staff_with_role(Role.WORKER, team=other_service_team), other_service_team)

    assert client_for(worker).get(_break_glass_url(far_away)).status_code == 404


def test_it_refuses_a_put_to_break_glass(client_for, worker, elsewhere):
    assert client_for(worker).put(_break_glass_url(elsewhere)).status_code == 405


# --- the team leader's list --------------------------------------------------------------------------


@pytest.fixture
def other_leader(other_team_same_service):
    return staff_with_role(Role.TEAM_LEADER, team=other_team_same_service)


def _open_with_break_glass(client_for, user, client, reason=REASON):
    client_for(user).post(_break_glass_url(client), {"reason": reason})


def test_it_lists_break_glass_openings_of_the_leaders_clients(client_for, worker, other_leader, elsewhere):
    _open_with_break_glass(client_for, worker, elsewhere)

    response = client_for(other_leader).get(BREAK_GLASS_LOG)

    assert response.status_code == 200
    [(access, client)] = response.context["rows"]
    assert (access.user, access.reason, client) == (worker, REASON, elsewhere)
    assert REASON in response.content.decode()


def test_it_leaves_out_openings_of_other_teams_clients(client_for, worker, team_leader, elsewhere):
    _open_with_break_glass(client_for, worker, elsewhere)

    response = client_for(team_leader).get(BREAK_GLASS_LOG)

    assert response.context["rows"] == []
    assert "Nobody has used break-glass access to a record of your team." in " ".join(response.content.decode().split())


def test_it_refuses_the_break_glass_list_to_a_worker(client_for, worker):
    assert client_for(worker).get(BREAK_GLASS_LOG).status_code == 403


def test_it_refuses_a_post_to_the_break_glass_list(client_for, team_leader):
    assert client_for(team_leader).post(BREAK_GLASS_LOG).status_code == 405


def test_it_reads_the_break_glass_list_in_the_same_queries_for_1_or_10_openings(
    client_for, other_leader, team, other_team_same_service, other_worker, open_client_for, queries_for
):
    def open_one() -> None:
        visitor = staff_with_role(Role.WORKER, team=team)
        record = open_client_for(other_worker, other_team_same_service)
        services.break_glass_open(request=_request_as(visitor), client=record, reason=REASON)

    browser = client_for(other_leader)
    open_one()
    _, one = queries_for(browser, BREAK_GLASS_LOG)
    for _ in range(9):
        open_one()

    response, ten = queries_for(browser, BREAK_GLASS_LOG)

    assert len(response.context["rows"]) == 10
    assert len(ten) == len(one), "\n".join(ten)


def _request_as(user):
    request = RequestFactory().post("/")
    request.user = user
    return request
