"""Writes of the reminders app: the sweep, digests, settings and preferences."""

from recovery.core.concurrency import StaleEditError
from recovery.reminders.services.digests import DigestNotSent, digest_message, digest_send, digest_subject
from recovery.reminders.services.settings import (
    reminder_preference_for,
    reminder_preference_set,
    reminder_settings_for,
    reminder_settings_update,
)
from recovery.reminders.services.sweep import due_status, reminder_sweep, services_due_for_sweep

__all__ = [
    "DigestNotSent",
    "StaleEditError",
    "digest_message",
    "digest_send",
    "digest_subject",
    "due_status",
    "reminder_preference_for",
    "reminder_preference_set",
    "reminder_settings_for",
    "reminder_settings_update",
    "reminder_sweep",
    "services_due_for_sweep",
]
