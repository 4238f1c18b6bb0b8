"""factory-boy factories for the programme half of activities (Faker en_GB).

They write rows directly; tests that care about ``is_current``, completions or anonymity build
through ``activities.services`` instead.
"""

from __future__ import annotations

import uuid

import factory
from django.utils import timezone

from activities.factories import ActivityFactory, SessionFactory
from activities.models import ActivityHazard, ActivityRiskAssessment, SessionFeedback
from recovery.accounts.factories import UserFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


class ActivityRiskAssessmentFactory(factory.django.DjangoModelFactory):
    """A draft (version 1) of an activity's risk assessment."""

    class Meta:
        model = ActivityRiskAssessment

    activity = factory.SubFactory(ActivityFactory)
    number = 1
    assessor = factory.SubFactory(UserFactory)
    assessed_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.SelfAttribute("assessor")


class ActivityHazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityHazard

    assessment = factory.SubFactory(ActivityRiskAssessmentFactory)
    hazard = "Hot oven"
    who_might_be_harmed = "People taking part"
    how_harmed = "Burns from trays"
    existing_controls = "Oven gloves; facilitator takes trays out."
    likelihood_before = 3
    severity_before = 3
    further_controls = "Only the facilitator opens the oven."
    likelihood_after = 2
    severity_after = 3


class AnonymousFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionFeedback

    session = factory.SubFactory(SessionFactory)
    rating = 4
    comment = factory.Faker("sentence")
    idempotency_key = factory.LazyFunction(uuid.uuid4)
