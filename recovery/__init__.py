"""Recovery: case management for UK recovery services."""

from recovery.celery import app as celery_app

__all__ = ("celery_app",)
