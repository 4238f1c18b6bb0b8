"""The client record and everything that hangs directly off it.

Clinical rows are never hard-deleted: they are ended, archived or amended, and every
change is kept by pghistory triggers. Two values are denormalised onto ``Client`` for
caseload speed and maintained only by services: ``lead_worker`` (the open lead
allocation) and ``last_contact_at`` / ``consecutive_dna`` (from contacts).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower

from clients import choices
from clients.validators import validate_nhs_number
from recovery.accounts.models import Team
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL


@track()
class Client(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="clients")
    first_name = models.CharField("legal first name", max_length=100)
    last_name = models.CharField("legal last name", max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True, help_text="What the person likes to be called.")
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField()
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number], db_index=True
    )
    address_line_1 = models.CharField(max_length=150, blank=True)
    address_line_2 = models.CharField(max_length=150, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    gp_practice = models.CharField("GP practice", max_length=150, blank=True)
    gp_phone = models.CharField("GP phone", max_length=30, blank=True)

    interpreter_language = models.CharField(max_length=60, blank=True, help_text="Leave empty if none is needed.")
    needs_bsl = models.BooleanField("needs a BSL interpreter", default=False)
    needs_easy_read = models.BooleanField("needs easy-read information", default=False)
    communication_notes = models.TextField("other communication and access needs", blank=True)

    # Equality monitoring (Equality Act 2010); age comes from the date of birth.
    disability = models.CharField(max_length=30, choices=choices.YES_NO, blank=True)
    gender_reassignment = models.CharField(
        "gender identity differs from sex registered at birth", max_length=30, choices=choices.YES_NO, blank=True
    )
    marital_status = models.CharField(
        "marriage or civil partnership", max_length=30, choices=choices.MARITAL_STATUS, blank=True
    )
    pregnancy_maternity = models.CharField(
        "pregnant or on maternity leave", max_length=30, choices=choices.YES_NO, blank=True
    )
    ethnicity = models.CharField(max_length=40, choices=choices.ETHNICITY, blank=True)
    religion = models.CharField("religion or belief", max_length=30, choices=choices.RELIGION, blank=True)
    sex = models.CharField(max_length=30, choices=choices.SEX, blank=True)
    sexual_orientation = models.CharField(max_length=30, choices=choices.SEXUAL_ORIENTATION, blank=True)

    is_restricted = models.BooleanField(
        "restricted record",
        default=False,
        help_text="Only allocated workers, team leaders and managers can open a restricted record.",
    )
    lead_worker = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_open = models.BooleanField(default=False, help_text="An episode is open.")
    last_contact_at = models.DateTimeField(null=True, blank=True)
    consecutive_dna = models.PositiveSmallIntegerField(default=0)
    search_name = models.GeneratedField(
        expression=Lower(Concat("first_name", Value(" "), "last_name", Value(" "), "preferred_name")),
        output_field=models.TextField(),
        db_persist=True,
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            GinIndex(fields=["search_name"], opclasses=["gin_trgm_ops"], name="client_search_name_trgm"),
            models.Index(fields=["team", "is_open"], name="client_team_open"),
            models.Index(fields=["lead_worker", "is_open"], name="client_lead_open"),
            models.Index(fields=["date_of_birth"], name="client_dob"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def legal_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@track()
class ClientLink(models.Model):
    """Two records found to be the same person: linked, never merged destructively."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="links_from")
    linked_client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="links_to")
    reason = models.TextField()
    linked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "linked_client"], name="clientlink_unique_pair"),
            models.CheckConstraint(condition=~Q(client=models.F("linked_client")), name="clientlink_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.client} is the same person as {self.linked_client}"


@track()
class Referral(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=30, choices=choices.REFERRAL_SOURCE)
    source_detail = models.CharField(max_length=150, blank=True, help_text="Who referred, if useful.")
    received_on = models.DateField()
    reason = models.TextField()
    decision = models.CharField(max_length=20, choices=choices.REFERRAL_DECISION, default="pending")
    decision_reason = models.TextField(blank=True)
    signposted_to = models.CharField(max_length=150, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["decision", "received_on"], name="referral_decision_received")]

    def __str__(self) -> str:
        return f"Referral of {self.client} received {self.received_on:%d %b %Y}"


