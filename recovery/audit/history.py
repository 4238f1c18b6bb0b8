"""Change history for every tracked model, through django-pghistory.

Database triggers write an event row for each insert, update and delete, so a
change made anywhere (a service, the admin, a data migration) is kept. The
acting user, the URL and the request id are attached through pghistory's
context: ``AuditContextMiddleware`` sets it for web requests, and
``acting(user)`` for Celery tasks and management commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pghistory


def track(**kwargs):
    """Decorator for a model whose every insert, update and delete must be kept."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs)


@contextmanager
def acting(user, **metadata) -> Iterator[None]:
    """Attribute the writes inside this block to ``user``.

    pghistory merges nested contexts into one row, so ``user=None`` must not be written: a
    service called without ``by`` inside a request (or inside an outer ``acting``) keeps the
    user already in the context instead of erasing it.
    """
    if getattr(user, "pk", None) is not None:
        metadata["user"] = user.pk
    with pghistory.context(**metadata):
        yield
