"""Demo data: a believable service built with factory-boy and Faker (en_GB).

``manage.py seed_demo`` runs the registered seeders in order. The core seeder
makes services, teams and staff (with a fixed demo login for each role); each
domain app registers a seeder of its own for its records. Every seeder must be
idempotent: running ``seed_demo`` twice gives the same counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import factory.random
from django.db import transaction

from recovery.accounts.factories import MembershipFactory, ServiceFactory, TeamFactory, UserFactory
from recovery.accounts.models import Role, Service, Team, User
from recovery.core.registries import Registry

DEMO_DOMAIN = "demo.recovery.example"


@dataclass
class DemoContext:
    """What earlier seeders made, for later ones to build on."""

    size: str
    services: list[Service] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    workers_by_team: dict[int, list[User]] = field(default_factory=dict)
    leaders_by_team: dict[int, User] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoSeeder:
    key: str
    seed: Callable[[DemoContext], dict[str, int]]  # returns counts to print
    order: int = 100


demo_seeders: Registry[DemoSeeder] = Registry("demo seeders")

# (e-mail local part, name, job title, role, team index or service index)
DEMO_LOGINS = [
    ("worker", "Priya Shah", "Recovery worker", Role.WORKER, 0),
    ("coordinator", "Tom Ellis", "Recovery and opportunities coordinator", Role.WORKER, 0),
    ("teamleader", "Grace Okafor", "Team leader", Role.TEAM_LEADER, 0),
    ("readonly", "Sam Hughes", "Student social worker (read only)", Role.READ_ONLY, 0),
    ("manager", "Martin Doyle", "Service manager", Role.SERVICE_MANAGER, 0),
    ("admin", "Aisha Rahman", "Systems administrator", "administrator", None),
]

SERVICES = [
    ("Riverside Supported Housing", "supported_housing", "Riverside City Council Adult Social Care", "RCC-MH-0417"),
    ("Northgate Community Recovery", "community", "Northgate Integrated Care Board", "NICB-2026-112"),
]
TEAMS = {
    "small": [(0, "Riverside House"), (0, "Riverside Community"), (1, "Northgate East"), (1, "Northgate West")],
    "large": [
        (0, "Riverside House"),
        (0, "Riverside Community"),
        (0, "Riverside Outreach"),
        (1, "Northgate East"),
        (1, "Northgate West"),
        (1, "Northgate Crisis House"),
    ],
}
STAFF_TOTAL = {"small": 15, "large": 50}


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


def seed_staff(context: DemoContext) -> dict[str, int]:
    """Services, teams and staff, with one fixed login per role."""
    factory.random.reseed_random(20261123)
    services = [
        ServiceFactory(name=name, kind=kind, commissioner_name=commissioner, contract_reference=reference)
        for name, kind, commissioner, reference in SERVICES
    ]
    teams = [TeamFactory(service=services[service_index], name=name) for service_index, name in TEAMS[context.size]]
    context.services, context.teams = services, teams

    for local_part, name, job_title, role, index in DEMO_LOGINS:
        user = UserFactory(email=demo_email(local_part), full_name=name, job_title=job_title)
        if role == "administrator":
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        elif role == Role.SERVICE_MANAGER:
            MembershipFactory(user=user, role=role, team=None, service=services[index])
        else:
            MembershipFactory(user=user, role=role, team=teams[index])
            if role == Role.TEAM_LEADER:
                context.leaders_by_team[teams[index].id] = user
            if role == Role.WORKER:
                context.workers_by_team.setdefault(teams[index].id, []).append(user)

    # Each other team gets a leader; everyone else is a worker, spread across teams.
    others = STAFF_TOTAL[context.size] - len(DEMO_LOGINS)
    for number in range(1, others + 1):
        team = teams[number % len(teams)]
        is_leader = team.id not in context.leaders_by_team
        user = UserFactory(
            email=demo_email(f"staff{number:02d}"),
            job_title="Team leader" if is_leader else "Recovery worker",
        )
        role = Role.TEAM_LEADER if is_leader else Role.WORKER
        MembershipFactory(user=user, role=role, team=team)
        if is_leader:
            context.leaders_by_team[team.id] = user
        else:
            context.workers_by_team.setdefault(team.id, []).append(user)

    return {
        "services": Service.objects.count(),
        "teams": Team.objects.count(),
        "staff": User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count(),
    }


demo_seeders.register(DemoSeeder("staff", seed_staff, order=0))


def run_seeders(*, size: str, only: list[str] | None = None) -> list[tuple[str, dict[str, int], float]]:
    """Run every seeder in order; returns (key, counts, seconds) for each."""
    import time

    context = DemoContext(size=size)
    results = []
    for seeder in sorted(demo_seeders, key=lambda entry: (entry.order, entry.key)):
        if only and seeder.key not in only and seeder.key != "staff":
            continue
        started = time.perf_counter()
        with transaction.atomic():
            counts = seeder.seed(context)
        results.append((seeder.key, counts, time.perf_counter() - started))
    return results


def demo_logins_text(password: str) -> str:
    rows = [f"  Demo logins (password for all: {password})"]
    labels = {
        Role.WORKER: "Recovery worker",
        Role.TEAM_LEADER: "Team leader",
        Role.READ_ONLY: "Read only",
        Role.SERVICE_MANAGER: "Service manager",
        "administrator": "Administrator",
    }
    for local_part, name, _job_title, role, _ in DEMO_LOGINS:
        label = labels[role] if local_part != "coordinator" else "Activities coordinator"
        note = "  (asked to set up an authenticator app first)" if role == "administrator" else ""
        rows.append(f"    {label:<24} {demo_email(local_part):<38} {name}{note}")
    return "\n".join(rows)
