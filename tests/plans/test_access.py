"""The access matrix for every plans URL: who may read, who may write, and who must not know it exists.

Another team's client is a 404 (never a 403); a read-only member gets a 403 on anything that writes;
a wrong HTTP method is a 405; nobody signed out gets past the sign-in page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role
from tests.plans.matrix import READS, URLS, WRITES, url_for


def _call(http, method: str, path: str):
    return http.get(path) if method == "GET" else http.post(path, {})


@pytest.mark.parametrize("url", READS, ids=[url.name for url in READS])
def test_it_shows_each_page_to_a_worker_in_the_team(url, world, colleague, client_for):
    response = client_for(colleague).get(url_for(url, world))

    assert response.status_code == 200


@pytest.mark.parametrize("url", WRITES, ids=[url.name for url in WRITES])
def test_it_lets_a_worker_in_the_team_reach_each_write(url, world, worker, team, client_for):
    leader = staff_with_role(Role.TEAM_LEADER, team=team)  # sign-off is for team leaders
    http = client_for(leader if url.name == "plan_sign_off" else worker)

    response = _call(http, url.methods[0], url_for(url, world))

    assert response.status_code in (200, 302, 422)


@pytest.mark.parametrize("url", URLS, ids=[url.name for url in URLS])
def test_it_hides_each_url_from_another_teams_worker(url, world, other_team_worker, client_for):
    http = client_for(other_team_worker)

    statuses = {_call(http, method, url_for(url, world)).status_code for method in url.methods}

    assert statuses == {404}


@pytest.mark.parametrize("url", URLS, ids=[url.name for url in URLS])
def test_it_hides_each_url_from_an_administrator_without_a_clinical_role(url, world, mfa_administrator, client_for):
    http = client_for(mfa_administrator)

    statuses = {_call(http, method, url_for(url, world)).status_code for method in url.methods}

    assert statuses == {404}


@pytest.mark.parametrize("url", WRITES, ids=[url.name for url in WRITES])
def test_it_refuses_each_write_to_a_read_only_member(url, world, read_only, client_for):
    http = client_for(read_only)

    statuses = {_call(http, method, url_for(url, world)).status_code for method in url.methods}

    assert statuses == {403}


@pytest.mark.parametrize("url", READS, ids=[url.name for url in READS])
def test_it_lets_a_read_only_member_read_each_page(url, world, read_only, client_for):
    response = client_for(read_only).get(url_for(url, world))

    assert response.status_code == 200


@pytest.mark.parametrize("url", URLS, ids=[url.name for url in URLS])
def test_it_answers_a_wrong_method_with_405(url, world, worker, client_for):
    http = client_for(worker)
    path = url_for(url, world)

    response = http.put(path) if "GET" in url.methods and "POST" in url.methods else None
    if response is None:
        response = http.post(path) if url.methods == ("GET",) else http.get(path)

    assert response.status_code == 405


@pytest.mark.parametrize("url", URLS, ids=[url.name for url in URLS])
def test_it_sends_someone_signed_out_to_sign_in(url, world, client):
    response = _call(client, url.methods[0], url_for(url, world))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_lets_a_service_manager_read_plans_across_the_service(world, manager, client_for):
    response = client_for(manager).get(reverse("plans:client_plans", args=[world["client"].code]))

    assert response.status_code == 200


def test_it_refuses_sign_off_to_a_worker(world, worker, client_for):
    response = client_for(worker).post(
        reverse("plans:plan_sign_off", args=[world["client"].code, world["agreed"].code])
    )

    assert response.status_code == 403


def test_it_answers_a_plan_of_another_client_with_404(world, worker, open_client_for, team, client_for):
    other = open_client_for(worker, team)

    response = client_for(worker).get(reverse("plans:plan_detail", args=[other.code, world["agreed"].code]))

    assert response.status_code == 404
