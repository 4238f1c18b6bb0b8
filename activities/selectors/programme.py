"""Reads for the programme pages: services, activities, partner agencies and plan templates,
each scoped through ``activities.access`` (another service's record is a 404)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from activities import choices
from activities.access import programme_service_ids, require_programme_visible
from activities.models import (
    Activity,
    ActivityFacilitator,
    PartnerAgency,
    RegularAttendee,
    Session,
    SessionPlanTemplate,
)
from activities.selectors.register import is_withheld, short_name
from clients.access import visible_clients
from recovery.accounts.models import Membership, Role, Service, Team, User


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def programme_services(*, user: User) -> QuerySet[Service]:
    return Service.objects.filter(id__in=programme_service_ids(user), is_active=True).order_by("name")


def service_for_user(*, user: User, code) -> Service:
    service = _get(Service.objects.all(), code=code)
    require_programme_visible(user, service.pk)
    return service


def service_teams(*, service: Service) -> QuerySet[Team]:
    return Team.objects.filter(service=service, is_active=True).order_by("name")


def facilitator_choices(*, service: Service):
    """Staff who can facilitate in this service: anyone who may run its programme."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            memberships__in=Membership.objects.filter(
                team__service=service, team__is_active=True, role__in=[Role.WORKER, Role.TEAM_LEADER]
            )
            | Membership.objects.filter(service=service, role=Role.SERVICE_MANAGER)
        )
        .distinct()
        .order_by("full_name")
    )


def _facilitators() -> Prefetch:
    return Prefetch(
        "facilitator_links", queryset=ActivityFacilitator.objects.select_related("user").order_by("is_learning", "id")
    )


def service_activities(*, service: Service, include_inactive: bool = False) -> QuerySet[Activity]:
    """Activities with their facilitators and how many sessions are still to come (three queries)."""
    queryset = Activity.objects.filter(service=service)
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    return (
        queryset.select_related("team", "partner_agency")
        .prefetch_related(_facilitators())
        .annotate(
            upcoming=Count(
                "sessions",
                filter=Q(sessions__starts_at__gte=timezone.now(), sessions__status=choices.SessionStatus.SCHEDULED),
            )
        )
        .order_by("-is_active", "title", "id")
    )


def activity_for_user(*, user: User, code) -> Activity:
    activity = _get(
        Activity.objects.select_related("service", "team", "partner_agency").prefetch_related(_facilitators()),
        code=code,
    )
    require_programme_visible(user, activity.service_id)
    return activity


def activity_sessions(*, activity: Activity, upcoming: bool = True, limit: int = 20) -> list[Session]:
    now = timezone.now()
    queryset = Session.objects.filter(activity=activity).annotate(
        booked=Count("bookings", filter=Q(bookings__status=choices.BookingStatus.BOOKED))
    )
    if upcoming:
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "id")
    else:
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    return list(queryset.select_related("plan")[:limit])


def activity_regulars(*, activity: Activity) -> QuerySet[RegularAttendee]:
    return (
        RegularAttendee.objects.filter(activity=activity, ended_on__isnull=True)
        .select_related("client", "client__team")
        .order_by("client__last_name", "client__first_name", "id")
    )


@dataclass
class RegularRow:
    regular: RegularAttendee
    visible: bool

    @property
    def listed(self) -> bool:
        """Shown at all: a restricted person the user cannot see is only counted."""
        return self.visible or not self.regular.client.is_restricted

    @property
    def name(self) -> str:
        """Named in full only for people the user can see (see ``activities.selectors.register``)."""
        return self.regular.client.display_name if self.visible else short_name(self.regular.client)


def activity_regular_rows(*, activity: Activity, user: User) -> list[RegularRow]:
    """The current regulars, and which of them the user can see (two queries)."""
    regulars = list(activity_regulars(activity=activity))
    ids = [row.client_id for row in regulars]
    visible = set(visible_clients(user).filter(id__in=ids).values_list("id", flat=True)) if ids else set()
    return [RegularRow(regular=row, visible=row.client_id in visible) for row in regulars]


def service_partner_agencies(*, service: Service) -> QuerySet[PartnerAgency]:
    return (
        PartnerAgency.objects.filter(service=service)
        .annotate(activity_count=Count("activities", filter=Q(activities__is_active=True)))
        .order_by("-is_active", "name", "id")
    )


def partner_agency_for_user(*, user: User, code) -> PartnerAgency:
    agency = _get(PartnerAgency.objects.select_related("service"), code=code)
    require_programme_visible(user, agency.service_id)
    return agency


def service_plan_templates(*, service: Service, active_only: bool = False) -> QuerySet[SessionPlanTemplate]:
    queryset = SessionPlanTemplate.objects.filter(service=service)
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("-is_active", "title", "id")


def plan_template_for_user(*, user: User, code) -> SessionPlanTemplate:
    template = _get(SessionPlanTemplate.objects.select_related("service"), code=code)
    require_programme_visible(user, template.service_id)
    return template


def regular_for_activity(*, activity: Activity, code, user: User) -> RegularAttendee:
    """A regular place on the activity, or 404 (also for a restricted person the user may not see)."""
    regular = _get(RegularAttendee.objects.filter(activity=activity).select_related("client"), code=code)
    if is_withheld(client=regular.client, user=user):
        raise Http404
    return regular


def regular_candidates(*, activity: Activity, user: User, query: str) -> list:
    """People the user can see, in the activity's service, matching the search (the clients
    search selector), minus the current regulars."""
    from clients.selectors import client_search

    current = set(
        RegularAttendee.objects.filter(activity=activity, ended_on__isnull=True).values_list("client_id", flat=True)
    )
    return [
        client
        for client in client_search(user=user, query=query, limit=15)
        if client.team.service_id == activity.service_id and client.pk not in current
    ]
