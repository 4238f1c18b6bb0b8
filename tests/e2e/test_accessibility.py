"""No serious or critical axe-core violations on the pages every journey starts from."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.journeys import (
    LOGIN_PATH,
    SIGN_IN,
    assert_no_serious_accessibility_violations,
    nav_link,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.e2e


def test_it_has_an_accessible_sign_in_page(page: Page, live_server):
    page.goto(LOGIN_PATH)
    expect(page.get_by_role("button", name=SIGN_IN)).to_be_visible()

    assert_no_serious_accessibility_violations(page)
    screenshot(page, "login")


def test_it_has_an_accessible_sign_in_error(page: Page, e2e_worker):
    sign_in(page, email=e2e_worker.email, password="not-the-right-password")
    expect(page.get_by_role("alert").first).to_be_visible()

    assert_no_serious_accessibility_violations(page)


def test_it_has_an_accessible_home_page(page: Page, e2e_worker, e2e_password):
    sign_in(page, email=e2e_worker.email, password=e2e_password)
    expect(nav_link(page, "Home")).to_be_visible()

    assert_no_serious_accessibility_violations(page)


def test_it_has_an_accessible_not_found_page(page: Page, live_server):
    response = page.goto("/no-such-page/")

    assert response is not None
    assert response.status == 404
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "not-found")


def test_it_has_an_accessible_authenticator_set_up_page(page: Page, e2e_administrator, e2e_password):
    sign_in(page, email=e2e_administrator.email, password=e2e_password)
    expect(page).to_have_url(re.compile(re.escape(reverse("account_reauthenticate"))))
    assert_no_serious_accessibility_violations(page)
    page.locator("input[name='password']").fill(e2e_password)
    page.locator("main button[type='submit']").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_activate_totp")) + "$"))

    assert_no_serious_accessibility_violations(page)
