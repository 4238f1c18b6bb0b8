"""Browser journeys through caseloads, logging contacts and reallocation (Playwright + axe)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients import services
from clients.models import Client
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, Team, User
from tests.e2e.journeys import assert_no_serious_accessibility_violations, nav_link, screenshot, sign_in

pytestmark = pytest.mark.e2e

TABLET = {"width": 820, "height": 1180}


def _open_client(team: Team, worker: User, by: User, first_name: str, last_name: str, born: date) -> Client:
    """An invented person, referred, accepted, started and allocated, through the services."""
    started = timezone.localdate() - timedelta(days=20)
    client = services.client_create(
        team=team, created_by=by, first_name=first_name, last_name=last_name, date_of_birth=born
    )
    referral = services.referral_create(client=client, source="gp", received_on=started, reason="Low mood", by=by)
    services.referral_decide(referral=referral, decision="accepted", decided_on=started, by=by)
    services.episode_start(episode=referral.episode, started_on=started, by=by)
    services.allocation_set_lead(client=client, worker=worker, by=by, reason="New referral")
    return client


@pytest.fixture
def e2e_team_leader(e2e_team) -> User:
    return staff_with_role(Role.TEAM_LEADER, team=e2e_team, email="gareth.leader@example.org", full_name="Gareth Evans")


@pytest.fixture
def e2e_colleague(e2e_team) -> User:
    return staff_with_role(Role.WORKER, team=e2e_team, email="tom.worker@example.org", full_name="Tom Reed")


@pytest.fixture
def e2e_clients(e2e_team, e2e_worker, e2e_team_leader) -> list[Client]:
    people = [
        ("Amara", "Okafor", date(1988, 5, 2)),
        ("Dylan", "Hughes", date(1979, 11, 23)),
        ("Ffion", "Jones", date(1995, 1, 9)),
    ]
    clients = [_open_client(e2e_team, e2e_worker, e2e_team_leader, *person) for person in people]
    services.contact_log(
        client=clients[1],
        by=e2e_worker,
        idempotency_key=uuid.uuid4(),
        occurred_at=timezone.now() - timedelta(days=16),
        contact_type="phone",
        outcome="attended",
        note="Talked through the move to the new flat.",
    )
    return clients


def _row(page: Page, name: str):
    return page.locator("#caseload-table tbody tr", has=page.get_by_role("link", name=name, exact=True))


def test_it_logs_a_contact_from_my_caseload_and_shows_it_on_the_timeline(
    page: Page, e2e_worker, e2e_password, e2e_clients
):
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    nav_link(page, "My caseload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")

    page.get_by_role("link", name="Log contact with Amara Okafor").click()
    amara = e2e_clients[0]
    inline = page.locator(f"#log-row-{amara.code}-cell")
    inline.get_by_label("Note").fill("Walked to the allotment together; Amara planted the beans.")
    inline.get_by_role("button", name="Save contact").click()

    expect(inline.get_by_role("status")).to_contain_text("Contact logged for Amara Okafor: face to face, attended.")
    screenshot(page, "clients-caseload-contact-logged")

    _row(page, "Amara Okafor").get_by_role("link", name="Amara Okafor", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amara Okafor")
    page.get_by_role("navigation", name="Client record").get_by_role("link", name="Timeline").click()

    expect(page.get_by_role("list", name="Timeline, newest first")).to_contain_text(
        "Walked to the allotment together; Amara planted the beans."
    )
    screenshot(page, "clients-timeline")


def test_it_explains_a_missing_note_in_the_inline_form(page: Page, e2e_worker, e2e_password, e2e_clients):
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    page.goto(reverse("clients:caseload"))
    page.get_by_role("link", name="Log contact with Amara Okafor").click()
    inline = page.locator(f"#log-row-{e2e_clients[0].code}-cell")
    inline.get_by_text("Duration, place and topics").click()
    inline.get_by_label("Location").fill("Allotment")
    inline.get_by_role("button", name="Save contact").click()

    expect(inline).to_contain_text("a note is needed when the person attended")
    expect(inline.get_by_label("Location")).to_have_value("Allotment")


PAGES = {
    "caseload": lambda clients: reverse("clients:caseload"),
    "client page": lambda clients: reverse("clients:detail", args=[clients[1].code]),
    "timeline": lambda clients: reverse("clients:timeline", args=[clients[1].code]),
    "search results": lambda clients: reverse("clients:search") + "?q=Hughes",
    "new client form": lambda clients: reverse("clients:create"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_it_has_no_serious_accessibility_problems_on_client_pages(
    page: Page, e2e_worker, e2e_password, e2e_clients, e2e_colleague, e2e_team_leader, name
):
    # Dylan has a recent allocation, a contact and a worker: the pages show their full content.
    services.allocation_add_coworker(client=e2e_clients[1], worker=e2e_colleague, by=e2e_team_leader)
    sign_in(page, email=e2e_worker.email, password=e2e_password)

    response = page.goto(PAGES[name](e2e_clients))

    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("main")).to_be_visible()
    assert_no_serious_accessibility_violations(page)


def test_it_finds_a_client_from_the_search_page(page: Page, e2e_worker, e2e_password, e2e_clients):
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    nav_link(page, "Find a client").click()
    page.get_by_label("Name, date of birth, NHS number or record code").fill("Hughes")
    page.get_by_role("button", name="Search").click()

    expect(page.locator("#search-results")).to_contain_text("Dylan Hughes")


def test_it_lets_a_team_leader_reallocate_two_clients(
    page: Page, e2e_team_leader, e2e_colleague, e2e_password, e2e_clients
):
    sign_in(page, email=e2e_team_leader.email, password=e2e_password)
    nav_link(page, "Team caseload").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Team caseload")

    page.get_by_role("checkbox", name="Amara Okafor").check()
    page.get_by_role("checkbox", name="Dylan Hughes").check()
    page.get_by_label("New lead worker").select_option(label="Tom Reed")
    page.get_by_label("Reason").fill("Priya is moving to the night team.")
    page.get_by_role("button", name="Reallocate").click()

    expect(page.get_by_role("status").filter(has_text="2 clients now allocated to Tom Reed.")).to_be_visible()
    expect(_row(page, "Amara Okafor")).to_contain_text("Tom Reed")
    expect(_row(page, "Dylan Hughes")).to_contain_text("Tom Reed")
    expect(_row(page, "Ffion Jones")).to_contain_text("Priya Shah")
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "clients-team-reallocated")


def test_it_lets_a_worker_log_a_contact_from_the_client_page_on_a_tablet(
    page: Page, e2e_worker, e2e_password, e2e_clients
):
    page.set_viewport_size(TABLET)
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    ffion = e2e_clients[2]
    page.goto(reverse("clients:detail", args=[ffion.code]))

    form = page.get_by_role("region", name="Log a contact")
    form.get_by_label("Type").select_option(label="Phone")
    form.get_by_label("Note").fill("Ffion called to say the college interview went well.")
    form.get_by_role("button", name="Save contact").click()

    expect(form.get_by_role("status")).to_contain_text("Contact logged for Ffion Jones: phone, attended.")
    expect(page.locator("#recent-activity")).to_contain_text("Ffion called to say the college interview went well.")
    screenshot(page, "clients-tablet-contact-logged")
