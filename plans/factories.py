"""factory-boy factories for plans (Faker en_GB), for tests and datasets that need many rows quickly.

They write rows directly, so they skip the services' rules: build a client through
``clients.services`` first, and prefer ``plans.services`` wherever the behaviour under test
is the service's own. Goals are in the first person, as the client would say them.
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.db.models import Max
from django.utils import timezone

from plans.choices import Agreement, PlanStatus, PlanType, ReviewKind, StepOwner, WrittenBy
from plans.models import EarlyWarningSign, Goal, Plan, PlanReview, SafetyPlan, Step, Wrap

factory.Faker._DEFAULT_LOCALE = "en_GB"

FIRST_PERSON_GOALS = [
    "I want to cook a proper meal twice a week.",
    "I want to get my rent arrears sorted.",
    "I want to see my son every fortnight.",
    "I'd like to volunteer one morning a week.",
    "I want to walk to the shops without getting out of breath.",
]


class PlanFactory(factory.django.DjangoModelFactory):
    """A draft support plan for ``client`` in its current episode (pass ``client``)."""

    class Meta:
        model = Plan

    episode = factory.LazyAttribute(lambda plan: plan.client.episodes.filter(ended_on__isnull=True).first())
    plan_type = PlanType.SUPPORT
    number = factory.LazyAttribute(
        lambda plan: (
            (
                Plan.objects.filter(client=plan.client, plan_type=plan.plan_type).aggregate(last=Max("number"))["last"]
                or 0
            )
            + 1
        )
    )
    status = PlanStatus.DRAFT
    about_me = factory.Faker("paragraph", nb_sentences=2)
    about_me_by = WrittenBy.CLIENT
    created_by = factory.LazyAttribute(lambda plan: plan.client.lead_worker or plan.client.created_by)
    updated_by = factory.SelfAttribute("created_by")

    class Params:
        agreed = factory.Trait(
            status=PlanStatus.AGREED,
            agreement=Agreement.VERBAL,
            agreed_on=factory.LazyFunction(timezone.localdate),
            agreed_at=factory.LazyFunction(timezone.now),
            agreed_by=factory.SelfAttribute("created_by"),
            review_due_on=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=91)),
            review_due_kind=ReviewKind.SCHEDULED,
        )


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n)
    life_area = "Everyday living skills"
    in_my_words = factory.Iterator(FIRST_PERSON_GOALS)
    support = "Come with me the first time."
    created_by = factory.SelfAttribute("plan.created_by")
    updated_by = factory.SelfAttribute("plan.created_by")


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    goal = factory.SubFactory(GoalFactory)
    position = factory.Sequence(lambda n: n)
    description = "Ring the college about the course"
    owner = StepOwner.CLIENT
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    created_by = factory.SelfAttribute("goal.created_by")


class PlanReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanReview

    plan = factory.SubFactory(PlanFactory, agreed=True)
    reviewed_on = factory.LazyFunction(timezone.localdate)
    reviewed_at = factory.LazyFunction(timezone.now)
    client_view = "It's going better than I thought."
    outcome = "continue"
    next_review_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=91))
    reviewed_by = factory.SelfAttribute("plan.created_by")


class WrapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wrap

    wellness_toolbox = "A walk, music, ringing my sister."
    created_by = factory.LazyAttribute(lambda wrap: wrap.client.lead_worker or wrap.client.created_by)
    updated_by = factory.SelfAttribute("created_by")


class SafetyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyPlan

    warning_signs = "I stop answering my phone."
    coping_strategies = "My playlist. A walk round the park."
    created_by = factory.LazyAttribute(lambda plan: plan.client.lead_worker or plan.client.created_by)
    updated_by = factory.SelfAttribute("created_by")


class EarlyWarningSignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EarlyWarningSign

    description = factory.Iterator(["I stop answering my phone", "I sleep most of the day", "I stop eating"])
    created_by = factory.LazyAttribute(lambda sign: sign.client.lead_worker or sign.client.created_by)
