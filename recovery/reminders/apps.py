"""Review-due reminders: the registry of things that fall due, Reminder rows and digests."""

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "recovery.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self) -> None:
        from recovery.reminders.registrations import register_all

        register_all()
