"""Browser journey: a worker and a client write a support plan together, the client agrees it by
typing their name, and the worker prints the client's copy (Playwright + axe)."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from clients import services
from clients.models import Client
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, User
from tests.e2e.journeys import assert_no_serious_accessibility_violations, screenshot, sign_in

pytestmark = pytest.mark.e2e

GOAL = "I want to cook a proper meal twice a week instead of living on toast."
TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def e2e_plan_client(e2e_team, e2e_worker) -> Client:
    """An invented person, referred, accepted, started three weeks ago and allocated to the worker."""
    leader = staff_with_role(Role.TEAM_LEADER, team=e2e_team, email="gareth.leader@example.org")
    started = timezone.localdate() - timedelta(days=21)
    client = services.client_create(
        team=e2e_team, created_by=leader, first_name="Amara", last_name="Okafor", date_of_birth=date(1988, 5, 2)
    )
    referral = services.referral_create(client=client, source="gp", received_on=started, reason="Low mood", by=leader)
    services.referral_decide(referral=referral, decision="accepted", decided_on=started, by=leader)
    services.episode_start(episode=referral.episode, started_on=started, by=leader)
    services.allocation_set_lead(client=client, worker=e2e_worker, by=leader, reason="New referral")
    return client


def _open_plans_tab(page: Page, client: Client) -> None:
    page.goto(f"/clients/{client.code}/")
    page.get_by_role("navigation", name="Client record").get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_role("heading", name="No plan yet")).to_be_visible()


def test_it_writes_agrees_and_prints_a_plan_with_the_client(
    page: Page, e2e_worker: User, e2e_password: str, e2e_plan_client: Client
):
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    _open_plans_tab(page, e2e_plan_client)
    assert_no_serious_accessibility_violations(page)

    # Start the draft and write "About me" together, marked as written by Amara.
    page.get_by_role("link", name="Start a support plan").click()
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_role("heading", name="Write the plan together")).to_be_visible()
    page.get_by_label("About me and what matters to me").fill("I like cooking and my allotment. My son matters most.")
    page.get_by_role("group", name="Who wrote “About me”?").get_by_label("Written by the client").check()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()

    # A goal in Amara's words, and a first step.
    page.get_by_role("link", name="Add the first goal").click()
    page.get_by_label("Life area").select_option("Everyday living skills")
    page.get_by_label("The goal, in the client's words").fill(GOAL)
    page.get_by_label("What support looks like").fill("Come shopping with me on Mondays.")
    page.get_by_role("button", name="Add the goal").click()
    page.get_by_label("What will happen").fill("Go to the Thursday cookery group")
    page.get_by_label("By when").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add the step", exact=True).click()
    expect(page.get_by_role("heading", name=f"“{GOAL}”")).to_be_visible()
    expect(page.get_by_text("Written by Amara").first).to_be_visible()
    assert_no_serious_accessibility_violations(page)

    # Amara reads it through and signs on screen by typing her name.
    page.get_by_role("link", name="Record Amara's agreement").click()
    expect(page.get_by_role("heading", name="Read it through together")).to_be_visible()
    page.get_by_label("Signed on screen (typed name)").check()
    page.get_by_label("Client's name, typed by the client").fill("Amara Okafor")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Agree the plan").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Agreed on "))).to_be_visible()
    expect(page.get_by_text("who typed “Amara Okafor”")).to_be_visible()
    screenshot(page, "plans-agreed")

    # The client's own copy, as a PDF with her goal in her words.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the client copy (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))  # noqa: SIM115
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert download_info.value.suggested_filename.endswith(".pdf")
    assert GOAL in text
    assert "signed it by typing my name: “Amara Okafor”" in text


def test_it_has_accessible_wrap_and_safety_plan_pages(
    page: Page, e2e_worker: User, e2e_password: str, e2e_plan_client: Client
):
    page.set_viewport_size(TABLET)
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    _open_plans_tab(page, e2e_plan_client)
    plans_nav = page.get_by_role("navigation", name="Plans")

    plans_nav.get_by_role("link", name="WRAP").click()
    expect(page.get_by_role("heading", name="Amara's Wellness Recovery Action Plan")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name="Write a WRAP with Amara").click()
    page.get_by_label("Only me and my lead worker").check()
    page.get_by_label("My wellness toolbox").fill("A walk by the canal. Ringing my sister.")
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("button", name="Save the WRAP").click()
    expect(page.get_by_text("Amara chose “Only me and my lead worker”")).to_be_visible()

    plans_nav = page.get_by_role("navigation", name="Plans")
    plans_nav.get_by_role("link", name="Safety plan").click()
    expect(page.get_by_role("heading", name="Amara's safety plan")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name="Write a safety plan with Amara").click()
    page.get_by_label("Thoughts, feelings or situations that tell me a crisis may be coming").fill("I stop sleeping.")
    page.get_by_label("Things I can do on my own to take my mind off my problems").fill("Music. A walk.")
    page.get_by_role("button", name="Save the safety plan").click()
    expect(page.get_by_text("Samaritans").first).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "plans-safety-plan-tablet")
