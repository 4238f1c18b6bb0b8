"""Commissioner reports: periods, the section registry, report runs, PDF and CSV files."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "recovery.reports"
    label = "reports"
    verbose_name = "Commissioner reports"

    def ready(self) -> None:
        from recovery.reports import registrations

        registrations.register_all()
