"""Build (or top up) the demo service: ``manage.py seed_demo [--size small|large]``."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from recovery.audit.history import acting
from recovery.core.demo import demo_logins_text, run_seeders


class Command(BaseCommand):
    help = "Create invented demo data (idempotent). --size large builds the performance dataset."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "large"], default="small")
        parser.add_argument("--only", nargs="*", help="Run only these seeders (staff always runs).")
        parser.add_argument("--logins-only", action="store_true", help="Print the demo logins and stop.")

    def handle(self, *args, size: str, only: list[str] | None, logins_only: bool, **options):
        if logins_only:
            self.stdout.write(demo_logins_text(settings.RECOVERY_DEMO_PASSWORD))
            return
        started = time.perf_counter()
        with acting(None, source="seed_demo"):
            results = run_seeders(size=size, only=only)
        for key, counts, seconds in results:
            figures = ", ".join(f"{name} {value:,}" for name, value in counts.items())
            self.stdout.write(f"  {key:<12} {seconds:7.1f}s  {figures}")
        self.stdout.write(self.style.SUCCESS(f"seed_demo --size {size} took {time.perf_counter() - started:.1f}s"))
        self.stdout.write(demo_logins_text(settings.RECOVERY_DEMO_PASSWORD))
