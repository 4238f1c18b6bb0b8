"""Measure registered pages against the current database: ``manage.py bench``.

For each page: p50/p95 server time over N requests through Django's test client
as a user with the page's role, the SQL query count, the time of that same SQL
run alone, and the ratio page time / SQL time. Every request runs inside a
transaction that is rolled back, so benchmarking a POST leaves no rows behind.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from recovery.accounts.selectors import user_with_role
from recovery.core.bench import BenchPage, bench_pages

# Transaction control is the harness's own (each request runs in a rolled-back transaction).
_SKIP_SQL_PREFIXES = ("BEGIN", "ROLLBACK", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


class _Rollback(Exception):
    pass


@dataclass
class Result:
    name: str
    p50_ms: float
    p95_ms: float
    queries: int
    sql_ms: float
    ratio: float
    status: int


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _sql_alone_ms(statements: list[str]) -> float:
    """Run the captured statements on their own (in a rolled-back transaction) and time them."""
    started = time.perf_counter()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
            raise _Rollback
    except _Rollback:
        pass
    return (time.perf_counter() - started) * 1000


class Command(BaseCommand):
    help = "Time registered pages (p50/p95, SQL queries, SQL time, page/SQL ratio)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", nargs="*", help="Only these pages (default: all registered).")
        parser.add_argument("-n", "--requests", type=int, default=30, help="Requests per page (default 30).")
        parser.add_argument("--json", dest="json_file", help="Also write the results to this JSON file.")
        parser.add_argument("--list", action="store_true", help="List registered pages and stop.")

    def handle(self, *args, pages=None, requests=30, json_file=None, list=False, **options):
        if list:
            for page in bench_pages:
                self.stdout.write(f"{page.key:<24} {page.method:<5} role={page.role or 'anonymous'}")
            return
        chosen = [page for page in bench_pages if not pages or page.key in pages]
        unknown = set(pages or []) - {page.key for page in chosen}
        if unknown:
            raise CommandError(f"No bench page called: {', '.join(sorted(unknown))}. Try --list.")

        results = [self._measure(page, requests) for page in chosen]
        self.stdout.write(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'SQL ms':>8} {'page/SQL':>9}")
        for result in results:
            self.stdout.write(
                f"{result.name:<24} {result.p50_ms:>8.1f} {result.p95_ms:>8.1f} {result.queries:>8} "
                f"{result.sql_ms:>8.1f} {result.ratio:>9.1f}"
                + ("" if result.status < 400 else f"  (HTTP {result.status}!)")
            )
        if json_file:
            with open(json_file, "w", encoding="utf-8") as handle:
                json.dump([asdict(result) for result in results], handle, indent=2)

    def _measure(self, page: BenchPage, requests: int) -> Result:
        # Ask as a browser would, for a host this deployment serves, over HTTPS.
        host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")), "localhost")
        client = Client(raise_request_exception=True, HTTP_HOST=host)
        user = None
        if page.role is not None:
            user = user_with_role(role=page.role)
            if user is None:
                raise CommandError(f"{page.key}: no user with role {page.role}; run seed_demo first.")
            client.force_login(user)
        headers = {"HTTP_HX_REQUEST": "true"} if page.htmx else {}

        def request():
            path = page.path(user)
            if page.method == "POST":
                return client.post(path, data=page.data(user) if page.data else {}, secure=True, **headers)
            return client.get(path, secure=True, **headers)

        timings: list[float] = []
        status = 200
        statements: list[str] = []
        for attempt in range(requests + 2):  # two warm-up requests are not counted
            # The query log is a deque of at most 9,000 entries: once full, a capture sees nothing.
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                try:
                    with transaction.atomic():
                        started = time.perf_counter()
                        response = request()
                        elapsed = (time.perf_counter() - started) * 1000
                        raise _Rollback
                except _Rollback:
                    pass
            status = response.status_code
            if attempt >= 2:
                timings.append(elapsed)
            statements = [
                query["sql"] for query in captured.captured_queries if not query["sql"].startswith(_SKIP_SQL_PREFIXES)
            ]
        sql_runs = [_sql_alone_ms(statements) for _ in range(5)]
        sql_ms = statistics.median(sql_runs)
        p50 = statistics.median(timings)
        return Result(
            name=page.key,
            p50_ms=round(p50, 2),
            p95_ms=round(_percentile(timings, 0.95), 2),
            queries=len(statements),
            sql_ms=round(sql_ms, 2),
            ratio=round(p50 / sql_ms, 2) if sql_ms else 0.0,
            status=status,
        )
