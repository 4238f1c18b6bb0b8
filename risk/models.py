"""Client risk assessments (versioned), alerts, safeguarding concerns and escalations.

Nothing here is hard-deleted: assessments are superseded by a newer version, alerts are
ended, concerns are closed with an outcome, actions become "no longer needed". Every
change is kept by pghistory triggers (``@track()``).

``RiskAssessment.is_current`` marks the newest agreed version of each client's assessment;
it is denormalised for caseload and reminder speed and maintained only by
``risk.services.assessments``.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from clients.models import Client, Contact
from recovery.accounts.models import Service
from recovery.audit.history import track
from risk import choices

User = settings.AUTH_USER_MODEL


def default_areas() -> list[dict]:
    return [{"key": key, "label": label} for key, label in choices.DEFAULT_AREAS]


def default_alert_types() -> list[dict]:
    return [
        {"key": key, "label": label, "severity": str(severity)} for key, label, severity in choices.DEFAULT_ALERT_TYPES
    ]


@track()
class RiskSettings(models.Model):
    """A service's risk settings, created with defaults the first time they are needed."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="risk_settings")
    areas = models.JSONField(default=default_areas, help_text="Areas every assessment covers, in order.")
    alert_types = models.JSONField(default=default_alert_types)
    sign_off_required = models.BooleanField(
        "team leader signs off each agreed assessment",
        default=False,
        help_text="The assessment is in force as soon as it is agreed; sign-off is a check afterwards.",
    )
    safeguarding_follow_up_days = models.PositiveSmallIntegerField(
        default=7,
        help_text="Remind the team when an open concern has no local authority decision after this many days.",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "risk settings"
        verbose_name_plural = "risk settings"

    def __str__(self) -> str:
        return f"Risk settings for {self.service}"

    def alert_type(self, key: str) -> dict | None:
        return next((entry for entry in self.alert_types if entry["key"] == key), None)


@track()
class RiskAssessment(models.Model):
    """One version of a client's risk assessment. A review starts a new draft version from the
    newest agreed one; once agreed, a version's content is read-only."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="risk_assessments")
    number = models.PositiveSmallIntegerField("version")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    review_reason = models.CharField(max_length=20, choices=choices.ReviewReason.choices)
    review_reason_detail = models.TextField("what has changed", blank=True)
    review_priority = models.CharField(
        "review priority",
        max_length=10,
        choices=choices.ReviewPriority.choices,
        blank=True,
        help_text=choices.REVIEW_PRIORITY_HELP,
    )
    review_due_on = models.DateField("review by", null=True, blank=True)
    summary = models.TextField(
        "summary", blank=True, help_text="A short formulation: what is going on, what helps, and what the plan is."
    )
    person_involvement = models.CharField(
        "how the person was involved", max_length=20, choices=choices.PersonInvolvement.choices, blank=True
    )
    person_involvement_note = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)
    sign_off_required = models.BooleanField(default=False)
    signed_off_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)
    is_current = models.BooleanField(default=False, help_text="The newest agreed version (kept by the services).")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["client", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="riskassessment_number_unique"),
            models.UniqueConstraint(
                fields=["client"], condition=Q(agreed_at__isnull=True), name="riskassessment_one_draft"
            ),
            models.UniqueConstraint(fields=["client"], condition=Q(is_current=True), name="riskassessment_one_current"),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(agreed_at__isnull=False), name="riskassessment_current_is_agreed"
            ),
        ]
        indexes = [
            models.Index(fields=["review_due_on"], condition=Q(is_current=True), name="riskassessment_current_due"),
        ]

    def __str__(self) -> str:
        return f"Risk assessment version {self.number} for {self.client}"

    @property
    def is_draft(self) -> bool:
        return self.agreed_at is None

    @property
    def awaiting_sign_off(self) -> bool:
        return self.agreed_at is not None and self.sign_off_required and self.signed_off_at is None

    @property
    def status_label(self) -> str:
        if self.is_draft:
            return "Draft"
        if self.awaiting_sign_off:
            return "Agreed, awaiting sign-off"
        return "Agreed" if self.is_current else "Earlier version"

    def review_is_overdue(self, today: date) -> bool:
        return self.is_current and self.review_due_on is not None and self.review_due_on < today


AREA_TEXT_FIELDS = ("history", "current_concerns", "triggers", "early_signs", "protective_factors", "persons_view")


@track()
class RiskArea(models.Model):
    """One area of an assessment (suicide, self-neglect, ...): a formulation, never a score."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.PROTECT, related_name="areas")
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=choices.AreaStatus.choices, default=choices.AreaStatus.NOT_ASSESSED
    )
    history = models.TextField(blank=True, help_text="What has happened before, and when.")
    current_concerns = models.TextField("current concerns", blank=True, help_text="What is worrying now.")
    triggers = models.TextField(blank=True, help_text="What tends to make things harder.")
    early_signs = models.TextField("early signs", blank=True, help_text="What others might notice first.")
    protective_factors = models.TextField(
        "protective factors", blank=True, help_text="People, places and things that help the person stay well."
    )
    persons_view = models.TextField(
        "the person's own view", blank=True, help_text="In their own words, as they said it."
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "key"], name="riskarea_key_unique")]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display().lower()})"

    @property
    def is_concern(self) -> bool:
        return self.status == choices.AreaStatus.CONCERN

    @property
    def fields_to_show(self) -> list[tuple[str, str, str]]:
        """(name, label, text) in reading order: every field for a concern, so gaps show; otherwise
        only what was written."""
        rows = []
        for name in AREA_DISPLAY_ORDER:
            value = getattr(self, name)
            if value or self.is_concern:
                rows.append((name, str(self._meta.get_field(name).verbose_name).capitalize(), value))
        return rows


