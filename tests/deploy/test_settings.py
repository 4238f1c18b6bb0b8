"""Production settings: `check --deploy` passes, and the app refuses to start without the
variables it cannot run without. Each check runs manage.py in a fresh process with a
production-like environment, as a deployment would."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.deploy.helpers import manage, production_env


def test_it_passes_the_deployment_checks_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_it_refuses_to_start_in_production_without(variable):
    result = manage("check", env=production_env(**{variable: ""}))

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
