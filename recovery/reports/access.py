"""Who may run and read commissioner reports: the service managers of the service.

A service the user has no part in is a 404 (its existence does not leak). Staff who can see
the service's records but do not manage it (workers, team leaders, read-only members) get 403:
they may know the report exists but may not build or download it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from recovery.accounts.access import scope_for

NOT_A_MANAGER = "Only the service manager can build and download commissioner reports."


def require_report_manager(user) -> None:
    """For pages across services (the reports list): a manager of at least one service."""
    scope = scope_for(user)
    if not scope.is_service_manager:
        if scope.has_clinical_role or scope.is_administrator:
            raise PermissionDenied(NOT_A_MANAGER)
        raise Http404


def require_manages_services(user, service_ids) -> None:
    """404 if any service is out of the user's sight, 403 if seen but not managed."""
    scope = scope_for(user)
    wanted = set(service_ids)
    if not wanted <= scope.managed_service_ids:
        if wanted <= scope.visible_service_ids:
            raise PermissionDenied(NOT_A_MANAGER)
        raise Http404
