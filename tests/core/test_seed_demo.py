"""``manage.py seed_demo``: idempotent demo data with one fixed login per role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from recovery.accounts.models import Membership, Role, Service, Team, User

DEMO_EMAILS = [
    "worker@demo.recovery.example",
    "coordinator@demo.recovery.example",
    "teamleader@demo.recovery.example",
    "readonly@demo.recovery.example",
    "manager@demo.recovery.example",
    "admin@demo.recovery.example",
]


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Service, Team, User, Membership)}


@pytest.mark.django_db
def test_it_gives_the_same_counts_when_run_twice():
    _seed()
    first = _counts()

    _seed()

    assert _counts() == first
    assert first["User"] >= len(DEMO_EMAILS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("worker@demo.recovery.example", Role.WORKER),
        ("coordinator@demo.recovery.example", Role.WORKER),
        ("teamleader@demo.recovery.example", Role.TEAM_LEADER),
        ("readonly@demo.recovery.example", Role.READ_ONLY),
        ("manager@demo.recovery.example", Role.SERVICE_MANAGER),
    ],
)
def test_it_creates_a_demo_login_for_each_clinical_role(email, role):
    _seed()

    user = User.objects.get(email=email)

    assert list(user.memberships.values_list("role", flat=True)) == [role]
    assert user.check_password(settings.RECOVERY_DEMO_PASSWORD)
    assert not user.is_staff


@pytest.mark.django_db
def test_it_creates_an_administrator_login_with_no_clinical_role():
    _seed()

    admin = User.objects.get(email="admin@demo.recovery.example")

    assert admin.is_staff
    assert not admin.memberships.exists()


@pytest.mark.django_db
def test_it_gives_every_team_a_team_leader():
    _seed()

    assert set(Team.objects.values_list("id", flat=True)) == set(
        Membership.objects.filter(role=Role.TEAM_LEADER).values_list("team_id", flat=True)
    )


@pytest.mark.django_db
def test_it_records_the_demo_data_in_the_history_as_seeded():
    _seed()

    team = Team.objects.first()
    event = apps.get_model("accounts", "TeamEvent").objects.get(pgh_obj=team)
    assert event.pgh_context.metadata["source"] == "seed_demo"


def test_it_prints_every_demo_login():
    output = _seed("--logins-only")

    assert [email for email in DEMO_EMAILS if email not in output] == []
    assert settings.RECOVERY_DEMO_PASSWORD in output
