"""factory-boy factories for the activities models (Faker en_GB), used by tests and the demo seeder.

They write rows directly. ``SessionFactory`` puts a session at 10:00-11:30 London time a week
from now; build sessions through ``activities.services.sessions.sessions_schedule`` when the
recurrence itself matters.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from activities import choices
from activities.models import (
    Activity,
    ActivityFacilitator,
    Attendance,
    Booking,
    PartnerAgency,
    RegularAttendee,
    Session,
    SessionPlan,
    SessionPlanTemplate,
    SessionSeries,
)
from clients.factories import ClientFactory
from recovery.accounts.factories import ServiceFactory, UserFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


def london(day, at: time) -> datetime:
    """An aware datetime for a wall-clock time in Europe/London on ``day``."""
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def _next_week_at(hour: int, minute: int = 0) -> datetime:
    return london(timezone.localdate() + timedelta(days=7), time(hour, minute))


class PartnerAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAgency

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Community Partner {n}")
    agency_type = choices.AgencyType.CHARITY
    contact_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"partner{n}@example.org")
    offers = "Weekly sessions at their centre."
    created_by = factory.SubFactory(UserFactory)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    service = factory.SubFactory(ServiceFactory)
    title = factory.Sequence(lambda n: f"Cooking on a budget {n}")
    category = choices.Category.LIFE_SKILLS
    description = "Plan, shop for and cook a meal for under five pounds."
    location_kind = choices.LocationKind.IN_HOUSE
    location = "Kitchen, ground floor"
    capacity = 8
    created_by = factory.SubFactory(UserFactory)


class ActivityFacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityFacilitator

    activity = factory.SubFactory(ActivityFactory)
    user = factory.SubFactory(UserFactory)


class SessionSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSeries

    activity = factory.SubFactory(ActivityFactory)
    frequency = choices.Frequency.WEEKLY
    first_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    until_date = factory.LazyAttribute(lambda series: series.first_date + timedelta(weeks=11))
    start_time = time(10, 0)
    end_time = time(11, 30)
    created_by = factory.SubFactory(UserFactory)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    activity = factory.SubFactory(ActivityFactory)
    starts_at = factory.LazyFunction(lambda: _next_week_at(10))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(minutes=90))


class SessionPlanTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionPlanTemplate

    service = factory.SubFactory(ServiceFactory)
    title = factory.Sequence(lambda n: f"Budgeting week {n}")
    category = choices.Category.PRE_TENANCY
    aims = "Know where the money goes each week."
    outline = factory.LazyFunction(
        lambda: [
            {"minutes": 10, "item": "Welcome and check-in"},
            {"minutes": 40, "item": "Weekly spending diary"},
            {"minutes": 10, "item": "What I will try this week"},
        ]
    )
    materials = "Diary sheets, pens, calculators."
    created_by = factory.SubFactory(UserFactory)


class SessionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionPlan

    session = factory.SubFactory(SessionFactory)
    aims = "Try one new recipe together."
    outline = factory.LazyFunction(lambda: [{"minutes": 15, "item": "Welcome"}, {"minutes": 60, "item": "Cook"}])
    materials = "Ingredients for eight."
    written_by = factory.SubFactory(UserFactory)


class RegularAttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegularAttendee

    activity = factory.SubFactory(ActivityFactory)
    client = factory.SubFactory(ClientFactory)
    started_on = factory.LazyFunction(timezone.localdate)
    added_by = factory.SubFactory(UserFactory)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    client = factory.SubFactory(ClientFactory)
    booked_by = factory.SubFactory(UserFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    client = factory.SubFactory(ClientFactory)
    mark = choices.Mark.ATTENDED
    recorded_by = factory.SubFactory(UserFactory)
