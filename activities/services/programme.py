"""Partner agencies, activities and their facilitators, and the timetable feed address.

Agencies and activities are made inactive, never deleted, so past sessions keep their meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from activities import choices
from activities.models import Activity, ActivityFacilitator, PartnerAgency, TimetableFeed
from activities.models.programme import new_feed_token
from activities.selectors.programme import facilitator_choices
from activities.services.common import clean_text, raise_if
from recovery.accounts.models import Service, Team, User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version

# A create repeated by the same person within this window is a double submit: the first record is returned.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)

AGENCY_FIELDS = (
    "name", "agency_type", "contact_name", "phone", "email", "website", "address", "offers", "agreement",
    "agreement_expires_on", "notes",
)  # fmt: skip
ACTIVITY_FIELDS = (
    "title", "category", "description", "team", "partner_agency", "location_kind", "location", "capacity",
    "accessibility_notes", "booking_required",
)  # fmt: skip


def _validate_agency(*, service: Service, values: dict, agency: PartnerAgency | None = None) -> None:
    errors = {}
    if not values["name"]:
        errors["name"] = "Enter the agency's name."
    else:
        same_name = PartnerAgency.objects.filter(service=service, name__iexact=values["name"])
        if agency is not None:
            same_name = same_name.exclude(pk=agency.pk)
        if same_name.exists():
            errors["name"] = "There is already an agency with this name: open it from the list instead."
    if values["agency_type"] not in choices.AgencyType.values:
        errors["agency_type"] = "Choose the type of agency."
    raise_if(errors)


def _agency_values(fields: dict) -> dict:
    values = {name: clean_text(fields.get(name)) for name in AGENCY_FIELDS if name != "agreement_expires_on"}
    values["agreement_expires_on"] = fields.get("agreement_expires_on")
    return values


@transaction.atomic
def partner_agency_create(*, service: Service, by: User, **fields) -> PartnerAgency:
    """Add an agency the service works with (a double submit returns the first one)."""
    values = _agency_values(fields)
    repeat = PartnerAgency.objects.filter(
        service=service,
        name__iexact=values["name"],
        created_by=by,
        created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
    ).first()
    if repeat is not None:
        return repeat
    _validate_agency(service=service, values=values)
    with acting(by):
        return PartnerAgency.objects.create(service=service, created_by=by, **values)


@transaction.atomic
def partner_agency_update(
    *, agency: PartnerAgency, by: User, expected_version: int, is_active: bool = True, **fields
) -> PartnerAgency:
    """Change an agency's details; making it inactive keeps it on past activities."""
    agency = lock_current_version(agency, expected_version=expected_version)
    values = _agency_values(fields)
    _validate_agency(service=agency.service, values=values, agency=agency)
    with acting(by):
        for name, value in values.items():
            setattr(agency, name, value)
        agency.is_active = is_active
        bump_version(agency)
        agency.save()
    agency.refresh_from_db()
    return agency


def _validate_activity(*, service: Service, values: dict) -> None:
    errors = {}
    if not values["title"]:
        errors["title"] = "Enter the activity's title, for example: Cooking on a budget."
    if values["category"] not in choices.Category.values:
        errors["category"] = "Choose the kind of activity."
    if not values["location"]:
        errors["location"] = "Enter the room, or the community address where people meet."
    team: Team | None = values["team"]
    if team is not None and team.service_id != service.pk:
        errors["team"] = "Choose one of this service's teams."
    agency: PartnerAgency | None = values["partner_agency"]
    if agency is not None and agency.service_id != service.pk:
        errors["partner_agency"] = "Choose one of this service's partner agencies."
    capacity = values["capacity"]
    if capacity is not None and not 1 <= capacity <= 500:
        errors["capacity"] = "Enter a capacity between 1 and 500, or leave it empty for no limit."
    raise_if(errors)


def _validate_facilitators(*, service: Service, facilitators: Sequence[User], learning: Sequence[User]) -> None:
    allowed = set(facilitator_choices(service=service).values_list("id", flat=True))
    chosen = {user.pk for user in facilitators} | {user.pk for user in learning}
    if chosen - allowed:
        raise_if({"facilitators": "Choose facilitators from this service's staff."})
    if {user.pk for user in facilitators} & {user.pk for user in learning}:
        raise_if({"learning": "Someone cannot both lead and co-facilitate to learn: choose one for each person."})


def _set_facilitators(activity: Activity, facilitators: Sequence[User], learning: Sequence[User]) -> None:
    wanted = {user.pk: False for user in facilitators} | {user.pk: True for user in learning}
    current = {link.user_id: link for link in activity.facilitator_links.all()}
    for user_id, link in current.items():
        if user_id not in wanted:
            link.delete()
        elif link.is_learning != wanted[user_id]:
            link.is_learning = wanted[user_id]
            link.save(update_fields=["is_learning"])
    ActivityFacilitator.objects.bulk_create(
        [
            ActivityFacilitator(activity=activity, user_id=user_id, is_learning=is_learning)
            for user_id, is_learning in wanted.items()
            if user_id not in current
        ]
    )


def _activity_values(fields: dict) -> dict:
    values = {name: fields.get(name) for name in ACTIVITY_FIELDS}
    for name in ("title", "description", "location", "accessibility_notes"):
        values[name] = clean_text(values[name])
    values["booking_required"] = bool(values["booking_required"])
    values["location_kind"] = values["location_kind"] or choices.LocationKind.IN_HOUSE
    return values


@transaction.atomic
def activity_create(
    *,
    service: Service,
    by: User,
    facilitators: Sequence[User] = (),
    learning: Sequence[User] = (),
    **fields,
) -> Activity:
    """Add an activity to the programme, with the staff who run it (and any learning alongside).
    The same title added again by the same person a moment ago is a double submit: the first is returned."""
    values = _activity_values(fields)
    repeat = Activity.objects.filter(
        service=service,
        title__iexact=values["title"],
        created_by=by,
        created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
    ).first()
    if repeat is not None:
        return repeat
    _validate_activity(service=service, values=values)
    _validate_facilitators(service=service, facilitators=facilitators, learning=learning)
    with acting(by):
        activity = Activity.objects.create(service=service, created_by=by, **values)
        _set_facilitators(activity, facilitators, learning)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    expected_version: int,
    facilitators: Sequence[User] = (),
    learning: Sequence[User] = (),
    is_active: bool = True,
    **fields,
) -> Activity:
    """Change an activity. Its sessions already on the timetable keep their own times and places."""
    activity = lock_current_version(activity, expected_version=expected_version)
    values = _activity_values(fields)
    _validate_activity(service=activity.service, values=values)
    _validate_facilitators(service=activity.service, facilitators=facilitators, learning=learning)
    with acting(by):
        for name, value in values.items():
            setattr(activity, name, value)
        activity.is_active = is_active
        bump_version(activity)
        activity.save()
        _set_facilitators(activity, facilitators, learning)
    activity.refresh_from_db()
    return activity


def timetable_feed_for(*, service: Service) -> TimetableFeed:
    """The service's feed address, made the first time it is asked for."""
    feed, _ = TimetableFeed.objects.get_or_create(service=service)
    return feed


@transaction.atomic
def timetable_feed_regenerate(*, service: Service, by: User) -> TimetableFeed:
    """A new secret address: calendars subscribed to the old one stop updating."""
    feed = timetable_feed_for(service=service)
    with acting(by):
        feed.token = new_feed_token()
        feed.regenerated_at = timezone.now()
        feed.regenerated_by = by
        feed.save()
    return feed
