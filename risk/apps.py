"""Client risk assessments, alerts and safeguarding concerns."""

from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Risk"
