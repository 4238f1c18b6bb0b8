"""Optimistic locking for records edited in forms (support plans, risk assessments, client details).

A form carries the ``version`` it was opened at. Saving locks the row, compares versions and
refuses with ``StaleEditError`` (which carries the current row, so the page can show the other
person's change beside the typed text) if someone else saved in between.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction
from django.db.models import F

M = TypeVar("M", bound=models.Model)


class StaleEditError(Exception):
    """Someone else saved this record after the form was opened."""

    def __init__(self, current: models.Model):
        super().__init__("This record was changed by someone else after you opened it.")
        self.current = current


def lock_current_version(instance: M, *, expected_version: int, field: str = "version") -> M:
    """Lock ``instance``'s row for this transaction and check it is still at ``expected_version``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_current_version must run inside transaction.atomic()")
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if getattr(current, field) != expected_version:
        raise StaleEditError(current)
    return current


def bump_version(instance: models.Model, *, field: str = "version") -> None:
    """Set the version to increase on save (call refresh_from_db afterwards to read it)."""
    setattr(instance, field, F(field) + 1)
