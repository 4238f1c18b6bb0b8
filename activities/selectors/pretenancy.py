"""Reads for the pre-tenancy course: one person's progress, the service's roster, the certificate.

Attendance counts towards a module when the person took part (attended, late or left early)
in a session, not cancelled, of an activity linked to the module.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max
from django.utils import timezone

from activities.choices import TOOK_PART
from activities.models import (
    Attendance,
    PreTenancyCompletion,
    PreTenancyModule,
    PreTenancyModuleActivity,
    PreTenancySignOff,
)
from activities.services.pretenancy import pretenancy_modules_for
from clients.access import visible_clients
from clients.models import Client
from recovery.accounts.models import Service


@dataclass
class ModuleProgress:
    module: PreTenancyModule
    sessions_attended: int = 0
    last_attended_on: date | None = None
    sign_off: PreTenancySignOff | None = None

    @property
    def state(self) -> str:
        if self.sign_off is not None:
            return "signed_off"
        return "attended" if self.sessions_attended else "not_started"

    @property
    def state_label(self) -> str:
        return {"signed_off": "Signed off", "attended": "In progress", "not_started": "Not started"}[self.state]


@dataclass
class CourseProgress:
    client: Client
    modules: list[ModuleProgress] = field(default_factory=list)
    completion: PreTenancyCompletion | None = None

    @property
    def signed_off(self) -> int:
        return sum(1 for row in self.modules if row.sign_off is not None)

    @property
    def total(self) -> int:
        return len(self.modules)


def _module_activity_ids(modules: list[PreTenancyModule]) -> dict[int, set[int]]:
    links: dict[int, set[int]] = defaultdict(set)
    for module_id, activity_id in PreTenancyModuleActivity.objects.filter(module__in=modules).values_list(
        "module_id", "activity_id"
    ):
        links[module_id].add(activity_id)
    return links


def _attendance_by_client_activity(*, client_ids, activity_ids) -> dict[tuple[int, int], tuple[int, date]]:
    rows = (
        Attendance.objects.filter(
            client_id__in=client_ids,
            session__activity_id__in=activity_ids,
            mark__in=TOOK_PART,
            session__status="scheduled",
        )
        .values("client_id", "session__activity_id")
        .annotate(count=Count("session_id", distinct=True), last=Max("session__starts_at"))
    )
    return {(row["client_id"], row["session__activity_id"]): (row["count"], row["last"]) for row in rows}


def _progress_for(
    client: Client,
    modules: list[PreTenancyModule],
    links: dict[int, set[int]],
    attendance: dict,
    sign_offs: dict[tuple[int, int], PreTenancySignOff],
) -> list[ModuleProgress]:
    rows = []
    for module in modules:
        row = ModuleProgress(module=module, sign_off=sign_offs.get((client.pk, module.pk)))
        for activity_id in links.get(module.pk, ()):
            count, last = attendance.get((client.pk, activity_id), (0, None))
            row.sessions_attended += count
            if last is not None:
                day = timezone.localtime(last).date()
                row.last_attended_on = max(filter(None, [row.last_attended_on, day]))
        rows.append(row)
    return rows


def client_progress(*, client: Client) -> CourseProgress:
    """The person's progress through their service's course. Five queries."""
    modules = pretenancy_modules_for(service=client.team.service)
    links = _module_activity_ids(modules)
    activity_ids = set().union(*links.values()) if links else set()
    attendance = _attendance_by_client_activity(client_ids=[client.pk], activity_ids=activity_ids)
    sign_offs = {
        (sign_off.client_id, sign_off.module_id): sign_off
        for sign_off in PreTenancySignOff.objects.filter(client=client).select_related("signed_off_by")
    }
    completion = PreTenancyCompletion.objects.filter(client=client, service=client.team.service).first()
    return CourseProgress(client, _progress_for(client, modules, links, attendance, sign_offs), completion)


def course_roster(*, service: Service, user) -> tuple[list[PreTenancyModule], list[CourseProgress]]:
    """Everyone the user can see who has started the course (attended a linked session or had a
    module signed off), with their progress. Six queries whatever the number of people."""
    modules = pretenancy_modules_for(service=service)
    links = _module_activity_ids(modules)
    activity_ids = set().union(*links.values()) if links else set()
    clients = visible_clients(user).filter(team__service=service)
    started_ids = set(
        Attendance.objects.filter(session__activity_id__in=activity_ids, mark__in=TOOK_PART, client__in=clients)
        .order_by()
        .values_list("client_id", flat=True)
        .distinct()
    ) | set(
        PreTenancySignOff.objects.filter(module__in=modules, client__in=clients).values_list("client_id", flat=True)
    )
    people = list(Client.objects.filter(pk__in=started_ids).order_by("first_name", "last_name", "id"))
    attendance = _attendance_by_client_activity(client_ids=started_ids, activity_ids=activity_ids)
    sign_offs = {
        (sign_off.client_id, sign_off.module_id): sign_off
        for sign_off in PreTenancySignOff.objects.filter(client_id__in=started_ids, module__in=modules)
    }
    completions = {
        completion.client_id: completion
        for completion in PreTenancyCompletion.objects.filter(client_id__in=started_ids, service=service)
    }
    return modules, [
        CourseProgress(client, _progress_for(client, modules, links, attendance, sign_offs), completions.get(client.pk))
        for client in people
    ]
