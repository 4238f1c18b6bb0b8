"""Every URL of the programme half against the access rules: a wrong method is 405, another
service's record is 404 (never 403), read-only staff may look but get 403 on anything that
changes a record, approval is for team leaders and service managers, settings for managers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from activities.services import pretenancy as pretenancy_services
from activities.services import risk_assessments as ra_services

from .conftest import HAZARD


@dataclass(frozen=True)
class Route:
    name: str
    methods: tuple[str, ...]
    writes: bool  # read-only staff get 403
    who: str = "worker"  # the role whose happy path is a success: worker, team_leader or manager
    ok: tuple[int, ...] = (200,)


ROUTES = [
    Route("service_risk", ("GET",), False),
    Route("activity_risk", ("GET",), False),
    Route("risk_assessment_start", ("GET", "POST"), True, ok=(302,)),  # a draft exists: sent to it
    Route("risk_assessment_detail", ("GET",), False),
    Route("risk_assessment_edit", ("GET", "POST"), True),
    Route("risk_assessment_approve", ("GET", "POST"), True, who="team_leader"),
    Route("hazard_add", ("GET", "POST"), True),
    Route("hazard_edit", ("GET", "POST"), True),
    Route("hazard_remove", ("POST",), True, ok=(302,)),
    Route("risk_action_add", ("GET", "POST"), True),
    Route("risk_action_done", ("POST",), True, ok=(302,)),
    Route("programme_settings", ("GET", "POST"), True, who="manager"),
    Route("session_feedback", ("GET",), False),
    Route("feedback_tablet", ("GET", "POST"), True),
    Route("feedback_tablet_for", ("GET", "POST"), True),
    Route("you_said_we_did", ("GET",), False),
    Route("you_said_we_did_create", ("GET", "POST"), True),
    Route("pretenancy_roster", ("GET",), False),
    Route("pretenancy_module", ("GET", "POST"), True, who="manager"),
    Route("client_pretenancy", ("GET",), False),
    Route("pretenancy_sign_off", ("GET", "POST"), True),
    Route("pretenancy_certificate", ("GET",), False, ok=(302,)),  # not complete yet: back to the course
    Route("service_outcomes", ("GET",), False),
    Route("service_outcomes_pdf", ("GET",), False),
    Route("activity_outcomes", ("GET",), False),
]
IDS = [route.name for route in ROUTES]


@pytest.fixture
def world(activity, attended, person, worker, team_leader, approved_assessment):
    approved_assessment(activity, worker)
    draft, _ = ra_services.risk_assessment_start(activity=activity, by=worker, review_reason="New kitchen")
    hazard = draft.hazards.get()
    action = ra_services.risk_action_add(
        hazard=hazard, by=worker, action="Buy gloves", owner=worker, due_on=draft.assessed_on
    )
    module = pretenancy_services.pretenancy_modules_for(service=activity.service)[0]
    service = {"service_code": activity.service.code}
    ra = {"code": draft.code}
    session = {"code": attended.code}
    return {
        "service_risk": service,
        "activity_risk": {"code": activity.code},
        "risk_assessment_start": {"code": activity.code},
        "risk_assessment_detail": ra,
        "risk_assessment_edit": ra,
        "risk_assessment_approve": ra,
        "hazard_add": ra,
        "hazard_edit": {**ra, "hazard_code": hazard.code},
        "hazard_remove": {**ra, "hazard_code": hazard.code},
        "risk_action_add": {**ra, "hazard_code": hazard.code},
        "risk_action_done": {**ra, "action_code": action.code},
        "programme_settings": service,
        "session_feedback": session,
        "feedback_tablet": session,
        "feedback_tablet_for": {**session, "client_code": person.code},
        "you_said_we_did": service,
        "you_said_we_did_create": service,
        "pretenancy_roster": service,
        "pretenancy_module": {**service, "module_code": module.code},
        "client_pretenancy": {"code": person.code},
        "pretenancy_sign_off": {"code": person.code, "module_code": module.code},
        "pretenancy_certificate": {"code": person.code},
        "service_outcomes": service,
        "service_outcomes_pdf": service,
        "activity_outcomes": {"code": activity.code},
    }


def _url(route: Route, world) -> str:
    return reverse(f"activities:{route.name}", kwargs=world[route.name])


def _request(browser, method: str, url: str):
    return getattr(browser, method.lower())(url)


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_answers_a_wrong_method_with_405(route, world, client_for, worker):
    wrong = "GET" if route.methods == ("POST",) else ("POST" if "POST" not in route.methods else "DELETE")
    assert _request(client_for(worker), wrong, _url(route, world)).status_code == 405


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_hides_the_record_from_another_service_with_404(route, world, client_for, other_service_worker):
    assert _request(client_for(other_service_worker), route.methods[0], _url(route, world)).status_code == 404


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_lets_read_only_staff_look_but_not_change(route, world, client_for, read_only):
    status = _request(client_for(read_only), route.methods[0], _url(route, world)).status_code
    if route.writes:
        assert status == 403
    else:
        assert status in route.ok


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_it_opens_each_page_for_its_role(route, world, client_for, worker, team_leader, manager):
    user = {"worker": worker, "team_leader": team_leader, "manager": manager}[route.who]
    assert _request(client_for(user), route.methods[0], _url(route, world)).status_code in route.ok


@pytest.mark.parametrize(
    "name", [route.name for route in ROUTES if route.who != "worker"], ids=[r.name for r in ROUTES if r.who != "worker"]
)
def test_it_refuses_a_worker_what_needs_a_leader_or_manager(name, world, client_for, worker):
    route = next(route for route in ROUTES if route.name == name)
    assert _request(client_for(worker), route.methods[0], _url(route, world)).status_code == 403


def test_it_hides_another_teams_client_from_the_course_page_with_404(world, client_for, other_team_worker, person):
    response = client_for(other_team_worker).get(reverse("activities:client_pretenancy", args=[person.code]))
    assert response.status_code == 404


def test_it_logs_a_view_of_a_persons_course_page(world, client_for, worker, person):
    from recovery.audit.models import RecordAccess

    client_for(worker).get(reverse("activities:client_pretenancy", args=[person.code]))
    assert RecordAccess.objects.filter(subject_code=person.code, detail="pre-tenancy course").count() == 1


def test_it_lets_a_team_leader_of_another_team_in_the_service_approve(world, client_for, other_team_leader):
    response = client_for(other_team_leader).get(_url(ROUTES[IDS.index("risk_assessment_approve")], world))
    assert response.status_code == 200


def test_it_approves_through_the_page(world, client_for, team_leader, activity):
    from activities.models import ActivityRiskAssessment

    draft = ActivityRiskAssessment.objects.get(activity=activity, approved_at__isnull=True)
    response = client_for(team_leader).post(
        reverse("activities:risk_assessment_approve", args=[draft.code]),
        {
            "version": draft.version,
            "review_due_on": (draft.assessed_on.replace(year=draft.assessed_on.year + 1)).isoformat(),
        },
    )
    draft.refresh_from_db()
    assert (response.status_code, draft.is_current) == (302, True)


def test_it_refuses_a_stale_hazard_edit_and_keeps_the_typed_text(world, client_for, worker, activity):
    from activities.models import ActivityHazard

    hazard = ActivityHazard.objects.get(assessment__activity=activity, assessment__approved_at__isnull=True)
    url = reverse("activities:hazard_edit", args=[hazard.assessment.code, hazard.code])
    response = client_for(worker).post(url, {**HAZARD, "version": hazard.version - 1 or 99, "hazard": "My new words"})
    assert response.status_code == 409
    assert "My new words" in response.content.decode()
