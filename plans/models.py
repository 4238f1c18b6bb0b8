"""Support and recovery plans (with versions, goals, steps and reviews), WRAP, safety plans,
the relapse signature (early warning signs) and the per-service plan settings.

Nothing here is hard-deleted: a plan version is superseded by the next, a draft is set
aside, a sign is archived. Every change is kept by pghistory triggers (``@track()``).
Rows edited in forms carry a ``version`` for optimistic locking (recovery.core.concurrency).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from clients.models import Client, Contact, Episode, NetworkMember
from plans import choices
from recovery.accounts.models import Service
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL


def _default_life_areas() -> list[str]:
    return list(choices.DEFAULT_LIFE_AREAS)


def _default_crisis_contacts() -> list[dict[str, str]]:
    return [dict(contact) for contact in choices.DEFAULT_CRISIS_CONTACTS]


@track()
class PlanSettings(models.Model):
    """A service's settings for plans that the Service model does not hold (review intervals do)."""

    service = models.OneToOneField(Service, on_delete=models.PROTECT, related_name="plan_settings")
    early_warning_threshold = models.PositiveSmallIntegerField(
        "early warning signs before a flag",
        default=3,
        help_text="Flag the client on caseloads when this many early warning signs are ticked on contacts "
        "within the window below.",
    )
    early_warning_window_days = models.PositiveSmallIntegerField(
        "window in days", default=14, help_text="How far back to count early warning signs."
    )
    sign_off_required = models.BooleanField(
        "team leader signs off agreed plans",
        default=False,
        help_text="Agreed plans show as awaiting sign-off until a team leader signs them off.",
    )
    life_areas = ArrayField(models.CharField(max_length=80), default=_default_life_areas)
    crisis_contacts = models.JSONField(
        default=_default_crisis_contacts,
        help_text="Printed on every safety plan: name, UK number and a short note.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "plan settings"
        verbose_name_plural = "plan settings"

    def __str__(self) -> str:
        return f"Plan settings for {self.service}"


@track()
class Plan(models.Model):
    """One version of a client's plan of one type. draft → agreed → superseded (or a draft set aside)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="plans")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="plans")
    plan_type = models.CharField(max_length=20, choices=choices.PlanType.choices, default=choices.PlanType.SUPPORT)
    number = models.PositiveSmallIntegerField("version number", default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    status = models.CharField(max_length=20, choices=choices.PlanStatus.choices, default=choices.PlanStatus.DRAFT)

    about_me = models.TextField("about me and what matters to me", blank=True)
    about_me_by = models.CharField(max_length=10, choices=choices.WrittenBy.choices, default=choices.WrittenBy.JOINT)
    strengths = models.TextField("my strengths and what already helps", blank=True)
    strengths_by = models.CharField(max_length=10, choices=choices.WrittenBy.choices, default=choices.WrittenBy.JOINT)
    contingency = models.TextField("if things get difficult", blank=True)
    contingency_by = models.CharField(max_length=10, choices=choices.WrittenBy.choices, default=choices.WrittenBy.JOINT)

    # The NHS Care Programme Approach care plan, where the person has one (held by the NHS, not here).
    has_cpa = models.BooleanField("has an NHS CPA care plan", default=False)
    cpa_care_coordinator = models.CharField("CPA care coordinator", max_length=150, blank=True)
    cpa_coordinator_contact = models.CharField("care coordinator's team or phone", max_length=150, blank=True)
    cpa_review_on = models.DateField("next CPA review", null=True, blank=True)

    # Agreement with the client (set when the plan is agreed).
    agreement = models.CharField(max_length=10, choices=choices.Agreement.choices, blank=True)
    client_typed_name = models.CharField("name typed by the client", max_length=150, blank=True)
    declined_reason = models.TextField(blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    review_due_on = models.DateField(null=True, blank=True)
    review_due_kind = models.CharField(max_length=20, choices=choices.ReviewKind.choices, blank=True)
    last_reviewed_on = models.DateField(null=True, blank=True)

    # Team leader sign-off, where the service asks for it (fixed when the plan is agreed).
    sign_off_required = models.BooleanField(default=False)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    superseded_at = models.DateTimeField(null=True, blank=True)
    archived_reason = models.CharField(max_length=200, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan_type", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["client", "plan_type", "number"], name="plan_number_unique"),
            models.UniqueConstraint(
                fields=["client", "plan_type"], condition=Q(status="draft"), name="plan_one_draft_per_type"
            ),
            models.UniqueConstraint(
                fields=["client", "plan_type"], condition=Q(status="agreed"), name="plan_one_agreed_per_type"
            ),
            models.CheckConstraint(
                name="plan_agreed_has_agreement",
                condition=~Q(status__in=["agreed", "superseded"])
                | (~Q(agreement="") & Q(agreed_on__isnull=False) & Q(review_due_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="plan_signed_has_typed_name", condition=~Q(agreement="signed") | ~Q(client_typed_name="")
            ),
            models.CheckConstraint(
                name="plan_declined_has_reason", condition=~Q(agreement="declined") | ~Q(declined_reason="")
            ),
        ]
        indexes = [
            models.Index(fields=["client", "status"], name="plan_client_status"),
            models.Index(fields=["status", "review_due_on"], name="plan_status_review_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_plan_type_display()} for {self.client}, version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == choices.PlanStatus.DRAFT

    @property
    def is_agreed(self) -> bool:
        return self.status == choices.PlanStatus.AGREED

    @property
    def awaiting_sign_off(self) -> bool:
        return self.is_agreed and self.sign_off_required and self.signed_off_at is None


@track()
class Goal(models.Model):
    """A goal in the client's own words, with what support looks like."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    position = models.PositiveSmallIntegerField(default=0)
    life_area = models.CharField(max_length=80)
    in_my_words = models.TextField("my goal, in my words")
    support = models.TextField("what support looks like", blank=True)
    written_by = models.CharField(max_length=10, choices=choices.WrittenBy.choices, default=choices.WrittenBy.CLIENT)
    status = models.CharField(max_length=10, choices=choices.GoalStatus.choices, default=choices.GoalStatus.WORKING)
    progress = models.TextField("progress so far", blank=True)
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.in_my_words[:60]


@track()
class Step(models.Model):
    """A step towards a goal: who does what by when."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField("what")
    owner = models.CharField("who", max_length=10, choices=choices.StepOwner.choices, default=choices.StepOwner.CLIENT)
    owner_worker = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField("partner agency or person", max_length=150, blank=True)
    due_on = models.DateField("by when", null=True, blank=True)
    status = models.CharField(max_length=10, choices=choices.StepStatus.choices, default=choices.StepStatus.TO_DO)
    completed_on = models.DateField(null=True, blank=True)
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(name="step_partner_is_named", condition=~Q(owner="partner") | ~Q(owner_name="")),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="step_status_due")]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def owner_label(self) -> str:
        if self.owner == choices.StepOwner.WORKER:
            return str(self.owner_worker) if self.owner_worker_id else "A worker"
        if self.owner == choices.StepOwner.PARTNER:
            return self.owner_name
        return "Me"

    @property
    def is_open(self) -> bool:
        return self.status in choices.OPEN_STEP_STATUSES


@track()
class PlanReview(models.Model):
    """A review of an agreed plan: what went well, what changed, the client's view, progress per goal."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=choices.ReviewKind.choices, default=choices.ReviewKind.SCHEDULED)
    reviewed_on = models.DateField()
    # For the timeline: now if reviewed today, otherwise midday on the review date.
    reviewed_at = models.DateTimeField()
    went_well = models.TextField("what went well", blank=True)
    what_changed = models.TextField("what has changed", blank=True)
    client_view = models.TextField("the client's view, in their words", blank=True)
    outcome = models.CharField(max_length=20, choices=choices.ReviewOutcome.choices)
    next_review_on = models.DateField()
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        indexes = [models.Index(fields=["plan", "-reviewed_at"], name="planreview_plan_at")]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.reviewed_on:%d %b %Y}"


