"""Small shared pieces: registries, home and status pages, demo data, bench."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "recovery.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.urls import reverse

        from recovery.core.bench import register_page
        from recovery.core.registries import NavItem, ScheduledTask, beat_schedule, navigation
        from recovery.core.selectors import unread_notification_count

        navigation.register(NavItem("home", "Home", "home", visible=lambda scope: True, order=0))
        navigation.register(
            NavItem(
                "notifications",
                "Notifications",
                "notifications",
                visible=lambda scope: True,
                order=800,
                badge=unread_notification_count,
                badge_label="unread",
            )
        )
        navigation.register(
            NavItem("status", "System status", "system_status", visible=lambda scope: scope.is_administrator, order=900)
        )
        navigation.register(
            NavItem("admin", "Administration", "admin:index", visible=lambda scope: scope.is_administrator, order=910)
        )
        beat_schedule.register(
            ScheduledTask(
                "heartbeat",
                task="recovery.core.tasks.heartbeat",
                every_seconds=60,
                description="Shows on System status that beat, broker and worker are running.",
            )
        )
        register_page("login", lambda user: reverse("account_login"))
        register_page("home", lambda user: reverse("home"), role="worker")