AREA_DISPLAY_ORDER = ("current_concerns", "history", "triggers", "early_signs", "protective_factors", "persons_view")


@track()
class ManagementAction(models.Model):
    """A named action in the management plan: what, who, by when."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.PROTECT, related_name="actions")
    area = models.ForeignKey(
        RiskArea, null=True, blank=True, on_delete=models.PROTECT, related_name="actions", verbose_name="area"
    )
    action = models.TextField("what will be done")
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="who (staff)"
    )
    owner_other = models.CharField(
        "who (someone else)", max_length=120, blank=True, help_text="For example: the person, their GP, their sister."
    )
    due_on = models.DateField("by when")
    status = models.CharField(max_length=20, choices=choices.ActionStatus.choices, default=choices.ActionStatus.TO_DO)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(status__in=["to_do", "in_progress"]), name="action_open_due")
        ]

    def __str__(self) -> str:
        return self.action[:60]

    @property
    def owner_name(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_other

    @property
    def is_open(self) -> bool:
        return self.status in choices.OPEN_ACTION_STATUSES


@track()
class ReviewPrompt(models.Model):
    """ "Review now": something changed (a contact, an outcome reading, an escalation) and the
    assessment should be looked at again. Resolved when the next version is agreed."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="risk_review_prompts")
    source = models.CharField(max_length=20, choices=choices.PromptSource.choices)
    reason = models.TextField("what has changed")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        RiskAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="resolved_prompts"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["client"], condition=Q(resolved_at__isnull=True), name="reviewprompt_open")]

    def __str__(self) -> str:
        return f"Risk review asked for on {self.raised_at:%d %b %Y}"


