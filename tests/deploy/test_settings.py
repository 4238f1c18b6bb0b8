"""Production settings: `check --deploy` passes, and the app refuses to start without the
variables it cannot run without. Each check runs manage.py in a fresh process with a
production-like environment, as a deployment would. (The Content Security Policy is
tested in tests/security/test_csp_compliance.py.)"""

from __future__ import annotations

import pytest

from tests.deploy.helpers import manage, production_env


def test_it_passes_the_deployment_checks_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_it_refuses_to_start_in_production_without(variable):
    result = manage("check", env=production_env(**{variable: ""}))

    assert result.returncode != 0
    assert f"Set the {variable} environment variable" in result.stderr
