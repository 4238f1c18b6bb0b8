"""Staff, services and teams.

A ``Service`` is a contract or scheme (a supported-housing scheme, a community
recovery team, a crisis house) with its own settings. A ``Team`` belongs to one
service. A ``Membership`` gives a member of staff a role: in a team (worker,
team leader, read-only) or over a whole service (service manager).
Administrators are ``is_staff`` users: they manage accounts and see no client
records unless they also hold a clinical membership.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recovery.audit.history import track


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("Enter an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


@track(exclude=["password", "last_login"])
class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Logs in by e-mail."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150)
    preferred_name = models.CharField(
        max_length=80, blank=True, help_text="What colleagues call you, if not your first name."
    )
    job_title = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField("active", default=True, help_text="Untick to end this person's access at once.")
    is_staff = models.BooleanField(
        "administrator",
        default=False,
        help_text="Administrators manage staff accounts, teams and services.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = "member of staff"
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.preferred_name or self.full_name.split(" ")[0]

    @property
    def is_administrator(self) -> bool:
        return self.is_staff


@track()
class Service(models.Model):
    """A contract or scheme, with the settings its commissioner's contract fixes."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(
        max_length=40,
        choices=[
            ("supported_housing", "Supported housing"),
            ("community", "Community recovery team"),
            ("crisis_house", "Crisis house"),
            ("wellbeing", "Wellbeing service"),
            ("helpline", "Helpline or crisis café"),
        ],
        default="supported_housing",
    )
    commissioner_name = models.CharField(max_length=150, blank=True)
    contract_reference = models.CharField(max_length=80, blank=True)
    plan_review_interval_days = models.PositiveIntegerField(
        default=91, help_text="Days between support plan reviews (about 3 months)."
    )
    risk_review_interval_days = models.PositiveIntegerField(
        default=91, help_text="Days between risk assessment reviews."
    )
    first_review_after_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Light-touch first review after a new plan (for example 42 days). Leave empty for none.",
    )
    late_entry_hours = models.PositiveIntegerField(
        default=24, help_text="A contact recorded later than this is marked as a late entry."
    )
    not_seen_amber_days = models.PositiveIntegerField(
        default=14, help_text="Caseloads show amber when a client has not been seen for this many days."
    )
    not_seen_red_days = models.PositiveIntegerField(
        default=28, help_text="Caseloads show red when a client has not been seen for this many days."
    )
    dna_flag_after = models.PositiveSmallIntegerField("flag after this many did-not-attends in a row", default=2)
    plan_due_within_days = models.PositiveIntegerField(
        default=28, help_text="A new client should have an agreed support plan within this many days of starting."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@track()
class Team(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["service__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="team_name_unique_in_service"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    WORKER = "worker", "Recovery worker"
    TEAM_LEADER = "team_leader", "Team leader"
    READ_ONLY = "read_only", "Read only"
    SERVICE_MANAGER = "service_manager", "Service manager"


TEAM_ROLES = (Role.WORKER, Role.TEAM_LEADER, Role.READ_ONLY)


@track()
class Membership(models.Model):
    """A role held by a member of staff: in a team, or (service managers) over a service."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role="service_manager", service__isnull=False, team__isnull=True)
                    | (~Q(role="service_manager") & Q(team__isnull=False, service__isnull=True))
                ),
            ),
            models.UniqueConstraint(fields=["user", "team", "role"], name="membership_unique_team_role"),
            models.UniqueConstraint(fields=["user", "service", "role"], name="membership_unique_service_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.team or self.service}"
