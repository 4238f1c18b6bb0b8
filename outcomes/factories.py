"""factory-boy factories for outcome readings, built through the services so that every score is
the one the app computes (a reading cannot be made with a typed-in score)."""

from __future__ import annotations

import uuid

import factory
from django.utils import timezone

from outcomes import services
from outcomes.models import CompletedBy, Occasion, Reading, StarReadingElsewhere

SWEMWBS_ANSWERS = {"q1": 3, "q2": 3, "q3": 2, "q4": 3, "q5": 3, "q6": 2, "q7": 3}  # raw 19, metric 17.98


class ReadingFactory(factory.Factory):
    """``ReadingFactory(client=..., by=..., measure_key=..., answers=...)``."""

    class Meta:
        model = Reading

    client = None
    by = None
    measure_key = "swemwbs"
    taken_on = factory.LazyFunction(timezone.localdate)
    answers = factory.LazyFunction(lambda: dict(SWEMWBS_ANSWERS))
    labels = factory.LazyFunction(dict)
    occasion = Occasion.REVIEW
    completed_by = CompletedBy.TOGETHER
    note = ""

    @classmethod
    def _create(cls, model_class, *, client, by, **fields) -> Reading:
        reading, _ = services.reading_record(
            client=client, by=by or client.lead_worker, idempotency_key=uuid.uuid4(), **fields
        )
        return reading


class StarReadingFactory(factory.Factory):
    class Meta:
        model = StarReadingElsewhere

    client = None
    by = None
    taken_on = factory.LazyFunction(timezone.localdate)
    where_held = factory.Faker("company", locale="en_GB")

    @classmethod
    def _create(cls, model_class, *, client, by, **fields) -> StarReadingElsewhere:
        record, _ = services.star_reading_record(
            client=client, by=by, worker=by, idempotency_key=uuid.uuid4(), **fields
        )
        return record
