"""Reads of the audit log."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from recovery.audit.models import AccessAction, RecordAccess


def record_accesses_for_subject(*, subject_code: uuid.UUID, subject_type: str = "client") -> QuerySet[RecordAccess]:
    """Who viewed, exported or printed this record, newest first ("who viewed this record")."""
    return (
        RecordAccess.objects.filter(subject_type=subject_type, subject_code=subject_code)
        .select_related("user")
        .order_by("-at", "-id")
    )


def break_glass_accesses(*, subject_codes=None) -> QuerySet[RecordAccess]:
    """Break-glass openings, for the team leader's list."""
    queryset = RecordAccess.objects.filter(action=AccessAction.BREAK_GLASS).select_related("user")
    if subject_codes is not None:
        queryset = queryset.filter(subject_code__in=subject_codes)
    return queryset.order_by("-at", "-id")
