"""Break-glass: a worker opens a record held by another team, with a typed reason, and the
other team's leader sees it listed (Playwright + axe)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients import services
from recovery.accounts.factories import TeamFactory, staff_with_role
from recovery.accounts.models import Role
from recovery.audit.models import AccessAction, RecordAccess
from tests.e2e.journeys import assert_no_serious_accessibility_violations, screenshot, sign_in

pytestmark = pytest.mark.e2e

REASON = "Called the crisis line tonight; I need their safety plan and who to contact."


@pytest.fixture
def other_team_client(e2e_team):
    """An invented person supported by another team in the same service."""
    other_team = TeamFactory(service=e2e_team.service, name="Northgate Outreach")
    leader = staff_with_role(Role.TEAM_LEADER, team=other_team, email="nia.leader@example.org", full_name="Nia Evans")
    started = timezone.localdate() - timedelta(days=30)
    client = services.client_create(
        team=other_team, created_by=leader, first_name="Rhys", last_name="Morgan", date_of_birth=date(1984, 7, 19)
    )
    referral = services.referral_create(client=client, source="gp", received_on=started, reason="Low mood", by=leader)
    services.referral_decide(referral=referral, decision="accepted", decided_on=started, by=leader)
    services.episode_start(episode=referral.episode, started_on=started, by=leader)
    return client, leader


def test_it_opens_another_teams_record_with_a_reason_and_shows_it_to_their_team_leader(
    page: Page, e2e_worker, e2e_password, other_team_client
):
    client, leader = other_team_client
    sign_in(page, email=e2e_worker.email, password=e2e_password)

    page.goto(reverse("clients:search_all"))
    page.get_by_label("First name").fill("Rhys")
    page.get_by_label("Last name").fill("Morgan")
    page.get_by_label("Date of birth").fill("1984-07-19")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile(r"Open with break-glass\W+Rhys Morgan")).click()

    expect(page.get_by_role("heading", name="Open with break-glass access")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("alert").or_(page.locator(".app-error-summary"))).to_be_visible()

    page.get_by_label("Why do you need this record?").fill(REASON)
    page.get_by_role("button", name="Open the record").click()

    expect(page.get_by_role("heading", name="Rhys Morgan")).to_be_visible()
    expect(page.get_by_text("You opened this record with break-glass access")).to_be_visible()
    screenshot(page, "break-glass-record")
    assert RecordAccess.objects.filter(
        subject_code=client.code, user=e2e_worker, action=AccessAction.BREAK_GLASS, reason=REASON
    ).exists()

    page.context.clear_cookies()
    sign_in(page, email=leader.email, password=e2e_password)
    page.goto(reverse("clients:break_glass_log"))
    expect(page.get_by_text(REASON)).to_be_visible()
    expect(page.get_by_text("Priya Shah")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "break-glass-log")
