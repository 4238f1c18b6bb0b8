"""Who comes: regular attendees of an activity, bookings for a session, and the register marks.

Bookings are the register's list: adding a regular attendee books them onto the activity's
future sessions, and a walk-in is booked as they are marked. One ``Attendance`` row per
person per session (a unique constraint), so a double tap on the register changes nothing.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from activities import choices
from activities.models.programme import Activity
from activities.models.sessions import Session
from clients.models import Client
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL


@track()
class RegularAttendee(models.Model):
    """Someone who comes to an activity every time; ended rather than deleted."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="regular_attendees")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="regular_activities")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "client"], condition=Q(ended_on__isnull=True), name="regularattendee_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} at {self.activity}"


@track()
class Booking(models.Model):
    """A place on one session. Cancelling keeps the row (and frees the place)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="activity_bookings")
    status = models.CharField(
        max_length=20, choices=choices.BookingStatus.choices, default=choices.BookingStatus.BOOKED
    )
    is_walk_in = models.BooleanField(default=False)
    from_regular = models.ForeignKey(
        RegularAttendee, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    cancelled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "client"], name="booking_one_per_session")]
        indexes = [models.Index(fields=["client"], name="booking_client")]

    def __str__(self) -> str:
        return f"{self.client} on {self.session}"


@track()
class Attendance(models.Model):
    """The register mark for one person at one session."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="activity_attendance")
    mark = models.CharField(max_length=20, choices=choices.Mark.choices)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "client"], name="attendance_one_per_session")]
        indexes = [models.Index(fields=["client", "session"], name="attendance_client")]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_mark_display()}"

    @property
    def took_part(self) -> bool:
        return self.mark in choices.TOOK_PART
