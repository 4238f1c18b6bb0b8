"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Fixture names start with ``e2e_`` so they never collide with the root conftest's role fixtures.
"""

from __future__ import annotations

import os
import shutil

# Playwright's sync API runs an asyncio event loop in this thread, so Django's
# "async unsafe" guard would refuse the ORM calls that set up each journey.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest
from django.conf import settings
from django.core.cache import cache

from recovery.accounts.factories import ServiceFactory, TeamFactory, staff_with_role
from recovery.accounts.models import Role, Team, User

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch the system Chromium: the suite never downloads a browser."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: run `make system-deps` to install it, then run the tests again.")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Every page opens relative to pytest-django's live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """Desktop width, so the navigation is expanded unless a journey narrows the window."""
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture(autouse=True)
def e2e_fresh_cache() -> None:
    """Failed-login counts and used TOTP codes live in Redis; start each journey without them."""
    cache.clear()


@pytest.fixture
def e2e_password() -> str:
    return settings.RECOVERY_DEMO_PASSWORD


@pytest.fixture
def e2e_team(transactional_db) -> Team:
    service = ServiceFactory(name="Northgate Supported Housing")
    return TeamFactory(service=service, name="Riverside Recovery Team")


@pytest.fixture
def e2e_worker(e2e_team) -> User:
    return staff_with_role(Role.WORKER, team=e2e_team, email="priya.worker@example.org", full_name="Priya Shah")


@pytest.fixture
def e2e_administrator(transactional_db) -> User:
    return staff_with_role("administrator", email="alex.admin@example.org", full_name="Alex Morgan")
