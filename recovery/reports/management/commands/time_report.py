"""Build a commissioner report in this process and print how long each part took.

    manage.py time_report                      # last quarter, the first service
    manage.py time_report --service "Northgate Community Recovery" --period FY2026-Q2
    manage.py time_report --all-services --start 2025-04-01 --end 2026-03-31

Budget (DESIGN.md): a quarterly report for one service in ≤ 15 s with peak memory ≤ 500 MB.
The run is kept, so its PDF can be looked at and the bench can measure its pages.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recovery.accounts.models import Service
from recovery.reports import periods
from recovery.reports.models import ReportRun
from recovery.reports.quality import failing_checks
from recovery.reports.services import definition_for_service, run_build, run_request


class Command(BaseCommand):
    help = "Build a commissioner report now and print its SQL, PDF and CSV times and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--service", help="Service name (default: the first by name).")
        parser.add_argument("--all-services", action="store_true", help="Every active service in one report.")
        parser.add_argument("--period", help="A quarter such as FY2026-Q2 (default: last quarter).")
        parser.add_argument("--start", type=date.fromisoformat, help="First day of custom dates (YYYY-MM-DD).")
        parser.add_argument("--end", type=date.fromisoformat, help="Last day of custom dates (YYYY-MM-DD).")

    def handle(self, *args, **options):
        services = list(Service.objects.filter(is_active=True).order_by("name"))
        if options["service"]:
            services = [service for service in services if service.name == options["service"]]
        if not services:
            raise CommandError("No such active service: run seed_demo first, or check the name.")
        if not options["all_services"]:
            services = services[:1]
        if options["start"] and options["end"]:
            period = periods.custom(options["start"], options["end"])
        elif options["period"]:
            period = periods.from_key(options["period"])
        else:
            period = periods.previous_quarter(timezone.localdate())
        incomplete = failing_checks(start=period.start, end=period.end, service_ids=[s.pk for s in services])
        run = run_request(
            definition=definition_for_service(service=services[0]),
            services=services,
            period=period,
            by=None,
            built_anyway=True,
            incomplete=incomplete,
            enqueue=False,
        )
        outcome = run_build(run_id=run.pk)
        run = ReportRun.objects.get(pk=run.pk)
        self.stdout.write(f"{', '.join(s.name for s in services)}: {period.label} ({period.days} days)")
        self.stdout.write(f"outcome {outcome}; run {run.code}; {run.pdf_pages or 0} pages")
        if run.error:
            raise CommandError(run.error)
        self.stdout.write(
            f"total {run.total_seconds:.2f} s = SQL {run.sql_seconds:.2f} s + figures in Python "
            f"{run.render_seconds:.2f} s + PDF {run.pdf_seconds:.2f} s + CSV {run.csv_seconds:.2f} s; "
            f"peak memory {run.peak_memory_mb:.0f} MB"
        )
