"""Run manage.py (or Python) in a fresh process with a production-like environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings

# Everything the settings read from the environment, so the developer's own values
# (or this test run's) cannot leak into the production-like process.
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


def clean_env(**values: str) -> dict[str, str]:
    """This process's environment without any setting, plus ``values``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in _SETTINGS_VARIABLES and not name.startswith(_SETTINGS_PREFIXES)
    }
    env["DJANGO_SETTINGS_MODULE"] = "recovery.settings"
    env.update(values)
    return env


def production_env(**overrides: str) -> dict[str, str]:
    """What a production deployment sets. Pass NAME="" to leave one out: an empty value
    rather than a missing one, so that a developer's .env file cannot fill it in."""
    values = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "recovery.example.org",
        "DATABASE_URL": "postgres://x@db.invalid/x",
        "REDIS_URL": "redis://redis.invalid:6379/0",
    }
    return clean_env(**{**values, **overrides})


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, env=env)
