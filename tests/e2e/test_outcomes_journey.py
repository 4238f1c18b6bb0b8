"""Browser journeys for outcomes: on a tablet, the worker hands over the device, the person answers
SWEMWBS on their own, the worker takes the tablet back with a PIN and sees the chart; axe on the
questionnaire, the thank-you page, the Outcomes tab and the service-level page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients import services as client_services
from clients.models import Client
from outcomes.factories import ReadingFactory
from outcomes.measures import SWEMWBS
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, User
from tests.e2e.journeys import assert_no_serious_accessibility_violations, screenshot, sign_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 820, "height": 1180}
PIN = "271828"
ANSWERS = ["Often", "Some of the time", "Rarely", "Often", "Some of the time", "Often", "All of the time"]


@pytest.fixture
def e2e_team_leader(e2e_team) -> User:
    return staff_with_role(Role.TEAM_LEADER, team=e2e_team, email="gareth.leader@example.org", full_name="Gareth Evans")


@pytest.fixture
def e2e_person(e2e_team, e2e_worker, e2e_team_leader) -> Client:
    """Amara, supported for ten weeks, Priya her lead worker, with a first SWEMWBS reading."""
    started = timezone.localdate() - timedelta(days=70)
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
    client_services.allocation_set_lead(client=client, worker=e2e_worker, by=e2e_team_leader)
    ReadingFactory(
        client=client,
        by=e2e_worker,
        taken_on=started + timedelta(days=14),
        answers={"q1": 2, "q2": 2, "q3": 2, "q4": 2, "q5": 3, "q6": 2, "q7": 2},
    )
    return client


def test_it_lets_the_person_answer_swemwbs_on_the_tablet_and_the_worker_see_the_chart(
    page: Page, e2e_worker, e2e_person, e2e_password
):
    page.set_viewport_size(TABLET)
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    page.goto(reverse("outcomes:client_outcomes", args=[e2e_person.code]))
    page.get_by_role("link", name="Hand the tablet over for SWEMWBS").click()
    page.get_by_label("Choose a PIN to get back in").fill(PIN)
    page.get_by_label("Type the PIN again").fill(PIN)
    page.get_by_role("button", name="Sign out and show the questions").click()

    expect(page.get_by_role("heading", name="Hello Amara")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Okafor")
    expect(page.get_by_role("navigation", name="Client record")).to_have_count(0)
    assert_no_serious_accessibility_violations(page)
    for item, answer in zip(SWEMWBS.items, ANSWERS, strict=True):
        group = page.get_by_role("group", name=re.compile(re.escape(item.text)))
        group.get_by_text(answer, exact=True).click()
    # The last answer again from the keyboard: arrow keys move within a group.
    last = page.get_by_role("group", name=re.compile(re.escape(SWEMWBS.items[-1].text)))
    last.get_by_role("radio", name="All of the time").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    screenshot(page, "outcomes-tablet-questionnaire")
    page.get_by_role("button", name="I have finished").click()

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    page.goto(reverse("clients:detail", args=[e2e_person.code]))
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(reverse("outcomes:tablet_return"))
    page.get_by_label("Worker: type your PIN to return to the record").fill(PIN)
    page.get_by_role("button", name="Return to the record").click()

    expect(page.get_by_role("main")).to_contain_text("Metric score")
    expect(page.get_by_role("main")).to_contain_text("22.35")  # raw 4+3+2+4+3+4+5 = 25
    page.get_by_role("link", name="Outcomes", exact=True).first.click()
    chart = page.get_by_role("img", name=re.compile("SWEMWBS metric score over time"))
    expect(chart).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Reliable improvement")
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "outcomes-tab-tablet")


def test_it_has_an_accessible_service_outcomes_page(page: Page, e2e_team_leader, e2e_person, e2e_worker, e2e_password):
    ReadingFactory(
        client=e2e_person,
        by=e2e_worker,
        taken_on=timezone.localdate() - timedelta(days=3),
        answers={"q1": 4, "q2": 4, "q3": 3, "q4": 4, "q5": 4, "q6": 3, "q7": 4},
    )
    sign_in(page, email=e2e_team_leader.email, password=e2e_password)
    page.goto(reverse("outcomes:service_outcomes"))

    expect(page.get_by_role("heading", name="Service outcomes")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("SWEMWBS")
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "outcomes-service")
