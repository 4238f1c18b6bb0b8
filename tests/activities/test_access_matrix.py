"""Every activities URL against the access rules: another service's programme is 404 (never 403),
a wrong method is 405, a read-only member may look but gets 403 on anything that changes the
programme, and the people who run it can open every page."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.factories import (
    BookingFactory,
    PartnerAgencyFactory,
    RegularAttendeeFactory,
    SessionFactory,
    SessionPlanTemplateFactory,
)
from activities.services.programme import timetable_feed_for


@dataclass(frozen=True)
class Route:
    name: str
    methods: tuple[str, ...]  # what the view accepts
    writes: bool  # read-only members get 403
    manager_only: bool = False


ROUTES = [
    Route("home", ("GET",), False),
    Route("timetable_week", ("GET",), False),
    Route("timetable_list", ("GET",), False),
    Route("timetable_pdf", ("GET",), False),
    Route("feed_settings", ("GET",), True),
    Route("feed_regenerate", ("POST",), True, manager_only=True),
    Route("activity_list", ("GET",), False),
    Route("activity_create", ("GET", "POST"), True),
    Route("partner_list", ("GET",), False),
    Route("partner_create", ("GET", "POST"), True),
    Route("partner_edit", ("GET", "POST"), True),
    Route("template_list", ("GET",), False),
    Route("template_create", ("GET", "POST"), True),
    Route("template_edit", ("GET", "POST"), True),
    Route("activity_detail", ("GET",), False),
    Route("activity_edit", ("GET", "POST"), True),
    Route("sessions_schedule", ("GET", "POST"), True),
    Route("regular_search", ("GET",), True),
    Route("regular_add", ("POST",), True),
    Route("regular_end", ("POST",), True),
    Route("session_detail", ("GET",), False),
    Route("session_cancel", ("GET", "POST"), True),
    Route("session_move", ("GET", "POST"), True),
    Route("session_plan", ("GET", "POST"), True),
    Route("client_search", ("GET",), True),
    Route("booking_add", ("POST",), True),
    Route("booking_cancel", ("POST",), True),
    Route("register", ("GET",), False),
    Route("walk_in_add", ("POST",), True),
    Route("register_mark", ("POST",), True),
]
IDS = [route.name for route in ROUTES]


@dataclass
class World:
    activity: object
    session: object
    booking: object
    regular: object
    agency: object
    template: object

    def kwargs(self, name: str) -> dict:
        service = {"service_code": self.activity.service.code}
        activity = {"code": self.activity.code}
        session = {"code": self.session.code}
        return {
            "home": {},
            "partner_edit": {"code": self.agency.code},
            "template_edit": {"code": self.template.code},
            "activity_detail": activity,
            "activity_edit": activity,
            "sessions_schedule": activity,
            "regular_search": activity,
            "regular_add": activity,
            "regular_end": {**activity, "regular_code": self.regular.code},
            "session_detail": session,
            "session_cancel": session,
            "session_move": session,
            "session_plan": session,
            "client_search": session,
            "booking_add": session,
            "booking_cancel": {**session, "booking_code": self.booking.code},
            "register": session,
            "walk_in_add": session,
            "register_mark": {**session, "booking_code": self.booking.code},
        }.get(name, service)

    def url(self, route: Route) -> str:
        return reverse(f"activities:{route.name}", kwargs=self.kwargs(route.name))


def _world(activity, person, worker) -> World:
    today_session = SessionFactory(activity=activity, starts_at=timezone.now() - timezone.timedelta(minutes=30))
    return World(
        activity=activity,
        session=today_session,
        booking=BookingFactory(session=today_session, client=person, booked_by=worker),
        regular=RegularAttendeeFactory(activity=activity, client=person, added_by=worker),
        agency=PartnerAgencyFactory(service=activity.service, created_by=worker),
        template=SessionPlanTemplateFactory(service=activity.service, created_by=worker),
    )


@pytest.fixture
def world(activity, person, worker) -> World:
    return _world(activity, person, worker)


def _call(http, method: str, url: str):
    return getattr(http, method.lower())(url)


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_answers_404_for_another_services_programme(route, world, other_service_worker, client_for):
    http = client_for(other_service_worker)
    if route.name == "home":
        # Another service's worker sees their own programme: the home page is never the other one's.
        assert str(world.activity.service.code) not in http.get(world.url(route), follow=True).content.decode()
        return

    assert _call(http, route.methods[0], world.url(route)).status_code == 404


def test_it_answers_404_for_the_home_page_to_someone_with_no_service(world, mfa_administrator, client_for):
    assert client_for(mfa_administrator).get(reverse("activities:home")).status_code == 404


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_refuses_a_method_the_page_does_not_take(route, world, worker, client_for):
    wrong = "PUT" if "POST" in route.methods else "POST"
    if route.methods == ("POST",):
        wrong = "GET"

    assert _call(client_for(worker), wrong, world.url(route)).status_code == 405


WRITES = [route for route in ROUTES if route.writes]


@pytest.mark.parametrize("route", WRITES, ids=[route.name for route in WRITES])
def test_it_refuses_changes_from_a_read_only_member(route, world, read_only, client_for):
    response = _call(client_for(read_only), route.methods[-1], world.url(route))

    assert response.status_code == 403


READS = [route for route in ROUTES if not route.writes]


@pytest.mark.parametrize("route", READS, ids=[route.name for route in READS])
def test_it_lets_a_read_only_member_look(route, world, read_only, client_for):
    assert client_for(read_only).get(world.url(route), follow=True).status_code == 200


GETS = [route for route in ROUTES if "GET" in route.methods]


@pytest.mark.parametrize("route", GETS, ids=[route.name for route in GETS])
def test_it_opens_every_page_for_a_worker_in_the_service(route, world, worker, client_for):
    response = client_for(worker).get(world.url(route), follow=True)

    assert response.status_code == 200


@pytest.mark.parametrize("route", GETS, ids=[route.name for route in GETS])
def test_it_opens_every_page_for_a_worker_of_another_team_in_the_service(route, world, other_team_worker, client_for):
    response = client_for(other_team_worker).get(world.url(route), follow=True)

    assert response.status_code == 200


def test_it_lets_a_worker_of_another_team_in_the_service_take_the_register(world, other_team_worker, client_for):
    response = client_for(other_team_worker).post(
        reverse("activities:register_mark", kwargs=world.kwargs("register_mark")), {"mark": "late"}
    )

    assert response.status_code == 302


def test_it_refuses_a_new_feed_address_to_a_worker(world, worker, client_for):
    response = client_for(worker).post(reverse("activities:feed_regenerate", kwargs=world.kwargs("feed_regenerate")))

    assert response.status_code == 403


def test_it_gives_the_service_manager_a_new_feed_address(world, manager, client_for):
    old = timetable_feed_for(service=world.activity.service).token

    response = client_for(manager).post(reverse("activities:feed_regenerate", kwargs=world.kwargs("feed_regenerate")))

    assert response.status_code == 302
    assert timetable_feed_for(service=world.activity.service).token != old


def test_it_sends_anonymous_visitors_to_sign_in(world, client):
    response = client.get(reverse("activities:timetable_week", kwargs=world.kwargs("timetable_week")))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_serves_the_feed_without_signing_in(world, client):
    token = timetable_feed_for(service=world.activity.service).token

    assert client.get(reverse("activities:timetable_feed", args=[token])).status_code == 200


def test_it_answers_404_for_a_wrong_feed_token(world, client):
    assert client.get(reverse("activities:timetable_feed", args=["not-the-token"])).status_code == 404


def test_it_refuses_a_post_to_the_feed(world, client):
    token = timetable_feed_for(service=world.activity.service).token

    assert client.post(reverse("activities:timetable_feed", args=[token])).status_code == 405
