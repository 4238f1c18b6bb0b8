"""Every outcomes URL against the access rules: a wrong method is 405, another team's client is 404
(never 403), a read-only member may read but gets 403 on anything that changes a record; the
service-level pages are for team leaders and managers, the settings for managers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from recovery.audit.models import RecordAccess


@dataclass(frozen=True)
class Route:
    name: str
    methods: tuple[str, ...]
    writes: bool

    def url(self, reading) -> str:
        code = {"code": reading.client.code}
        kwargs = {
            "reading_new": {**code, "measure_key": "swemwbs"},
            "tablet_start": {**code, "measure_key": "swemwbs"},
            "reading_detail": {**code, "reading_code": reading.code},
            "reading_edit": {**code, "reading_code": reading.code},
            "reading_mark_error": {**code, "reading_code": reading.code},
        }.get(self.name, code)
        return reverse(f"outcomes:{self.name}", kwargs=kwargs)


ROUTES = [
    Route("client_outcomes", ("GET",), False),
    Route("client_pdf", ("GET",), False),
    Route("reading_detail", ("GET",), False),
    Route("reading_new", ("GET", "POST"), True),
    Route("tablet_start", ("GET", "POST"), True),
    Route("star_new", ("GET", "POST"), True),
    Route("reading_edit", ("GET", "POST"), True),
    Route("reading_mark_error", ("GET", "POST"), True),
]
IDS = [route.name for route in ROUTES]
WRITES = [route for route in ROUTES if route.writes]
READS = [route for route in ROUTES if not route.writes]


def _call(http, method: str, url: str):
    return getattr(http, method.lower())(url)


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_answers_404_for_another_teams_client(route, reading, other_team_worker, client_for):
    assert _call(client_for(other_team_worker), route.methods[0], route.url(reading)).status_code == 404


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_answers_404_for_another_team_in_the_same_service(route, reading, other_team_same_service, client_for):
    from recovery.accounts.factories import staff_with_role
    from recovery.accounts.models import Role

    colleague = staff_with_role(Role.WORKER, team=other_team_same_service)

    assert _call(client_for(colleague), route.methods[0], route.url(reading)).status_code == 404


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_refuses_a_method_the_page_does_not_take(route, reading, worker, client_for):
    wrong = "PUT" if "POST" in route.methods else "POST"

    assert _call(client_for(worker), wrong, route.url(reading)).status_code == 405


@pytest.mark.parametrize("route", WRITES, ids=[route.name for route in WRITES])
def test_it_refuses_changes_from_a_read_only_member(route, reading, read_only, client_for):
    assert _call(client_for(read_only), route.methods[-1], route.url(reading)).status_code == 403


@pytest.mark.parametrize("route", READS, ids=[route.name for route in READS])
def test_it_lets_a_read_only_member_read(route, reading, read_only, client_for):
    assert client_for(read_only).get(route.url(reading)).status_code == 200


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_opens_every_page_for_the_lead_worker(route, reading, worker, client_for):
    assert client_for(worker).get(route.url(reading)).status_code == 200


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_opens_every_page_for_the_service_manager(route, reading, manager, client_for):
    assert client_for(manager).get(route.url(reading)).status_code == 200


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_sends_anonymous_visitors_to_sign_in(route, reading, client):
    response = client.get(route.url(reading))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("route", READS, ids=[route.name for route in READS])
def test_it_logs_every_view_of_a_client_page(route, reading, worker, client_for):
    client_for(worker).get(route.url(reading))

    assert RecordAccess.objects.filter(user=worker, subject_code=reading.client.code).exists()


def test_it_hides_the_outcomes_tab_content_from_an_administrator(reading, mfa_administrator, client_for):
    url = reverse("outcomes:client_outcomes", args=[reading.client.code])

    assert client_for(mfa_administrator).get(url).status_code == 404


# --- the tablet questionnaire ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["outcomes:tablet_form", "outcomes:tablet_return"])
def test_it_answers_404_for_the_questionnaire_without_a_hand_over(name, client):
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", ["outcomes:tablet_form", "outcomes:tablet_return"])
def test_it_refuses_a_delete_on_the_questionnaire(name, client):
    assert client.delete(reverse(name)).status_code == 405


# --- service level and settings ---------------------------------------------------------------------

SERVICE_PAGES = ["outcomes:service_outcomes", "outcomes:service_outcomes_csv"]


@pytest.mark.parametrize("name", SERVICE_PAGES)
def test_it_shows_service_outcomes_to_the_team_leader(name, team_leader, client_for):
    assert client_for(team_leader).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", SERVICE_PAGES)
def test_it_shows_service_outcomes_to_the_manager(name, manager, team, client_for):
    assert client_for(manager).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", SERVICE_PAGES)
def test_it_refuses_service_outcomes_to_a_worker(name, worker, client_for):
    response = client_for(worker).get(reverse(name))

    assert response.status_code == 403


@pytest.mark.parametrize("name", SERVICE_PAGES)
def test_it_refuses_service_outcomes_to_a_read_only_member(name, read_only, client_for):
    assert client_for(read_only).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", SERVICE_PAGES)
def test_it_refuses_a_post_to_service_outcomes(name, team_leader, client_for):
    assert client_for(team_leader).post(reverse(name)).status_code == 405


def test_it_shows_the_settings_to_the_manager(manager, service, client_for):
    assert client_for(manager).get(reverse("outcomes:settings_edit", args=[service.code])).status_code == 200


def test_it_refuses_the_settings_to_a_team_leader(team_leader, service, client_for):
    assert client_for(team_leader).get(reverse("outcomes:settings_edit", args=[service.code])).status_code == 403


def test_it_refuses_the_settings_list_to_a_worker(worker, client_for):
    assert client_for(worker).get(reverse("outcomes:settings_list")).status_code == 403


def test_it_answers_404_for_another_services_settings(manager, other_service_team, client_for):
    url = reverse("outcomes:settings_edit", args=[other_service_team.service.code])

    assert client_for(manager).get(url).status_code == 404


def test_it_refuses_a_delete_on_the_settings(manager, service, client_for):
    assert client_for(manager).delete(reverse("outcomes:settings_edit", args=[service.code])).status_code == 405
