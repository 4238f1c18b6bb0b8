"""Client risk assessments, alerts, safeguarding concerns and escalations."""

from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Risk"

    def ready(self) -> None:
        from risk import registrations

        registrations.register_all()
