"""Browser journey for reminders: the worker sees "Due this week" on the home page, opens My
reminders, filters to what is overdue and chooses a weekly e-mail; the team leader sees the
team's overdue item. axe on each page (Playwright + axe-core)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients import services as client_services
from clients.models import Client
from plans import services as plan_services
from plans.models import Plan
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, User
from recovery.reminders.models import ReminderPreference
from recovery.reminders.services import reminder_sweep
from tests.e2e.journeys import assert_no_serious_accessibility_violations, main_navigation, screenshot, sign_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def e2e_team_leader(e2e_team) -> User:
    return staff_with_role(Role.TEAM_LEADER, team=e2e_team, email="gareth.leader@example.org", full_name="Gareth Evans")


def _open_client(team, worker, leader, first_name: str, last_name: str) -> Client:
    started = timezone.localdate() - timedelta(days=60)
    client = client_services.client_create(
        team=team, created_by=leader, first_name=first_name, last_name=last_name, date_of_birth=date(1985, 3, 9)
    )
    referral = client_services.referral_create(
        client=client, source="gp", received_on=started, reason="Low mood", by=leader
    )
    client_services.referral_decide(referral=referral, decision="accepted", decided_on=started, by=leader)
    client_services.episode_start(episode=referral.episode, started_on=started, by=leader)
    client_services.allocation_set_lead(client=client, worker=worker, by=leader)
    return client


def _plan_due(client: Client, worker: User, due_on: date) -> Plan:
    plan = plan_services.plan_create(client=client, plan_type="support", by=worker, about_me="I like walking.")
    plan_services.goal_add(
        plan=plan, by=worker, life_area="Everyday living skills", in_my_words="Sleep better.", support="Check-ins."
    )
    plan.refresh_from_db()
    plan = plan_services.plan_agree(plan=plan, by=worker, expected_version=plan.version, agreement="verbal")
    Plan.objects.filter(pk=plan.pk).update(review_due_on=due_on)
    return plan


@pytest.fixture
def e2e_swept(e2e_team, e2e_worker, e2e_team_leader):
    """Amara's plan review falls due in three days; Ben's was due ten days ago (so escalated)."""
    today = timezone.localdate()
    amara = _open_client(e2e_team, e2e_worker, e2e_team_leader, "Amara", "Okafor")
    ben = _open_client(e2e_team, e2e_worker, e2e_team_leader, "Ben", "Jones")
    _plan_due(amara, e2e_worker, today + timedelta(days=3))
    _plan_due(ben, e2e_worker, today - timedelta(days=10))
    reminder_sweep(service_id=e2e_team.service_id)
    return {"amara": amara, "ben": ben}


def test_it_shows_a_worker_what_is_due_this_week_and_lets_them_choose_a_weekly_email(
    page: Page, e2e_worker, e2e_swept, e2e_password
):
    sign_in(page, email=e2e_worker.email, password=e2e_password)

    panel = page.get_by_role("region", name="Due this week")
    # Ben's plan review, and the first risk assessment and first outcome reading of both
    # (support started 60 days ago; both are due within 28 days of the start).
    expect(panel).to_contain_text("5 overdue, 1 due in the next 7 days")
    expect(panel).to_contain_text("SWEMWBS first reading for Amara Okafor")
    ben_item = panel.get_by_role("listitem").filter(has_text="Support plan review for Ben Jones")
    expect(ben_item).to_contain_text("Escalated")
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "reminders-home-panel")

    panel.get_by_role("link", name="Open my reminders").click()
    expect(page.get_by_role("heading", name="My reminders")).to_be_visible()
    page.get_by_label("Status").select_option("escalated")
    expect(page.locator("#reminder-list")).to_contain_text("Support plan review for Ben Jones")
    expect(page.locator("#reminder-list")).not_to_contain_text("Support plan review for Amara Okafor")
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "reminders-mine")

    page.get_by_role("link", name="Choose how often you get the e-mail").click()
    page.get_by_label("Once a week", exact=True).check()
    page.get_by_label("Which day, if once a week").select_option("Friday")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Save my choice").click()

    expect(page.get_by_role("main")).to_contain_text("Your reminder e-mail preference is saved.")
    saved = ReminderPreference.objects.get(user=e2e_worker)
    assert (saved.frequency, saved.weekday) == ("weekly", 4)


def test_it_shows_the_team_leader_the_teams_overdue_items_on_a_tablet(
    page: Page, e2e_team_leader, e2e_worker, e2e_swept, e2e_password
):
    page.set_viewport_size(TABLET)
    sign_in(page, email=e2e_team_leader.email, password=e2e_password)
    page.get_by_role("button", name="Menu").click()
    # The link reads "My reminders 1 overdue": the badge is part of its name.
    main_navigation(page).get_by_role("link", name=re.compile(r"^My reminders")).click()
    page.get_by_role("link", name="Overdue in my teams").click()

    row = page.locator("tbody tr", has=page.get_by_role("link", name="Support plan review for Ben Jones"))
    expect(row).to_contain_text(e2e_worker.full_name)
    expect(row).to_contain_text("Escalated")
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "reminders-team-tablet")
