"""Browser journeys for risk: a worker raises a safeguarding concern from a contact and the team
leader sees it under Safeguarding; axe on the risk pages (Playwright + axe-core).

The live server runs without a Celery worker, so the notification task waits in the broker;
the team leader's Safeguarding list shows the concern regardless, straight from the database.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients import services as client_services
from clients.models import Client, Contact
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, User
from risk import services
from risk.choices import AreaStatus
from tests.e2e.journeys import assert_no_serious_accessibility_violations, nav_link, screenshot, sign_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def e2e_team_leader(e2e_team) -> User:
    return staff_with_role(Role.TEAM_LEADER, team=e2e_team, email="gareth.leader@example.org", full_name="Gareth Evans")


@pytest.fixture
def e2e_person(e2e_team, e2e_worker, e2e_team_leader) -> Client:
    """Amara, supported for three weeks, Priya her lead worker; seen yesterday."""
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
    client_services.allocation_set_lead(client=client, worker=e2e_worker, by=e2e_team_leader)
    return client


@pytest.fixture
def e2e_contact(e2e_person, e2e_worker) -> Contact:
    contact, _ = client_services.contact_log(
        client=e2e_person,
        by=e2e_worker,
        idempotency_key=uuid.uuid4(),
        occurred_at=timezone.now() - timedelta(hours=2),
        contact_type="outreach",
        outcome="attended",
        note="Home visit. Amara said two men have been staying at the flat and have her bank card.",
    )
    return contact


@pytest.fixture
def e2e_assessment(e2e_person, e2e_worker):
    """A draft assessment with one area filled in and an action, ready to agree."""
    draft, _ = services.assessment_start(client=e2e_person, by=e2e_worker)
    area = draft.areas.get(key="exploitation")
    services.area_update(
        area=area,
        by=e2e_worker,
        expected_version=area.version,
        status=AreaStatus.CONCERN,
        current_concerns="Two men have been staying at the flat most nights.",
        persons_view="They're my mates but I don't like them staying.",
    )
    services.action_add(
        assessment=draft,
        by=e2e_worker,
        action="Talk to the neighbourhood police team, with her agreement.",
        due_on=timezone.localdate() + timedelta(days=7),
        area=area,
        owner=e2e_worker,
    )
    return draft


def test_it_lets_a_worker_raise_a_concern_from_a_contact_that_the_team_leader_then_sees(
    page: Page, e2e_worker, e2e_team_leader, e2e_person, e2e_contact, e2e_password
):
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    page.goto(reverse("clients:contact_detail", args=[e2e_person.code, e2e_contact.code]))
    page.get_by_role("link", name="Raise a safeguarding concern").click()

    expect(page.get_by_role("heading", name="Raise a safeguarding concern")).to_be_visible()
    page.get_by_label("Financial or material abuse").check()
    page.get_by_label("What happened").fill("Amara told me two men staying at her flat took her bank card.")
    page.get_by_label("Who is at risk").fill("Amara.")
    page.get_by_role("group", name="Do children live in or visit the household?").get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Could other adults in the household be at risk?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("The person agreed to a referral").check()
    page.get_by_label("Immediate actions taken").fill("Rang the bank with her to stop the card.")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Raise the concern").click()

    expect(page.get_by_role("heading", name="Safeguarding concern", exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("The team leader is being told now")
    expect(page.get_by_role("main")).to_contain_text("from the outreach visit")
    screenshot(page, "risk-concern-raised")

    page.context.clear_cookies()
    sign_in(page, email=e2e_team_leader.email, password=e2e_password)
    nav_link(page, "Safeguarding").click()
    expect(page.get_by_role("heading", name="Open safeguarding concerns")).to_be_visible()
    row = page.locator("tbody tr", has=page.get_by_role("link", name="Amara Okafor"))
    expect(row).to_contain_text("Financial or material abuse")
    expect(row).to_contain_text(e2e_worker.full_name)
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "risk-safeguarding-open")

    row.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("main")).to_contain_text("two men staying at her flat took her bank card")


def test_it_has_an_accessible_risk_tab_and_assessment(page: Page, e2e_worker, e2e_person, e2e_assessment, e2e_password):
    services.alert_set(client=e2e_person, by=e2e_worker, alert_type="visit_in_pairs", starts_on=timezone.localdate())
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    page.goto(reverse("clients:detail", args=[e2e_person.code]))
    page.get_by_role("navigation", name="Client record").get_by_role("link", name="Risk and safety").click()

    expect(page.get_by_role("heading", name="Risk assessment", exact=True)).to_be_visible()
    expect(page.locator(".app-client-header")).to_contain_text("Visit in pairs")
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "risk-tab")

    page.get_by_role("link", name="Read the full assessment").click()
    expect(page.get_by_role("heading", name=re.compile("Risk assessment – version 1"))).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "risk-assessment")


def test_it_agrees_an_assessment_on_a_tablet(page: Page, e2e_worker, e2e_person, e2e_assessment, e2e_password):
    page.set_viewport_size(TABLET)
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    page.goto(reverse("risk:assessment_edit", args=[e2e_person.code, e2e_assessment.code]))
    page.get_by_label("Soon").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Agree the assessment").first.click()

    page.get_by_label("Written together with the person").check()
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Agree the assessment").click()

    expect(page.get_by_role("main")).to_contain_text("Risk assessment agreed")
    expect(page.get_by_role("main")).to_contain_text("Review priority: soon")
    screenshot(page, "risk-agreed-tablet")
