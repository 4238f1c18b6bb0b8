"""Every risk URL against the access rules: a wrong method is 405, another team's client is 404
(never 403), a read-only member may read but gets 403 on anything that changes a record."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from risk import services
from risk.choices import ReviewReason


@dataclass(frozen=True)
class Route:
    name: str
    methods: tuple[str, ...]  # what the view accepts
    writes: bool  # opened with for_change: read-only members get 403

    def url(self, world) -> str:
        return reverse(f"risk:{self.name}", kwargs=world.kwargs(self.name))


ROUTES = [
    Route("client_risk", ("GET",), False),
    Route("summary_pdf", ("GET",), False),
    Route("assessment_compare", ("GET",), False),
    Route("assessment_detail", ("GET",), False),
    Route("review_request", ("GET", "POST"), True),
    Route("assessment_start", ("GET", "POST"), True),
    Route("assessment_edit", ("GET", "POST"), True),
    Route("area_edit", ("GET", "POST"), True),
    Route("action_create", ("GET", "POST"), True),
    Route("action_edit", ("GET", "POST"), True),
    Route("action_status", ("POST",), True),
    Route("assessment_agree", ("GET", "POST"), True),
    Route("assessment_sign_off", ("POST",), True),
    Route("alert_create", ("GET", "POST"), True),
    Route("alert_edit", ("GET", "POST"), True),
    Route("alert_end", ("GET", "POST"), True),
    Route("concern_create", ("GET", "POST"), True),
    Route("concern_detail", ("GET",), False),
    Route("concern_referrals", ("GET", "POST"), True),
    Route("concern_update_add", ("POST",), True),
    Route("concern_close", ("GET", "POST"), True),
    Route("escalation_create", ("GET", "POST"), True),
]
IDS = [route.name for route in ROUTES]


@dataclass
class World:
    client: object
    current: object  # agreed version 1
    draft: object  # version 2, a review in progress
    alert: object
    concern: object
    contact: object

    def kwargs(self, name: str) -> dict:
        code = {"code": self.client.code}
        assessment = {**code, "assessment_code": self.draft.code}
        return {
            "assessment_detail": assessment,
            "assessment_edit": assessment,
            "area_edit": {**assessment, "key": "suicide"},
            "action_create": assessment,
            "action_edit": {**assessment, "action_code": self.draft.actions.first().code},
            "action_status": {
                **code,
                "assessment_code": self.current.code,
                "action_code": self.current.actions.first().code,
            },
            "assessment_agree": assessment,
            "assessment_sign_off": {**code, "assessment_code": self.current.code},
            "alert_edit": {**code, "alert_code": self.alert.code},
            "alert_end": {**code, "alert_code": self.alert.code},
            "concern_detail": {**code, "concern_code": self.concern.code},
            "concern_referrals": {**code, "concern_code": self.concern.code},
            "concern_update_add": {**code, "concern_code": self.concern.code},
            "concern_close": {**code, "concern_code": self.concern.code},
            "escalation_create": {**code, "contact_code": self.contact.code},
        }.get(name, code)


@pytest.fixture
def world(person, worker, agreed_assessment, raise_concern, log_contact) -> World:
    current = agreed_assessment(person, worker)
    draft, _ = services.assessment_start(client=person, by=worker, review_reason=ReviewReason.SCHEDULED)
    alert = services.alert_set(
        client=person, by=worker, alert_type="visit_in_pairs", starts_on=current.created_at.date()
    )
    return World(person, current, draft, alert, raise_concern(person, worker), log_contact(person, worker))


def _call(http, method: str, url: str):
    return getattr(http, method.lower())(url)


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_answers_404_for_another_teams_client(route, world, other_team_worker, client_for):
    http = client_for(other_team_worker)

    assert _call(http, route.methods[0], route.url(world)).status_code == 404


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_refuses_a_method_the_page_does_not_take(route, world, worker, client_for):
    wrong = "PUT" if "POST" in route.methods else "POST"
    if route.methods == ("POST",):
        wrong = "GET"

    assert _call(client_for(worker), wrong, route.url(world)).status_code == 405


@pytest.mark.parametrize("route", [route for route in ROUTES if route.writes], ids=[r.name for r in ROUTES if r.writes])
def test_it_refuses_changes_from_a_read_only_member(route, world, read_only, client_for):
    response = _call(client_for(read_only), route.methods[-1], route.url(world))

    assert response.status_code == 403


@pytest.mark.parametrize(
    "route",
    [route for route in ROUTES if not route.writes and route.name != "concern_detail"],
    ids=[r.name for r in ROUTES if not r.writes and r.name != "concern_detail"],
)
def test_it_lets_a_read_only_member_read(route, world, read_only, client_for):
    assert client_for(read_only).get(route.url(world)).status_code == 200


@pytest.mark.parametrize(
    "route", [route for route in ROUTES if "GET" in route.methods], ids=[r.name for r in ROUTES if "GET" in r.methods]
)
def test_it_opens_every_page_for_the_lead_worker_or_team_leader(route, world, worker, team_leader, client_for):
    # Closing a concern is the team leader's decision; every other page is the lead worker's.
    user = team_leader if route.name == "concern_close" else worker

    response = client_for(user).get(route.url(world))

    assert response.status_code in (200, 302)


def test_it_refuses_closing_a_concern_to_the_lead_worker(world, worker, client_for):
    url = reverse("risk:concern_close", kwargs=world.kwargs("concern_close"))

    response = client_for(worker).get(url)

    assert response.status_code == 403
    assert "Only the team leader or service manager can close" in response.content.decode()


def test_it_sends_anonymous_visitors_to_sign_in(world, client):
    response = client.get(reverse("risk:client_risk", args=[world.client.code]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# --- team pages ----------------------------------------------------------------------------------

TEAM_PAGES = ["risk:safeguarding_open", "risk:reviews_overdue", "risk:sign_off_queue"]


@pytest.mark.parametrize("name", TEAM_PAGES)
def test_it_shows_the_team_pages_to_the_team_leader(name, team_leader, client_for, db):
    assert client_for(team_leader).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", TEAM_PAGES)
def test_it_refuses_the_team_pages_to_a_worker(name, worker, client_for):
    response = client_for(worker).get(reverse(name))

    assert response.status_code == 403
    assert "Only team leaders and service managers" in response.content.decode()


@pytest.mark.parametrize("name", TEAM_PAGES)
def test_it_refuses_a_post_to_the_team_pages(name, team_leader, client_for):
    assert client_for(team_leader).post(reverse(name)).status_code == 405


def test_it_refuses_risk_settings_to_a_team_leader(team_leader, service, client_for):
    response = client_for(team_leader).get(reverse("risk:settings_edit", args=[service.code]))

    assert response.status_code == 403


def test_it_answers_404_for_another_services_settings(manager, other_service_team, client_for):
    url = reverse("risk:settings_edit", args=[other_service_team.service.code])

    assert client_for(manager).get(url).status_code == 404


def test_it_refuses_a_delete_on_the_settings(manager, service, client_for):
    assert client_for(manager).delete(reverse("risk:settings_edit", args=[service.code])).status_code == 405
