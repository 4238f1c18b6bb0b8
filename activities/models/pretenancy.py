"""The pre-tenancy course: a service's modules, each client's sign-offs and their completion.

Progress on a module comes from two things: attending sessions of the activities linked to it
(read from the register, never copied here), and a worker signing the module off once the
person is confident with it. When every active module of the service is signed off, the
course is complete: a ``PreTenancyCompletion`` row is written (by
``activities.services.pretenancy``) and the certificate can be printed. Changing the modules
later leaves completions already awarded as they were.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from activities.models.programme import Activity
from clients.models import Client
from recovery.accounts.models import Service
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL

__all__ = ["PreTenancyCompletion", "PreTenancyModule", "PreTenancyModuleActivity", "PreTenancySignOff"]

DEFAULT_MODULES = (
    "Budgeting",
    "Bills and utilities",
    "Cooking and food safety",
    "Tenancy rights and responsibilities",
    "Neighbours",
    "Home maintenance and cleaning",
    "Fire and home safety",
)


@track()
class PreTenancyModule(models.Model):
    """One module of a service's course ("Budgeting"), with the activities that teach it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="pretenancy_modules")
    title = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    activities = models.ManyToManyField(Activity, through="PreTenancyModuleActivity", related_name="+")
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["service", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "title"], condition=Q(is_active=True), name="pretenancymodule_title_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


@track()
class PreTenancyModuleActivity(models.Model):
    """An activity whose sessions count towards a module."""

    module = models.ForeignKey(PreTenancyModule, on_delete=models.CASCADE, related_name="activity_links")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="pretenancy_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["module", "activity"], name="pretenancymoduleactivity_unique")]

    def __str__(self) -> str:
        return f"{self.activity} counts towards {self.module}"


@track()
class PreTenancySignOff(models.Model):
    """A worker's confirmation that the person has covered a module."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="pretenancy_sign_offs")
    module = models.ForeignKey(PreTenancyModule, on_delete=models.PROTECT, related_name="sign_offs")
    signed_off_on = models.DateField("signed off on")
    note = models.TextField("how they covered it", blank=True)
    signed_off_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["module__position", "id"]
        constraints = [models.UniqueConstraint(fields=["client", "module"], name="pretenancysignoff_unique")]

    def __str__(self) -> str:
        return f"{self.client}: {self.module}"


@track()
class PreTenancyCompletion(models.Model):
    """The person finished the course: the certificate is printed from this row."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="pretenancy_completions")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="pretenancy_completions")
    completed_on = models.DateField()
    modules = models.JSONField(default=list, help_text="The module titles covered, as they were on completion.")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["client", "service"], name="pretenancycompletion_unique")]
        indexes = [models.Index(fields=["service", "completed_on"], name="pretenancycompletion_on")]

    def __str__(self) -> str:
        return f"{self.client} completed the pre-tenancy course on {self.completed_on:%d %b %Y}"
