"""Root conftest: shared fixtures for the whole suite.

The roles mirror DESIGN.md: staff hold a role in a team (worker, team leader, read only)
or over a service (service manager); an administrator is ``is_staff`` with no clinical role.
Every team fixture hangs off ``service`` except ``other_service_team``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from recovery.accounts.factories import ServiceFactory, TeamFactory, staff_with_role
from recovery.accounts.models import Role, Service, Team, User


def pytest_configure(config: pytest.Config) -> None:
    # Cache keys of this test run only: concurrent runs (CI shards, the browser tests
    # alongside) share the Redis server, and must not clear or fill each other's
    # failed-login counters. Set before any thread creates its cache connection.
    settings.CACHES["default"]["KEY_PREFIX"] = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}-{os.getpid()}"
    # WhiteNoise warns on every request that STATIC_ROOT does not exist until collectstatic
    # has run; tests serve static files through the finders, so that is expected here.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
    # Celery's Redis result backend still calls redis-py's deprecated setex().
    config.addinivalue_line("filterwarnings", "ignore:Call to deprecated setex:DeprecationWarning")


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Forget cached state (allauth's failed-login counts, used TOTP codes) before each test.

    The cache is the real Redis, and that same Redis database is also the Celery broker
    (and perhaps a developer's running stack), so this deletes only the keys under this
    run's own key prefix instead of ``cache.clear()``, which would FLUSHDB.
    """
    client = cache._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match=cache.make_key("*"), count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def service(db) -> Service:
    return ServiceFactory()


@pytest.fixture
def team(service) -> Team:
    return TeamFactory(service=service)


@pytest.fixture
def other_team_same_service(service) -> Team:
    return TeamFactory(service=service)


@pytest.fixture
def other_service_team(db) -> Team:
    return TeamFactory(service=ServiceFactory())


@pytest.fixture
def worker(team) -> User:
    return staff_with_role(Role.WORKER, team=team)


@pytest.fixture
def team_leader(team) -> User:
    return staff_with_role(Role.TEAM_LEADER, team=team)


@pytest.fixture
def read_only(team) -> User:
    return staff_with_role(Role.READ_ONLY, team=team)


@pytest.fixture
def manager(service) -> User:
    """A service manager over ``service`` (so over ``team`` and ``other_team_same_service``)."""
    return staff_with_role(Role.SERVICE_MANAGER, service=service)


@pytest.fixture
def administrator(db) -> User:
    """An administrator with no clinical role and, as yet, no authenticator app."""
    return staff_with_role("administrator", job_title="Systems administrator")


@pytest.fixture
def add_totp(db) -> Callable[[User], Authenticator]:
    """``add_totp(user)``: give the user an authenticator app, as if they had scanned the QR code."""

    def add(user: User) -> Authenticator:
        return TOTP.activate(user, generate_totp_secret()).instance

    return add


@pytest.fixture
def mfa_administrator(administrator, add_totp) -> User:
    """An administrator who has set up an authenticator app."""
    add_totp(administrator)
    return administrator


@pytest.fixture
def client_for(db) -> Callable[[User], Client]:
    """``client_for(user)``: a fresh test client already signed in as ``user``."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
