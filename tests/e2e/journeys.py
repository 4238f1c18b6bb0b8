"""Steps and checks shared by the browser journeys."""

from __future__ import annotations

import re
import time
from pathlib import Path

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Locator, Page

from recovery.accounts.models import User

LOGIN_PATH = "/accounts/login/"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
EMAIL_LABEL = re.compile(r"\be-?mail\b", re.IGNORECASE)
SIGN_IN = re.compile(r"^\s*sign in\s*$", re.IGNORECASE)
SERIOUS_IMPACTS = ("serious", "critical")


def sign_in(page: Page, *, email: str, password: str) -> None:
    """Fill in and submit the sign-in form, as a person would."""
    page.goto(LOGIN_PATH)
    page.get_by_label(EMAIL_LABEL).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name=SIGN_IN).click()
    page.wait_for_load_state()


def main_navigation(page: Page) -> Locator:
    return page.get_by_role("navigation", name=re.compile("main", re.IGNORECASE))


def nav_link(page: Page, label: str) -> Locator:
    return main_navigation(page).get_by_role("link", name=label, exact=True)


def screenshot(page: Page, journey: str) -> None:
    """Keep a picture of where each journey ended (gitignored; for people, not assertions)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"e2e-{journey}.png", full_page=True)


def activate_totp(user: User) -> str:
    """Give ``user`` an authenticator app, as if they had scanned the QR code; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_totp_code(secret: str) -> str:
    """The code the person's authenticator app shows now.

    allauth accepts only the current time window (no tolerance), so if this one closes in
    the next few seconds we wait for the next: a clock boundary, not work, so polling the
    clock with a deadline is the honest way to avoid racing the server's check.
    """
    period = mfa_settings.TOTP_PERIOD
    deadline = time.monotonic() + period
    while period - time.time() % period < 3:
        assert time.monotonic() < deadline, "the TOTP time window never turned over"
        time.sleep(0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def assert_no_serious_accessibility_violations(page: Page) -> None:
    """axe-core finds nothing "serious" or "critical" on the page as it is now."""
    violations = Axe().run(page).response["violations"]
    serious = [violation for violation in violations if violation.get("impact") in SERIOUS_IMPACTS]
    report = "\n".join(
        f"- {violation['id']} ({violation['impact']}): {violation.get('help', '')} -> "
        + ", ".join(str(node.get("target")) for node in violation.get("nodes", []))
        for violation in serious
    )
    assert not serious, f"axe found serious/critical problems on {page.url}:\n{report}"
