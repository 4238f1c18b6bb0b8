"""Helpers for tests that run a Celery worker in a separate process (so they can kill it)."""

from __future__ import annotations

from urllib.parse import quote


def database_url(database: dict) -> str:
    """The test run's own database as a URL for a worker process.

    The embedded PostgreSQL (``make test`` with no DATABASE_URL) listens on a Unix socket, whose
    directory is the HOST; such a URL names it as ``?host=`` (as recovery/settings.py reads it).
    """
    credentials = quote(database["USER"] or "", safe="")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database.get("HOST") or "127.0.0.1"
    if host.startswith("/"):
        return f"postgres://{credentials}@/{database['NAME']}?host={quote(host, safe='/')}"
    return f"postgres://{credentials}@{host}:{database['PORT'] or 5432}/{database['NAME']}"
