"""Who may see and change what: the one place that answers it.

Every selector that returns client data scopes its queryset through here, so a
forgotten filter cannot leak another team's records. Rules (DESIGN.md):

- worker: sees and changes the records of their own team(s);
- read only: sees their team(s), changes nothing;
- team leader: sees and changes everything in their team(s), plus allocation and sign-off;
- service manager: sees and changes everything in their service(s), plus settings and reports;
- administrator: staff, teams, services; no client records unless also given a role above.

Objects outside a user's scope are answered with 404, never 403, so their existence
does not leak. A user who may see but not change gets 403 on a write.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from recovery.accounts.models import Membership, Role, Team

CHANGING_TEAM_ROLES = frozenset({Role.WORKER, Role.TEAM_LEADER})


@dataclass(frozen=True)
class Scope:
    """The teams and services one user can reach, worked out once per request."""

    visible_team_ids: frozenset[int]
    changeable_team_ids: frozenset[int]
    led_team_ids: frozenset[int]
    managed_service_ids: frozenset[int]
    visible_service_ids: frozenset[int]
    is_administrator: bool

    @property
    def has_clinical_role(self) -> bool:
        return bool(self.visible_team_ids)

    @property
    def is_team_leader(self) -> bool:
        return bool(self.led_team_ids)

    @property
    def is_service_manager(self) -> bool:
        return bool(self.managed_service_ids)

    @property
    def can_change_anything(self) -> bool:
        return bool(self.changeable_team_ids)


EMPTY_SCOPE = Scope(frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), False)


def scope_for(user) -> Scope:
    """The user's scope, cached on the user object for the rest of the request.

    Two queries: the memberships, then the teams of any managed services.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_recovery_scope", None)
    if cached is not None:
        return cached

    memberships = list(
        Membership.objects.filter(user=user)
        .filter(Q(team__isnull=True) | Q(team__is_active=True))
        .values_list("role", "team_id", "team__service_id", "service_id")
    )
    visible: set[int] = set()
    changeable: set[int] = set()
    led: set[int] = set()
    managed_services: set[int] = set()
    services: set[int] = set()
    for role, team_id, team_service_id, service_id in memberships:
        if role == Role.SERVICE_MANAGER:
            managed_services.add(service_id)
            continue
        visible.add(team_id)
        services.add(team_service_id)
        if role in CHANGING_TEAM_ROLES:
            changeable.add(team_id)
        if role == Role.TEAM_LEADER:
            led.add(team_id)
    if managed_services:
        service_team_ids = set(
            Team.objects.filter(service_id__in=managed_services, is_active=True).values_list("id", flat=True)
        )
        visible |= service_team_ids
        changeable |= service_team_ids
        led |= service_team_ids
        services |= managed_services

    scope = Scope(
        visible_team_ids=frozenset(visible),
        changeable_team_ids=frozenset(changeable),
        led_team_ids=frozenset(led),
        managed_service_ids=frozenset(managed_services),
        visible_service_ids=frozenset(services),
        is_administrator=bool(user.is_staff),
    )
    user._recovery_scope = scope
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope (after memberships change within one request or test)."""
    if hasattr(user, "_recovery_scope"):
        del user._recovery_scope


def visible_teams(user) -> QuerySet[Team]:
    return Team.objects.filter(id__in=scope_for(user).visible_team_ids).select_related("service")


def can_view_team(user, team_id: int) -> bool:
    return team_id in scope_for(user).visible_team_ids


def can_change_team(user, team_id: int) -> bool:
    return team_id in scope_for(user).changeable_team_ids


def can_lead_team(user, team_id: int) -> bool:
    return team_id in scope_for(user).led_team_ids


def can_manage_service(user, service_id: int) -> bool:
    return service_id in scope_for(user).managed_service_ids


def scope_queryset(queryset: QuerySet, user, *, team_field: str = "team") -> QuerySet:
    """Filter a queryset of team-owned rows down to the teams the user can see."""
    return queryset.filter(**{f"{team_field}__in": scope_for(user).visible_team_ids})


def require_visible(user, team_id: int) -> None:
    """404 unless the user can see records owned by this team."""
    if not can_view_team(user, team_id):
        raise Http404


def require_change(user, team_id: int) -> None:
    """404 if the team is out of sight; 403 if the user may only read it."""
    require_visible(user, team_id)
    if not can_change_team(user, team_id):
        raise PermissionDenied("Your role lets you read these records but not change them.")


def require_lead(user, team_id: int) -> None:
    """404 if the team is out of sight; 403 unless the user leads (or manages) it."""
    require_visible(user, team_id)
    if not can_lead_team(user, team_id):
        raise PermissionDenied("Only the team leader or service manager can do this.")
