"""Reminders: one row per (recipient, source item, due date, kind), the sweeps that keep them
true, each service's reminder settings, each person's digest preference, and the digests sent.

The sweep (``recovery.reminders.services.sweep``) is the only writer of ``Reminder`` rows: it
upserts what the registered sources report and closes what they no longer report. The unique
constraints are what make a re-run, a redelivered task or two sweeps at once harmless.
"""

from __future__ import annotations

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q

from recovery.accounts.models import Service, Team
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL


class ReminderKind(models.TextChoices):
    DUE = "due", "Due"
    ESCALATION = "escalation", "Escalated to team leader"


class ReminderStatus(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    DUE_TODAY = "due_today", "Due today"
    OVERDUE = "overdue", "Overdue"
    ESCALATED = "escalated", "Escalated"
    DONE = "done", "Done"


OPEN_STATUSES = (
    ReminderStatus.DUE_SOON,
    ReminderStatus.DUE_TODAY,
    ReminderStatus.OVERDUE,
    ReminderStatus.ESCALATED,
)
LATE_STATUSES = (ReminderStatus.OVERDUE, ReminderStatus.ESCALATED)


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FINISHED_WITH_ERRORS = "finished_with_errors", "Finished, some sources failed"
    SKIPPED = "skipped", "Skipped: another sweep was running"
    INTERRUPTED = "interrupted", "Interrupted (run again)"


class ReminderRun(models.Model):
    """One sweep of one service. Written before the work starts, so an interrupted sweep
    still shows on the status page (the next sweep marks it interrupted)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reminder_runs")
    run_on = models.DateField(help_text="The day the sweep worked out what is due for (Europe/London).")
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=24, choices=RunStatus.choices, default=RunStatus.RUNNING)
    items_seen = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    emails_sent = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=dict, blank=True, help_text="{source key: error message}")

    class Meta:
        indexes = [models.Index(fields=["service", "run_on", "status"])]

    def __str__(self) -> str:
        return f"Reminder sweep of {self.service_id} on {self.run_on}"

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class Reminder(models.Model):
    """Something a person needs to do by a date, as the sweep last saw it.

    ``client_id`` and ``client_code`` point at a client record without a foreign key: the
    core never depends on a domain app, and sources tell us which client an item is about.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders")
    source = models.CharField(max_length=60)
    item_key = models.CharField(max_length=200)
    due_on = models.DateField()
    kind = models.CharField(max_length=12, choices=ReminderKind.choices, default=ReminderKind.DUE)
    status = models.CharField(max_length=12, choices=ReminderStatus.choices)
    title = models.CharField(max_length=400)
    url = models.CharField(max_length=500, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    client_id = models.BigIntegerField(null=True, blank=True)
    client_code = models.UUIDField(null=True, blank=True)
    client_label = models.CharField(max_length=200, blank=True)
    responsible = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    first_run = models.ForeignKey(ReminderRun, on_delete=models.SET_NULL, null=True, related_name="+")
    last_run = models.ForeignKey(ReminderRun, on_delete=models.SET_NULL, null=True, related_name="+")
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "source", "item_key", "due_on", "kind"], name="reminders_one_per_item_and_date"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "status", "due_on"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["client_id"], condition=Q(status="escalated"), name="reminders_escalated_client"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_on:%d %b %Y})"

    @property
    def is_open(self) -> bool:
        return self.status != ReminderStatus.DONE


def default_sweep_time() -> time:
    return time(7, 0)


@track()
class ReminderSettings(models.Model):
    """A service's reminder settings, created with the defaults the first time they are needed."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="reminder_settings")
    sweep_time = models.TimeField(
        "daily sweep time", default=default_sweep_time, help_text="UK time. Digests are sent right after the sweep."
    )
    look_ahead_days = models.PositiveSmallIntegerField(
        "remind this many days ahead", default=14, help_text="Items due within this many days are included."
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        "escalate after this many days overdue",
        default=7,
        help_text="The team leader is told about an item overdue by this many days.",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "reminder settings"
        verbose_name_plural = "reminder settings"

    def __str__(self) -> str:
        return f"Reminder settings for {self.service}"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week"
    OFF = "off", "Only when something is overdue"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


@track()
class ReminderPreference(models.Model):
    """How often a person wants the digest. Overdue and escalated items are always sent."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="reminder_preference")
    frequency = models.CharField(max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.DAILY)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Digest preference of {self.user_id}"


class DigestStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will be retried"
    NOTHING = "nothing", "Nothing to send"


class DigestSend(models.Model):
    """At most one digest per person per day: the row is claimed under a row lock while the
    e-mail is sent and marked sent in the same transaction, so a retry never sends twice."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="digest_sends")
    digest_on = models.DateField()
    run = models.ForeignKey(ReminderRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="digests")
    status = models.CharField(max_length=10, choices=DigestStatus.choices, default=DigestStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "digest_on"], name="reminders_one_digest_a_day")]

    def __str__(self) -> str:
        return f"Digest for {self.recipient_id} on {self.digest_on}"
