"""Finding the programme's objects for a user, through ``activities.access``: out of scope is a 404,
a read-only role on a write is a 403, approving needs a team leader or service manager."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from activities.access import require_programme_change, require_programme_visible
from activities.models import Activity, ActivityRiskAssessment, Session
from recovery.accounts.access import scope_for
from recovery.accounts.models import Service, Team

APPROVE_MESSAGE = "Only a team leader or the service manager can approve an activity risk assessment."


def leading_service_ids(user) -> frozenset[int]:
    """Services in which the user leads a team or is the service manager (one query, cached)."""
    cached = getattr(user, "_activities_leading", None)
    if cached is not None:
        return cached
    scope = scope_for(user)
    result = frozenset(scope.managed_service_ids)
    if scope.led_team_ids:
        result |= frozenset(Team.objects.filter(id__in=scope.led_team_ids).values_list("service_id", flat=True))
    user._activities_leading = result
    return result


def can_approve(user, service_id: int) -> bool:
    return service_id in leading_service_ids(user)


def require_approver(user, service_id: int) -> None:
    require_programme_visible(user, service_id)
    if not can_approve(user, service_id):
        raise PermissionDenied(APPROVE_MESSAGE)


def _check(user, service_id: int, for_change: bool) -> None:
    if for_change:
        require_programme_change(user, service_id)
    else:
        require_programme_visible(user, service_id)


def service_for_user(user, code, *, for_change: bool = False) -> Service:
    try:
        service = Service.objects.get(code=code)
    except (Service.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    _check(user, service.pk, for_change)
    return service


def activity_for_user(user, code, *, for_change: bool = False) -> Activity:
    try:
        activity = Activity.objects.select_related("service", "team").get(code=code)
    except (Activity.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    _check(user, activity.service_id, for_change)
    return activity


def session_for_user(user, code, *, for_change: bool = False) -> Session:
    try:
        session = Session.objects.select_related("activity", "activity__service").get(code=code)
    except (Session.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    _check(user, session.activity.service_id, for_change)
    return session


def risk_assessment_for_user(user, code, *, for_change: bool = False) -> ActivityRiskAssessment:
    try:
        assessment = ActivityRiskAssessment.objects.select_related(
            "activity", "activity__service", "assessor", "approved_by", "created_by"
        ).get(code=code)
    except (ActivityRiskAssessment.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    _check(user, assessment.activity.service_id, for_change)
    return assessment
