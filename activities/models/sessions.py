"""Sessions of an activity, the series that generated them, and session plans.

A ``SessionSeries`` records how a run of sessions was scheduled (one-off, weekly or fortnightly
for a term, at a wall-clock time in Europe/London); each generated ``Session`` then stands on
its own, so one can be cancelled or moved (with a reason kept on the row) without touching
the others.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from activities import choices
from activities.models.programme import Activity
from recovery.accounts.models import Service
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL


@track()
class SessionSeries(models.Model):
    """How a run of sessions was scheduled: the rule is kept so the term can be read back."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="series")
    frequency = models.CharField(max_length=20, choices=choices.Frequency.choices)
    first_date = models.DateField("first session on")
    until_date = models.DateField("last session on or before", null=True, blank=True)
    start_time = models.TimeField("starts at")
    end_time = models.TimeField("ends at")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_date", "id"]
        verbose_name_plural = "session series"
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="series_ends_after_start"),
            models.CheckConstraint(
                condition=Q(until_date__isnull=True) | Q(until_date__gte=models.F("first_date")),
                name="series_until_after_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.get_frequency_display()} from {self.first_date:%d %b %Y}"


@track()
class Session(models.Model):
    """One meeting of an activity. Cancelled or moved sessions keep who did it and why."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="sessions")
    series = models.ForeignKey(SessionSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(
        "room or address", max_length=200, blank=True, help_text="Leave empty to use the activity's usual place."
    )
    status = models.CharField(
        max_length=20, choices=choices.SessionStatus.choices, default=choices.SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField("reason for cancelling", max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    moved_from = models.DateTimeField(null=True, blank=True, help_text="When the session was first due to start.")
    move_reason = models.CharField("reason for moving", max_length=300, blank=True)
    moved_at = models.DateTimeField(null=True, blank=True)
    moved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    register_taken_at = models.DateTimeField(null=True, blank=True)
    register_taken_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at"], name="session_starts_at"),
            models.Index(fields=["activity", "starts_at"], name="session_activity_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(status="scheduled") | ~Q(cancel_reason=""), name="session_cancel_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} on {self.starts_at:%d %b %Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == choices.SessionStatus.CANCELLED

    @property
    def place(self) -> str:
        return self.location or self.activity.location


def default_outline() -> list[dict]:
    return []


class PlanContent(models.Model):
    """The parts of a session plan, shared by plans and the templates they start from.

    ``outline`` is a list of ``{"minutes": int, "item": str}`` steps, in order.
    """

    aims = models.TextField(blank=True, help_text="What people can get from the session.")
    outline = models.JSONField(default=default_outline, blank=True)
    materials = models.TextField("materials and equipment", blank=True)
    facilitator_notes = models.TextField(blank=True)
    adaptations = models.TextField(
        "adaptations", blank=True, help_text="How the session can change for different needs (easy read, seated...)."
    )

    class Meta:
        abstract = True

    @property
    def outline_minutes(self) -> int:
        return sum(int(step.get("minutes") or 0) for step in self.outline)


@track()
class SessionPlanTemplate(PlanContent):
    """A reusable plan ("Budgeting week 1") a facilitator copies into a session's plan."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="session_plan_templates")
    title = models.CharField(max_length=150)
    category = models.CharField(max_length=20, choices=choices.Category.choices, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title", "id"]
        constraints = [models.UniqueConstraint(fields=["service", "title"], name="sessionplantemplate_title_unique")]

    def __str__(self) -> str:
        return self.title


@track()
class SessionPlan(PlanContent):
    """The plan for one session, shown to the facilitator with the register."""

    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="plan")
    template = models.ForeignKey(
        SessionPlanTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Plan for {self.session}"
