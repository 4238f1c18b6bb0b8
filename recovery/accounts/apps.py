"""Staff, services, teams, roles and the access rules every client query goes through."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recovery.accounts"
    label = "accounts"
    verbose_name = "Staff and teams"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from recovery.accounts.middleware import mark_session_fresh

        user_logged_in.connect(mark_session_fresh, dispatch_uid="recovery.accounts.mark_session_fresh")
