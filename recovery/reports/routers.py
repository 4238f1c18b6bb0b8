"""Send report reads to a PostgreSQL replica when one is configured (``DATABASE_REPLICA_URL``).

Only reads made inside ``replica_reads()`` go there: the figures a report task computes. The
report's own rows (the run, its status, its files) are always read and written on the primary,
and so is everything else in the app, so replication lag can never hide a user's own change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_for_report: ContextVar[bool] = ContextVar("reading_for_report", default=False)


def report_database() -> str:
    """The alias report figures are read from."""
    return REPLICA if REPLICA in settings.DATABASES else "default"


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading_for_report.set(True)
    try:
        yield
    finally:
        _reading_for_report.reset(token)


class ReportReplicaRouter:
    """Reads inside ``replica_reads()`` go to the replica; all writes, and every other read, to default."""

    def db_for_read(self, model, **hints):
        if _reading_for_report.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
