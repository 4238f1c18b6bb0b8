"""factory-boy factories for staff, services, teams and roles (Faker en_GB).

They live beside the models rather than under tests/ because ``seed_demo``
builds the demo service with them at run time as well.
"""

from __future__ import annotations

from functools import cache

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password

from recovery.accounts.models import Membership, Role, Service, Team, User

factory.Faker._DEFAULT_LOCALE = "en_GB"


@cache
def demo_password_hash() -> str:
    """Hash the demo password once: hashing is deliberately slow, and every demo login shares it."""
    return make_password(settings.RECOVERY_DEMO_PASSWORD)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Recovery Service {n}")
    commissioner_name = factory.Faker("company")
    contract_reference = factory.Sequence(lambda n: f"MH-{2026}-{n:04d}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("service", "name")

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    job_title = "Recovery worker"
    password = factory.LazyFunction(demo_password_hash)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        django_get_or_create = ("user", "role", "team", "service")

    user = factory.SubFactory(UserFactory)
    role = Role.WORKER
    team = factory.SubFactory(TeamFactory)
    service = None


def staff_with_role(role: str, *, team: Team | None = None, service: Service | None = None, **user_fields) -> User:
    """A member of staff holding one role: in ``team``, or over ``service`` for a manager."""
    user = UserFactory(**user_fields)
    if role == "administrator":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    elif role == Role.SERVICE_MANAGER:
        MembershipFactory(user=user, role=role, team=None, service=service or ServiceFactory())
    else:
        MembershipFactory(user=user, role=role, team=team or TeamFactory())
    return user
