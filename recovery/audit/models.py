"""The record-access log: who viewed, exported or printed a client's record.

Rows are append-only: a database trigger refuses UPDATE and DELETE, so the app
(or anyone with the app's credentials) cannot rewrite who looked at what.
The subject is named by its UUID code and type rather than a foreign key so
that ``recovery`` never depends on a domain app.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models


class AccessAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    EXPORTED = "exported", "Exported"
    PRINTED = "printed", "Printed"
    BREAK_GLASS = "break_glass", "Opened with break-glass access"


class RecordAccess(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="record_accesses")
    subject_type = models.CharField(max_length=40, default="client")
    subject_code = models.UUIDField()
    action = models.CharField(max_length=20, choices=AccessAction.choices, default=AccessAction.VIEWED)
    detail = models.CharField(max_length=200, blank=True, help_text="Which page or document.")
    reason = models.TextField(blank=True, help_text="Required for break-glass access.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "record access"
        verbose_name_plural = "record accesses"
        indexes = [
            models.Index(fields=["subject_type", "subject_code", "-at"], name="recordaccess_subject_at"),
            models.Index(fields=["user", "-at"], name="recordaccess_user_at"),
        ]
        constraints = [
            models.CheckConstraint(
                name="recordaccess_break_glass_has_reason",
                condition=~models.Q(action="break_glass") | ~models.Q(reason=""),
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="recordaccess_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display().lower()} {self.subject_type} {self.subject_code} at {self.at:%d %b %Y %H:%M}"
