"""Pages measured by ``manage.py bench``: each module registers its own, one line per page.

A page is requested N times as a user with the given role, through Django's test
client against the current database. For each page the harness reports p50/p95
server time, the number of SQL queries, the time of those same queries run alone,
and the ratio of page time to SQL time (a regression shows as a ratio).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from recovery.core.registries import Registry


@dataclass(frozen=True)
class BenchPage:
    """``path(user)`` returns the URL to request (the user is None for anonymous pages);
    ``data(user)`` the POST body for a POST page."""

    key: str
    path: Callable[[Any], str]
    role: str | None = None  # a Role value, "administrator", or None for anonymous
    method: str = "GET"
    data: Callable[[Any], Mapping[str, Any]] | None = None
    htmx: bool = False


bench_pages: Registry[BenchPage] = Registry("bench pages")


def register_page(key: str, path: Callable[[Any], str], **options: Any) -> BenchPage:
    return bench_pages.register(BenchPage(key=key, path=path, **options))
