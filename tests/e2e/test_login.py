"""Signing in and out, and the navigation each role sees."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from recovery.accounts.factories import ServiceFactory, TeamFactory, staff_with_role
from recovery.accounts.models import Role
from tests.e2e.journeys import (
    EMAIL_LABEL,
    LOGIN_PATH,
    SIGN_IN,
    activate_totp,
    current_totp_code,
    main_navigation,
    nav_link,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.e2e

ADMIN_ONLY_LINKS = ("System status", "Administration")


@pytest.mark.parametrize(
    ("role", "full_name", "scope_name"),
    [
        (Role.WORKER, "Priya Shah", "Riverside Recovery Team"),
        (Role.TEAM_LEADER, "Gareth Evans", "Riverside Recovery Team"),
        (Role.READ_ONLY, "Morag Campbell", "Riverside Recovery Team"),
        (Role.SERVICE_MANAGER, "Tunde Adebayo", "Northgate Supported Housing"),
    ],
)
def test_it_greets_each_role_with_their_teams_and_no_admin_links(page: Page, e2e_password, role, full_name, scope_name):
    service = ServiceFactory(name="Northgate Supported Housing")
    team = TeamFactory(service=service, name="Riverside Recovery Team")
    email = f"{role}@example.org"
    staff_with_role(role, team=team, service=service, email=email, full_name=full_name)

    sign_in(page, email=email, password=e2e_password)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(nav_link(page, "Home")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"Hello, {full_name.split()[0]}")
    expect(main).to_contain_text(scope_name)
    for label in ADMIN_ONLY_LINKS:
        expect(nav_link(page, label)).to_have_count(0)
    screenshot(page, f"home-{role}")


def test_it_sends_an_administrator_without_an_authenticator_to_set_one_up(page: Page, e2e_administrator, e2e_password):
    sign_in(page, email=e2e_administrator.email, password=e2e_password)

    # allauth asks for the password once more before an authenticator can be added.
    expect(page).to_have_url(re.compile(re.escape(reverse("account_reauthenticate"))))
    page.locator("input[name='password']").fill(e2e_password)
    page.locator("main button[type='submit']").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_activate_totp")) + "$"))
    expect(page.get_by_role("heading", name=re.compile("authenticator app", re.IGNORECASE))).to_be_visible()
    screenshot(page, "admin-totp-setup")


def test_it_lets_an_administrator_in_with_a_code_and_shows_system_status(page: Page, e2e_administrator, e2e_password):
    secret = activate_totp(e2e_administrator)

    sign_in(page, email=e2e_administrator.email, password=e2e_password)
    code_field = page.get_by_label(re.compile("code", re.IGNORECASE)).or_(page.locator("input[name='code']"))
    code_field.fill(current_totp_code(secret))
    page.get_by_role("button", name=SIGN_IN).click()

    expect(page).to_have_url(re.compile(r"/$"))
    for label in ADMIN_ONLY_LINKS:
        expect(nav_link(page, label)).to_be_visible()
    nav_link(page, "System status").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("System status")
    screenshot(page, "admin-system-status")


def test_it_explains_a_wrong_password_and_keeps_the_email(page: Page, e2e_worker):
    sign_in(page, email=e2e_worker.email, password="not-the-right-password")

    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
    expect(page.get_by_role("alert").first).to_contain_text(re.compile("password", re.IGNORECASE))
    expect(page.get_by_label(EMAIL_LABEL)).to_have_value(e2e_worker.email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    screenshot(page, "login-wrong-password")


def test_it_signs_out_from_the_account_menu(page: Page, e2e_worker, e2e_password):
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    expect(nav_link(page, "Home")).to_be_visible()

    main_navigation(page).get_by_role("button", name=re.compile(e2e_worker.get_short_name())).click()
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
    expect(page.get_by_role("button", name=SIGN_IN)).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
    screenshot(page, "signed-out")


def test_it_opens_the_collapsed_navigation_at_tablet_width(page: Page, e2e_worker, e2e_password):
    page.set_viewport_size({"width": 820, "height": 1180})
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    home = nav_link(page, "Home")
    expect(home).to_be_hidden()

    main_navigation(page).get_by_role("button", name=re.compile("menu|navigation", re.IGNORECASE)).click()

    expect(home).to_be_visible()
    screenshot(page, "tablet-navigation")
