"""Reminder models arrive with the reminders issue; the registry lives in recovery.core.registries."""
