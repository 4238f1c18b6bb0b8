"""Audit: change history (django-pghistory) and the record-access log."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "recovery.audit"
    label = "audit"
    verbose_name = "Audit"