@track()
class Episode(models.Model):
    """A period of support. Waiting (accepted, not started) → open → ended."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="episodes")
    referral = models.OneToOneField(Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="episode")
    accepted_on = models.DateField()
    started_on = models.DateField(
        null=True, blank=True, help_text="First day of support (admission for crisis houses)."
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=choices.END_REASON, blank=True)
    end_reason_detail = models.CharField(max_length=200, blank=True)
    move_on_destination = models.CharField(max_length=40, choices=choices.MOVE_ON_DESTINATION, blank=True)
    ended_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-accepted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(ended_on__isnull=True), name="episode_one_current_per_client"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""), name="episode_ended_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(started_on__gte=models.F("accepted_on")),
                name="episode_starts_after_acceptance",
            ),
        ]

    def __str__(self) -> str:
        return f"Episode of {self.client} accepted {self.accepted_on:%d %b %Y}"

    @property
    def status(self) -> str:
        if self.ended_on:
            return "ended"
        return "open" if self.started_on else "waiting"


@track()
class Allocation(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="allocations")
    role = models.CharField(max_length=10, choices=[("lead", "Lead worker"), ("co", "Co-worker")])
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    allocated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("reason for allocating", max_length=200, blank=True)
    ended_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_reason = models.CharField("reason for ending", max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(role="lead", ended_at__isnull=True), name="allocation_one_lead"
            ),
            models.UniqueConstraint(
                fields=["client", "worker"], condition=Q(ended_at__isnull=True), name="allocation_once_per_worker"
            ),
        ]
        indexes = [models.Index(fields=["worker", "ended_at"], name="allocation_worker_open")]

    def __str__(self) -> str:
        return f"{self.worker} ({self.get_role_display().lower()}) for {self.client}"


@track()
class Contact(models.Model):
    """A contact or case note. Append-only: corrections are amendments beside the original."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField()
    contact_type = models.CharField("type", max_length=20, choices=choices.CONTACT_TYPE)
    outcome = models.CharField(max_length=30, choices=choices.CONTACT_OUTCOME)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)
    tags = ArrayField(models.CharField(max_length=30, choices=choices.CONTACT_TAG), default=list, blank=True)
    is_late_entry = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.UUIDField(unique=True, help_text="Makes a double submit harmless.")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-occurred_at", "-id"], name="contact_client_occurred"),
            models.Index(fields=["occurred_at"], name="contact_occurred"),
        ]

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} with {self.client} on {self.occurred_at:%d %b %Y}"

    @property
    def is_attended(self) -> bool:
        return self.outcome == "attended"


@track()
class ContactAmendment(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="amendments")
    note = models.TextField()
    reason = models.CharField(max_length=200)
    amended_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["amended_at", "id"]

    def __str__(self) -> str:
        return f"Amendment by {self.amended_by} on {self.amended_at:%d %b %Y}"


@track()
class DisputedView(models.Model):
    """The person's own statement beside a note they disagree with (UK GDPR right to rectification)."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="disputes")
    statement = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Disputed view recorded {self.recorded_at:%d %b %Y}"


@track()
class BreakGlassGrant(models.Model):
    """Time-limited access to a client outside the user's scope, opened with a typed reason."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="break_glass_grants")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "client", "expires_at"], name="breakglass_user_client")]

    def __str__(self) -> str:
        return f"Break-glass access to {self.client} for {self.user}"


@track()
class NetworkMember(models.Model):
    """Someone in the person's network, and what the person agrees we may share with them."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="network")
    relationship = models.CharField(max_length=30, choices=choices.NETWORK_RELATIONSHIP)
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    address = models.TextField(blank=True)
    may_share = models.TextField("what the person agrees we may share", blank=True)
    consent_given_on = models.DateField(null=True, blank=True)
    consent_review_on = models.DateField("consent review or expiry", null=True, blank=True)
    is_active = models.BooleanField(default=True)
    inactive_since = models.DateTimeField(null=True, blank=True)
    inactive_reason = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["relationship", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


@track()
class ConsentRecord(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(max_length=30, choices=choices.CONSENT_KIND)
    decision = models.CharField(max_length=20, choices=choices.CONSENT_DECISION)
    decided_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_decision_display()}"


def document_upload_to(instance: Document, filename: str) -> str:
    # Never trust the uploaded name for the stored path: a random name, the extension kept.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"clients/{instance.client.code}/{uuid.uuid4().hex}.{extension}"


@track()
class Document(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=150)
    category = models.CharField(max_length=30, choices=choices.DOCUMENT_CATEGORY, default="other")
    file = models.FileField(upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    archive_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


@track()
class AdvanceStatement(models.Model):
    """The person's wishes about future care, shown as a banner on every client page."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="advance_statements")
    kind = models.CharField(
        max_length=30,
        choices=[("statement", "Advance statement"), ("decision", "Advance decision to refuse treatment")],
        default="statement",
    )
    summary = models.TextField(help_text="The key wishes, in the person's words where possible.")
    made_on = models.DateField()
    where_held = models.CharField("where the full document is held", max_length=200, blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} made {self.made_on:%d %b %Y}"


@track()
class BriefContact(models.Model):
    """A helpline call or crisis-café visit from someone who is not (yet) a client."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="brief_contacts")
    occurred_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=choices.BRIEF_CHANNEL)
    name_given = models.CharField("name or initials given", max_length=100, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField()
    tags = ArrayField(models.CharField(max_length=30, choices=choices.CONTACT_TAG), default=list, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.UUIDField(unique=True)
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="from_brief_contact"
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} on {self.occurred_at:%d %b %Y}"
