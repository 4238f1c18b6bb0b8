"""Programme, timetable, sessions, session plans, attendance, feedback, pre-tenancy course and activity risk assessments."""

from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Activities"

    def ready(self) -> None:
        from activities import registrations

        registrations.register_all()
