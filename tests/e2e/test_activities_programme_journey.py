"""Browser journeys for the programme half of activities: a coordinator writes an activity risk
assessment and a team leader approves it; a client leaves feedback on a tablet-sized screen.
axe checks each page on the way."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from activities.factories import ActivityFacilitatorFactory, ActivityFactory, AttendanceFactory, SessionFactory
from activities.models import ActivityRiskAssessment, SessionFeedback
from clients import services as client_services
from clients.models import Client
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, User
from tests.e2e.journeys import assert_no_serious_accessibility_violations, screenshot, sign_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def e2e_coordinator(e2e_team) -> User:
    return staff_with_role(Role.WORKER, team=e2e_team, email="tom.coordinator@example.org", full_name="Tom Ellis")


@pytest.fixture
def e2e_team_leader(e2e_team) -> User:
    return staff_with_role(Role.TEAM_LEADER, team=e2e_team, email="grace.leader@example.org", full_name="Grace Okafor")


@pytest.fixture
def e2e_activity(e2e_team, e2e_coordinator):
    activity = ActivityFactory(
        service=e2e_team.service, team=e2e_team, title="Cooking on a budget", created_by=e2e_coordinator
    )
    ActivityFacilitatorFactory(activity=activity, user=e2e_coordinator)
    return activity


@pytest.fixture
def e2e_person(e2e_team, e2e_coordinator, e2e_team_leader) -> Client:
    started = timezone.localdate() - timedelta(days=21)
    client = client_services.client_create(
        team=e2e_team,
        created_by=e2e_team_leader,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=date(1988, 5, 2),
    )
    referral = client_services.referral_create(
        client=client, source="gp", received_on=started, reason="Low mood", by=e2e_team_leader
    )
    client_services.referral_decide(referral=referral, decision="accepted", decided_on=started, by=e2e_team_leader)
    client_services.episode_start(episode=referral.episode, started_on=started, by=e2e_team_leader)
    client_services.allocation_set_lead(client=client, worker=e2e_coordinator, by=e2e_team_leader)
    return client


def test_coordinator_writes_a_risk_assessment_and_a_team_leader_approves_it(
    page: Page, browser, e2e_activity, e2e_coordinator, e2e_team_leader, e2e_password, base_url
):
    sign_in(page, email=e2e_coordinator.email, password=e2e_password)
    page.goto(f"/activities/programme/activities/{e2e_activity.code}/risk/")
    expect(page.get_by_text("No risk assessment in force")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name="Write the risk assessment").click()
    page.get_by_role("button", name="Start the risk assessment").click()
    expect(page.get_by_role("heading", name="Risk assessment: Cooking on a budget")).to_be_visible()

    page.get_by_role("link", name="Add a hazard").click()
    page.get_by_label("Hazard", exact=True).fill("Hot ovens and hobs")
    page.get_by_label("Who might be harmed").fill("People taking part and staff")
    page.get_by_label("How they might be harmed").fill("Burns and scalds")
    page.get_by_label("Controls already in place").fill("Oven gloves; the facilitator takes trays out.")
    page.get_by_label("Likelihood now").select_option("3")
    page.get_by_label("Severity now").select_option("4")
    page.get_by_label(re.compile("Further controls")).fill("Only the facilitator opens the oven.")
    page.get_by_label("Likelihood with further controls").select_option("1")
    page.get_by_label("Severity with further controls").select_option("4")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Save the hazard").click()
    expect(page.get_by_text("12 · High")).to_be_visible()
    expect(page.get_by_text("4 · Moderate")).to_be_visible()

    page.get_by_role("link", name=re.compile("Add an action")).click()
    page.get_by_label("Action", exact=True).fill("Buy long oven gloves")
    page.get_by_label("Due by").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text(re.compile("Buy long oven gloves – Tom Ellis"))).to_be_visible()
    expect(page.get_by_role("link", name="Approve")).to_have_count(0)  # a worker cannot approve
    assert_no_serious_accessibility_violations(page)
    detail_url = page.url

    leader = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    leader_page = leader.new_page()
    sign_in(leader_page, email=e2e_team_leader.email, password=e2e_password)
    leader_page.goto(detail_url)
    leader_page.get_by_role("link", name="Approve").click()
    assert_no_serious_accessibility_violations(leader_page)
    leader_page.get_by_role("button", name="Approve").click()
    expect(leader_page.get_by_text("approved: it is now in force")).to_be_visible()
    screenshot(leader_page, "activities-programme-risk")
    leader.close()
    assert ActivityRiskAssessment.objects.get(activity=e2e_activity).is_current


def test_client_leaves_feedback_on_a_tablet(page: Page, e2e_activity, e2e_coordinator, e2e_person, e2e_password):
    starts = timezone.now() - timedelta(hours=2)
    session = SessionFactory(activity=e2e_activity, starts_at=starts, ends_at=starts + timedelta(minutes=90))
    AttendanceFactory(session=session, client=e2e_person, recorded_by=e2e_coordinator)
    page.set_viewport_size(TABLET)
    sign_in(page, email=e2e_coordinator.email, password=e2e_password)
    page.goto(f"/activities/programme/sessions/{session.code}/feedback/")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name="Amara Okafor").click()

    expect(page.get_by_role("heading", name="Hand the tablet to Amara")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "activities-programme-tablet-start")
    page.get_by_label("Choose a PIN to get back in").fill("2468")
    page.get_by_label("Type the PIN again").fill("2468")
    page.get_by_role("button", name="Sign out and show the feedback form").click()

    expect(page.get_by_role("heading", name=re.compile("Hello Amara"))).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("link")).to_have_count(0)  # no way from the form back into any record
    assert_no_serious_accessibility_violations(page)
    page.get_by_text("5 Great").click()
    page.get_by_label("Anything you would like to tell us?").fill("Loved making the curry.")
    page.get_by_label("Don't put my name to this feedback").check()
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_role("link", name="Next person (without names)")).to_have_count(0)  # named: one answer
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "activities-programme-tablet")

    # The person holding the tablet cannot browse to a record: the worker is signed out.
    thanks_url = page.url
    page.goto(f"/clients/{e2e_person.code}/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.goto(thanks_url)

    page.get_by_role("link", name="Staff: hand back").click()
    expect(page.get_by_role("heading", name="Hand the tablet back")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "activities-programme-tablet-return")
    page.get_by_label("Staff: type your PIN to go back to the session").fill("2468")
    page.get_by_role("button", name="Go back to the session").click()

    expect(page.get_by_role("heading", name="Feedback: Cooking on a budget")).to_be_visible()
    expect(page.get_by_text("“Loved making the curry.”")).to_be_visible()
    feedback = SessionFeedback.objects.get()
    assert (feedback.rating, feedback.client_id, feedback.recorded_by_id, feedback.recorded_at) == (5, None, None, None)


def test_service_pages_of_the_programme_pass_axe(page: Page, e2e_team, e2e_activity, e2e_person, e2e_password):
    manager = staff_with_role(
        Role.SERVICE_MANAGER, service=e2e_team.service, email="martin.manager@example.org", full_name="Martin Doyle"
    )
    starts = timezone.now() - timedelta(days=3)
    session = SessionFactory(activity=e2e_activity, starts_at=starts, ends_at=starts + timedelta(minutes=90))
    AttendanceFactory(session=session, client=e2e_person, recorded_by=manager)
    sign_in(page, email=manager.email, password=e2e_password)
    code = e2e_team.service.code
    for path, heading in (
        (f"/activities/programme/services/{code}/risk/", "Activity risk assessments"),
        (f"/activities/programme/services/{code}/pre-tenancy/", "Pre-tenancy course"),
        (f"/activities/programme/services/{code}/you-said-we-did/", "You said, we did"),
        (f"/activities/programme/services/{code}/you-said-we-did/new/", "Add a change"),
        (f"/activities/programme/services/{code}/outcomes/", "Programme outcomes"),
        (f"/activities/programme/services/{code}/settings/", "Programme settings"),
        (f"/activities/programme/clients/{e2e_person.code}/pre-tenancy/", "Pre-tenancy course"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_no_serious_accessibility_violations(page)
