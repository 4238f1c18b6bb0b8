"""Support and recovery plans, goals and steps, WRAP, safety plans, relapse signatures and reviews."""

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans"

    def ready(self) -> None:
        from plans import bench, registrations

        registrations.register_all()
        bench.register_all()
