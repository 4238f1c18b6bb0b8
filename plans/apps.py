"""Support and recovery plans, goals and steps, WRAP, safety plans and reviews."""

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans"
