"""Outcome measure library, readings, scoring, change and charts."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from outcomes import registrations

        registrations.register_all()
