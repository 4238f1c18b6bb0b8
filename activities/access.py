"""Who may see and run the activities programme, on top of ``recovery.accounts.access``.

The programme belongs to a service, not to one team: an activity is open to people from
every team of its service. So the rules are per service:

- anyone with a team role (worker, team leader, read only) in one of the service's teams, and
  its service managers, may see the service's programme;
- workers and team leaders in the service's teams, and its service managers, may run it
  (activities, sessions, plans, registers); read-only staff may only look;
- another service's programme is a 404.

Client data on a register is a separate question, answered client by client through
``clients.access.visible_clients``: see ``activities.selectors.register``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from recovery.accounts.access import scope_for
from recovery.accounts.models import Team

READ_ONLY_MESSAGE = "Your role lets you see the programme but not change it."


def programme_service_ids(user) -> frozenset[int]:
    """Services whose programme the user may see."""
    return scope_for(user).visible_service_ids


def running_service_ids(user) -> frozenset[int]:
    """Services whose programme the user may run: one query, cached on the user for the request."""
    cached = getattr(user, "_activities_running", None)
    if cached is not None:
        return cached
    scope = scope_for(user)
    result = frozenset(scope.managed_service_ids)
    if scope.changeable_team_ids:
        result |= frozenset(Team.objects.filter(id__in=scope.changeable_team_ids).values_list("service_id", flat=True))
    user._activities_running = result
    return result


def can_view_programme(user, service_id: int) -> bool:
    return service_id in programme_service_ids(user)


def can_run_programme(user, service_id: int) -> bool:
    return service_id in running_service_ids(user)


def can_manage_programme(user, service_id: int) -> bool:
    """Service managers only: the timetable feed address."""
    return service_id in scope_for(user).managed_service_ids


def require_programme_visible(user, service_id: int) -> None:
    if not can_view_programme(user, service_id):
        raise Http404


def require_programme_change(user, service_id: int) -> None:
    """404 if the service is out of sight; 403 if the user may only look."""
    require_programme_visible(user, service_id)
    if not can_run_programme(user, service_id):
        raise PermissionDenied(READ_ONLY_MESSAGE)


def require_programme_manager(user, service_id: int) -> None:
    require_programme_visible(user, service_id)
    if not can_manage_programme(user, service_id):
        raise PermissionDenied("Only the service manager can do this.")
