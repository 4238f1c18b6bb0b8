"""Client feedback on sessions, and the "you said, we did" log that closes the loop.

Anonymous feedback must stay anonymous, in the row and in the audit trail:

- the row holds only the session, the rating, the comment and an idempotency key: no client,
  no member of staff, no IP address and no time (the session's own date is the finest time kept);
- the primary key is a random UUID, not a sequence, so the order of rows cannot place an
  anonymous comment between two named ones;
- pghistory tracks named rows only (the trigger's condition), so no event row, and so no
  pghistory context with a user, URL or exact time, is ever written for an anonymous one.

Named feedback is an ordinary, fully tracked record: who gave it, who handed over the tablet, when.
"""

from __future__ import annotations

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from activities.models.programme import Activity
from activities.models.sessions import Session
from clients.models import Client
from recovery.accounts.models import Service
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL

__all__ = ["SessionFeedback", "YouSaidWeDid", "YouSaidWeDidFeedback"]

RATING_LABELS = {1: "Poor", 2: "Not great", 3: "OK", 4: "Good", 5: "Great"}


@pghistory.track(
    pghistory.InsertEvent(condition=pgtrigger.Q(new__client__isnull=False)),
    pghistory.UpdateEvent(condition=pgtrigger.Q(new__client__isnull=False)),
    pghistory.DeleteEvent(condition=pgtrigger.Q(old__client__isnull=False)),
)
class SessionFeedback(models.Model):
    """A rating (1–5) and optional comment about one session, named or anonymous."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="feedback")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(blank=True)
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="activity_feedback"
    )
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.UUIDField(unique=True, help_text="Makes a double tap harmless.")

    class Meta:
        ordering = ["session"]
        verbose_name_plural = "session feedback"
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="sessionfeedback_rating_1_5"),
            models.CheckConstraint(
                # Named: who, by whom, when. Anonymous: none of the three.
                condition=Q(client__isnull=False, recorded_by__isnull=False, recorded_at__isnull=False)
                | Q(client__isnull=True, recorded_by__isnull=True, recorded_at__isnull=True),
                name="sessionfeedback_named_or_anonymous",
            ),
            models.UniqueConstraint(
                fields=["session", "client"], condition=Q(client__isnull=False), name="sessionfeedback_one_named"
            ),
        ]
        indexes = [models.Index(fields=["session"], name="sessionfeedback_session")]

    def __str__(self) -> str:
        return f"{self.rating}/5 for {self.session}"

    @property
    def is_anonymous(self) -> bool:
        return self.client_id is None

    @property
    def rating_label(self) -> str:
        return RATING_LABELS.get(self.rating, "")


@track()
class YouSaidWeDid(models.Model):
    """A change to the programme made because of what people said, linked to that feedback."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="you_said_we_did")
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="you_said_we_did",
        help_text="Leave empty for a change to the programme as a whole.",
    )
    you_said = models.TextField("you said", help_text="What people told us, in their words where possible.")
    we_did = models.TextField("we did", help_text="What changed because of it.")
    changed_on = models.DateField("changed on")
    feedback = models.ManyToManyField(SessionFeedback, through="YouSaidWeDidFeedback", related_name="changes")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.UUIDField(unique=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"

    def __str__(self) -> str:
        return self.we_did[:60]


@track()
class YouSaidWeDidFeedback(models.Model):
    """Which feedback a change answers (the link holds no more about anonymous feedback than its id)."""

    change = models.ForeignKey(YouSaidWeDid, on_delete=models.CASCADE, related_name="feedback_links")
    feedback = models.ForeignKey(SessionFeedback, on_delete=models.PROTECT, related_name="change_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["change", "feedback"], name="yousaidwedid_feedback_unique")]

    def __str__(self) -> str:
        return f"{self.change} answers feedback {self.feedback_id}"
