"""Outcome readings and each service's outcome settings.

The measures themselves are versioned code (``outcomes.measures``); a reading stores the
``(measure_key, measure_version)`` it was taken with, the answers as given, and the scores the
app computed from them (``outcomes.scoring``): scores are never typed in. Readings are edited,
never deleted: each save bumps ``version`` (the optimistic lock) and pghistory keeps every
earlier state. A reading entered by mistake is marked "entered in error" with a reason and
drops out of charts and analysis.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from clients.models import Client
from outcomes import measures
from recovery.accounts.models import Service
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL


def default_schedules() -> dict:
    """SWEMWBS is scheduled by default (baseline within 28 days, then every 3 months, and at exit);
    the other measures are offered but not scheduled until the service says so."""
    return {"swemwbs": {"baseline_days": 28, "every_months": 3, "at_exit": True}}


def default_disabled() -> list:
    """ReQoL-10 (licensed) and the life-areas profile (the service designs it first) start off."""
    return [measure.key for measure in measures.ALL if measure.needs_enabling or measure.kind == "life_areas"]


def default_areas() -> list:
    return []


def default_stages() -> list:
    return []


@track()
class OutcomeSettings(models.Model):
    """A service's outcome settings, created with defaults the first time they are needed."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="outcome_settings")
    disabled_measures = models.JSONField(default=default_disabled, help_text="Measure keys not offered.")
    schedules = models.JSONField(
        default=default_schedules,
        help_text='{measure key: {"baseline_days": N, "every_months": N, "at_exit": bool}}',
    )
    reqol_cutoff = models.PositiveSmallIntegerField(
        "ReQoL-10 clinical cut-off",
        default=24,
        help_text="Scores below this are in the clinical range: 24 in the developers' paper, 25 for NHS England.",
    )
    reqol_items = models.JSONField(default=list, blank=True, help_text="The licensed wording of the 10 items.")
    reqol_negative_items = models.JSONField(default=list, blank=True)
    reqol_copyright = models.CharField(max_length=300, blank=True)
    areas = models.JSONField(default=default_areas, help_text='Life areas: [{"key", "label"}], in order.')
    area_scale_max = models.PositiveSmallIntegerField("top of the life-areas scale", default=10)
    stages = models.JSONField(default=default_stages, help_text='Stage labels: [{"from": N, "label": "..."}].')
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "outcome settings"
        verbose_name_plural = "outcome settings"

    def __str__(self) -> str:
        return f"Outcome settings for {self.service}"


class Status(models.TextChoices):
    COMPLETE = "complete", "Complete"
    INCOMPLETE = "incomplete", "Incomplete (not scored)"


class Occasion(models.TextChoices):
    BASELINE = "baseline", "Start of support"
    REVIEW = "review", "Review"
    EXIT = "exit", "End of support"
    OTHER = "other", "Other"


class CompletedBy(models.TextChoices):
    CLIENT = "client", "The person, on their own"
    TOGETHER = "together", "The person with their worker"
    WORKER = "worker", "The worker, asking the questions"


@track()
class Reading(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="outcome_readings")
    measure_key = models.CharField(max_length=20, choices=measures.CHOICES)
    measure_version = models.PositiveSmallIntegerField()
    taken_on = models.DateField("date of the reading")
    occasion = models.CharField(max_length=10, choices=Occasion.choices, default=Occasion.REVIEW)
    completed_by = models.CharField(max_length=10, choices=CompletedBy.choices, default=CompletedBy.TOGETHER)
    answers = models.JSONField(default=dict)
    labels = models.JSONField(
        default=dict, blank=True, help_text="Goal wording, or the life areas and scale as they were on the day."
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    score = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    scores = models.JSONField(default=dict, help_text="Everything the scoring module computed.")
    needs_risk_review = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    entered_in_error = models.BooleanField(default=False)
    error_reason = models.TextField(blank=True)
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["client", "measure_key", "taken_on", "id"]
        indexes = [
            models.Index(fields=["client", "measure_key", "taken_on"], name="reading_client_measure_day"),
            # The service-level analysis starts from the scored readings of a period.
            models.Index(
                fields=["taken_on"],
                include=["client", "measure_key"],
                condition=Q(status="complete", entered_in_error=False),
                name="reading_scored_day",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="incomplete", score__isnull=True) | Q(status="complete", score__isnull=False),
                name="reading_scored_only_when_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.short_name} for {self.client} on {self.taken_on:%d %b %Y}"

    @property
    def measure(self) -> measures.Measure:
        return measures.get(self.measure_key, self.measure_version)

    @property
    def primary_score(self) -> Decimal | None:
        """The score as the scoring module gave it (``score`` is the same number, padded to
        three decimal places for storage)."""
        primary = self.scores.get("primary")
        return None if primary is None else Decimal(primary)

    @property
    def is_scored(self) -> bool:
        return self.status == Status.COMPLETE and not self.entered_in_error


@track()
class StarReadingElsewhere(models.Model):
    """That a Recovery Star reading was done outside this app: when, by whom, where it is kept.
    No Star content is held (the Star is Triangle's proprietary tool)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="star_readings_elsewhere")
    taken_on = models.DateField("date of the reading")
    worker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    where_held = models.CharField("where the reading is kept", max_length=200)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"Recovery Star reading for {self.client} on {self.taken_on:%d %b %Y}"
