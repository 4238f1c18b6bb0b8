"""The programme: partner agencies, activities with their facilitators, and the timetable feed.

An activity belongs to a service (optionally run by one of its teams); its sessions live in
``activities.models.sessions``. Nothing here is hard-deleted: agencies and activities are
made inactive, so past sessions and their registers keep their meaning.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from activities import choices
from recovery.accounts.models import Service, Team
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL


@track()
class PartnerAgency(models.Model):
    """An organisation that runs or hosts activities with the service (college, leisure centre...)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="partner_agencies")
    name = models.CharField(max_length=150)
    agency_type = models.CharField("type", max_length=20, choices=choices.AgencyType.choices)
    contact_name = models.CharField("main contact", max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField(blank=True)
    address = models.TextField(blank=True)
    offers = models.TextField("what they offer", blank=True)
    agreement = models.CharField(
        "agreement",
        max_length=200,
        blank=True,
        help_text="For example: data-sharing agreement, service-level agreement.",
    )
    agreement_expires_on = models.DateField("agreement expires on", null=True, blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "partner agencies"
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="partneragency_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def agreement_lapsed(self) -> bool:
        return self.agreement_expires_on is not None and self.agreement_expires_on < timezone.localdate()


@track()
class Activity(models.Model):
    """A group or outing on the programme ("Cooking on a budget", "Walking group")."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="activities")
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text="The team that runs it, if one does.",
    )
    title = models.CharField(max_length=150)
    category = models.CharField(max_length=20, choices=choices.Category.choices)
    description = models.TextField(blank=True, help_text="What happens and who it is for, in plain words.")
    facilitators = models.ManyToManyField(User, through="ActivityFacilitator", related_name="facilitated_activities")
    partner_agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    location_kind = models.CharField(
        "where", max_length=20, choices=choices.LocationKind.choices, default=choices.LocationKind.IN_HOUSE
    )
    location = models.CharField(
        "room or address", max_length=200, help_text="The room name in-house, or the community address."
    )
    capacity = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The most people who can take part. Leave empty for no limit."
    )
    accessibility_notes = models.TextField(blank=True, help_text="Step-free access, hearing loop, quiet space...")
    booking_required = models.BooleanField(
        "booking needed", default=False, help_text="People book a place; otherwise they can just turn up."
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["service", "title"], condition=Q(is_active=True), name="activity_active")]

    def __str__(self) -> str:
        return self.title


@track()
class ActivityFacilitator(models.Model):
    """A member of staff who runs an activity. ``is_learning`` marks someone co-facilitating to learn."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="facilitator_links")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    is_learning = models.BooleanField("co-facilitating to learn", default=False)

    class Meta:
        ordering = ["is_learning", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "user"], name="activityfacilitator_unique")]

    def __str__(self) -> str:
        return f"{self.user} on {self.activity}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


@track(exclude=["token"])
class TimetableFeed(models.Model):
    """The secret address of a service's iCalendar feed, so calendars can subscribe without signing in.

    The feed holds no client data; the token only stops the timetable being found by guessing.
    A manager regenerates it when it has been shared too widely, which breaks old subscriptions.
    """

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="timetable_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    regenerated_at = models.DateTimeField(null=True, blank=True)
    regenerated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Timetable feed for {self.service}"