@track()
class GoalProgress(models.Model):
    """Progress on one goal, noted at a review; the goal's latest progress moves into the next version."""

    review = models.ForeignKey(PlanReview, on_delete=models.PROTECT, related_name="progress")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="progress_notes")
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=choices.GoalStatus.choices)

    class Meta:
        ordering = ["goal__position", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "goal"], name="goalprogress_once_per_review")]

    def __str__(self) -> str:
        return f"Progress on {self.goal} at {self.review}"


@track()
class Wrap(models.Model):
    """The person's Wellness Recovery Action Plan (Copeland). It is theirs: they choose who sees it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField(Client, on_delete=models.PROTECT, related_name="wrap")
    sharing = models.CharField(
        "who may see it", max_length=20, choices=choices.WrapSharing.choices, default=choices.WrapSharing.TEAM
    )
    shared_with = models.ManyToManyField(NetworkMember, blank=True, through="WrapShare", related_name="+")
    wellness_toolbox = models.TextField("my wellness toolbox", blank=True)
    daily_maintenance = models.TextField("my daily maintenance plan", blank=True)
    triggers = models.TextField("my triggers", blank=True)
    triggers_actions = models.TextField("what I do when triggers come up", blank=True)
    early_warning_signs = models.TextField("my early warning signs", blank=True)
    early_warning_actions = models.TextField("what I do when I notice them", blank=True)
    breaking_down_signs = models.TextField("when things are breaking down", blank=True)
    breaking_down_actions = models.TextField("what I do then", blank=True)
    crisis_plan = models.TextField("my crisis plan", blank=True)
    post_crisis_plan = models.TextField("my post-crisis plan", blank=True)
    written_by = models.CharField(max_length=10, choices=choices.WrittenBy.choices, default=choices.WrittenBy.CLIENT)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "WRAP"
        verbose_name_plural = "WRAPs"

    def __str__(self) -> str:
        return f"WRAP for {self.client}"


@track()
class WrapShare(models.Model):
    """Someone in the person's network they have named to see their WRAP."""

    wrap = models.ForeignKey(Wrap, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wrap", "member"], name="wrapshare_unique")]

    def __str__(self) -> str:
        return f"{self.wrap} shared with {self.member}"


@track()
class SafetyPlan(models.Model):
    """A safety plan in Stanley–Brown order; the service's crisis numbers are added when it is shown."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField(Client, on_delete=models.PROTECT, related_name="safety_plan")
    warning_signs = models.TextField("my warning signs", blank=True)
    coping_strategies = models.TextField("things I can do on my own", blank=True)
    distractions = models.TextField("people and places that take my mind off things", blank=True)
    people_to_ask = models.TextField("people I can ask for help", blank=True)
    professionals = models.TextField("my own professionals and services", blank=True)
    safer_environment = models.TextField("making where I am safer", blank=True)
    reason_for_living = models.TextField("what matters most to me", blank=True)
    written_by = models.CharField(max_length=10, choices=choices.WrittenBy.choices, default=choices.WrittenBy.CLIENT)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Safety plan for {self.client}"


@track()
class RelapseSignature(models.Model):
    """The person's relapse signature: their signs and triggers (``EarlyWarningSign``), what helps, who to tell."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField(Client, on_delete=models.PROTECT, related_name="relapse_signature")
    what_helps = models.TextField("what helps me", blank=True)
    who_to_tell = models.TextField("who to tell", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Relapse signature for {self.client}"


@track()
class EarlyWarningSign(models.Model):
    """One early warning sign or trigger in the person's words. Archived, never deleted."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="early_warning_signs")
    kind = models.CharField(max_length=10, choices=choices.SignKind.choices, default=choices.SignKind.SIGN)
    description = models.CharField("in my words", max_length=200)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "created_at", "id"]
        indexes = [models.Index(fields=["client", "is_active"], name="ewsign_client_active")]

    def __str__(self) -> str:
        return self.description


@track()
class SignObservation(models.Model):
    """An early warning sign a worker noticed at a contact (ticked on the contact form)."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    sign = models.ForeignKey(EarlyWarningSign, on_delete=models.PROTECT, related_name="observations")
    # Copied from the contact so caseload flags and trends need no join.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    observed_at = models.DateTimeField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["contact", "sign"], name="signobservation_once_per_contact")]
        indexes = [models.Index(fields=["client", "-observed_at"], name="signobservation_client_at")]

    def __str__(self) -> str:
        return f"{self.sign} noticed on {self.observed_at:%d %b %Y}"
