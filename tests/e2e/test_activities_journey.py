"""Browser journey for activities: the coordinator adds a weekly group, schedules its term, makes
a regular, writes today's session plan, then takes the register on a tablet (one tap per
person, a double tap changing nothing, a walk-in found by search); axe on each page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from activities.models import Attendance, Session
from clients import services as client_services
from clients.models import Client
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, Team, User
from tests.e2e.journeys import assert_no_serious_accessibility_violations, nav_link, screenshot, sign_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def e2e_coordinator(e2e_team) -> User:
    return staff_with_role(
        Role.WORKER,
        team=e2e_team,
        email="tom.coordinator@example.org",
        full_name="Tom Ellis",
        job_title="Recovery and opportunities coordinator",
    )


def _open_client(team: Team, by: User, first_name: str, last_name: str) -> Client:
    started = timezone.localdate() - timedelta(days=40)
    client = client_services.client_create(
        team=team, created_by=by, first_name=first_name, last_name=last_name, date_of_birth=date(1985, 6, 14)
    )
    referral = client_services.referral_create(
        client=client, source="self", received_on=started, reason="Wants to get out more", by=by
    )
    client_services.referral_decide(referral=referral, decision="accepted", decided_on=started, by=by)
    client_services.episode_start(episode=referral.episode, started_on=started, by=by)
    client_services.allocation_set_lead(client=client, worker=by, by=by)
    return client


@pytest.fixture
def e2e_people(e2e_team, e2e_coordinator) -> tuple[Client, Client]:
    return (
        _open_client(e2e_team, e2e_coordinator, "Amara", "Okafor"),
        _open_client(e2e_team, e2e_coordinator, "Bilal", "Hussain"),
    )


def test_it_lets_the_coordinator_run_a_weekly_group_and_take_its_register_on_a_tablet(
    page: Page, e2e_coordinator, e2e_people, e2e_password
):
    amara, bilal = e2e_people
    today = timezone.localdate()
    sign_in(page, email=e2e_coordinator.email, password=e2e_password)
    nav_link(page, "Activities").click()
    expect(page.get_by_role("heading", name=re.compile("Activities: Northgate Supported Housing"))).to_be_visible()
    assert_no_serious_accessibility_violations(page)

    # A weekly group, run by the coordinator.
    page.get_by_role("navigation", name="Activities programme").get_by_role("link", name="Activities").click()
    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Title").fill("Cooking on a budget")
    page.get_by_label("Kind of activity").select_option(label="Life skills")
    page.get_by_label("Description").fill("Plan, shop for and cook a meal for under five pounds a head.")
    page.get_by_role("group", name="Facilitators").get_by_label("Tom Ellis").check()
    page.get_by_label("Room or address").fill("Kitchen, ground floor")
    page.get_by_label("Places").fill("8")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Add the activity").click()

    # Its term: every week from today for four weeks, 10:00 to 11:30.
    expect(page.get_by_role("heading", name="Schedule sessions of Cooking on a budget")).to_be_visible()
    page.get_by_label("Weekly").check()
    page.get_by_label("First session on").fill(today.isoformat())
    page.get_by_label("Last session on or before").fill((today + timedelta(weeks=3)).isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("11:30")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Add to the timetable").click()
    expect(page.get_by_role("main")).to_contain_text("4 sessions added to the timetable.")

    # Amara comes every week.
    page.get_by_label("Add a regular attendee").fill("Okafor")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Make a regular: Amara Okafor").click()
    expect(page.get_by_role("main")).to_contain_text("Amara Okafor is now a regular")
    assert_no_serious_accessibility_violations(page)

    # Today's session plan.
    page.get_by_role("link", name=f"{today:%a} {today.day} {today:%b %Y}, 10:00").click()
    page.get_by_role("link", name="Write the plan").click()
    page.get_by_label("Aims").fill("Cook a vegetable curry for four for under five pounds.")
    page.get_by_label("Outline with timings").fill("10 Welcome and hand washing\n60 Cook together\n20 Eat and tidy up")
    page.get_by_label("Materials and equipment").fill("Ingredients, recipe cards, takeaway tubs.")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("main")).to_contain_text("Session plan saved")

    # The register, on a tablet.
    page.set_viewport_size(TABLET)
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", name="Register: Cooking on a budget")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Cook a vegetable curry")
    assert_no_serious_accessibility_violations(page)
    attended = page.get_by_role("button", name="Attended: Amara Okafor")
    attended.click()
    expect(attended).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Attended: Amara Okafor").click()  # a double tap
    expect(page.get_by_role("button", name="Attended: Amara Okafor")).to_have_attribute("aria-pressed", "true")

    page.get_by_label("Find them and add them as attended").fill("Hussain")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add as attended: Bilal Hussain").click()
    expect(page.get_by_role("main")).to_contain_text("Bilal Hussain added and marked as attended")
    expect(page.get_by_role("button", name="Attended: Bilal Hussain")).to_have_attribute("aria-pressed", "true")
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "activities-register-tablet")

    # The week on the timetable, at tablet width.
    page.goto(reverse("activities:home"))
    expect(page.get_by_role("link", name="Cooking on a budget").first).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "activities-week-tablet")

    session = Session.objects.get(activity__title="Cooking on a budget", starts_at__date=today)
    marks = dict(Attendance.objects.filter(session=session).values_list("client_id", "mark"))
    assert marks == {amara.pk: "attended", bilal.pk: "attended"}
