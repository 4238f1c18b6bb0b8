"""Activity risk assessments (HSE five steps) and the programme settings that score them.

One ``ActivityRiskAssessment`` row is one version of an activity's assessment. A draft is
written by an assessor, approved by a team leader or service manager (only then is it in
force), and reviewed by starting a new draft that copies the approved one; approved versions
are read-only and kept. ``is_current`` marks the newest approved version of each activity and
is maintained only by ``activities.services.risk_assessments``.

Each hazard carries likelihood and severity before and after the further controls; the score
is their product and its band comes from the service's ``ProgrammeSettings.risk_bands``
(``activities.risk_scoring``). Nothing is hard-deleted: hazards and actions are marked as
removed or done, and every change is kept by pghistory.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from activities.models.programme import Activity
from activities.risk_scoring import default_bands, risk_score
from recovery.accounts.models import Service
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL

__all__ = ["ActivityHazard", "ActivityRiskAction", "ActivityRiskAssessment", "ProgrammeSettings"]

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


@track()
class ProgrammeSettings(models.Model):
    """A service's settings for its programme: risk bands and how often assessments are reviewed."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="programme_settings")
    risk_bands = models.JSONField(
        default=default_bands, help_text="Bands of likelihood × severity, from lowest to highest."
    )
    risk_review_interval_days = models.PositiveIntegerField(
        "days between activity risk assessment reviews",
        default=365,
        help_text="An approved assessment is due for review this many days later, unless a sooner date is set.",
    )
    risk_warning_days = models.PositiveSmallIntegerField(
        "warn facilitators this many days before a session",
        default=7,
        help_text="Facilitators are reminded when an upcoming session's activity has no assessment in date.",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "programme settings"
        verbose_name_plural = "programme settings"

    def __str__(self) -> str:
        return f"Programme settings for {self.service}"


@track()
class ActivityRiskAssessment(models.Model):
    """One version of an activity's risk assessment."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="risk_assessments")
    number = models.PositiveSmallIntegerField("version")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField("assessed on")
    review_reason = models.CharField("why it is being reviewed", max_length=300, blank=True)
    summary = models.TextField(
        "summary", blank=True, help_text="The activity, where it happens and anything unusual about this group."
    )
    review_due_on = models.DateField("review by", null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.TextField(blank=True)
    is_current = models.BooleanField(default=False, help_text="The newest approved version (kept by the services).")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["activity", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="activityra_number_unique"),
            models.UniqueConstraint(
                fields=["activity"], condition=Q(approved_at__isnull=True), name="activityra_one_draft"
            ),
            models.UniqueConstraint(fields=["activity"], condition=Q(is_current=True), name="activityra_one_current"),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(approved_at__isnull=False), name="activityra_current_is_approved"
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(review_due_on__isnull=False),
                name="activityra_approved_has_review_date",
            ),
        ]
        indexes = [
            models.Index(fields=["review_due_on"], condition=Q(is_current=True), name="activityra_current_due"),
        ]

    def __str__(self) -> str:
        return f"Risk assessment for {self.activity}, version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.approved_at is None


@track()
class ActivityHazard(models.Model):
    """One hazard (HSE steps 1–3): who might be harmed and how, the controls, and the scores."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(ActivityRiskAssessment, on_delete=models.PROTECT, related_name="hazards")
    position = models.PositiveSmallIntegerField(default=0)
    hazard = models.CharField("hazard", max_length=200, help_text="What could cause harm, e.g. hot ovens.")
    who_might_be_harmed = models.CharField(
        "who might be harmed", max_length=200, help_text="For example: people taking part, staff, the public."
    )
    how_harmed = models.TextField("how they might be harmed", help_text="For example: burns from trays and hobs.")
    existing_controls = models.TextField(
        "controls already in place", help_text="What is already done to reduce the risk."
    )
    likelihood_before = models.PositiveSmallIntegerField("likelihood now", validators=ONE_TO_FIVE)
    severity_before = models.PositiveSmallIntegerField("severity now", validators=ONE_TO_FIVE)
    further_controls = models.TextField(
        "further controls", blank=True, help_text="What more will be done; give each one an owner as an action."
    )
    likelihood_after = models.PositiveSmallIntegerField("likelihood with further controls", validators=ONE_TO_FIVE)
    severity_after = models.PositiveSmallIntegerField("severity with further controls", validators=ONE_TO_FIVE)
    is_removed = models.BooleanField(default=False, help_text="Taken out of this draft (kept for the history).")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["assessment", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood_before__gte=1, likelihood_before__lte=5)
                & Q(severity_before__gte=1, severity_before__lte=5)
                & Q(likelihood_after__gte=1, likelihood_after__lte=5)
                & Q(severity_after__gte=1, severity_after__lte=5),
                name="activityhazard_scores_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return self.hazard

    @property
    def score_before(self) -> int:
        return risk_score(self.likelihood_before, self.severity_before)

    @property
    def score_after(self) -> int:
        return risk_score(self.likelihood_after, self.severity_after)


@track()
class ActivityRiskAction(models.Model):
    """A further action (HSE step 4): what, who owns it and by when; done rather than deleted."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hazard = models.ForeignKey(ActivityHazard, on_delete=models.PROTECT, related_name="actions")
    action = models.CharField(max_length=300)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due by")
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hazard", "due_on", "id"]

    def __str__(self) -> str:
        return self.action

    @property
    def is_open(self) -> bool:
        return self.done_on is None