@track()
class Alert(models.Model):
    """A short warning shown wherever the client appears ("Visit in pairs")."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="risk_alerts")
    alert_type = models.CharField("type", max_length=40)
    text = models.CharField(
        "alert", max_length=80, help_text="What colleagues see on caseloads, for example: Do not contact ex-partner."
    )
    detail = models.TextField("more detail", blank=True, help_text="Shown on the Risk and safety tab only.")
    severity = models.CharField(max_length=10, choices=choices.Severity.choices, default=choices.Severity.WARNING)
    starts_on = models.DateField("from")
    review_on = models.DateField("review by", null=True, blank=True)
    ends_on = models.DateField("until", null=True, blank=True, help_text="Leave empty if it applies until reviewed.")
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_reason = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["client"], condition=Q(ended_at__isnull=True), name="alert_not_ended")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="alert_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.text

    def is_current_on(self, day: date) -> bool:
        return self.ended_at is None and self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


@track()
class SafeguardingConcern(models.Model):
    """A safeguarding concern (Care Act 2014). Its details are seen only by the allocated
    workers, the team leader and the service manager (see ``risk.access``)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="safeguarding_concerns")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="safeguarding_concerns"
    )
    categories = ArrayField(models.CharField(max_length=30, choices=choices.CareActCategory.choices))
    what_happened = models.TextField("what happened")
    occurred_on = models.DateField("when it happened", null=True, blank=True, help_text="Leave empty if not known.")
    who_is_at_risk = models.TextField("who is at risk")
    source = models.CharField(
        "how the concern came to light",
        max_length=200,
        blank=True,
        help_text="For example: Sam told me at a home visit.",
    )
    children_in_household = models.CharField(
        "children in the household", max_length=10, choices=choices.YesNoUnknown.choices
    )
    other_adults_in_household = models.CharField(
        "other adults at risk in the household", max_length=10, choices=choices.YesNoUnknown.choices
    )
    household_details = models.TextField(
        "about the household", blank=True, help_text="Think Family: who else lives there or visits, and their ages."
    )
    persons_views = models.TextField(
        "what the person wants to happen", blank=True, help_text="Making Safeguarding Personal: in their words."
    )
    referral_consent = models.CharField(
        "consent to a referral", max_length=20, choices=choices.ReferralConsent.choices, default="not_asked"
    )
    immediate_actions = models.TextField("immediate actions taken")
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField("raised on")
    recorded_at = models.DateTimeField(auto_now_add=True)

    la_referral = models.CharField(
        "local authority referral",
        max_length=20,
        choices=choices.LocalAuthorityReferral.choices,
        default=choices.LocalAuthorityReferral.UNDECIDED,
    )
    la_referred_on = models.DateField("date referred", null=True, blank=True)
    la_reference = models.CharField("local authority reference", max_length=60, blank=True)
    la_not_referred_reason = models.TextField("why not referred", blank=True)
    la_decision = models.CharField(
        "local authority decision", max_length=20, choices=choices.LocalAuthorityDecision.choices, blank=True
    )
    la_decision_on = models.DateField("date of decision", null=True, blank=True)
    police_informed_on = models.DateField("police informed on", null=True, blank=True)
    police_reference = models.CharField("police reference", max_length=60, blank=True)
    lead_informed_on = models.DateField("safeguarding lead informed on", null=True, blank=True)
    lead_name = models.CharField("safeguarding lead", max_length=120, blank=True)

    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closure_reason = models.CharField(max_length=30, choices=choices.ClosureReason.choices, blank=True)
    outcome = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["client"], condition=Q(closed_at__isnull=True), name="concern_open_client"),
            models.Index(fields=["raised_at"], condition=Q(closed_at__isnull=True), name="concern_open_raised"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | (~Q(outcome="") & ~Q(closure_reason="")),
                name="concern_closed_has_outcome",
            ),
            models.CheckConstraint(condition=~Q(categories=[]), name="concern_has_category"),
        ]

    def __str__(self) -> str:
        return f"Safeguarding concern raised {self.raised_at:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def category_labels(self) -> list[str]:
        labels = dict(choices.CareActCategory.choices)
        return [labels.get(category, category) for category in self.categories]


@track()
class SafeguardingUpdate(models.Model):
    """A decision or update on a concern: append-only."""

    concern = models.ForeignKey(SafeguardingConcern, on_delete=models.PROTECT, related_name="updates")
    note = models.TextField("decision or update")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Update by {self.recorded_by} on {self.recorded_at:%d %b %Y}"


@track()
class SafeguardingNotificationLog(models.Model):
    """One row per (concern, person e-mailed): the task sends an e-mail only when it creates the row."""

    concern = models.ForeignKey(SafeguardingConcern, on_delete=models.PROTECT, related_name="notification_logs")
    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    emailed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concern", "recipient"], name="safeguarding_email_once_per_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} e-mailed about {self.concern}"


@track()
class Escalation(models.Model):
    """A concern raised to on-call, the crisis team or emergency services, from a contact."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="risk_escalations")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="risk_escalations")
    escalated_to = models.CharField("escalated to", max_length=20, choices=choices.EscalatedTo.choices)
    escalated_to_detail = models.CharField(
        "name or service", max_length=150, blank=True, help_text="For example: Dr Khan, on-call; Northgate crisis team."
    )
    escalated_at = models.DateTimeField("when")
    reason = models.TextField("why")
    outcome = models.TextField("outcome", help_text="What was agreed or what happened next.")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-escalated_at", "-id"]
        indexes = [models.Index(fields=["client", "-escalated_at"], name="escalation_client_at")]

    def __str__(self) -> str:
        return f"Escalation to {self.get_escalated_to_display()} on {self.escalated_at:%d %b %Y}"
