"""Production settings: `check --deploy` passes, and the app refuses to start without the
variables it cannot run without. Each check runs manage.py in a fresh process with a
production-like environment, as a deployment would."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

# Everything the settings read from the environment, so the developer's own values
# (or the test run's) cannot leak into the production-like process.
_SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "CSRF_TRUSTED_ORIGINS",
    "CACHE_KEY_PREFIX",
    "MEDIA_ROOT",
    "LOG_LEVEL",
    "RECOVERY_DATA_DIR",
}
_SETTINGS_PREFIXES = ("DJANGO_", "SECURE_", "SESSION_", "CELERY_", "CONN_", "LOGIN_")


def _production_env(**overrides: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in _SETTINGS_VARIABLES and not name.startswith(_SETTINGS_PREFIXES)
    }
    env.update(
        DJANGO_SETTINGS_MODULE="recovery.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="recovery.example.org",
        DATABASE_URL="postgres://x@db.invalid/x",
        REDIS_URL="redis://redis.invalid:6379/0",
    )
    # An empty value, not a missing one: a developer's .env file must not fill it in.
    env.update(overrides)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_passes_the_deployment_checks_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_it_refuses_to_start_in_production_without(variable):
    result = _manage("check", env=_production_env(**{variable: ""}))

    assert result.returncode != 0
    assert f"Set the {variable} environment variable" in result.stderr


def test_it_sends_a_content_security_policy_without_inline_script(client, db):
    response = client.get(reverse("account_login"))

    directives = {
        name: values
        for name, *values in (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    }
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
